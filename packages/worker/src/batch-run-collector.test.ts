import { BatchRunCollector } from './batch-run-collector';
import { Metrics } from './metrics';
import { harness, linked } from './__fixtures__/worker-fakes';

function speechCollector(h: ReturnType<typeof harness>, metrics?: Metrics) {
  return new BatchRunCollector({
    module: 'speech',
    gateway: h.zenhire,
    store: h.store,
    useCases: h.useCases,
    clock: h.clock,
    metrics,
  });
}

describe('BatchRunCollector (speech)', () => {
  it('collects a batch that completes together with one listing per sweep and persists the cursor', async () => {
    const h = harness();
    const created = h.clock.now();
    for (let i = 0; i < 50; i += 1) {
      h.zenhire.add({
        module: 'speech',
        id: `req_${i}`,
        createdAt: created + i,
        doneAt: created + 200_000,
        correlation: linked('speech', `app-${i}`),
      });
    }
    const collector = speechCollector(h);

    h.clock.advance(30_000);
    const first = await collector.sweep();
    expect(first).toMatchObject({ completed: 0, open: 50, listCalls: 1, fetchCalls: 0 });
    expect(h.zenhire.listCalls).toBe(1);
    expect(await h.store.getCursor('collect.speech.tail')).toBe(new Date(created).toISOString());

    h.clock.advance(200_000);
    const second = await collector.sweep();
    // One window listing (50 rows, one page) and one full read per finished run.
    expect(second).toMatchObject({ completed: 50, open: 0, listCalls: 1, fetchCalls: 50 });
    expect(h.zenhire.listCalls).toBe(2);
    expect(await h.store.listDeliveries({ limit: 1000 })).toHaveLength(50);
    expect(await h.store.getCursor('collect.speech.tail')).toBe(
      new Date(created + 49).toISOString(),
    );

    // Nothing new: an idle sweep lists once and collects nothing twice.
    h.clock.advance(second.nextDelayMs);
    expect(await collector.sweep()).toMatchObject({ completed: 0, fetchCalls: 0 });
    expect(await h.store.listDeliveries({ limit: 1000 })).toHaveLength(50);
  });

  it('resumes from the stored cursor after a restart', async () => {
    const h = harness();
    const created = h.clock.now();
    h.zenhire.add({
      module: 'speech',
      id: 'req_old',
      createdAt: created - 3600_000,
      doneAt: created - 3000_000,
      correlation: linked('speech', 'app-old'),
    });
    h.zenhire.add({
      module: 'speech',
      id: 'req_open',
      createdAt: created,
      doneAt: created + 300_000,
      correlation: linked('speech', 'app-open'),
    });
    await speechCollector(h).sweep();
    const tail = await h.store.getCursor('collect.speech.tail');
    expect(tail).toBe(new Date(created).toISOString());

    // A new process: lists from the stored tail, so the old run is not listed again.
    h.clock.advance(400_000);
    const queries = h.zenhire.listQueries.length;
    const result = await speechCollector(h).sweep();
    const from = Date.parse(h.zenhire.listQueries[queries].query.createdAfter!);
    expect(from).toBeGreaterThan(created - 3600_000);
    expect(from).toBeLessThanOrEqual(Date.parse(tail!));
    expect(result).toMatchObject({ completed: 1, open: 0 });
    const deliveries = await h.store.listDeliveries({ limit: 10 });
    expect(deliveries.map((d) => d.plan.runId).sort()).toEqual(['req_old', 'req_open']);
  });

  it('collects 500 FIFO-processed runs with at most 1.2 ZenHire calls per run', async () => {
    const h = harness();
    const metrics = new Metrics();
    const ids = h.zenhire.addSpeechBatch(500, 8);
    const collector = speechCollector(h, metrics);
    let sweeps = 0;
    let latest = 0;
    const collectedAt = new Map<string, number>();
    while (collector.openRuns > 0 || sweeps === 0) {
      const result = await collector.sweep();
      sweeps += 1;
      for (const d of await h.store.listDeliveries({ limit: 1000 })) {
        if (!collectedAt.has(d.plan.runId)) collectedAt.set(d.plan.runId, h.clock.now());
      }
      h.clock.advance(result.nextDelayMs);
      latest = result.nextDelayMs;
      if (sweeps > 2000) throw new Error('did not converge');
    }
    expect(latest).toBeGreaterThan(0);
    const deliveries = await h.store.listDeliveries({ limit: 1000 });
    expect(new Set(deliveries.map((d) => d.plan.runId))).toEqual(new Set(ids));
    const perRun = h.zenhire.calls / ids.length;
    expect(perRun).toBeLessThanOrEqual(1.2);
    // Collected within the 5-minute bound of the cadence after finishing.
    for (const id of ids) {
      const run = h.zenhire.runs.get(id)!;
      expect(collectedAt.get(id)! - run.doneAt!).toBeLessThanOrEqual(300_000);
    }
    // The documented recipe (one poll loop per run at 15/30/60 s) for the same batch:
    let recipe = 0;
    for (const id of ids) {
      const run = h.zenhire.runs.get(id)!;
      for (let t = 15_000; ;) {
        recipe += 1;
        if (run.createdAt + t >= run.doneAt!) break;
        t += t < 120_000 ? 15_000 : t < 300_000 ? 30_000 : 60_000;
      }
    }
    expect(recipe / ids.length).toBeGreaterThan(50);
    expect(await metrics.registry.getSingleMetricAsString('zc_runs_collected_total')).toContain(
      'result="planned"} 500',
    );
  });

  it('reads open runs of the store that no listing shows, one by one', async () => {
    const h = harness();
    // A run saved as open by a trigger but (say) older than every listing window.
    await h.store.saveRun({
      id: 'req_lost',
      module: 'speech',
      status: 'processing',
      terminal: false,
      observedAt: h.clock.now(),
    });
    h.zenhire.add({
      module: 'speech',
      id: 'req_lost',
      createdAt: h.clock.now() - 10 * 24 * 3600_000,
      doneAt: h.clock.now() - 9 * 24 * 3600_000,
      correlation: linked('speech', 'app-lost'),
    });
    const collector = speechCollector(h);
    const first = await collector.sweep();
    h.clock.advance(15_000);
    const second = await collector.sweep();
    expect(first.completed + second.completed).toBe(1);
    expect(h.zenhire.getCalls).toBe(1);
    expect((await h.store.getRun('req_lost'))?.terminal).toBe(true);
  });
});

