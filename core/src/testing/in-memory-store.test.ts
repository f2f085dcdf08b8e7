import type { WritePlan } from '../model/write-plan';
import { InMemoryStore } from './in-memory-store';

const plan = (runId = 'run-1'): WritePlan => ({
  runId,
  connector: 'greenhouse-eu',
  mapping: 'scores',
  record: { connector: 'greenhouse-eu', candidateId: '1', applicationId: '2' },
  operations: [{ kind: 'AddTags', tags: ['zenhire'] }],
  hash: 'h1',
});

describe('InMemoryStore deliveries (DeliveryStore docstrings)', () => {
  it('enqueues idempotently on the key', async () => {
    const store = new InMemoryStore();
    const first = await store.enqueue(plan(), 'k1', 1000);
    const again = await store.enqueue({ ...plan(), hash: 'other' }, 'k1', 2000);
    expect(first.created).toBe(true);
    expect(again).toEqual({ delivery: first.delivery, created: false });
    expect(first.delivery).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: 1000 });
  });

  it('claims only due deliveries, sets the lease and counts the attempt', async () => {
    const store = new InMemoryStore();
    const { delivery } = await store.enqueue(plan(), 'k1', 1000);
    expect(await store.claimDue('w1', 10, 500, 999)).toEqual([]);
    const [claimed] = await store.claimDue('w1', 10, 500, 1000);
    expect(claimed).toMatchObject({
      id: delivery.id,
      status: 'in_progress',
      claimedBy: 'w1',
      leaseUntil: 1500,
      attempts: 1,
    });
    // Held: another worker gets nothing until the lease expires.
    expect(await store.claimDue('w2', 10, 500, 1499)).toEqual([]);
    const [reclaimed] = await store.claimDue('w2', 10, 500, 1500);
    expect(reclaimed).toMatchObject({ claimedBy: 'w2', attempts: 2, leaseUntil: 2000 });
    // The first worker lost its lease.
    await expect(store.complete(delivery.id, 'w1', [], 1600)).rejects.toMatchObject({
      code: 'DELIVERY_LEASE_LOST',
    });
  });

  it('honours the claim limit and due order', async () => {
    const store = new InMemoryStore();
    await store.enqueue(plan('a'), 'a', 3000);
    await store.enqueue(plan('b'), 'b', 1000);
    await store.enqueue(plan('c'), 'c', 2000);
    const claimed = await store.claimDue('w', 2, 100, 5000);
    expect(claimed.map((d) => d.plan.runId)).toEqual(['b', 'c']);
  });

  it('records outcomes, completes, schedules retries, dead-letters and replays', async () => {
    const store = new InMemoryStore();
    const { delivery } = await store.enqueue(plan(), 'k1', 0);
    await store.claimDue('w', 1, 1000, 0);
    const outcome = { index: 0, kind: 'AddTags' as const, status: 'applied' as const };
    await store.recordOutcomes(delivery.id, 'w', [outcome], 10);
    await store.fail(
      delivery.id,
      'w',
      { code: 'RATE_LIMITED', message: '429' },
      { dead: false, nextAttemptAt: 5000 },
      20,
    );
    expect(await store.getDelivery(delivery.id)).toMatchObject({
      status: 'pending',
      nextAttemptAt: 5000,
      outcomes: [outcome],
      lastError: { code: 'RATE_LIMITED' },
      claimedBy: null,
      leaseUntil: null,
    });
    await store.claimDue('w', 1, 1000, 5000);
    await store.fail(delivery.id, 'w', { code: 'NOT_FOUND', message: '404' }, { dead: true }, 5001);
    expect((await store.getDelivery(delivery.id))?.status).toBe('dead');
    expect(await store.stats(6000)).toEqual({
      byStatus: { pending: 0, in_progress: 0, succeeded: 0, dead: 1 },
      oldestPendingAgeMs: null,
    });
    expect(await store.replay(delivery.id, 7000)).toBe(true);
    expect(await store.replay(delivery.id, 7000)).toBe(false);
    expect(await store.getDelivery(delivery.id)).toMatchObject({
      status: 'pending',
      nextAttemptAt: 7000,
      attempts: 0,
    });
    await store.claimDue('w', 1, 1000, 7000);
    await store.complete(delivery.id, 'w', [outcome], 7001);
    expect(await store.getDelivery(delivery.id)).toMatchObject({
      status: 'succeeded',
      lastError: null,
      claimedBy: null,
    });
  });

  it('release gives the delivery back with the attempt uncounted', async () => {
    const store = new InMemoryStore();
    const { delivery } = await store.enqueue(plan(), 'k1', 0);
    await store.claimDue('w', 1, 1000, 0);
    await store.release(delivery.id, 'w', 1);
    expect(await store.getDelivery(delivery.id)).toMatchObject({
      status: 'pending',
      attempts: 0,
      claimedBy: null,
    });
    expect(await store.claimDue('w2', 1, 1000, 2)).toHaveLength(1);
  });

  it('filters deliveries and reports the oldest pending age', async () => {
    const store = new InMemoryStore();
    await store.enqueue(plan('a'), 'a', 100);
    await store.enqueue({ ...plan('b'), connector: 'lever' }, 'b', 200);
    expect((await store.listDeliveries({ connector: 'lever' })).map((d) => d.plan.runId)).toEqual([
      'b',
    ]);
    expect((await store.listDeliveries({ runId: 'a', status: 'pending' })).length).toBe(1);
    expect((await store.listDeliveries({ limit: 1 })).length).toBe(1);
    expect((await store.stats(1000)).oldestPendingAgeMs).toBe(900);
  });

  it('does not let callers mutate stored state', async () => {
    const store = new InMemoryStore();
    const { delivery } = await store.enqueue(plan(), 'k1', 0);
    delivery.status = 'dead';
    expect((await store.getDelivery(delivery.id))?.status).toBe('pending');
  });
});

