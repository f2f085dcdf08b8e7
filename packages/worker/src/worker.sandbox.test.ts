import type { AtsEvent, Store } from '@zenhire-connect/core';
import { createStore } from '@zenhire-connect/store';
import { DEFAULT_ZENHIRE_SANDBOX_KEY, ZenHireSandbox } from '@zenhire-connect/testkit';
import { Metrics } from './metrics';
import { scaledSleep } from './sleep';
import { Worker } from './worker';
import { ZenHireApiGateway } from './zenhire-api-gateway';
import { FakeAts, GH, record, until, useCasesFor } from './__fixtures__/worker-fakes';

const TIME_SCALE = 0.001; // one documented second is one real millisecond

describe('Worker against the ZenHire sandbox and the SQLite store', () => {
  let sandbox: ZenHireSandbox;
  let store: Store;
  let baseUrl: string;

  beforeEach(async () => {
    sandbox = new ZenHireSandbox({ timeScale: TIME_SCALE, host: '127.0.0.1', port: 0 });
    baseUrl = await sandbox.start();
    store = createStore('sqlite::memory:');
    await store.migrate();
  });

  afterEach(async () => {
    await store.close();
    await sandbox.stop();
  });

  it('invites, collects the completed interview, chains it into speech and delivers its plan once', async () => {
    const metrics = new Metrics();
    const clock = { now: () => sandbox.now() };
    const gateway = ZenHireApiGateway.create(
      { apiKey: DEFAULT_ZENHIRE_SANDBOX_KEY, baseUrl },
      { metrics },
    );
    const persona = await gateway.client.interview.createPersona({
      role_name: 'Support Agent',
      language: 'en',
    });
    const ats = new FakeAts();
    const useCases = useCasesFor(store, ats, clock, gateway, [
      {
        name: 'invite-on-screen',
        connector: GH,
        on: 'stage_entered',
        stages: ['Phone Screen'],
        action: { kind: 'interview', personaId: persona.id, consentMode: 'integrator' },
      },
    ]);
    const event: AtsEvent = {
      id: 'evt-1',
      type: 'stage_entered',
      connector: GH,
      occurredAt: new Date(sandbox.now()).toISOString(),
      record,
      job: { id: '555', name: 'Support Agent' },
      stage: { id: '42', name: 'Phone Screen' },
    };
    const handled = await useCases.handleAtsEvent(event);
    expect(handled).toMatchObject({ duplicate: false, outcomes: [{ status: 'started' }] });
    const [session] = sandbox.interviewSessions();
    expect(session.candidate_ref).toBe('zc1:greenhouse-eu:67890');

    const worker = new Worker({
      store,
      useCases,
      gateway,
      clock,
      sleep: scaledSleep(TIME_SCALE),
      metrics,
      delivery: { idlePollMs: 5_000, leaseMs: 3_600_000 },
      reconcile: { enabled: false },
    });
    worker.start();
    try {
      sandbox.simulateCandidate(session.id, { durationSec: 240 });
      await until(
        async () => (await store.listDeliveries({ status: 'succeeded' })).length > 0,
        15_000,
        20,
      );
    } finally {
      await worker.stop(1_000);
    }

    // The session was chained into one speech run carrying the link and the parent run.
    const [speech] = sandbox.speechRuns();
    expect(sandbox.speechRuns()).toHaveLength(1);
    expect(speech.metadata).toMatchObject({ zc_parent_run: session.id, zc_application: '67890' });
    const deliveries = await store.listDeliveries({ status: 'succeeded' });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0].plan).toMatchObject({ runId: session.id, mapping: 'speech-scores' });
    expect(ats.totalWrites).toBe(deliveries[0].plan.operations.length);
    expect([...ats.writes.values()].every((n) => n === 1)).toBe(true);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(
      /zc_api_calls_total\{vendor="zenhire",endpoint="\/api\/v1\/speech\/runs"\} \d+/,
    );
    expect(text).toContain('zc_end_to_end_latency_seconds_count{connector="greenhouse-eu"} 1');
    expect(text).not.toContain('zc_api_rate_limited_total{vendor="zenhire"}');
  });

  it('a crashed worker’s deliveries are taken over after the lease and applied exactly once', async () => {
    const clock = { ms: Date.parse('2026-05-29T10:00:00Z'), now: () => clock.ms };
    const ats = new FakeAts();
    const gateway = ZenHireApiGateway.create({ apiKey: DEFAULT_ZENHIRE_SANDBOX_KEY, baseUrl });
    const useCases = useCasesFor(store, ats, clock, gateway);
    for (let i = 0; i < 20; i += 1) {
      await store.enqueue(
        {
          runId: `req_${i}`,
          connector: GH,
          mapping: 'speech-scores',
          record: { ...record, applicationId: `app-${i}` },
          operations: [
            { kind: 'AddNote', body: 'English B2', visibility: 'private' },
            { kind: 'AddTags', tags: ['zenhire-B2'] },
          ],
          hash: `h${i}`,
        },
        `key-${i}`,
        clock.now(),
      );
    }
    // Worker A applies the note of 4 deliveries, then its process "dies" (never stops, never resolves).
    const hang: (() => void)[] = [];
    for (let i = 0; i < 4; i += 1) {
      ats.script.push(async (plan, context) => {
        ats.write(plan, 0);
        await context.onOutcome?.({ index: 0, kind: 'AddNote', status: 'applied' });
        await new Promise<void>((resolve) => hang.push(resolve));
        throw new Error('process gone');
      });
    }
    const workerA = new Worker({
      store,
      useCases,
      gateway,
      clock,
      workerId: 'worker-a',
      delivery: { maxInFlight: 4, perConnector: 4, leaseMs: 60_000 },
      collect: { listed: [], polled: [] },
      reconcile: { enabled: false },
    });
    void workerA.deliverDue(); // abandoned: no stop()
    await until(async () => hang.length === 4, 5_000, 20);

    const workerB = new Worker({
      store,
      useCases,
      gateway,
      clock,
      workerId: 'worker-b',
      collect: { listed: [], polled: [] },
      reconcile: { enabled: false },
    });
    // Before the lease expires, B takes only what A did not claim.
    expect(await workerB.deliverDue()).toMatchObject({ claimed: 16, succeeded: 16 });
    clock.ms += 60_001;
    expect(await workerB.deliverDue()).toMatchObject({ claimed: 4, succeeded: 4 });

    expect(await store.listDeliveries({ status: 'succeeded', limit: 100 })).toHaveLength(20);
    expect(ats.writes.size).toBe(40);
    expect([...ats.writes.values()].every((n) => n === 1)).toBe(true);
    // The zombie wakes up: its writes are refused (lease lost), nothing changes.
    for (const resolve of hang) resolve();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await store.listDeliveries({ status: 'succeeded', limit: 100 })).toHaveLength(20);
    expect(ats.totalWrites).toBe(40);
  });
});
