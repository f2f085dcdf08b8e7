import type { App } from '@zenhire-connect/cli';
import { LeverSandbox, type ZenHireSandbox } from '@zenhire-connect/testkit';
import {
  completeInterview,
  configHead,
  sandboxEnv,
  startApp,
  startZenHire,
  tempDir,
} from './harness';

// Lever: a recruiter moves the fixture opportunity to "applicant-new" → signed
// candidateStageChange webhook → ZenHire interview → speech → note, tag and stage change.
const OPPORTUNITY = '90bb80d6-db1b-4ba8-9d4f-8bcb25b6c017';
const SUPER_ADMIN = '32bc4d3b-1aa6-4e2b-92d0-2e575047001e';

function config(zhUrl: string, leverUrl: string, personaId: string, storeFile: string): string {
  return `${configHead(zhUrl, storeFile)}  lever-e2e:
    type: lever
    baseUrl: ${leverUrl}/v1
    apiKey: \${LEVER_API_KEY}
    performAs: ${SUPER_ADMIN}
    webhookSignatureToken: \${LEVER_WEBHOOK_SIGNATURE_TOKEN}
triggers:
  - name: screen
    connector: lever-e2e
    on: stage_entered
    stages: [applicant-new]
    action: { kind: interview, personaId: ${personaId}, consentMode: integrator }
mappings:
  - name: scores
    connector: lever-e2e
    modules: [interview]
    note: { body: 'ZenHire: CEFR {{ assessment.cefr }}, {{ assessment.percent }}%' }
    addTags: [zenhire-assessed, 'cefr-{{ assessment.cefr }}']
    stage:
      - { when: 'assessment.percent >= 0', move: next }
    advanceOn: { partial: true, lowConfidence: true }
`;
}

describe('Lever: stage change → ZenHire run → note, tags and stage change', () => {
  let zh: ZenHireSandbox;
  let lever: LeverSandbox;
  let app: App | undefined;
  const tmp = tempDir();

  beforeAll(async () => {
    const started = await startZenHire();
    zh = started.zh;
    lever = new LeverSandbox({ seed: 'e2e-lever' });
    const leverUrl = await lever.start();
    const env = sandboxEnv({ LEVER_WEBHOOK_SIGNATURE_TOKEN: lever.signatureToken ?? '' });
    const running = await startApp(
      config(started.url, leverUrl, started.personaId, `${tmp.dir}/store.sqlite`),
      zh,
      env,
    );
    app = running.app;
    lever.addWebhookEndpoint({ url: `${running.url}/webhooks/lever-e2e` });
  });

  afterAll(async () => {
    // Our stage move makes Lever send one more webhook: let it land before closing.
    await lever.settleWebhooks();
    await app?.close();
    await Promise.allSettled([lever.stop(), zh.stop()]);
    tmp.cleanup();
  });

  it('writes the note and tags and moves the opportunity to the next stage', async () => {
    lever.changeStage(OPPORTUNITY, 'applicant-new', SUPER_ADMIN);
    const { delivery } = await completeInterview(zh, app!, (s) =>
      Boolean(s.candidate_ref?.startsWith('zc1:lever-e2e:')),
    );

    const tagOp = delivery.plan.operations.find((o) => o.kind === 'AddTags');
    const cefrTag =
      tagOp?.kind === 'AddTags' ? tagOp.tags.find((t) => t.startsWith('cefr-')) : undefined;
    expect(cefrTag).toMatch(/^cefr-(A1|A2|B1|B2|C1|C2)$/);
    const opportunity = lever.opportunity(OPPORTUNITY);
    expect(opportunity.tags).toEqual(expect.arrayContaining(['zenhire-assessed', cefrTag]));
    expect(opportunity.stage).toMatch(/^49422c7e/); // the stage after applicant-new (HM Review)
    const notes = lever
      .notes(OPPORTUNITY)
      .filter((n) => JSON.stringify(n.note).includes('ZenHire: CEFR'));
    expect(notes).toHaveLength(1);
    expect(JSON.stringify(notes[0].note)).toContain(`ZenHire: CEFR ${cefrTag!.slice(5)}`);
  });
});
