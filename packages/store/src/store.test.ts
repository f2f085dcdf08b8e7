// One contract suite for the Store port, run against SQLite (:memory:) and PostgreSQL
// (a fresh schema on the local server; see __fixtures__/databases.ts).
import type { AtsEvent, Link, OperationOutcome } from '@zenhire-connect/core';
import {
  TestClock,
  plan,
  postgresSchema,
  sqliteMemory,
  type TestDatabase,
} from './__fixtures__/databases';
import { LeaseLostError, StoreError } from './errors';
import type { SqlStore } from './sql-store';

const LEASE_MS = 30_000;

function event(id: string, overrides: Partial<AtsEvent> = {}): AtsEvent {
  return {
    id,
    type: 'stage_entered',
    connector: 'greenhouse-eu',
    occurredAt: '2026-11-21T10:00:00Z',
    record: { connector: 'greenhouse-eu', candidateId: 'c-1', applicationId: 'a-1' },
    stage: { id: 's-2', name: 'Language check' },
    previousStage: { id: 's-1', name: 'Application review' },
    ...overrides,
  };
}

const noteApplied: OperationOutcome = {
  index: 0,
  kind: 'AddNote',
  status: 'applied',
  atsIds: { noteId: '98765' },
};

describe.each<[string, () => TestDatabase]>([
  ['sqlite', sqliteMemory],
  ['postgres', postgresSchema],
])('Store on %s', (_name, makeDatabase) => {
  const database = makeDatabase();
  let clock: TestClock;
  let store: SqlStore;

  beforeAll(() => database.setUp());
  afterAll(() => database.tearDown());
  beforeEach(async () => {
    clock = new TestClock();
    store = await database.open({ clock });
  });
  afterEach(() => store.close());

  describe('lifecycle', () => {
    it('migrates again without error and answers ping', async () => {
      await store.migrate();
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('ping after close fails with STORE_UNAVAILABLE', async () => {
      await store.close();
      await expect(store.ping()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    });
  });

  describe('links', () => {
    const full: Link = {
      runId: 'run-1',
      module: 'speech',
      record: {
        connector: 'greenhouse-eu',
        candidateId: 'c-1',
        applicationId: 'a-1',
        jobId: 'j-1',
        stageId: 's-1',
      },
      triggerId: 'language-check',
      source: { kind: 'scheme', version: 'zc1' },
      parentRunId: 'run-0',
    };

    it('round-trips a link with every field, and one with none of the optional ones', async () => {
      const minimal: Link = {
        runId: 'run-2',
        module: 'interview',
        record: { connector: 'lever', candidateId: 'contact-9' },
        source: { kind: 'rule', rule: 'legacy-tags' },
      };
      await store.saveLink(full);
      await store.saveLink(minimal);
      expect(await store.findLink('run-1')).toStrictEqual(full);
      expect(await store.findLink('run-2')).toStrictEqual(minimal);
      expect(await store.findLink('run-3')).toBeUndefined();
    });

    it('replaces the link of a run id', async () => {
      await store.saveLink(full);
      const moved: Link = { ...full, record: { connector: 'greenhouse-eu', candidateId: 'c-2' } };
      delete moved.parentRunId;
      await store.saveLink(moved);
      expect(await store.findLink('run-1')).toStrictEqual(moved);
    });

    it('finds links by application id, or by candidate id for links without application', async () => {
      await store.saveLink({ ...full, runId: 'r-app' });
      clock.advance(1);
      await store.saveLink({
        ...full,
        runId: 'r-app-2',
        record: { connector: 'greenhouse-eu', candidateId: 'c-1', applicationId: 'a-1' },
      });
      await store.saveLink({
        runId: 'r-cand',
        module: 'cv_deepmatch',
        record: { connector: 'greenhouse-eu', candidateId: 'c-1' },
        source: { kind: 'scheme', version: 'zc1' },
      });
      await store.saveLink({
        ...full,
        runId: 'r-other-connector',
        record: { ...full.record, connector: 'greenhouse-us' },
      });
      await store.saveLink({
        ...full,
        runId: 'r-other-app',
        record: { ...full.record, applicationId: 'a-2' },
      });

      const byApplication = await store.findLinksByRecord('greenhouse-eu', 'a-1');
      expect(byApplication.map((l) => l.runId)).toEqual(['r-app', 'r-app-2']);
      const byCandidate = await store.findLinksByRecord('greenhouse-eu', 'c-1');
      expect(byCandidate.map((l) => l.runId)).toEqual(['r-cand']);
      expect(await store.findLinksByRecord('greenhouse-eu', 'nobody')).toEqual([]);
    });
  });

  describe('inbound events', () => {
    it('records an event once and reports duplicates of the same (connector, id)', async () => {
      expect(
        await store.recordEvent(event('e-1'), Buffer.from('{"action":"candidate_stage_change"}')),
      ).toBe(true);
      expect(await store.recordEvent(event('e-1', { type: 'hired' }))).toBe(false);
      expect(await store.recordEvent(event('e-1', { connector: 'greenhouse-us' }))).toBe(true);
      const pending = await store.listUnprocessedEvents(10);
      expect(pending).toHaveLength(2);
      expect(pending.find((e) => e.connector === 'greenhouse-eu')).toStrictEqual(event('e-1'));
    });

    it('lists unprocessed events oldest first, up to the limit, and drops processed ones', async () => {
      for (const id of ['e-1', 'e-2', 'e-3']) {
        await store.recordEvent(event(id));
        clock.advance(1000);
      }
      expect((await store.listUnprocessedEvents(2)).map((e) => e.id)).toEqual(['e-1', 'e-2']);
      await store.markEventProcessed('greenhouse-eu', 'e-1', { started: ['run-1'] });
      await store.markEventProcessed('greenhouse-eu', 'e-2', undefined);
      expect((await store.listUnprocessedEvents(10)).map((e) => e.id)).toEqual(['e-3']);
      expect(await store.listUnprocessedEvents(0)).toEqual([]);
    });

    it('gives the claim of an event to exactly one of two racing claimers', async () => {
      await store.recordEvent(event('e-1'));
      const now = clock.now();
      const results = await Promise.all([
        store.claimEvent('greenhouse-eu', 'e-1', 'server-1', LEASE_MS, now),
        store.claimEvent('greenhouse-eu', 'e-1', 'worker-1', LEASE_MS, now),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.claimEvent('greenhouse-eu', 'missing', 'worker-1', LEASE_MS, now)).toBe(
        false,
      );
    });

    it('lets an expired claim be taken over, a released one at once, a processed one never', async () => {
      await store.recordEvent(event('e-1'));
      const t0 = clock.now();
      expect(await store.claimEvent('greenhouse-eu', 'e-1', 'crashed', LEASE_MS, t0)).toBe(true);
      expect(
        await store.claimEvent('greenhouse-eu', 'e-1', 'recovery', LEASE_MS, t0 + LEASE_MS - 1),
      ).toBe(false);
      expect(
        await store.claimEvent('greenhouse-eu', 'e-1', 'recovery', LEASE_MS, t0 + LEASE_MS),
      ).toBe(true);
      // The old holder cannot release what it no longer holds.
      await store.releaseEventClaim('greenhouse-eu', 'e-1', 'crashed');
      const t1 = t0 + LEASE_MS + 1;
      expect(await store.claimEvent('greenhouse-eu', 'e-1', 'other', LEASE_MS, t1)).toBe(false);
      await store.releaseEventClaim('greenhouse-eu', 'e-1', 'recovery');
      expect(await store.claimEvent('greenhouse-eu', 'e-1', 'other', LEASE_MS, t1)).toBe(true);
      await store.markEventProcessed('greenhouse-eu', 'e-1', { outcomes: [] });
      expect(await store.claimEvent('greenhouse-eu', 'e-1', 'late', LEASE_MS, t1 * 2)).toBe(false);
    });

    it('lists unprocessed events by store receipt time and by claimability', async () => {
      const t0 = clock.now();
      // occurredAt is far in the past for both: only the receipt time counts.
      await store.recordEvent(event('e-1'));
      clock.advance(5_000);
      await store.recordEvent(event('e-2'));
      const ids = async (query: Parameters<SqlStore['listUnprocessedEvents']>[1]) =>
        (await store.listUnprocessedEvents(10, query)).map((e) => e.id);
      expect(await ids({ receivedBefore: t0 + 5_000 })).toEqual(['e-1']);
      expect(await ids({ receivedBefore: t0 + 5_001 })).toEqual(['e-1', 'e-2']);
      expect(await ids({ receivedBefore: t0 })).toEqual([]);
      await store.claimEvent('greenhouse-eu', 'e-1', 'server-1', 10_000, t0 + 5_000);
      expect(await ids({ claimableAt: t0 + 14_999 })).toEqual(['e-2']);
      expect(await ids({ claimableAt: t0 + 15_000 })).toEqual(['e-1', 'e-2']);
      expect(await ids({})).toEqual(['e-1', 'e-2']);
    });

    it('refuses to mark an event that was never recorded', async () => {
      await expect(
        store.markEventProcessed('greenhouse-eu', 'missing', null),
      ).rejects.toMatchObject({
        code: 'EVENT_NOT_FOUND',
      });
    });
  });

  describe('runs seen', () => {
    it('upserts runs, keeping the stored body when a later save has none', async () => {
      const body = {
        id: 'sp-1',
        status: 'processing',
        metadata: { zc_link: 'zc1:greenhouse-eu:a-1' },
      };
      await store.saveRun({
        id: 'sp-1',
        module: 'speech',
        status: 'processing',
        terminal: false,
        observedAt: 1_000,
        body,
      });
      expect(await store.getRun('sp-1')).toStrictEqual({
        id: 'sp-1',
        module: 'speech',
        status: 'processing',
        terminal: false,
        body,
      });
      await store.saveRun({
        id: 'sp-1',
        module: 'speech',
        status: 'success',
        terminal: true,
        observedAt: 2_000,
      });
      expect(await store.getRun('sp-1')).toStrictEqual({
        id: 'sp-1',
        module: 'speech',
        status: 'success',
        terminal: true,
        body,
      });
    });

    it('returns no body key for a run saved without one, and undefined for unknown runs', async () => {
      await store.saveRun({
        id: 'iv-1',
        module: 'interview',
        status: 'pending',
        terminal: false,
        observedAt: 1,
      });
      expect(await store.getRun('iv-1')).toStrictEqual({
        id: 'iv-1',
        module: 'interview',
        status: 'pending',
        terminal: false,
      });
      expect(await store.getRun('nope')).toBeUndefined();
    });

    it('lists open runs of one module, least recently observed first', async () => {
      const t = 1_763_700_000_000; // above 2^31: proves bigint columns come back as numbers
      await store.saveRun({
        id: 'b',
        module: 'speech',
        status: 'processing',
        terminal: false,
        observedAt: t + 2,
      });
      await store.saveRun({
        id: 'a',
        module: 'speech',
        status: 'queued',
        terminal: false,
        observedAt: t + 1,
      });
      await store.saveRun({
        id: 'c',
        module: 'speech',
        status: 'success',
        terminal: true,
        observedAt: t,
      });
      await store.saveRun({
        id: 'd',
        module: 'interview',
        status: 'pending',
        terminal: false,
        observedAt: t,
      });
      await store.saveRun({
        id: 'e',
        module: 'speech',
        status: 'processing',
        terminal: false,
        observedAt: t + 3,
      });
      expect(await store.listOpenRuns('speech', 2)).toStrictEqual([
        { id: 'a', status: 'queued', observedAt: t + 1 },
        { id: 'b', status: 'processing', observedAt: t + 2 },
      ]);
      expect((await store.listOpenRuns('interview', 10)).map((r) => r.id)).toEqual(['d']);
    });
  });

  describe('cursors', () => {
    it('reads undefined, then the last value set', async () => {
      expect(await store.getCursor('speech.createdAfter')).toBeUndefined();
      await store.setCursor('speech.createdAfter', '2026-11-21T09:00:00Z');
      await store.setCursor('speech.createdAfter', '2026-11-21T10:00:00Z');
      await store.setCursor('interview.page', '3');
      expect(await store.getCursor('speech.createdAfter')).toBe('2026-11-21T10:00:00Z');
      expect(await store.getCursor('interview.page')).toBe('3');
    });
  });

  describe('deliveries', () => {
    const now = 1_763_700_000_000;

    it('enqueues a pending delivery due now, with the plan intact', async () => {
      const { delivery, created } = await store.enqueue(plan('run-1'), 'key-1', now);
      expect(created).toBe(true);
      expect(delivery).toStrictEqual({
        id: expect.any(String),
        idempotencyKey: 'key-1',
        plan: plan('run-1'),
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        outcomes: [],
        lastError: null,
        claimedBy: null,
        leaseUntil: null,
        createdAt: now,
        updatedAt: now,
      });
      expect(await store.getDelivery(delivery.id)).toStrictEqual(delivery);
      expect(await store.getDelivery('unknown')).toBeUndefined();
    });

    it('is idempotent on the key, also when enqueues race', async () => {
      const first = await store.enqueue(plan('run-1'), 'key-1', now);
      const again = await store.enqueue(plan('run-1', { hash: 'other' }), 'key-1', now + 5);
      expect(again.created).toBe(false);
      expect(again.delivery).toStrictEqual(first.delivery);

      const racing = await Promise.all(
        Array.from({ length: 8 }, () => store.enqueue(plan('run-2'), 'key-2', now)),
      );
      expect(racing.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(racing.map((r) => r.delivery.id)).size).toBe(1);
      expect(await store.listDeliveries({})).toHaveLength(2);
    });

    it('claims due pending deliveries earliest first, up to the limit, taking a lease', async () => {
      const a = (await store.enqueue(plan('a'), 'k-a', now + 10)).delivery;
      const b = (await store.enqueue(plan('b'), 'k-b', now)).delivery;
      await store.enqueue(plan('c'), 'k-c', now + 20);
      await store.enqueue(plan('future'), 'k-future', now + 60_000);

      const claimed = await store.claimDue('worker-1', 2, LEASE_MS, now + 30);
      expect(claimed.map((d) => d.id)).toEqual([b.id, a.id]);
      expect(claimed[0]).toMatchObject({
        status: 'in_progress',
        claimedBy: 'worker-1',
        leaseUntil: now + 30 + LEASE_MS,
        attempts: 1,
        updatedAt: now + 30,
      });
      expect(await store.getDelivery(b.id)).toStrictEqual(claimed[0]);

      const rest = await store.claimDue('worker-2', 10, LEASE_MS, now + 30);
      expect(rest.map((d) => d.plan.runId)).toEqual(['c']);
      expect(await store.claimDue('worker-3', 10, LEASE_MS, now + 30)).toEqual([]);
      expect(await store.claimDue('worker-3', 0, LEASE_MS, now + 60_000)).toEqual([]);
    });

    it('re-claims an in-progress delivery whose lease expired; the old holder gets LEASE_LOST', async () => {
      const { delivery } = await store.enqueue(plan('run-1'), 'key-1', now);
      await store.claimDue('worker-1', 1, LEASE_MS, now);
      await store.recordOutcomes(delivery.id, 'worker-1', [noteApplied], now + 1);

      expect(await store.claimDue('worker-2', 1, LEASE_MS, now + LEASE_MS - 1)).toEqual([]);
      const [reclaimed] = await store.claimDue('worker-2', 1, LEASE_MS, now + LEASE_MS);
      expect(reclaimed).toMatchObject({
        id: delivery.id,
        claimedBy: 'worker-2',
        attempts: 2,
        outcomes: [noteApplied],
        leaseUntil: now + 2 * LEASE_MS,
      });

      const lost = store.complete(delivery.id, 'worker-1', [], now + LEASE_MS + 1);
      await expect(lost).rejects.toBeInstanceOf(LeaseLostError);
      await expect(lost).rejects.toMatchObject({
        code: 'DELIVERY_LEASE_LOST',
        details: {
          deliveryId: delivery.id,
          workerId: 'worker-1',
          claimedBy: 'worker-2',
          status: 'in_progress',
        },
      });
      for (const call of [
        () => store.recordOutcomes(delivery.id, 'worker-1', [], now),
        () => store.fail(delivery.id, 'worker-1', { code: 'X', message: 'x' }, { dead: true }, now),
        () => store.release(delivery.id, 'worker-1', now),
      ]) {
        await expect(call()).rejects.toMatchObject({ code: 'DELIVERY_LEASE_LOST' });
      }
      expect(await store.getDelivery(delivery.id)).toStrictEqual(reclaimed);
    });

    it('records outcomes, then completes and releases the lease', async () => {
      const { delivery } = await store.enqueue(plan('run-1'), 'key-1', now);
      await store.claimDue('worker-1', 1, LEASE_MS, now);
      await store.recordOutcomes(delivery.id, 'worker-1', [noteApplied], now + 5);
      expect(await store.getDelivery(delivery.id)).toMatchObject({
        outcomes: [noteApplied],
        updatedAt: now + 5,
      });

      const all: OperationOutcome[] = [
        noteApplied,
        { index: 1, kind: 'SetFields', status: 'already_applied' },
      ];
      await store.complete(delivery.id, 'worker-1', all, now + 9);
      expect(await store.getDelivery(delivery.id)).toMatchObject({
        status: 'succeeded',
        outcomes: all,
        claimedBy: null,
        leaseUntil: null,
        attempts: 1,
        updatedAt: now + 9,
      });
      expect(await store.claimDue('worker-2', 1, LEASE_MS, now + 10 * LEASE_MS)).toEqual([]);
      await expect(store.complete(delivery.id, 'worker-1', all, now + 10)).rejects.toMatchObject({
        code: 'DELIVERY_LEASE_LOST',
        details: { status: 'succeeded', claimedBy: null },
      });
    });

    it('schedules a retry: pending again, not claimable before nextAttemptAt', async () => {
      const { delivery } = await store.enqueue(plan('run-1'), 'key-1', now);
      await store.claimDue('worker-1', 1, LEASE_MS, now);
      await store.fail(
        delivery.id,
        'worker-1',
        { code: 'ATS_RATE_LIMITED', message: 'Greenhouse answered 429' },
        { dead: false, nextAttemptAt: now + 60_000 },
        now + 100,
      );
      expect(await store.getDelivery(delivery.id)).toMatchObject({
        status: 'pending',
        nextAttemptAt: now + 60_000,
        lastError: { code: 'ATS_RATE_LIMITED', message: 'Greenhouse answered 429' },
        claimedBy: null,
        leaseUntil: null,
        attempts: 1,
      });
      expect(await store.claimDue('worker-1', 1, LEASE_MS, now + 59_999)).toEqual([]);
      expect(await store.claimDue('worker-2', 1, LEASE_MS, now + 60_000)).toMatchObject([
        { id: delivery.id, attempts: 2, claimedBy: 'worker-2' },
      ]);
    });

    it('dead-letters, and replays a dead delivery with a fresh retry budget', async () => {
      const { delivery } = await store.enqueue(plan('run-1'), 'key-1', now);
      await store.claimDue('worker-1', 1, LEASE_MS, now);
      await store.recordOutcomes(delivery.id, 'worker-1', [noteApplied], now);
      expect(await store.replay(delivery.id, now)).toBe(false); // in progress, not dead
      await store.fail(
        delivery.id,
        'worker-1',
        { code: 'FIELD_NOT_FOUND', message: 'no field cefr_level' },
        { dead: true },
        now + 1,
      );
      expect(await store.getDelivery(delivery.id)).toMatchObject({
        status: 'dead',
        claimedBy: null,
      });
      expect(await store.claimDue('worker-1', 1, LEASE_MS, now + 10 * LEASE_MS)).toEqual([]);

      expect(await store.replay(delivery.id, now + 500)).toBe(true);
      expect(await store.getDelivery(delivery.id)).toMatchObject({
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now + 500,
        outcomes: [noteApplied],
        lastError: { code: 'FIELD_NOT_FOUND', message: 'no field cefr_level' },
        updatedAt: now + 500,
      });
      expect(await store.replay(delivery.id, now + 501)).toBe(false); // pending now
      expect(await store.replay('unknown', now)).toBe(false);
      expect(await store.claimDue('worker-2', 1, LEASE_MS, now + 500)).toMatchObject([
        { id: delivery.id, attempts: 1 },
      ]);
    });

    it('release gives the delivery back untouched and claimable at once', async () => {
      const { delivery } = await store.enqueue(plan('run-1'), 'key-1', now);
      await store.claimDue('worker-1', 1, LEASE_MS, now);
      await store.release(delivery.id, 'worker-1', now + 1);
      expect(await store.getDelivery(delivery.id)).toMatchObject({
        status: 'pending',
        attempts: 0,
        claimedBy: null,
        leaseUntil: null,
        nextAttemptAt: now,
      });
      expect(await store.claimDue('worker-2', 1, LEASE_MS, now + 2)).toMatchObject([
        { id: delivery.id, attempts: 1 },
      ]);
    });

    it('throws DELIVERY_NOT_FOUND for updates of an unknown delivery', async () => {
      const err = await store.complete('missing', 'worker-1', [], now).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreError);
      expect(err).not.toBeInstanceOf(LeaseLostError);
      expect(err).toMatchObject({ code: 'DELIVERY_NOT_FOUND' });
    });

    it('lists deliveries newest first, filtered by status, connector and run', async () => {
      await store.enqueue(plan('run-1'), 'k1', now);
      await store.enqueue(plan('run-2', { connector: 'lever' }), 'k2', now + 1);
      await store.enqueue(plan('run-1', { mapping: 'speech-detailed' }), 'k3', now + 2);
      await store.claimDue('worker-1', 1, LEASE_MS, now + 10);

      const keys = (ds: { idempotencyKey: string }[]) => ds.map((d) => d.idempotencyKey);
      expect(keys(await store.listDeliveries({}))).toEqual(['k3', 'k2', 'k1']);
      expect(keys(await store.listDeliveries({ limit: 2 }))).toEqual(['k3', 'k2']);
      expect(keys(await store.listDeliveries({ runId: 'run-1' }))).toEqual(['k3', 'k1']);
      expect(keys(await store.listDeliveries({ connector: 'lever' }))).toEqual(['k2']);
      expect(keys(await store.listDeliveries({ status: 'in_progress' }))).toEqual(['k1']);
      expect(keys(await store.listDeliveries({ status: 'pending', runId: 'run-1' }))).toEqual([
        'k3',
      ]);
    });

    it('counts deliveries by status and reports the age of the oldest pending one', async () => {
      expect(await store.stats(now)).toStrictEqual({
        byStatus: { pending: 0, in_progress: 0, succeeded: 0, dead: 0 },
        oldestPendingAgeMs: null,
      });
      for (let i = 0; i < 5; i++) await store.enqueue(plan(`run-${i}`), `k${i}`, now + i * 1000);
      const [first, second, third] = await store.claimDue('worker-1', 3, LEASE_MS, now + 10_000);
      await store.complete(first!.id, 'worker-1', [], now + 10_000);
      await store.fail(
        second!.id,
        'worker-1',
        { code: 'X', message: 'x' },
        { dead: true },
        now + 10_000,
      );
      void third;
      expect(await store.stats(now + 20_000)).toStrictEqual({
        byStatus: { pending: 2, in_progress: 1, succeeded: 1, dead: 1 },
        oldestPendingAgeMs: 20_000 - 3000,
      });
    });
  });

  describe('connector cache', () => {
    it('gets, overwrites and deletes JSON values per instance', async () => {
      const eu = store.connectorCache('greenhouse-eu');
      const us = store.connectorCache('greenhouse-us');
      expect(await eu.get('stage:a-1')).toBeUndefined();
      await eu.set('stage:a-1', { id: 's-2', name: 'Language check' });
      await eu.set('count', 3);
      await eu.set('label', 'B2');
      await us.set('stage:a-1', { id: 's-9' });
      expect(await eu.get('stage:a-1')).toStrictEqual({ id: 's-2', name: 'Language check' });
      expect(await eu.get('count')).toBe(3);
      expect(await eu.get('label')).toBe('B2');
      expect(await us.get('stage:a-1')).toStrictEqual({ id: 's-9' });

      await eu.set('count', 4);
      expect(await eu.get('count')).toBe(4);
      await eu.delete('stage:a-1');
      expect(await eu.get('stage:a-1')).toBeUndefined();
      expect(await us.get('stage:a-1')).toStrictEqual({ id: 's-9' });
      await eu.set('label', undefined);
      expect(await eu.get('label')).toBeUndefined();
    });

    it('expires entries after their TTL (ms), by the store clock', async () => {
      const cache = store.connectorCache('greenhouse-eu');
      await cache.set('custom-fields', ['cefr_level'], 60_000);
      await cache.set('forever', true);
      clock.advance(59_999);
      expect(await cache.get('custom-fields')).toEqual(['cefr_level']);
      clock.advance(1);
      expect(await cache.get('custom-fields')).toBeUndefined();
      expect(await cache.get('forever')).toBe(true);

      await cache.set('custom-fields', ['cefr_level', 'speech_score'], 1000);
      expect(await cache.get('custom-fields')).toEqual(['cefr_level', 'speech_score']);
      clock.advance(1000);
      expect(await store.purgeExpiredCache(clock.now())).toBe(1);
      expect(await cache.get('forever')).toBe(true);
      await expect(cache.set('bad', 1, -5)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    });
  });
});
