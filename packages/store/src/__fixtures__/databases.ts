// Test databases for the store suites: a fresh SQLite database per store, and one fresh
// PostgreSQL schema per test file run (so parallel jest workers never collide).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Clock, WritePlan } from '@zenhire-connect/core';
import { Client } from 'pg';
import { createStore, type StoreOptions } from '../create-store';
import type { SqlStore } from '../sql-store';

/** `ZC_TEST_POSTGRES_URL`, default the local server with trust auth. */
export const TEST_POSTGRES_URL =
  process.env.ZC_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const TABLES = ['links', 'inbound_events', 'runs_seen', 'cursors', 'deliveries', 'connector_cache'];

export interface TestDatabase {
  readonly name: 'sqlite' | 'postgres';
  /** Prepares the database for this file (PG: creates the schema). */
  setUp(): Promise<void>;
  /** A migrated store on empty tables. */
  open(options?: StoreOptions): Promise<SqlStore>;
  /** Another migrated store on the same data (separate connection/pool). */
  openShared(options?: StoreOptions): Promise<SqlStore>;
  /** Drops what `setUp` created. */
  tearDown(): Promise<void>;
}

/** SQLite `:memory:`; `openShared` is unsupported (use a file for that). */
export function sqliteMemory(): TestDatabase {
  return {
    name: 'sqlite',
    async setUp() {},
    async open(options) {
      const store = createStore('sqlite::memory:', options);
      await store.migrate();
      return store;
    },
    async openShared() {
      throw new Error('sqlite::memory: cannot be shared; use sqliteFile()');
    },
    async tearDown() {},
  };
}

/** A SQLite file at `path` (give each test a new path: the tables are not emptied). */
export function sqliteFile(path: string): TestDatabase {
  const open = async (options?: StoreOptions) => {
    const store = createStore(`sqlite:${path}`, options);
    await store.migrate();
    return store;
  };
  return { name: 'sqlite', async setUp() {}, open, openShared: open, async tearDown() {} };
}

/**
 * A fresh schema `zc_test_<random>` on {@link TEST_POSTGRES_URL}. `setUp` fails loudly when
 * the server cannot be reached: these tests are never skipped.
 */
export function postgresSchema(): TestDatabase {
  const schema = `zc_test_${randomBytes(6).toString('hex')}`;
  let admin: Client | undefined;
  const openShared = async (options?: StoreOptions) => {
    const store = createStore(TEST_POSTGRES_URL, { poolSize: 3, ...options, pgSchema: schema });
    await store.migrate();
    return store;
  };
  return {
    name: 'postgres',
    async setUp() {
      admin = new Client({ connectionString: TEST_POSTGRES_URL });
      try {
        await admin.connect();
        await admin.query(`create schema ${schema}`);
      } catch (err) {
        await admin.end().catch(() => undefined);
        admin = undefined;
        throw new Error(
          `PostgreSQL store tests need a server at ${TEST_POSTGRES_URL} (set ZC_TEST_POSTGRES_URL` +
            `${process.env.CI ? '; running in CI' : ''}): ${(err as Error).message}`,
        );
      }
    },
    async open(options) {
      if (!admin) throw new Error('postgresSchema().setUp() failed or was not called');
      const store = await openShared(options);
      await admin.query(TABLES.map((t) => `delete from ${schema}.${t};`).join(' '));
      return store;
    },
    openShared,
    async tearDown() {
      if (!admin) return;
      try {
        await admin.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await admin.end();
      }
    },
  };
}

/** A clock tests move by hand (epoch ms). */
export class TestClock implements Clock {
  constructor(public time = 1_763_700_000_000) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

/** A small WritePlan for run `runId`. */
export function plan(runId: string, overrides: Partial<WritePlan> = {}): WritePlan {
  return {
    runId,
    connector: 'greenhouse-eu',
    mapping: 'speech-default',
    record: { connector: 'greenhouse-eu', candidateId: 'c-1', applicationId: 'a-1' },
    operations: [
      { kind: 'AddNote', body: 'Speech assessment: B2 (score 3.8 / 5)', visibility: 'private' },
      { kind: 'SetFields', fields: [{ field: 'cefr_level', value: 'B2', type: 'single_select' }] },
    ],
    hash: `hash-${runId}`,
    ...overrides,
  };
}

/**
 * Transpiles `create-store.ts` and every module it reaches (in this package and in core,
 * tests never included) to CommonJS under `outDir/store` and `outDir/core`, so child
 * processes can run the store without a build and without loading TypeScript. Children
 * must map `@zenhire-connect/core` to `outDir/core/index.js` and resolve `kysely` & co.
 * with `NODE_PATH` = the returned `nodePath`.
 */
export function transpileForChildProcess(outDir: string): { nodePath: string } {
  // Loaded here only: the one test that needs it pays for it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require('typescript') as typeof import('typescript');
  const storeSrc = join(__dirname, '..');
  const repo = join(storeSrc, '..', '..', '..');
  const coreSrc = join(repo, 'core', 'src');
  const targetOf = (source: string) =>
    source.startsWith(coreSrc)
      ? join(outDir, 'core', relative(coreSrc, source))
      : join(outDir, 'store', relative(storeSrc, source));
  const resolveTs = (base: string) =>
    [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));

  const queue = [join(storeSrc, 'create-store.ts')];
  const done = new Set<string>();
  for (let source = queue.pop(); source !== undefined; source = queue.pop()) {
    if (done.has(source)) continue;
    done.add(source);
    const { outputText } = ts.transpileModule(readFileSync(source, 'utf8'), {
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
      },
      fileName: source,
    });
    const target = targetOf(source).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
    for (const [, request] of outputText.matchAll(/require\("([^"]+)"\)/g)) {
      const next =
        request === '@zenhire-connect/core'
          ? join(coreSrc, 'index.ts')
          : request!.startsWith('.')
            ? resolveTs(join(dirname(source), request!))
            : undefined;
      if (next) queue.push(next);
    }
  }
  return { nodePath: join(repo, 'node_modules') };
}