describe('InMemoryStore events, links, runs, cursors', () => {
  const event = {
    id: 'e1',
    type: 'stage_entered' as const,
    connector: 'greenhouse-eu',
    occurredAt: '2026-05-29T10:00:00Z',
    record: { connector: 'greenhouse-eu', candidateId: '1', applicationId: '2' },
  };

  it('dedupes events per connector and lists unprocessed ones', async () => {
    const store = new InMemoryStore();
    expect(await store.recordEvent(event)).toBe(true);
    expect(await store.recordEvent(event)).toBe(false);
    expect(await store.recordEvent({ ...event, connector: 'lever' })).toBe(true);
    expect((await store.listUnprocessedEvents(10)).length).toBe(2);
    await store.markEventProcessed('greenhouse-eu', 'e1', { started: 1 });
    expect((await store.listUnprocessedEvents(10)).map((e) => e.connector)).toEqual(['lever']);
    expect(store.eventResult('greenhouse-eu', 'e1')).toEqual({ started: 1 });
  });

  it('gives the claim of an event to exactly one of two racing claimers', async () => {
    const store = new InMemoryStore();
    await store.recordEvent(event);
    const results = await Promise.all([
      store.claimEvent('greenhouse-eu', 'e1', 'server-1', 60_000, 1_000),
      store.claimEvent('greenhouse-eu', 'e1', 'worker-1', 60_000, 1_000),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(store.eventClaim('greenhouse-eu', 'e1')).toEqual({
      owner: results[0] ? 'server-1' : 'worker-1',
      until: 61_000,
    });
    expect(await store.claimEvent('greenhouse-eu', 'missing', 'worker-1', 60_000, 1_000)).toBe(
      false,
    );
  });

  it('lets an expired claim be taken over, a released one at once, a processed one never', async () => {
    const store = new InMemoryStore();
    await store.recordEvent(event);
    expect(await store.claimEvent('greenhouse-eu', 'e1', 'crashed', 60_000, 1_000)).toBe(true);
    expect(await store.claimEvent('greenhouse-eu', 'e1', 'recovery', 60_000, 60_999)).toBe(false);
    expect(await store.claimEvent('greenhouse-eu', 'e1', 'recovery', 60_000, 61_000)).toBe(true);
    // Releasing someone else's claim changes nothing.
    await store.releaseEventClaim('greenhouse-eu', 'e1', 'crashed');
    expect(await store.claimEvent('greenhouse-eu', 'e1', 'other', 60_000, 62_000)).toBe(false);
    await store.releaseEventClaim('greenhouse-eu', 'e1', 'recovery');
    expect(await store.claimEvent('greenhouse-eu', 'e1', 'other', 60_000, 62_000)).toBe(true);
    await store.markEventProcessed('greenhouse-eu', 'e1', {});
    expect(await store.claimEvent('greenhouse-eu', 'e1', 'late', 60_000, 999_999)).toBe(false);
  });

  it('lists unprocessed events by receipt time (store clock) and claimability', async () => {
    let now = 1_000;
    const store = new InMemoryStore({ clock: { now: () => now } });
    await store.recordEvent(event);
    now = 5_000;
    await store.recordEvent({ ...event, id: 'e2' });
    const ids = async (query: Parameters<InMemoryStore['listUnprocessedEvents']>[1]) =>
      (await store.listUnprocessedEvents(10, query)).map((e) => e.id);
    expect(await ids({ receivedBefore: 5_000 })).toEqual(['e1']);
    expect(await ids({ receivedBefore: 5_001 })).toEqual(['e1', 'e2']);
    await store.claimEvent('greenhouse-eu', 'e1', 'server-1', 10_000, 5_000);
    expect(await ids({ claimableAt: 14_999 })).toEqual(['e2']);
    expect(await ids({ claimableAt: 15_000 })).toEqual(['e1', 'e2']);
    expect(await ids(undefined)).toEqual(['e1', 'e2']);
  });

  it('finds links by run and by record', async () => {
    const store = new InMemoryStore();
    const link = {
      runId: 'r1',
      module: 'speech' as const,
      record: event.record,
      source: { kind: 'scheme' as const, version: 'zc1' as const },
    };
    await store.saveLink(link);
    expect(await store.findLink('r1')).toEqual(link);
    expect(await store.findLinksByRecord('greenhouse-eu', '2')).toEqual([link]);
    expect(await store.findLinksByRecord('greenhouse-eu', '1')).toEqual([link]);
    expect(await store.findLinksByRecord('lever', '2')).toEqual([]);
  });

  it('upserts runs and lists open ones oldest first', async () => {
    const store = new InMemoryStore();
    await store.saveRun({
      id: 'a',
      module: 'speech',
      status: 'processing',
      terminal: false,
      observedAt: 20,
    });
    await store.saveRun({
      id: 'b',
      module: 'speech',
      status: 'queued',
      terminal: false,
      observedAt: 10,
    });
    await store.saveRun({
      id: 'c',
      module: 'cv_deepmatch',
      status: 'processing',
      terminal: false,
      observedAt: 5,
    });
    expect((await store.listOpenRuns('speech', 10)).map((r) => r.id)).toEqual(['b', 'a']);
    await store.saveRun({
      id: 'b',
      module: 'speech',
      status: 'success',
      terminal: true,
      observedAt: 30,
      body: { x: 1 },
    });
    expect((await store.listOpenRuns('speech', 10)).map((r) => r.id)).toEqual(['a']);
    expect(await store.getRun('b')).toEqual({
      id: 'b',
      module: 'speech',
      status: 'success',
      terminal: true,
      body: { x: 1 },
    });
    await store.setCursor('speech.createdAfter', '2026-05-29T00:00:00Z');
    expect(await store.getCursor('speech.createdAfter')).toBe('2026-05-29T00:00:00Z');
  });
});
