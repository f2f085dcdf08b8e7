import { recordTerminalRun } from './record-terminal-run';
import type { StartedRun } from '../ports/zenhire-gateway';
import {
  DEFAULT_PARTNER_INVITATION,
  PARTNER_MAPPING,
  partnerTestStatus,
  startPartnerTest,
  type PartnerTestRequest,
} from './partner-test';
import { completedSession, harness, record, speechRun } from './__fixtures__/use-case-fakes';

const request: PartnerTestRequest = {
  testId: 'english-screen',
  action: { kind: 'interview', personaId: 'persona-1', consentMode: 'explicit' },
  record,
};

describe('Assessment Partner use-cases', () => {
  it('starts the action once per application and test, linking it as a partner test', async () => {
    const { deps, store, gateway } = harness();
    const first = await startPartnerTest(deps, request);
    expect(first).toEqual({
      partnerInterviewId: 'interview-1',
      module: 'interview',
      candidateLink: 'https://interview.zenhire.ai/#t=tok-interview-1',
      created: true,
      invitationDeliveryId: expect.any(String),
    });
    expect(gateway.started[0].correlation.metadata).toMatchObject({
      zc_trigger: 'partner:english-screen',
      zc_application: '67890',
    });
    expect(await store.findLink('interview-1')).toMatchObject({
      triggerId: 'partner:english-screen',
      record,
    });
    // Greenhouse sends the same test again: no second run, no second charge.
    expect(await startPartnerTest(deps, request)).toMatchObject({
      partnerInterviewId: 'interview-1',
      created: false,
    });
    expect(gateway.started).toHaveLength(1);
  });

  it('reports in_progress until the chained speech run is scored, then completes with the score', async () => {
    const { deps, store, gateway } = harness();
    await startPartnerTest(deps, request);
    expect(await partnerTestStatus(deps, 'interview-1')).toMatchObject({ status: 'in_progress' });

    const session = completedSession('interview-1', gateway.started[0].correlation);
    await recordTerminalRun(deps, session);
    expect(await partnerTestStatus(deps, 'interview-1')).toMatchObject({ status: 'in_progress' });

    const planned = await recordTerminalRun(
      deps,
      speechRun('speech-of-interview-1', gateway.chained[0].correlation),
    );
    expect(planned).toMatchObject({
      status: 'planned',
      deliveries: expect.arrayContaining([
        expect.objectContaining({ mapping: PARTNER_MAPPING, created: true, operations: 1 }),
      ]),
    });
    const partnerDelivery = (await store.listDeliveries({})).find(
      (d) => d.plan.mapping === PARTNER_MAPPING,
    )!;
    expect(partnerDelivery.plan.operations).toEqual([
      {
        kind: 'CompleteAssessment',
        partnerInterviewId: 'interview-1',
        status: 'complete',
        score: 76,
        profileUrl: expect.stringContaining('/sessions/interview-1/recording'),
        metadata: expect.objectContaining({ CEFR: 'B2', 'Overall %': 76, 'Fluency %': 82 }),
      },
    ]);

    expect(await partnerTestStatus(deps, 'interview-1')).toEqual({
      status: 'complete',
      score: 76,
      profileUrl: expect.stringContaining('/sessions/interview-1/recording'),
      metadata: expect.objectContaining({ CEFR: 'B2', 'Vocabulary %': 76 }),
    });
  });

  it('reports a failed session as failed and completes nothing; unknown ids are undefined', async () => {
    const { deps, store, gateway } = harness();
    await startPartnerTest(deps, request);
    const failed = completedSession('interview-1', gateway.started[0].correlation);
    failed.status = 'failed';
    (failed.body as { status: string }).status = 'failed';
    await recordTerminalRun(deps, failed);
    expect(await partnerTestStatus(deps, 'interview-1')).toMatchObject({
      status: 'failed',
      score: null,
    });
    expect(
      (await store.listDeliveries({})).filter((d) => d.plan.mapping === PARTNER_MAPPING),
    ).toEqual([]);
    expect(await partnerTestStatus(deps, 'nope')).toBeUndefined();
  });

  it('uses the configured profile URL', async () => {
    const { deps, gateway } = harness({
      partnerProfileUrl: (link) => `https://results.example/${link.runId}`,
    });
    await startPartnerTest(deps, request);
    await recordTerminalRun(deps, completedSession('interview-1', gateway.started[0].correlation));
    await recordTerminalRun(
      deps,
      speechRun('speech-of-interview-1', gateway.chained[0].correlation),
    );
    expect(await partnerTestStatus(deps, 'interview-1')).toMatchObject({
      profileUrl: 'https://results.example/interview-1',
    });
  });

  describe('"invited" write-back (the candidate link reaches the recruiter)', () => {
    it('enqueues a private note with the candidate link on the first send_test by default', async () => {
      const { deps, store } = harness();
      expect(DEFAULT_PARTNER_INVITATION).toEqual({ note: { visibility: 'private' } });
      const first = await startPartnerTest(deps, request);
      const deliveries = await store.listDeliveries({});
      expect(deliveries).toHaveLength(1);
      expect(deliveries[0].id).toBe(first.invitationDeliveryId);
      expect(deliveries[0].plan).toMatchObject({
        runId: 'interview-1',
        connector: record.connector,
        mapping: 'invite:partner:english-screen',
        record,
        operations: [
          {
            kind: 'AddNote',
            visibility: 'private',
            body: expect.stringContaining(
              'Candidate link: https://interview.zenhire.ai/#t=tok-interview-1',
            ),
          },
        ],
      });
    });

    it('honours the configured visibility and tags', async () => {
      const { deps, store } = harness();
      await startPartnerTest(deps, {
        ...request,
        invitation: { note: { visibility: 'admin_only' }, tags: ['zenhire-invited', ' '] },
      });
      const [delivery] = await store.listDeliveries({});
      expect(delivery.plan.operations).toEqual([
        {
          kind: 'AddNote',
          visibility: 'admin_only',
          body: expect.stringContaining('https://interview.zenhire.ai/#t=tok-interview-1'),
        },
        { kind: 'AddTags', tags: ['zenhire-invited'] },
      ]);
    });

    it('writes nothing for an empty invitation rule', async () => {
      const { deps, store } = harness();
      const first = await startPartnerTest(deps, { ...request, invitation: {} });
      expect(first.invitationDeliveryId).toBeUndefined();
      expect(await store.listDeliveries({})).toEqual([]);
    });

    it('enqueues nothing on a repeated send_test', async () => {
      const { deps, store } = harness();
      await startPartnerTest(deps, request);
      const again = await startPartnerTest(deps, {
        ...request,
        invitation: { note: { visibility: 'private' }, tags: ['other'] },
      });
      expect(again.created).toBe(false);
      expect(again.invitationDeliveryId).toBeUndefined();
      expect(await store.listDeliveries({})).toHaveLength(1);
    });

    it('enqueues no note when ZenHire returned no candidate link', async () => {
      const { deps, store, gateway } = harness();
      const start = gateway.start.bind(gateway);
      gateway.start = async (...args): Promise<StartedRun> => {
        const { candidateLink: _dropped, ...run } = await start(...args);
        return run;
      };
      const first = await startPartnerTest(deps, request);
      expect(first.created).toBe(true);
      expect(first.candidateLink).toBeUndefined();
      expect(first.invitationDeliveryId).toBeUndefined();
      expect(await store.listDeliveries({})).toEqual([]);
    });
  });
});
