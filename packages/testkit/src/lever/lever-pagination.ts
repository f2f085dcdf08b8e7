import { randomBytes } from 'node:crypto';
import { LeverApiError } from './lever-errors';

/** A page of a Lever list: `next` is present only while `hasNext` is true (recorded list responses). */
export interface LeverPage<T> {
  data: T[];
  hasNext: boolean;
  next?: string;
}

/**
 * Lever's offset pagination (lever-api.md §1.3): `limit` 1–100 (default 100) and an opaque
 * `offset` token that must have been returned by this sandbox as `next`; anything else is a
 * 400. A token remembers the list it belongs to and the position after its page.
 */
export class LeverPaginator {
  private readonly tokens = new Map<string, { list: string; position: number }>();

  /**
   * Cuts one page out of `items`.
   * @param list Name of the list the token belongs to (e.g. `opportunities`); a token from
   *   another list is rejected.
   * @throws LeverApiError 400 for a bad `limit` or an unknown `offset`.
   */
  page<T>(list: string, items: T[], query: { limit?: unknown; offset?: unknown }): LeverPage<T> {
    const limit = parseLimit(query.limit);
    let start = 0;
    if (query.offset !== undefined && query.offset !== '') {
      const cursor = typeof query.offset === 'string' ? this.tokens.get(query.offset) : undefined;
      if (!cursor || cursor.list !== list) throw new LeverApiError(400, 'Invalid offset token');
      start = cursor.position;
    }
    const data = items.slice(start, start + limit);
    const hasNext = start + limit < items.length;
    if (!hasNext) return { data, hasNext };
    const next = randomBytes(18).toString('base64url');
    this.tokens.set(next, { list, position: start + limit });
    return { data, hasNext, next };
  }
}

function parseLimit(raw: unknown): number {
  if (raw === undefined || raw === '') return 100;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 100)
    throw new LeverApiError(400, `limit must be an integer from 1 to 100, got ${String(raw)}`);
  return value;
}
