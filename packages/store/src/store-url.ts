import { StoreError } from './errors';

/** Where the store lives, parsed from a store URL. */
export type StoreLocation =
  | { dialect: 'sqlite'; /** File path, or `:memory:`. */ path: string }
  | { dialect: 'postgres'; /** The URL as given (handed to `pg`). */ connectionString: string };

/**
 * Parses a store URL:
 * - `sqlite:<path>`: a SQLite file, relative to the working directory or absolute
 *   (`sqlite:./data/zc.db`, `sqlite:/var/lib/zc/zc.db`; `sqlite:///var/lib/zc/zc.db` is the
 *   same absolute path);
 * - `sqlite::memory:`: an in-memory database (tests; gone on `close()`);
 * - `postgres://…` or `postgresql://…`: a PostgreSQL connection string as `pg` reads it.
 *
 * @throws StoreError `STORE_URL_INVALID` for any other form. The message names only the
 *   scheme, never the URL (it may carry a password).
 */
export function parseStoreUrl(url: string): StoreLocation {
  const trimmed = url.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === 'sqlite') {
    let path = trimmed.slice('sqlite:'.length);
    if (path.startsWith('//')) path = path.slice(2);
    if (path === '') {
      throw new StoreError(
        'STORE_URL_INVALID',
        'sqlite store URL has no path (use sqlite:<path> or sqlite::memory:)',
      );
    }
    return { dialect: 'sqlite', path };
  }
  if (scheme === 'postgres' || scheme === 'postgresql') {
    if (!/^postgres(ql)?:\/\/./i.test(trimmed)) {
      throw new StoreError('STORE_URL_INVALID', `${scheme} store URL must start with ${scheme}://`);
    }
    return { dialect: 'postgres', connectionString: trimmed };
  }
  throw new StoreError(
    'STORE_URL_INVALID',
    `unsupported store URL scheme ${scheme ? `"${scheme}:"` : '(none)'}; use sqlite:<path>, sqlite::memory: or postgres://…`,
  );
}
