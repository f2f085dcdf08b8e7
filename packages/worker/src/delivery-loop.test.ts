import { ConnectorError, type WritePlan } from '@zenhire-connect/core';
import { DeliveryLoop } from './delivery-loop';
import { Metrics } from './metrics';
import { GH, harness, record } from './__fixtures__/worker-fakes';

function plan(runId: string, connector = GH): WritePlan {
  return {
    runId,
    connector,
    mapping: 'speech-scores',
    record,
    operations: [
      { kind: 'AddNote', body: 'English B2', visibility: 'private' },
      { kind: 'AddTags', tags: ['zenhire-B2'] },
    ],
    hash: `h-${runId}`,
  };
}

function loopFor(h: ReturnType<typeof harness>, workerId = 'w1', extra = {}) {
  const metrics = new Metrics({ store: h.store, now: h.clock.now });
  const loop = new DeliveryLoop({
    store: h.store,
    useCases: h.useCases,
    clock: h.clock,
    workerId,
    metrics,
    ...extra,
  });
  return { loop, metrics };
}

async function enqueue(h: ReturnType<typeof harness>, ...runIds: string[]) {
  for (const runId of runIds) await h.store.enqueue(plan(runId), `key-${runId}`, h.clock.now());
}

describe('DeliveryLoop', () => {
  it('claims due deliveries and applies each once', async () => {
    const h = harness();
    await enqueue(h, 'r1', 'r2', 'r3');
    const { loop, metrics } = loopFor(h);
    expect(await loop.drain()).toMatchObject({ claimed: 3, succeeded: 3 });
    expect(h.ats.totalWrites).toBe(6);
    expect((await h.store.listDeliveries({ status: 'succeeded' })).length).toBe(3);
    expect(await loop.drain()).toMatchObject({ claimed: 0 });
    const text = await metrics.registry.metrics();
    expect(text).toContain('zc_deliveries_total{outcome="succeeded",connector="greenhouse-eu"} 3');
    expect(text).toContain('zc_delivery_queue_depth{status="succeeded"} 3');
    expect(text).toContain('zc_end_to_end_latency_seconds_count{connector="greenhouse-eu"} 3');
  });

  it('retries after the connector’s Retry-After, keeping what was applied', async () => {
    const h = harness();
    await enqueue(h, 'r1');
    h.ats.script.push(async (p, context) => {
      h.ats.write(p, 0);
      await context.onOutcome?.({ index: 0, kind: 'AddNote', status: 'applied' });
      throw new ConnectorError('RATE_LIMITED', 'Greenhouse 429', true, {
        retryAfterMs: 120_000,
        status: 429,
      });
    });
    const { loop, metrics } = loopFor(h);
    expect(await loop.drain()).toMatchObject({ claimed: 1, retryScheduled: 1 });
    const [pending] = await h.store.listDeliveries({ status: 'pending' });
    expect(pending.nextAttemptAt).toBe(h.clock.now() + 120_000);

    h.clock.advance(119_000);
    expect(await loop.drain()).toMatchObject({ claimed: 0 });
    h.clock.advance(1_000);
    expect(await loop.drain()).toMatchObject({ claimed: 1, succeeded: 1 });
    // The note was written once, the tags once.
    expect([...h.ats.writes.values()]).toEqual([1, 1]);
    expect(await metrics.registry.getSingleMetricAsString('zc_deliveries_total')).toContain(
      'outcome="retry_scheduled"',
    );
  });

  it('dead-letters a permanent failure', async () => {
    const h = harness();
    await enqueue(h, 'r1');
    h.ats.script.push(async () => {
      throw new ConnectorError('NOT_FOUND', 'application 67890 not found', false, { status: 404 });
    });
    const { loop } = loopFor(h);
    expect(await loop.drain()).toMatchObject({ dead: 1 });
    expect(await h.store.listDeliveries({ status: 'dead' })).toMatchObject([
      { lastError: { code: 'NOT_FOUND' } },
    ]);
  });

  it('bounds concurrency per connector', async () => {
    const h = harness();
    await enqueue(h, 'r1', 'r2', 'r3', 'r4', 'r5', 'r6');
    for (let i = 0; i < 6; i += 1) {
      h.ats.script.push(async (p, context) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return h.ats.applyAll(p, context);
      });
    }
    const { loop } = loopFor(h, 'w1', { perConnector: 2, maxInFlight: 10 });
    expect(await loop.drain()).toMatchObject({ succeeded: 6 });
    expect(h.ats.maxRunning).toBe(2);
  });

  it('on stop releases what did not finish, and another worker finishes it without repeating a write', async () => {
    const h = harness();
    await enqueue(h, 'r1', 'r2');
    let aborted = false;
    // r1: writes the note, then hangs until aborted.
    h.ats.script.push(async (p, context) => {
      h.ats.write(p, 0);
      await context.onOutcome?.({ index: 0, kind: 'AddNote', status: 'applied' });
      await new Promise<void>((resolve) =>
        context.signal?.addEventListener('abort', () => {
          aborted = true;
          resolve();
        }),
      );
      throw new ConnectorError('ABORTED', 'aborted', true);
    });
    const { loop } = loopFor(h, 'w1', { perConnector: 1 });
    expect(await loop.claim()).toBe(2);
    while (h.ats.applyCalls === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(h.ats.applyCalls).toBe(1); // r2 waits behind r1 (one per connector)

    expect(await loop.stop(20)).toEqual({ released: 2 });
    expect(aborted).toBe(true);
    const pending = await h.store.listDeliveries({ status: 'pending' });
    expect(pending).toHaveLength(2);
    expect(pending.every((d) => d.attempts === 0 && d.claimedBy === null)).toBe(true);
    expect(h.ats.applyCalls).toBe(1); // r2 was never applied

    const second = loopFor(h, 'w2').loop;
    expect(await second.drain()).toMatchObject({ claimed: 2, succeeded: 2 });
    expect([...h.ats.writes.values()].every((n) => n === 1)).toBe(true);
    expect(h.ats.totalWrites).toBe(4);
  });

  it('never starts a second attempt when its own lease expires during a long delivery', async () => {
    const h = harness();
    await enqueue(h, 'r1');
    let finish: () => void = () => undefined;
    h.ats.script.push(async (p, context) => {
      await new Promise<void>((resolve) => (finish = resolve));
      return h.ats.applyAll(p, context);
    });
    const { loop } = loopFor(h, 'w1', { leaseMs: 1_000 });
    expect(await loop.claim()).toBe(1);
    while (h.ats.applyCalls === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    h.clock.advance(2_000);
    expect(await loop.claim()).toBe(0); // re-leased to us, not started again
    finish();
    expect(await loop.drain()).toMatchObject({ claimed: 0 });
    expect(h.ats.applyCalls).toBe(1);
    expect(await h.store.listDeliveries({ status: 'succeeded' })).toHaveLength(1);
  });

  it('wake() ends the wait for the next claim, and a wake while nobody waits is kept', async () => {
    const h = harness();
    const { loop } = loopFor(h);
    let woken = false;
    void loop.settled().then(() => (woken = true));
    await Promise.resolve();
    expect(woken).toBe(false);
    loop.wake();
    await Promise.resolve();
    expect(woken).toBe(true);
    // Woken while claiming (nobody waits yet): the next wait ends at once, not a poll later.
    loop.wake();
    let next = false;
    void loop.settled().then(() => (next = true));
    await Promise.resolve();
    expect(next).toBe(true);
    // Only once: the wait after that is a real wait again.
    let third = false;
    void loop.settled().then(() => (third = true));
    await Promise.resolve();
    expect(third).toBe(false);
    await loop.stop(10);
    await Promise.resolve();
    expect(third).toBe(true);
  });
});
