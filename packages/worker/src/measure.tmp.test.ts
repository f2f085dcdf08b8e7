import { BatchRunCollector } from './batch-run-collector';
import { harness } from './__fixtures__/worker-fakes';

for (const concurrency of [8, 50, 500]) {
  it(`measure concurrency ${concurrency}`, async () => {
    const h = harness();
    const ids = h.zenhire.addSpeechBatch(500, concurrency);
    const c = new BatchRunCollector({ module: 'speech', gateway: h.zenhire, store: h.store, useCases: h.useCases, clock: h.clock });
    let sweeps = 0;
    const seen = new Map<string, number>();
    while (c.openRuns > 0 || sweeps === 0) {
      const r = await c.sweep();
      sweeps++;
      for (const d of await h.store.listDeliveries({ limit: 1000 })) if (!seen.has(d.plan.runId)) seen.set(d.plan.runId, h.clock.now());
      h.clock.advance(r.nextDelayMs);
    }
    const lat = ids.map((id) => seen.get(id)! - h.zenhire.runs.get(id)!.doneAt!);
    const span = Math.max(...ids.map((id) => h.zenhire.runs.get(id)!.doneAt!)) - h.zenhire.runs.get(ids[0])!.createdAt;
    console.log(JSON.stringify({ concurrency, calls: h.zenhire.calls, list: h.zenhire.listCalls, get: h.zenhire.getCalls, perRun: h.zenhire.calls / 500, sweeps, meanLatencyS: lat.reduce((a, b) => a + b, 0) / lat.length / 1000, maxLatencyS: Math.max(...lat) / 1000, batchMinutes: span / 60000 }));
  });
}
