import { type Clock, systemClock } from '@zenhire-connect/core';
import { openPostgres, openSqlite } from './open-database';
import { SqlStore } from './sql-store';
import { parseStoreUrl } from './store-url';

export interface StoreOptions {
  /**
   * Time source for writes whose port method takes no `now` (saveLink, recordEvent,
   * markEventProcessed, setCursor, connector cache TTL). Default: system clock (epoch ms).
   */
  clock?: Clock;
  /** SQLite: how long a writer waits for another connection's lock (ms). Default 5000. */
  busyTimeoutMs?: number;
  /**
   * PostgreSQL: schema for the tables (`search_path` of every pooled connection; created by
   * `migrate()` when missing). Letters, digits and `_` only. Default: the server's
   * `search_path` (normally `public`).
   */
  pgSchema?: string;
  /** PostgreSQL: pool size. Default 10. */
  poolSize?: number;
}

/**
 * Opens a store from a URL: `sqlite:<path>` (file created on first use, with its parent
 * directory), `sqlite::memory:`, `postgres://…` / `postgresql://…`. Nothing is migrated yet:
 * call `await store.migrate()` before use. PostgreSQL connects lazily (first query).
 *
 * @example
 * const store = createStore('sqlite:./data/zenhire-connect.db');
 * await store.migrate();
 *
 * @throws StoreError `STORE_URL_INVALID` for an unsupported URL; `INVALID_ARGUMENT` for a bad
 *   `pgSchema`. Errors of better-sqlite3 when the SQLite file cannot be opened.
 */
export function createStore(url: string, options: StoreOptions = {}): SqlStore {
  const location = parseStoreUrl(url);
  const opened =
    location.dialect === 'sqlite'
      ? openSqlite(location.path, { busyTimeoutMs: options.busyTimeoutMs })
      : openPostgres(location.connectionString, {
          schema: options.pgSchema,
          poolSize: options.poolSize,
        });
  return new SqlStore({ ...opened, clock: options.clock ?? systemClock });
}
