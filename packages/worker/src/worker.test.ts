import { InMemoryStore } from '@zenhire-connect/core/testing';
import { scaledSleep } from './sleep';
import { Worker, type WorkerProgress } from './worker';
import {
  FakeAts,
  FakeZenHire,
  harness,
  linked,
  until,
  useCasesFor,
} from './__fixtures__/worker-fakes';

/** A clock running 1000× faster than real time (one real ms is one second). */
function fastClock() {
  const base = Date.parse('2026-05-29T10:00:00Z');
  const start = Date.now();
  return { now: () => base + (Date.now() - start) * 1000 };
}

describe('Worker', () => {
  it('runOnce collects and delivers in one pass, reporting progress', async () => {
    const h = harness();
    for (let i = 0; i < 3; i += 1) {
      h.zenhire.add({
        module: 'speech',
        id: `req_${i}`,
        createdAt: h.clock.now() - 600_000,
        doneAt: h.clock.now() - 60_000,
        correlation: linked('speech', `app-${i}`),
      });
    }
    const worker = new Worker({
      store: h.store,
      useCases: h.useCases,
      gateway: h.zenhire,
      clock: h.clock,
      collect: { listed: ['speech'] },
    });
    const progress: WorkerProgress[] = [];
    const result = await worker.runOnce({ onProgress: (p) => progress.push(p) });
    expect(result.sweeps).toMatchObject([{ module: 'speech', completed: 3 }]);
    expect(result.deliveries).toMatchObject({ claimed: 3, succeeded: 3 });
    expect(progress.map((p) => p.phase)).toEqual([
      'collect',
      'poll',
      'deliver',
      'deliver',
      'deliver',
    ]);
    expect(h.ats.totalWrites).toBe(6);
    // A second pass finds nothing new; with `since` it reconciles the window too.
    const again = await worker.runOnce({ since: new Date(h.clock.now() - 3600_000) });
    expect(again.reconcile).toMatchObject({ runs: 3, enqueued: 0, unchanged: 3 });
    expect(again.deliveries.claimed).toBe(0);
  });

  it('runs in the background until stopped, then releases the delivery still running', async () => {
    const clock = fastClock();
    const store = new InMemoryStore();
    const zenhire = new FakeZenHire(clock);
    const ats = new FakeAts();
    const useCases = useCasesFor(store, ats, clock, zenhire);
    const t0 = clock.now();
    for (let i = 0; i < 5; i += 1) {
      zenhire.add({
        module: 'speech',
        id: `req_${i}`,
        createdAt: t0,
        doneAt: t0 + 120_000,
        correlation: linked('speech', `app-${i}`),
      });
    }
    zenhire.add({
      module: 'speech',
      id: 'req_slow',
      createdAt: t0,
      doneAt: t0 + 120_000,
      correlation: linked('speech', 'app-slow'),
    });
    let hung = false;
    // Whatever order the deliveries come in, only req_slow hangs.
    for (let i = 0; i < 6; i += 1) {
      ats.script.push(async (plan, context) => {
        if (plan.runId !== 'req_slow') return ats.applyAll(plan, context);
        hung = true;
        await new Promise((resolve) => context.signal?.addEventListener('abort', resolve));
        throw new Error('aborted');
      });
    }
    const worker = new Worker({
      store,
      useCases,
      gateway: zenhire,
      clock,
      sleep: scaledSleep(0.001),
      collect: { listed: ['speech'], polled: [] },
      delivery: { leaseMs: 3_600_000 },
      reconcile: { enabled: false },
    });
    worker.start();
    expect(worker.running).toBe(true);
    await until(
      async () => (await store.listDeliveries({ status: 'succeeded' })).length === 5 && hung,
    );
    expect(await worker.stop(50)).toEqual({ released: 1 });
    expect(worker.running).toBe(false);
    const [left] = await store.listDeliveries({ status: 'pending' });
    expect(left).toMatchObject({ plan: { runId: 'req_slow' }, attempts: 0, claimedBy: null });
    // stop() is idempotent.
    expect(await worker.stop()).toEqual({ released: 1 });
  });

  it('runs recorded but unprocessed ATS events again once the store received them long enough ago', async () => {
    const h = harness();
    const event = {
      id: 'evt-9',
      type: 'stage_entered' as const,
      connector: 'greenhouse-eu',
      occurredAt: new Date(h.clock.now()).toISOString(),
      record: { connector: 'greenhouse-eu', candidateId: '1', applicationId: '2' },
    };
    // The grace counts from receipt (store time), not from the ATS's occurredAt: evt-10
    // happened long ago but was only just received (a late ATS retry).
    const fresh = { ...event, id: 'evt-10', occurredAt: new Date(0).toISOString() };
    await h.store.recordEvent(event);
    h.clock.advance(120_000);
    await h.store.recordEvent(fresh);
    const worker = new Worker({
      store: h.store,
      useCases: h.useCases,
      gateway: h.zenhire,
      clock: h.clock,
      collect: { listed: [] },
    });
    expect((await worker.runOnce(() => undefined)).events).toEqual({ processed: 1, failed: 0 });
    expect((await h.store.listUnprocessedEvents(10)).map((e) => e.id)).toEqual(['evt-10']);
  });

  it('claims a delivery enqueued by a sweep at once, without waiting for the idle poll', async () => {
    const h = harness();
    h.zenhire.add({
      module: 'speech',
      id: 'req_1',
      createdAt: h.clock.now() - 10_000,
      doneAt: h.clock.now() + 60_000,
      correlation: linked('speech', 'app-1'),
    });
    // Waits that end only when the test says so (or on stop): the idle poll never comes.
    const waits: { ms: number; resolve: () => void }[] = [];
    const sleep = (ms: number, signal?: AbortSignal) =>
      new Promise<void>((resolve) => {
        waits.push({ ms, resolve });
        signal?.addEventListener('abort', () => resolve(), { once: true });
      });
    const worker = new Worker({
      store: h.store,
      useCases: h.useCases,
      gateway: h.zenhire,
      clock: h.clock,
      sleep,
      collect: { listed: ['speech'], polled: [] },
      delivery: { idlePollMs: 1_000 },
      events: { enabled: false },
      reconcile: { enabled: false },
    });
    worker.start();
    // First sweep: the run is still open; the delivery loop found nothing and idles.
    await until(async () => waits.length >= 3);
    expect(waits.some((w) => w.ms === 1_000)).toBe(true);
    const sweepWait = waits.find((w) => w.ms !== 1_000 && w.ms !== 5_000)!;
    h.clock.advance(120_000); // the run finishes
    sweepWait.resolve(); // next sweep records it and enqueues its delivery
    await until(async () => (await h.store.listDeliveries({ status: 'succeeded' })).length === 1);
    // Delivered although no idle wait ever ended (the test resolves none): the wake did it.
    expect(h.ats.totalWrites).toBe(2);
    await worker.stop(100);
  });
});
