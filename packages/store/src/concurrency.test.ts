// Several claimers on one database: every delivery is claimed exactly once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  enqueueDeliveries,
  postgresSchema,
  sqliteFile,
  type TestDatabase,
} from './__fixtures__/databases';
import type { SqlStore } from './sql-store';

const DELIVERIES = 500;
const CLAIMERS = 4;
const BATCH = 7;
const EVENTS = 100;
const NOW = 1_763_700_000_000;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zc-store-claim-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
    const ids = await enqueueDeliveries(producer, DELIVERIES, NOW);
    const claimers = await Promise.all(
      Array.from({ length: CLAIMERS }, () => database.openShared({ poolSize: 2 })),
    );
    stores.push(...claimers);

    const perClaimer = await Promise.all(claimers.map((s, i) => drain(s, `worker-${i}`)));

    const claimed = perClaimer.flat();
    expect(claimed).toHaveLength(DELIVERIES);
    expect(new Set(claimed)).toEqual(new Set(ids));
    for (const taken of perClaimer) expect(taken.length).toBeGreaterThan(0);
    const stats = await producer.stats(NOW);
    expect(stats.byStatus).toEqual({ pending: 0, in_progress: 0, succeeded: DELIVERIES, dead: 0 });
    const sample = await producer.listDeliveries({ status: 'succeeded', limit: DELIVERIES });
    expect(sample.every((d) => d.attempts === 1)).toBe(true);
  });

  it(`${CLAIMERS} concurrent processors claim each of ${EVENTS} ATS events exactly once`, async () => {
    const producer = await database.open();
    stores.push(producer);
    const ids = Array.from({ length: EVENTS }, (_, i) => `evt-${i}`);
    for (const id of ids) {
      await producer.recordEvent({
        id,
        type: 'stage_entered',
        connector: 'greenhouse-eu',
        occurredAt: '2026-11-21T10:00:00Z',
        record: { connector: 'greenhouse-eu', candidateId: `c-${id}`, applicationId: `a-${id}` },
      });
    }
    const claimers = await Promise.all(
      Array.from({ length: CLAIMERS }, () => database.openShared({ poolSize: 2 })),
    );
    stores.push(...claimers);

    // Every processor tries every event (server + recovery passes racing on one store).
    const perClaimer = await Promise.all(
      claimers.map(async (store, i) => {
        const won: string[] = [];
        for (const id of ids) {
          if (await store.claimEvent('greenhouse-eu', id, `p-${i}`, 60_000, NOW)) won.push(id);
        }
        return won;
      }),
    );

    const claimed = perClaimer.flat();
    expect(claimed).toHaveLength(EVENTS);
    expect(new Set(claimed)).toEqual(new Set(ids));
  });
});
