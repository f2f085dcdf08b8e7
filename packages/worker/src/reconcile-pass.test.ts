import { ReconcilePass } from './reconcile-pass';
import { harness, linked } from './__fixtures__/worker-fakes';

describe('ReconcilePass', () => {
  it('enqueues what a crash left undelivered and is idempotent', async () => {
    const h = harness();
    const created = h.clock.now() - 3600_000;
    for (const [id, doneAt] of [
      ['req_a', created + 200_000],
      ['req_b', created + 250_000],
      ['req_open', undefined],
    ] as const) {
      h.zenhire.add({
        module: 'speech',
        id,
        createdAt: created,
        doneAt,
        correlation: linked('speech', id),
      });
    }
    // req_a was collected before the crash (body in the store), req_b never was.
    await h.useCases.recordTerminalRun(await h.zenhire.getRun({ module: 'speech', id: 'req_a' }));
    await h.store.listDeliveries({}).then((d) => expect(d).toHaveLength(1));
    h.zenhire.getCalls = 0;

    const pass = new ReconcilePass({
      gateway: h.zenhire,
      store: h.store,
      useCases: h.useCases,
      clock: h.clock,
      modules: ['speech'],
    });
    expect(await pass.run()).toMatchObject({ runs: 2, enqueued: 1, unchanged: 1, fetched: 1 });
    expect(h.zenhire.getCalls).toBe(1); // only req_b was read in full
    expect((await h.store.listDeliveries({})).map((d) => d.plan.runId).sort()).toEqual([
      'req_a',
      'req_b',
    ]);
    expect(await pass.run()).toMatchObject({ runs: 2, enqueued: 0, unchanged: 2, fetched: 0 });
  });
});