describe('BatchRunCollector (interview → speech chain)', () => {
  it('chains a completed session into speech, then plans the speech scores for the session', async () => {
    const h = harness();
    const created = h.clock.now();
    h.zenhire.add({
      module: 'interview',
      id: 'sess-1',
      createdAt: created,
      startAt: created + 60_000,
      doneAt: created + 600_000,
      correlation: linked('interview', 'app-iv'),
      language: 'de',
    });
    const interviews = new BatchRunCollector({
      module: 'interview',
      gateway: h.zenhire,
      store: h.store,
      useCases: h.useCases,
      clock: h.clock,
    });
    const speech = speechCollector(h);

    expect(await interviews.sweep()).toMatchObject({ completed: 0, open: 1 });
    h.clock.advance(600_000);
    expect(await interviews.sweep()).toMatchObject({ completed: 1, open: 0 });
    expect(h.zenhire.chained).toHaveLength(1);
    expect(h.zenhire.chained[0]).toMatchObject({ sessionId: 'sess-1', language: 'de' });
    expect(h.zenhire.chained[0].correlation.metadata).toMatchObject({ zc_parent_run: 'sess-1' });
    expect(await h.store.listDeliveries({})).toEqual([]);

    // A second sweep does not chain again.
    h.clock.advance(60_000);
    await interviews.sweep();
    expect(h.zenhire.chained).toHaveLength(1);

    await speech.sweep();
    h.clock.advance(200_000);
    expect(await speech.sweep()).toMatchObject({ completed: 1 });
    const [delivery] = await h.store.listDeliveries({});
    expect(delivery.plan).toMatchObject({ runId: 'sess-1', mapping: 'speech-scores' });
  });
});
