import { ConnectorError, ZenHireConnectError } from '../errors';
import type { Delivery } from '../model/delivery';
import type { WritePlan } from '../model/write-plan';
import { deliverOne } from './deliver-one';
import { retryDelayMs } from './retry-schedule';
import { DEFAULT_RETRY_POLICY } from './use-case-deps';
import { GH, harness, record, type Harness } from './__fixtures__/use-case-fakes';

const plan: WritePlan = {
  runId: 'req_1',
  connector: GH,
  mapping: 'speech-scores',
  record,
  operations: [
    { kind: 'AddNote', body: 'English B2', visibility: 'private' },
    { kind: 'AddTags', tags: ['zenhire-B2'] },
  ],
  hash: 'h',
};

async function claimed(h: Harness, p: WritePlan = plan): Promise<Delivery> {
  await h.store.enqueue(p, `key-${p.hash}`, h.clock.now());
  const [delivery] = await h.store.claimDue('w1', 1, 60_000, h.clock.now());
  return delivery;
}

describe('deliverOne', () => {
  it('applies the plan, records outcomes and completes', async () => {
    const h = harness();
    const delivery = await claimed(h);
    const result = await deliverOne(h.deps, delivery, 'w1');
    expect(result).toMatchObject({ status: 'succeeded', calls: 2 });
    expect(await h.store.getDelivery(delivery.id)).toMatchObject({
      status: 'succeeded',
      outcomes: [
        { index: 0, status: 'applied' },
        { index: 1, status: 'applied' },
      ],
    });
  });

  it('keeps progress across attempts so a note is never posted twice', async () => {
    const h = harness();
    const attempts: (number | undefined)[] = [];
    h.ats.script.push(async (_plan, context) => {
      attempts.push(context.attempt);
      await context.onOutcome?.({
        index: 0,
        kind: 'AddNote',
        status: 'applied',
        atsIds: { noteId: 'n1' },
      });
      throw new ConnectorError('RATE_LIMITED', 'Greenhouse 429', true);
    });
    const first = await deliverOne(h.deps, await claimed(h), 'w1');
    expect(first.status).toBe('retry_scheduled');
    const stored = (await h.store.listDeliveries({}))[0];
    expect(stored.outcomes).toEqual([
      { index: 0, kind: 'AddNote', status: 'applied', atsIds: { noteId: 'n1' } },
    ]);
    if (first.status !== 'retry_scheduled') throw new Error('unreachable');
    h.clock.set(first.nextAttemptAt);
    const [again] = await h.store.claimDue('w1', 1, 60_000, h.clock.now());
    h.ats.script.push(async (_plan, context) => {
      // The connector sees what was done and only does the rest.
      expect(context.previousOutcomes.map((o) => o.index)).toEqual([0]);
      attempts.push(context.attempt);
      const tags = { index: 1, kind: 'AddTags' as const, status: 'applied' as const };
      await context.onOutcome?.(tags);
      return { outcomes: [tags], calls: 1 };
    });
    expect(await deliverOne(h.deps, again, 'w1')).toMatchObject({ status: 'succeeded' });
    expect((await h.store.getDelivery(again.id))?.outcomes.map((o) => o.index)).toEqual([0, 1]);
    // The connector is told which attempt it runs (1-based), so it can look before re-posting.
    expect(attempts).toEqual([1, 2]);
  });

  it('backs off exponentially with jitter', async () => {
    const h = harness();
    const delivery = await claimed(h);
    h.ats.script.push(async () => {
      throw new ConnectorError('UNAVAILABLE', '503', true);
    });
    const result = await deliverOne(h.deps, delivery, 'w1');
    // attempt 1, random 0.5 (no spread): the initial 5 s.
    expect(result).toMatchObject({
      status: 'retry_scheduled',
      nextAttemptAt: h.clock.now() + 5000,
    });
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, 3, () => 0.5)).toBe(20_000);
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, 3, () => 0)).toBe(16_000);
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, 3, () => 0.999999)).toBe(24_000);
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, 20, () => 0.5)).toBe(3_600_000);
  });

  it('honours the connector’s Retry-After', async () => {
    const h = harness();
    const delivery = await claimed(h);
    h.ats.script.push(async () => {
      throw new ConnectorError('RATE_LIMITED', '429', true, { retryAfterMs: 120_000, status: 429 });
    });
    const result = await deliverOne(h.deps, delivery, 'w1');
    expect(result).toMatchObject({
      status: 'retry_scheduled',
      nextAttemptAt: h.clock.now() + 120_000,
    });
    expect(await h.store.getDelivery(delivery.id)).toMatchObject({
      status: 'pending',
      lastError: { code: 'RATE_LIMITED', message: '429' },
    });
  });

  it('honours a Retry-After carried by a failed operation outcome', async () => {
    const h = harness();
    const delivery = await claimed(h);
    h.ats.script.push(async () => ({
      outcomes: [
        { index: 0, kind: 'AddNote', status: 'applied', atsIds: { noteId: '9' } },
        {
          index: 1,
          kind: 'AddTags',
          status: 'failed',
          error: { code: 'RATE_LIMITED', message: '429', retryable: true, retryAfterMs: 90_000 },
        },
      ],
      calls: 2,
    }));
    expect(await deliverOne(h.deps, delivery, 'w1')).toMatchObject({
      status: 'retry_scheduled',
      nextAttemptAt: h.clock.now() + 90_000,
    });
  });

  it('retries a delivery whose apply was aborted mid-plan (not-attempted operations are not done)', async () => {
    const h = harness();
    const delivery = await claimed(h);
    h.ats.script.push(async () => ({
      outcomes: [
        { index: 0, kind: 'AddNote', status: 'applied', atsIds: { noteId: '9' } },
        {
          index: 1,
          kind: 'AddTags',
          status: 'skipped',
          error: { code: 'ABORTED', message: 'apply aborted', retryable: true },
        },
      ],
      calls: 1,
    }));
    expect(await deliverOne(h.deps, delivery, 'w1')).toMatchObject({
      status: 'retry_scheduled',
      error: { code: 'ABORTED' },
    });
    const stored = await h.store.getDelivery(delivery.id);
    expect(stored).toMatchObject({ status: 'pending' });
    expect(stored?.outcomes[0]).toMatchObject({ status: 'applied', atsIds: { noteId: '9' } });
  });

  it('dead-letters non-retryable errors and failed operations at once', async () => {
    const h = harness();
    const delivery = await claimed(h);
    h.ats.script.push(async () => {
      throw new ConnectorError('NOT_FOUND', 'application 67890 not found', false, { status: 404 });
    });
    expect(await deliverOne(h.deps, delivery, 'w1')).toMatchObject({
      status: 'dead',
      error: { code: 'NOT_FOUND' },
    });
    expect((await h.store.getDelivery(delivery.id))?.status).toBe('dead');

    const h2 = harness();
    const d2 = await claimed(h2);
    h2.ats.script.push(async () => ({
      outcomes: [
        { index: 0, kind: 'AddNote', status: 'applied' },
        {
          index: 1,
          kind: 'AddTags',
          status: 'failed',
          error: { code: 'TAG_INVALID', message: 'tag too long', retryable: false },
        },
      ],
      calls: 2,
    }));
    expect(await deliverOne(h2.deps, d2, 'w1')).toMatchObject({
      status: 'dead',
      error: { code: 'TAG_INVALID' },
    });
    // Our own typed errors are permanent too.
    const h3 = harness();
    const d3 = await claimed(h3);
    h3.ats.script.push(async () => {
      throw new ZenHireConnectError('FIELD_TYPE_MISMATCH', 'cannot fit');
    });
    expect(await deliverOne(h3.deps, d3, 'w1')).toMatchObject({ status: 'dead' });
  });

  it('dead-letters when the attempts are used up', async () => {
    const h = harness({ retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 2 } });
    await h.store.enqueue(plan, 'k', h.clock.now());
    for (const expected of ['retry_scheduled', 'dead']) {
      h.clock.set(h.clock.now() + 3_600_000);
      const [delivery] = await h.store.claimDue('w1', 1, 60_000, h.clock.now());
      h.ats.script.push(async () => {
        throw new ConnectorError('UNAVAILABLE', '503', true);
      });
      expect((await deliverOne(h.deps, delivery, 'w1')).status).toBe(expected);
    }
  });

  it('dead-letters a plan whose operations got no outcome, and an unknown connector', async () => {
    const h = harness();
    const delivery = await claimed(h);
    h.ats.script.push(async () => ({
      outcomes: [{ index: 0, kind: 'AddNote', status: 'applied' }],
      calls: 1,
    }));
    expect(await deliverOne(h.deps, delivery, 'w1')).toMatchObject({
      status: 'dead',
      error: { code: 'OUTCOME_MISSING' },
    });
    const h2 = harness();
    const d2 = await claimed(h2, { ...plan, connector: 'lever', hash: 'other' });
    expect(await deliverOne(h2.deps, d2, 'w1')).toMatchObject({
      status: 'dead',
      error: { code: 'CONNECTOR_NOT_FOUND' },
    });
  });

  it('stops without writing when another worker took the delivery over', async () => {
    const h = harness();
    const delivery = await claimed(h);
    h.clock.set(h.clock.now() + 60_000);
    await h.store.claimDue('w2', 1, 60_000, h.clock.now());
    expect(await deliverOne(h.deps, delivery, 'w1')).toEqual({ status: 'lease_lost' });
    expect(await h.store.getDelivery(delivery.id)).toMatchObject({
      status: 'in_progress',
      claimedBy: 'w2',
      outcomes: [],
    });
  });

  it('stops without writing when the lease is gone by the time a failure is recorded', async () => {
    const h = harness();
    const delivery = await claimed(h);
    h.clock.set(h.clock.now() + 60_000);
    await h.store.claimDue('w2', 1, 60_000, h.clock.now());
    h.ats.script.push(async () => {
      throw new ConnectorError('RATE_LIMITED', 'slow down', true, { status: 429 });
    });
    expect(await deliverOne(h.deps, delivery, 'w1')).toEqual({ status: 'lease_lost' });
    expect(await h.store.getDelivery(delivery.id)).toMatchObject({
      status: 'in_progress',
      claimedBy: 'w2',
      lastError: null,
    });
  });
});
