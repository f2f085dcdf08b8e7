// Test databases for the store suites: a fresh SQLite database per store, and one fresh
// PostgreSQL schema per test file run (so parallel jest workers never collide).
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Clock, WritePlan } from '@zenhire-connect/core';
import { Client } from 'pg';
import type * as TypeScript from 'typescript';
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
 * What of `@zenhire-connect/core` the store uses at run time (everything else is types).
 * Child processes get a stand-in core made of these modules only, so they start without
 * loading core's own dependencies (zod, yaml, liquidjs). A missing export makes the child
 * fail with a TypeError, i.e. the test fails loudly; add the module here then.
 */
const CORE_RUNTIME_MODULES = ['errors.ts', 'ports/clock.ts'];

/**
 * Transpiles the store sources (tests excluded) and {@link CORE_RUNTIME_MODULES} to CommonJS
 * under `outDir/store` and `outDir/core` (with `outDir/core/index.js` re-exporting them), so
 * child processes run the store without a build and without loading TypeScript. Children map
 * `@zenhire-connect/core` to `outDir/core/index.js` and resolve `kysely` & co. through
 * `NODE_PATH` = the returned `nodePath`.
 */
export function transpileForChildProcess(outDir: string): { nodePath: string } {
  // Loaded here only: the one test that needs it pays for it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require('typescript') as typeof TypeScript;
  const storeSrc = join(__dirname, '..');
  const repo = join(storeSrc, '..', '..', '..');
  const transpile = (source: string, target: string) => {
    const { outputText } = ts.transpileModule(readFileSync(source, 'utf8'), {
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
      },
      fileName: source,
    });
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  };
  for (const name of readdirSync(storeSrc)) {
    if (name.endsWith('.ts') && !name.endsWith('.test.ts')) {
      transpile(join(storeSrc, name), join(outDir, 'store', name.replace(/\.ts$/, '.js')));
    }
  }
  const exports: string[] = [];
  for (const module of CORE_RUNTIME_MODULES) {
    const js = module.replace(/\.ts$/, '.js');
    transpile(join(repo, 'core', 'src', module), join(outDir, 'core', js));
    exports.push(`...require('./${js}')`);
  }
  writeFileSync(join(outDir, 'core', 'index.js'), `module.exports = { ${exports.join(', ')} };\n`);
  return { nodePath: join(repo, 'node_modules') };
}

/** Enqueues `count` deliveries due at `now` (50 at a time); returns their ids in order. */
export async function enqueueDeliveries(
  store: SqlStore,
  count: number,
  now: number,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 50) {
    const chunk = await Promise.all(
      Array.from({ length: Math.min(50, count - i) }, (_, j) =>
        store.enqueue(plan(`run-${i + j}`), `key-${i + j}`, now),
      ),
    );
    ids.push(...chunk.map((r) => r.delivery.id));
  }
  return ids;
}
