// Several claimers on one database: every delivery is claimed exactly once.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  plan,
  postgresSchema,
  sqliteFile,
  transpileForChildProcess,
  type TestDatabase,
} from './__fixtures__/databases';
import type { SqlStore } from './sql-store';

const DELIVERIES = 500;
const CLAIMERS = 4;
const BATCH = 7;
const NOW = 1_763_700_000_000;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zc-store-claim-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function enqueueAll(store: SqlStore): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < DELIVERIES; i += 50) {
    const chunk = await Promise.all(
      Array.from({ length: 50 }, (_, j) =>
        store.enqueue(plan(`run-${i + j}`), `key-${i + j}`, NOW),
      ),
    );
    ids.push(...chunk.map((r) => r.delivery.id));
  }
  return ids;
}

/** Claims and completes until nothing is due; returns what this claimer took. */
async function drain(store: SqlStore, workerId: string): Promise<string[]> {
  const taken: string[] = [];
  for (;;) {
    const batch = await store.claimDue(workerId, BATCH, 60_000, NOW);
    if (batch.length === 0) return taken;
    for (const delivery of batch) {
      taken.push(delivery.id);
      await store.complete(delivery.id, workerId, [], NOW);
    }
  }
}

function expectEachClaimedOnce(all: string[], perClaimer: string[][]): void {
  const claimed = perClaimer.flat();
  expect(claimed).toHaveLength(all.length);
  expect(new Set(claimed)).toEqual(new Set(all));
}

describe.each<[string, () => TestDatabase]>([
  ['sqlite (one file, separate store instances)', () => sqliteFile(join(dir, 'in-process.db'))],
  ['postgres (separate pools)', postgresSchema],
])('claiming on %s', (_name, makeDatabase) => {
  let database: TestDatabase;
  const stores: SqlStore[] = [];

  beforeAll(async () => {
    database = makeDatabase();
    await database.setUp();
  });
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await database.tearDown();
  });

  it(`${CLAIMERS} concurrent claimers take each of ${DELIVERIES} deliveries exactly once`, async () => {
    const producer = await database.open();
    stores.push(producer);
    const ids = await enqueueAll(producer);
    const claimers = await Promise.all(
      Array.from({ length: CLAIMERS }, () => database.openShared({ poolSize: 2 })),
    );
    stores.push(...claimers);

    const perClaimer = await Promise.all(claimers.map((s, i) => drain(s, `worker-${i}`)));

    expectEachClaimedOnce(ids, perClaimer);
    for (const taken of perClaimer) expect(taken.length).toBeGreaterThan(0);
    const stats = await producer.stats(NOW);
    expect(stats.byStatus).toEqual({ pending: 0, in_progress: 0, succeeded: DELIVERIES, dead: 0 });
    const sample = await producer.listDeliveries({ status: 'succeeded', limit: DELIVERIES });
    expect(sample.every((d) => d.attempts === 1)).toBe(true);
  });
});

describe('claiming on sqlite from separate processes', () => {
  it(`${CLAIMERS} processes claim each of ${DELIVERIES} deliveries exactly once`, async () => {
    const file = join(dir, 'multi-process.db');
    const producer = await sqliteFile(file).open();
    let ids: string[];
    try {
      ids = await enqueueAll(producer);
    } finally {
      await producer.close();
    }
    const jsDir = join(dir, 'js');
    const { nodePath } = transpileForChildProcess(jsDir);
    const worker = join(__dirname, '__fixtures__', 'claim-worker.js');
    const run = promisify(execFile);
    const outputs = await Promise.all(
      Array.from({ length: CLAIMERS }, (_, i) =>
        run(process.execPath, [worker, jsDir, file, `process-${i}`, String(NOW), String(BATCH)], {
          env: { ...process.env, NODE_PATH: nodePath },
          timeout: 25_000,
        }),
      ),
    );
    const perProcess = outputs.map((o) => JSON.parse(o.stdout) as string[]);
    expectEachClaimedOnce(ids, perProcess);
    const check = await sqliteFile(file).open();
    try {
      const held = await check.listDeliveries({ status: 'in_progress', limit: DELIVERIES });
      const holder = new Map(held.map((d) => [d.id, d.claimedBy]));
      perProcess.forEach((taken, i) => {
        for (const id of taken) expect(holder.get(id)).toBe(`process-${i}`);
      });
      expect(held.every((d) => d.attempts === 1)).toBe(true);
    } finally {
      await check.close();
    }
  });
});
