import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { Pool, types as pgTypes } from 'pg';
import { StoreError } from './errors';
import type { DialectName } from './dialect';
import type { StoreDatabase } from './schema';

/** A Kysely instance plus what the store needs to know about the database behind it. */
export interface OpenDatabase {
  dialect: DialectName;
  db: Kysely<StoreDatabase>;
  /**
   * The better-sqlite3 handle (SQLite only): claims run on it synchronously inside one
   * `BEGIN IMMEDIATE` transaction, so no other query can interleave.
   */
  sqlite?: BetterSqlite3.Database;
  /** PostgreSQL schema the tables live in (set through `search_path`), when one was given. */
  pgSchema?: string;
}

export interface SqliteOpenOptions {
  /** How long a writer waits for the file lock held by another connection (ms). Default 5000. */
  busyTimeoutMs?: number;
}

/**
 * Opens (and creates, with its parent directory) a SQLite file, or `:memory:`. Sets WAL
 * journal mode (files only), `synchronous = NORMAL`, `foreign_keys = ON` and the busy timeout.
 */
export function openSqlite(path: string, options: SqliteOpenOptions = {}): OpenDatabase {
  const inMemory = path === ':memory:';
  if (!inMemory) mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new BetterSqlite3(path, { timeout: options.busyTimeoutMs ?? 5000 });
  if (!inMemory) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<StoreDatabase>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { dialect: 'sqlite', db, sqlite };
}

export interface PostgresOpenOptions {
  /**
   * Schema holding the tables (created by `migrate()` when missing); the pool sets
   * `search_path` to it. Default: the server's `search_path` (normally `public`).
   */
  schema?: string;
  /** Pool size. Default 10. */
  poolSize?: number;
}

const PG_INT8 = 20;
const PG_JSON = 114;
const PG_JSONB = 3802;

/**
 * Type parsers for this pool only (the global `pg.types` stay untouched): `bigint` (epoch ms,
 * counts) comes back as a JS number, JSON/JSONB as text that the store parses itself.
 */
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === PG_INT8) return (value: string) => Number(value);
    if (oid === PG_JSON || oid === PG_JSONB) return (value: string) => value;
    return pgTypes.getTypeParser(oid, format);
  },
};

/** Opens a `pg` pool (connections are made on first query). */
export function openPostgres(
  connectionString: string,
  options: PostgresOpenOptions = {},
): OpenDatabase {
  const schema = options.schema;
  if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new StoreError(
      'INVALID_ARGUMENT',
      'PostgreSQL schema name must match [A-Za-z_][A-Za-z0-9_]*',
    );
  }
  const pool = new Pool({
    connectionString,
    max: options.poolSize ?? 10,
    types: typeParsers,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client that loses its connection emits 'error' on the pool; without a listener
  // that would crash the process. The next query reports the problem instead.
  pool.on('error', () => undefined);
  const db = new Kysely<StoreDatabase>({ dialect: new PostgresDialect({ pool }) });
  return { dialect: 'postgres', db, pgSchema: schema };
}
