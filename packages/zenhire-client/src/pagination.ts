import type { z } from 'zod';
import type { ZenHireModule, ZenHireTransport } from './http/transport';
import type { ListPage } from './schemas/common';

/**
 * Paging of list endpoints. The spec documents only "newest first, default page size 20"
 * (zenhire-api.md §5.7); the paging mechanism is [not found]. Choice, in order:
 * 1. a cursor in the response (`nextCursor`, `next_cursor`, `cursor`, `next`, also under
 *    `pagination`) is sent back as the `cursor` query parameter; a `next` value that is a
 *    URL or absolute path is followed as given;
 * 2. `hasMore: false` stops;
 * 3. a page shorter than `limit` stops;
 * 4. a full page without cursor continues with `createdBefore` = the oldest row's creation
 *    time (keyset paging on the documented filter), skipping ids already seen;
 * 5. a page with no new rows stops.
 * Change {@link LIST_PAGING} to switch parameter names.
 */
export const LIST_PAGING = {
  cursorParam: 'cursor',
  limitParam: 'limit',
  defaultLimit: 20,
  maxPages: 10_000,
} as const;

/** Where the next page is: a cursor, a URL to follow, or a keyset bound. */
export interface PageRequest {
  cursor: string | null;
  /** Absolute path + query to follow as given (from a `next` URL). */
  nextUrl: string | null;
  /** Keyset bound (ISO 8601) used when no cursor is given. */
  createdBefore: string | null;
}

export interface PaginateOptions<Row> {
  limit: number;
  maxPages?: number;
  /** Creation time of a row (ISO 8601), for keyset paging. */
  createdAtOf?: (row: Row) => string | null | undefined;
  idOf: (row: Row) => string;
}

/** Iterates pages of a list endpoint following {@link LIST_PAGING}. */
export async function* paginate<Row>(
  fetchPage: (request: PageRequest) => Promise<ListPage<Row>>,
  options: PaginateOptions<Row>,
): AsyncGenerator<ListPage<Row>, void, undefined> {
  const seen = new Set<string>();
  let request: PageRequest = { cursor: null, nextUrl: null, createdBefore: null };
  const maxPages = options.maxPages ?? LIST_PAGING.maxPages;
  for (let pageNumber = 0; pageNumber < maxPages; pageNumber++) {
    const page = await fetchPage(request);
    const fresh = page.items.filter((row) => !seen.has(options.idOf(row)));
    fresh.forEach((row) => seen.add(options.idOf(row)));
    if (fresh.length === 0 && pageNumber > 0) return;
    yield { ...page, items: fresh };

    if (page.nextCursor) {
      const isUrl = /^(https?:\/\/|\/)/.test(page.nextCursor);
      request = {
        cursor: isUrl ? null : page.nextCursor,
        nextUrl: isUrl ? page.nextCursor : null,
        createdBefore: null,
      };
      continue;
    }
    if (page.hasMore === false) return;
    if (page.items.length < options.limit) return;
    const oldest = page.items[page.items.length - 1];
    const createdAt = oldest !== undefined ? options.createdAtOf?.(oldest) : null;
    if (!createdAt) return;
    request = { cursor: null, nextUrl: null, createdBefore: createdAt };
  }
}

/** Splits a `next` URL (absolute or path) into path and query parameters. */
export function splitNextUrl(
  nextUrl: string,
  baseUrl: string,
): { path: string; query: Record<string, string> } {
  const url = new URL(nextUrl, baseUrl);
  return { path: url.pathname, query: Object.fromEntries(url.searchParams.entries()) };
}

/**
 * Path and query of the page `request` asks for: a `next` URL is followed as given; otherwise
 * `baseQuery` plus the cursor (`LIST_PAGING.cursorParam`) or, without one, the keyset bound
 * `createdBefore` (only when `keyset` is true: endpoints that document `createdBefore`).
 */
export function pageQuery(
  path: string,
  baseQuery: Record<string, string | number | undefined>,
  request: PageRequest,
  baseUrl: string,
  keyset = true,
): { path: string; query: Record<string, string | number | undefined> } {
  if (request.nextUrl) return splitNextUrl(request.nextUrl, baseUrl);
  const query = { ...baseQuery };
  if (request.cursor) query[LIST_PAGING.cursorParam] = request.cursor;
  else if (keyset && request.createdBefore) query.createdBefore = request.createdBefore;
  return { path, query };
}

/** Options of the modules' list methods whose filters are [not found] (passed through). */
export interface ListOptions {
  /** Page size sent as `LIST_PAGING.limitParam`; default `LIST_PAGING.defaultLimit` (20, §5.7). */
  limit?: number;
  /** Stop after this many pages; default `LIST_PAGING.maxPages`. */
  maxPages?: number;
  /** Sent as query parameters with every page (not with a followed `next` URL). */
  query?: Record<string, string>;
  signal?: AbortSignal;
}

/** One list endpoint for {@link listPages}. */
export interface ListPagesSpec<Row> {
  module: ZenHireModule;
  /** Path of the list endpoint (also the metrics label), e.g. `/api/v1/speech/runs`. */
  endpoint: string;
  /** zod schema of one page (a `listPage(...)` schema from `schemas/common`). */
  schema: z.ZodType<ListPage<Row>>;
  /** Filters sent with every page (not with a followed `next` URL); `undefined` is dropped. */
  query?: Record<string, string | number | undefined>;
  /** Page size sent as `LIST_PAGING.limitParam`; default `LIST_PAGING.defaultLimit` (20, §5.7). */
  limit?: number;
  /** Stop after this many pages; default `LIST_PAGING.maxPages`. */
  maxPages?: number;
  /** Send the keyset bound `createdBefore` (only endpoints that document it). Default true. */
  keyset?: boolean;
  idOf: (row: Row) => string;
  /** Creation time of a row (ISO 8601), for keyset paging. */
  createdAtOf?: (row: Row) => string | null | undefined;
  signal?: AbortSignal;
}

/**
 * `GET` pages of a list endpoint through `transport`, following {@link LIST_PAGING}
 * ({@link paginate} + {@link pageQuery}). Rows already seen on an earlier page are dropped.
 * @throws ZenHireApiError (and subclasses) for an error answer, ZenHireNetworkError,
 *   ZenHireResponseValidationError when a page does not match `schema`
 */
export function listPages<Row>(
  transport: ZenHireTransport,
  spec: ListPagesSpec<Row>,
): AsyncGenerator<ListPage<Row>, void, undefined> {
  const limit = spec.limit ?? LIST_PAGING.defaultLimit;
  return paginate<Row>(
    async (request) => {
      const { path, query } = pageQuery(
        spec.endpoint,
        { ...spec.query, [LIST_PAGING.limitParam]: limit },
        request,
        transport.baseUrl,
        spec.keyset ?? true,
      );
      const result = await transport.request({
        module: spec.module,
        method: 'GET',
        endpoint: spec.endpoint,
        path,
        query,
        schema: spec.schema,
        signal: spec.signal,
      });
      return result.data;
    },
    { limit, maxPages: spec.maxPages, idOf: spec.idOf, createdAtOf: spec.createdAtOf },
  );
}
