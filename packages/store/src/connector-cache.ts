import type { ConnectorCache } from '@zenhire-connect/core';
import type { StoreContext } from './context';
import { decodeJson } from './dialect';
import { StoreError } from './errors';

/**
 * `ConnectorCache` of one connector instance, in the `connector_cache` table (rows keyed by
 * (instance, key), so instances never see each other's entries). Values are stored as JSON:
 * what comes back is `JSON.parse(JSON.stringify(value))` (dates become strings, `undefined`
 * properties vanish). Expiry uses the store's clock.
 */
export class SqlConnectorCache implements ConnectorCache {
  constructor(
    private readonly ctx: StoreContext,
    /** Connector instance name, e.g. `greenhouse-eu`. */
    readonly instance: string,
  ) {}

  /** The value, or `undefined` when missing or expired. */
  async get<T>(key: string): Promise<T | undefined> {
    const row = await this.ctx.db
      .selectFrom('connector_cache')
      .select(['value', 'expires_at'])
      .where('instance', '=', this.instance)
      .where('key', '=', key)
      .executeTakeFirst();
    if (!row) return undefined;
    if (row.expires_at !== null && Number(row.expires_at) <= this.ctx.clock.now()) return undefined;
    return decodeJson<T>(row.value);
  }

  /**
   * Stores `value` (JSON) for `ttlMs` milliseconds from now, or without expiry when `ttlMs`
   * is omitted. Setting `undefined` deletes the key.
   * @throws StoreError `INVALID_ARGUMENT` when `ttlMs` is negative or not finite.
   */
  async set<T>(key: string, value: T, ttlMs?: number): Promise<void> {
    if (value === undefined) return this.delete(key);
    if (ttlMs !== undefined && !(Number.isFinite(ttlMs) && ttlMs >= 0)) {
      throw new StoreError(
        'INVALID_ARGUMENT',
        `cache TTL must be a finite number of ms >= 0, got ${ttlMs}`,
      );
    }
    const now = this.ctx.clock.now();
    const values = {
      value: JSON.stringify(value),
      expires_at: ttlMs === undefined ? null : now + ttlMs,
      updated_at: now,
    };
    await this.ctx.db
      .insertInto('connector_cache')
      .values({ instance: this.instance, key, ...values })
      .onConflict((oc) => oc.columns(['instance', 'key']).doUpdateSet(values))
      .execute();
  }

  async delete(key: string): Promise<void> {
    await this.ctx.db
      .deleteFrom('connector_cache')
      .where('instance', '=', this.instance)
      .where('key', '=', key)
      .execute();
  }
}

/** Deletes expired entries of every instance; returns how many went. `now` in epoch ms. */
export async function purgeExpiredCacheEntries(ctx: StoreContext, now: number): Promise<number> {
  const result = await ctx.db
    .deleteFrom('connector_cache')
    .where('expires_at', 'is not', null)
    .where('expires_at', '<=', now)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
