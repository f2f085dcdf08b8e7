import { handleAtsEvent } from './handle-ats-event';
import { recordTerminalRun } from './record-terminal-run';
import {
  completedSession,
  GH,
  harness,
  linkedSpeechRun,
  record,
  speechRun,
  stageEvent,
} from './__fixtures__/use-case-fakes';

describe('recordTerminalRun', () => {
  it('decodes the link, saves the run and enqueues each matching mapping once', async () => {
    const { deps, store } = harness();
    const run = linkedSpeechRun('req_1');
    const result = await recordTerminalRun(deps, run);
    expect(result).toMatchObject({
      status: 'planned',
      link: { runId: 'req_1', record, source: { kind: 'scheme' } },
      assessment: { score: 3.8, cefr: 'B2' },
      deliveries: [{ mapping: 'speech-scores', created: true, operations: 2 }],
    });
    const [delivery] = await store.listDeliveries({ runId: 'req_1' });
    expect(delivery.plan.operations).toEqual([
      { kind: 'SetFields', fields: [{ field: 'english_cefr', value: 'B2', type: 'text' }] },
      { kind: 'AddTags', tags: ['zenhire-B2'] },
    ]);
    expect(await store.findLink('req_1')).toMatchObject({ record });
    expect(await store.getRun('req_1')).toMatchObject({ terminal: true, status: 'success' });

    // Collected again (poll + webhook, reconcile): nothing new.
    const again = await recordTerminalRun(deps, run);
    expect(again).toMatchObject({ deliveries: [{ created: false }] });
    expect(await store.listDeliveries({})).toHaveLength(1);
  });

  it('reports a foreign run as unlinked, saves it terminal and plans nothing', async () => {
    const { deps, store } = harness();
    const run = speechRun('req_x', {
      externalId: 'ATS-1',
      metadata: { source: 'other' },
      tags: [],
    });
    expect(await recordTerminalRun(deps, run)).toEqual({
      status: 'unlinked',
      reason: 'foreign',
      detail: expect.any(String),
    });
    expect(await store.getRun('req_x')).toMatchObject({ terminal: true });
    expect(await store.listDeliveries({})).toEqual([]);
  });

  it('links through a rule that gives only the application id, resolving the candidate', async () => {
    const { deps, store, ats } = harness();
    ats.candidateOfApplication.set('67890', '12345');
    deps.rules = {
      ...deps.rules,
      linkRules: [{ name: 'gh-app', connector: GH, externalId: 'applicationId' }],
    };
    const run = speechRun('req_r', { externalId: '67890', metadata: {}, tags: [] });
    const result = await recordTerminalRun(deps, run);
    expect(result).toMatchObject({
      status: 'planned',
      link: { record: { connector: GH, candidateId: '12345', applicationId: '67890' } },
    });
    expect(await store.findLink('req_r')).toMatchObject({
      source: { kind: 'rule', rule: 'gh-app' },
    });
  });

  it('saves the status of a run that is not terminal', async () => {
    const { deps, store } = harness();
    const run = { ...linkedSpeechRun('req_open'), status: 'processing', terminal: false };
    expect(await recordTerminalRun(deps, run)).toEqual({ status: 'open' });
    expect(await store.listOpenRuns('speech', 10)).toEqual([
      expect.objectContaining({ id: 'req_open' }),
    ]);
  });

  it('chains a completed interview into speech analysis once, then plans the interview with the speech scores', async () => {
    const { deps, store, gateway } = harness();
    await handleAtsEvent(deps, stageEvent());
    const link = (await store.findLink('interview-1'))!;
    const session = completedSession('interview-1', gateway.started[0].correlation);

    const chained = await recordTerminalRun(deps, session);
    expect(chained).toMatchObject({
      status: 'chained',
      speechRunId: 'speech-of-interview-1',
      created: true,
    });
    expect(gateway.chained).toHaveLength(1);
    expect(gateway.chained[0]).toMatchObject({ sessionId: 'interview-1', language: 'de' });
    expect(gateway.chained[0].correlation.metadata).toMatchObject({
      zc_parent_run: 'interview-1',
      zc_trigger: 'invite-on-screen',
      zc_application: '67890',
    });
    expect(await store.findLink('speech-of-interview-1')).toMatchObject({
      parentRunId: 'interview-1',
      record,
    });
    expect(await store.listDeliveries({})).toEqual([]);

    // Seen again: no second chain.
    expect(await recordTerminalRun(deps, session)).toMatchObject({
      status: 'chained',
      created: false,
    });
    expect(gateway.chained).toHaveLength(1);

    // The chained speech run finishes: planned as the interview, with the speech scores.
    const speech = speechRun('speech-of-interview-1', gateway.chained[0].correlation);
    const planned = await recordTerminalRun(deps, speech);
    expect(planned).toMatchObject({
      status: 'planned',
      link: { runId: link.runId, module: 'interview' },
      assessment: {
        runId: 'interview-1',
        module: 'interview',
        score: 3.8,
        cefr: 'B2',
        artifacts: { recordingUrl: expect.stringContaining('/sessions/interview-1/recording') },
      },
      deliveries: [{ mapping: 'speech-scores', created: true }],
    });
    const [delivery] = await store.listDeliveries({});
    expect(delivery.plan.runId).toBe('interview-1');
  });

  it('plans a completed interview as it is when chaining is off', async () => {
    const { deps, gateway } = harness({ chainInterviews: false });
    const result = await recordTerminalRun(deps, completedSession('s-2'));
    expect(result).toMatchObject({
      status: 'planned',
      assessment: { module: 'interview', score: null },
    });
    expect(gateway.chained).toEqual([]);
  });
});
