import { createStore } from '@zenhire-connect/store';
import { DEFAULT_ZENHIRE_SANDBOX_KEY, ZenHireSandbox } from '@zenhire-connect/testkit';
import { Metrics } from './metrics';
import { scaledSleep } from './sleep';
import { Worker } from './worker';
import { ZenHireApiGateway } from './zenhire-api-gateway';
import { FakeAts, linked, until, useCasesFor } from './__fixtures__/worker-fakes';

const TIME_SCALE = 0.001; // one documented second is one real millisecond
const RUNS = 120;
const CONCURRENCY = 8; // the documented default (§4)

it(`collects a batch of ${RUNS} speech runs (FIFO, ${CONCURRENCY} at a time) with at most 1.2 ZenHire calls per run`, async () => {
  const sandbox = new ZenHireSandbox({
    timeScale: TIME_SCALE,
    host: '127.0.0.1',
    port: 0,
    initialBalance: 1_000_000,
    speechConcurrency: CONCURRENCY,
    audioDurationSeconds: () => 180,
  });
  const baseUrl = await sandbox.start();
  const store = createStore('sqlite::memory:');
  await store.migrate();
  try {
    const metrics = new Metrics();
    const clock = { now: () => sandbox.now() };
    const gateway = ZenHireApiGateway.create(
      { apiKey: DEFAULT_ZENHIRE_SANDBOX_KEY, baseUrl },
      { metrics },
    );
    const audio = Buffer.concat([Buffer.from('ID3'), Buffer.alloc(64)]); // a tiny "MP3" declared 3 min long
    const ats = new FakeAts();
    const useCases = useCasesFor(store, ats, clock, gateway);
    const worker = new Worker({
      store,
      useCases,
      gateway,
      clock,
      sleep: scaledSleep(TIME_SCALE),
      metrics,
      collect: { listed: ['speech'], polled: [] },
      // Leases are in clock ms: 1 documented hour is 3.6 real seconds at this scale.
      delivery: { idlePollMs: 5_000, leaseMs: 3_600_000 },
      reconcile: { enabled: false },
    });
    worker.start();
    const submitStart = Date.now();
    // Submitted 20 at a time while the worker runs (as triggers would).
    for (let i = 0; i < RUNS; i += 20) {
      await Promise.all(
        Array.from({ length: 20 }, (_, j) =>
          gateway
            .start({ kind: 'speech', language: 'en' }, linked('speech', `app-${i + j}`), {
              file: { data: audio, filename: `answer-${i + j}.mp3`, contentType: 'audio/mpeg' },
            })
            // What handleAtsEvent does after starting a run: remember it as open.
            .then((run) => store.saveRun({ ...run, terminal: false, observedAt: clock.now() })),
        ),
      );
    }
    const submitMs = Date.now() - submitStart;
    expect(metrics.apiCalls('zenhire', '/api/v1/speech/analyze')).toBe(RUNS);

    try {
      await until(
        async () =>
          (await store.listDeliveries({ status: 'succeeded', limit: 1000 })).length >= RUNS,
        30_000,
        50,
      );
    } finally {
      await worker.stop(1_000);
    }
    const collectCalls =
      metrics.apiCalls('zenhire', '/api/v1/speech/runs') +
      metrics.apiCalls('zenhire', '/api/v1/speech/analyze/{id}');
    expect(collectCalls).toBe(metrics.apiCalls('zenhire') - RUNS);
    const perRun = collectCalls / RUNS;
    // Figures for the README / benchmark (printed once per run of this test).
    process.stdout.write(
      `speech batch: ${RUNS} runs, ${collectCalls} collect calls, ${perRun.toFixed(3)} per run, submit took ${submitMs} ms real\n`,
    );
    expect(perRun).toBeLessThanOrEqual(1.2);
    expect(ats.writes.size).toBe(RUNS * 2);
    expect([...ats.writes.values()].every((n) => n === 1)).toBe(true);
    expect(await metrics.registry.getSingleMetricAsString('zc_api_rate_limited_total')).not.toMatch(
      /vendor="zenhire"\} [1-9]/,
    );
  } finally {
    await store.close();
    await sandbox.stop();
  }
});
