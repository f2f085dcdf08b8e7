import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { TEST_POSTGRES_URL } from './__fixtures__/databases';
import { createStore } from './create-store';
import { StoreError } from './errors';
import { parseStoreUrl } from './store-url';

describe('parseStoreUrl', () => {
  it.each([
    ['sqlite:./data/zc.db', { dialect: 'sqlite', path: './data/zc.db' }],
    ['sqlite:/var/lib/zc/zc.db', { dialect: 'sqlite', path: '/var/lib/zc/zc.db' }],
    ['sqlite:///var/lib/zc/zc.db', { dialect: 'sqlite', path: '/var/lib/zc/zc.db' }],
    ['sqlite::memory:', { dialect: 'sqlite', path: ':memory:' }],
    [
      'postgres://zc:pw@db.internal:5432/zc',
      { dialect: 'postgres', connectionString: 'postgres://zc:pw@db.internal:5432/zc' },
    ],
    ['postgresql://db/zc', { dialect: 'postgres', connectionString: 'postgresql://db/zc' }],
  ])('reads %s', (url, expected) => {
    expect(parseStoreUrl(url)).toEqual(expected);
  });

  it.each(['mysql://root:hunter2@db/zc', 'sqlite:', 'postgres:hunter2@db', './zc.db', ''])(
    'rejects %j with STORE_URL_INVALID and without echoing the URL',
    (url) => {
      const err = (() => {
        try {
          parseStoreUrl(url);
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(StoreError);
      expect(err).toMatchObject({ code: 'STORE_URL_INVALID' });
      expect((err as Error).message).not.toContain('hunter2');
    },
  );
});

describe('createStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'zc-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the SQLite file and its parent directories, and keeps data across reopen', async () => {
    const file = join(dir, 'nested', 'deeper', 'zc.db');
    const store = createStore(`sqlite:${file}`);
    expect(store.dialect).toBe('sqlite');
    await store.migrate();
    await store.setCursor('speech.createdAfter', '2026-11-21T10:00:00Z');
    await store.close();
    expect(existsSync(file)).toBe(true);

    const reopened = createStore(`sqlite:${file}`);
    await reopened.migrate();
    expect(await reopened.getCursor('speech.createdAfter')).toBe('2026-11-21T10:00:00Z');
    await reopened.close();
  });

  it('uses WAL journaling for SQLite files', async () => {
    const file = join(dir, 'zc.db');
    const store = createStore(`sqlite:${file}`);
    await store.migrate();
    await store.setCursor('c', '1');
    expect(existsSync(`${file}-wal`)).toBe(true);
    await store.close();
  });

  it('creates the configured PostgreSQL schema on migrate and keeps its tables there', async () => {
    const schema = `zc_test_${Date.now().toString(36)}_${process.pid}`;
    const store = createStore(TEST_POSTGRES_URL, { pgSchema: schema, poolSize: 1 });
    const admin = new Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    try {
      expect(store.dialect).toBe('postgres');
      await store.migrate();
      await store.setCursor('speech.createdAfter', '2026-11-21T10:00:00Z');
      const { rows } = await admin.query<{ value: string }>(
        `select value from ${schema}.cursors where name = 'speech.createdAfter'`,
      );
      expect(rows).toEqual([{ value: '2026-11-21T10:00:00Z' }]);
    } finally {
      await store.close();
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
    }
  });

  it('rejects a PostgreSQL schema name that is not a plain identifier', () => {
    expect(() =>
      createStore('postgres://127.0.0.1/test', { pgSchema: 'x; drop table links' }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('reports an unreachable PostgreSQL server as STORE_UNAVAILABLE without the password', async () => {
    const store = createStore('postgres://zc:hunter2@127.0.0.1:1/zc');
    const err = await store.ping().catch((e: unknown) => e);
    await store.close();
    expect(err).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(JSON.stringify(err)).not.toContain('hunter2');
    expect((err as Error).message).not.toContain('hunter2');
  });
});
