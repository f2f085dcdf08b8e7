import type { App } from '@zenhire-connect/cli';
import { GreenhouseSandbox, type ZenHireSandbox } from '@zenhire-connect/testkit';
import { eventually, startApp, startZenHire, tempDir, greenhouseConfigHead } from './harness';

// The Greenhouse Assessment Partner flow (greenhouse-api.md §4): Greenhouse (the sandbox)
// calls our send_test → ZenHire interview → the candidate finishes → speech analysis of the
// recording → our completion PATCH to the callback URL → Greenhouse reads test_status.
const APPLICATION = 265277;
const PARTNER_KEY = 'e2e-partner-key';

function config(zhUrl: string, ghUrl: string, personaId: string, storeFile: string): string {
  return `${greenhouseConfigHead('greenhouse-e2e', zhUrl, ghUrl, storeFile)}    assessmentPartner:
      partnerKey: \${GREENHOUSE_PARTNER_KEY}
      tests:
        - id: zh-english
          name: ZenHire English speaking interview
          action: { kind: interview, personaId: ${personaId}, consentMode: integrator }
`;
}

describe('Greenhouse Assessment Partner: send_test → ZenHire → completion → test_status', () => {
  let zh: ZenHireSandbox;
  let gh: GreenhouseSandbox;
  let app: App | undefined;
  let url: string;
  const tmp = tempDir();

  beforeAll(async () => {
    const started = await startZenHire();
    zh = started.zh;
    gh = new GreenhouseSandbox({ seed: 'e2e-partner' });
    const ghUrl = await gh.start();
    ({ app, url } = await startApp(
      config(started.url, ghUrl, started.personaId, `${tmp.dir}/store.sqlite`),
      zh,
    ));
  });

  afterAll(async () => {
    await app?.close();
    await Promise.allSettled([zh.stop(), gh.stop()]);
    tmp.cleanup();
  });

  it('lists the test, starts the interview and reports the completed score', async () => {
    const base = `${url}/partner/greenhouse-e2e`;
    const tests = await gh.partner.listTests(base, PARTNER_KEY);
    expect(JSON.stringify(tests)).toContain('zh-english');

    const sent = await gh.partner.sendTest(base, PARTNER_KEY, {
      partnerTestId: 'zh-english',
      applicationId: APPLICATION,
    });
    const session = zh.interviewSessions().find((s) => s.id === sent.partnerInterviewId);
    expect(session?.candidate_ref).toBe(`zc1:greenhouse-e2e:${APPLICATION}`);

    zh.simulateCandidate(sent.partnerInterviewId, { durationSec: 240 });
    const completion = await eventually(
      () => gh.partner.completions[0],
      20_000,
      'the completion PATCH',
    );
    await gh.partner.idle();

    expect(completion.partnerInterviewId).toBe(sent.partnerInterviewId);
    expect(completion.status).toBeLessThan(300);
    const status = gh.partner.statusResults.find(
      (r) => r.partnerInterviewId === sent.partnerInterviewId,
    );
    expect(status?.errors).toEqual([]);
    const body = status?.body as {
      partner_status: string;
      partner_score: number;
      partner_profile_url: string;
      metadata: Record<string, unknown>;
    };
    expect(body.partner_status).toBe('complete');
    expect(typeof body.partner_score).toBe('number');
    expect(body.partner_score).toBeGreaterThanOrEqual(0);
    expect(body.partner_profile_url).toMatch(/^https?:\/\//);
    expect(body.metadata.CEFR).toMatch(/^(A1|A2|B1|B2|C1|C2)$/);

    // The completion went through the delivery ledger, once.
    const deliveries = await app!.store.listDeliveries({ connector: 'greenhouse-e2e' });
    expect(deliveries.filter((d) => d.plan.mapping === 'assessment-partner')).toHaveLength(1);
    expect(deliveries.every((d) => d.status === 'succeeded')).toBe(true);

    // No e-mail is sent: the candidate link reached the application as one private note
    // (the default "invited" write-back), delivered by the worker.
    expect(deliveries.filter((d) => d.plan.mapping === 'invite:partner:zh-english')).toHaveLength(
      1,
    );
    const linkNotes = gh
      .notes({ applicationId: APPLICATION })
      .filter((n) => n.body.includes('Candidate link: '));
    expect(linkNotes).toHaveLength(1);
    expect(linkNotes[0].body).toMatch(/Candidate link: https:\/\/interview\.zenhire\.ai\/#t=\w+/);
    expect(linkNotes[0].body).toContain(sent.partnerInterviewId);
    expect(linkNotes[0].visibility).toBe('private');
  });
});
