import { explainRun } from './explain-run';
import { reconcile } from './reconcile';
import {
  compiledRules,
  defaultMappings,
  GH,
  harness,
  linkedSpeechRun,
  speechRun,
} from './__fixtures__/use-case-fakes';

describe('reconcile', () => {
  it('enqueues missing deliveries, leaves unchanged ones and re-plans when a mapping changed', async () => {
    const { deps, store } = harness();
    const runs = [
      linkedSpeechRun('req_1'),
      linkedSpeechRun('req_2'),
      { ...linkedSpeechRun('req_3'), terminal: false },
    ];
    expect(await reconcile(deps, runs)).toEqual({
      runs: 2,
      enqueued: 2,
      unchanged: 0,
      chained: 0,
      unlinked: 0,
      failed: [],
    });
    expect(await reconcile(deps, runs)).toMatchObject({ enqueued: 0, unchanged: 2 });

    const changed = defaultMappings();
    (changed[0] as { addTags: string[] }).addTags = ['english-{{ assessment.cefr }}'];
    deps.rules = { ...deps.rules, mappings: compiledRules(changed).mappings };
    expect(await reconcile(deps, runs)).toMatchObject({ enqueued: 2, unchanged: 0 });
    expect(await store.listDeliveries({})).toHaveLength(4);
  });

  it('counts unlinked runs and keeps going after a failing run', async () => {
    const { deps } = harness();
    const broken = { ...linkedSpeechRun('req_bad'), body: undefined };
    const foreign = speechRun('req_f', { externalId: 'x', metadata: {}, tags: [] });
    async function* runs() {
      yield broken;
      yield foreign;
      yield linkedSpeechRun('req_ok');
    }
    expect(await reconcile(deps, runs())).toMatchObject({
      runs: 3,
      enqueued: 1,
      unlinked: 1,
      failed: [{ runId: 'req_bad', error: { code: 'RUN_BODY_INVALID' } }],
    });
  });
});

describe('explainRun', () => {
  it('shows link, assessment, plans and the connector’s calls, writing nothing', async () => {
    const { deps, store, gateway } = harness();
    const run = linkedSpeechRun('req_1');
    gateway.runs.set(run.id, run);
    const explanation = await explainRun(deps, { module: 'speech', id: 'req_1' });
    expect(explanation).toMatchObject({
      run: { id: 'req_1', module: 'speech', status: 'success', terminal: true },
      link: { linked: true, link: { record: { connector: GH } } },
      action: 'plan',
      assessment: { score: 3.8 },
      plans: [
        {
          mapping: 'speech-scores',
          calls: [
            { method: 'POST', url: expect.stringContaining('SetFields') },
            { method: 'POST', url: expect.stringContaining('AddTags') },
          ],
        },
      ],
    });
    expect(explanation.plans[0].existingDelivery).toBeUndefined();
    expect(await store.findLink('req_1')).toBeUndefined();
    expect(await store.getRun('req_1')).toBeUndefined();
    expect(await store.listDeliveries({})).toEqual([]);
  });

  it('finds the module in the store and reports an existing delivery', async () => {
    const { deps, gateway } = harness();
    const run = linkedSpeechRun('req_1');
    gateway.runs.set(run.id, run);
    await reconcile(deps, [run]);
    const explanation = await explainRun(deps, 'req_1');
    expect(explanation.plans[0].existingDelivery).toMatchObject({ status: 'pending', attempts: 0 });
    await expect(explainRun(deps, 'unknown')).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
  });

  it('explains an unlinked run', async () => {
    const { deps, gateway } = harness();
    const run = speechRun('req_f', { externalId: 'x', metadata: {}, tags: [] });
    gateway.runs.set(run.id, run);
    expect(await explainRun(deps, { module: 'speech', id: 'req_f' })).toMatchObject({
      action: 'unlinked',
      link: { linked: false, reason: 'foreign' },
      plans: [],
    });
  });
});
