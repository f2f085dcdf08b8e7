import type { GreenhouseFieldError } from './custom-fields';

/**
 * Harvest v3 cursor pagination (greenhouse-api.md §2.2, GH-V3 /docs/pagination): the first
 * request carries filters and `per_page`; the response's `Link` header has only `rel="next"`
 * with `?cursor=<opaque>`; a request with `cursor` must send nothing else; no `Link` means the
 * last page.
 *
 * Choices where the docs are silent: `per_page` 1–500, default 100 (the v1 range, §1.3);
 * a cursor with other parameters, an invalid cursor or a bad `per_page` is a 422 in
 * Greenhouse's validation shape. The cursor is base64url JSON of the original filters and the
 * offset (opaque to clients; stateless for the sandbox).
 */
export interface PageRequest {
  /** Filters of the first request (cursor requests get them back from the cursor). */
  filters: Record<string, string>;
  perPage: number;
  offset: number;
}

export type PageRequestResult =
  { ok: true; page: PageRequest } | { ok: false; error: GreenhouseFieldError };

/** Reads `per_page`, filters or `cursor` from a query string object. */
export function readPageRequest(query: Record<string, unknown>): PageRequestResult {
  const keys = Object.keys(query);
  if (query.cursor !== undefined) {
    if (keys.length !== 1)
      return {
        ok: false,
        error: { message: 'cursor must be the only query parameter', field: 'cursor' },
      };
    try {
      const decoded = JSON.parse(
        Buffer.from(String(query.cursor), 'base64url').toString('utf8'),
      ) as {
        f: Record<string, string>;
        p: number;
        o: number;
      };
      if (
        typeof decoded.p !== 'number' ||
        typeof decoded.o !== 'number' ||
        typeof decoded.f !== 'object'
      )
        throw new Error('bad cursor');
      return { ok: true, page: { filters: decoded.f, perPage: decoded.p, offset: decoded.o } };
    } catch {
      return { ok: false, error: { message: 'cursor is invalid', field: 'cursor' } };
    }
  }
  const filters: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) {
    if (k === 'per_page') continue;
    filters[k] = Array.isArray(v) ? v.join(',') : String(v);
  }
  let perPage = 100;
  if (query.per_page !== undefined) {
    perPage = Number(query.per_page);
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 500)
      return {
        ok: false,
        error: { message: 'per_page must be an integer from 1 to 500', field: 'per_page' },
      };
  }
  return { ok: true, page: { filters, perPage, offset: 0 } };
}

/** One page of `items` and the `Link` header value for the next page (if any). */
export function pageOf<T>(
  items: T[],
  page: PageRequest,
  pageUrl: string,
): { items: T[]; link?: string } {
  const slice = items.slice(page.offset, page.offset + page.perPage);
  const nextOffset = page.offset + page.perPage;
  if (nextOffset >= items.length) return { items: slice };
  const cursor = Buffer.from(
    JSON.stringify({ f: page.filters, p: page.perPage, o: nextOffset }),
  ).toString('base64url');
  return { items: slice, link: `<${pageUrl}?cursor=${cursor}>; rel="next"` };
}
