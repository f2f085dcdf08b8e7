import nock from 'nock';
import { memoryIo, runCli, type App } from '@zenhire-connect/cli';
import { GreenhouseSandbox, type ZenHireSandbox } from '@zenhire-connect/testkit';
import {
  completeInterview,
  sandboxEnv,
  startApp,
  startZenHire,
  tempDir,
  writeConfig,
  greenhouseConfigHead,
} from './harness';

// Flow 1–4 through real HTTP: a recruiter moves Giuseppe Hurley (fixture application 265277)
// to "Cultural Fit Interview" → signed webhook → ZenHire interview session → the candidate
// finishes → recording chained into speech analysis → scores written back to Greenhouse.
const APPLICATION = 265277;
const CANDIDATE = 265772;
const CULTURAL_FIT = 6001;
const EXECUTIVE_INTERVIEW = 6002;

function config(zhUrl: string, ghUrl: string, personaId: string, storeFile: string): string {
  return `${greenhouseConfigHead('greenhouse-e2e', zhUrl, ghUrl, storeFile)}triggers:
  - name: fit-interview
    connector: greenhouse-e2e
    on: stage_entered
    stages: ['Cultural Fit Interview']
    action: { kind: interview, personaId: ${personaId}, consentMode: integrator }
mappings:
  - name: scores
    connector: greenhouse-e2e
    modules: [interview]
    fields:
      - { field: cefr_level, type: single_select, value: '{{ assessment.cefr }}' }
      - { field: assessment_score, type: number, value: '{{ assessment.percent }}' }
    note: { body: 'ZenHire: CEFR {{ assessment.cefr }}, {{ assessment.percent }}%', visibility: private }
    addTags: [zenhire-assessed]
    stage:
      - { when: 'assessment.percent >= 0', move: next }
    advanceOn: { partial: true, lowConfidence: true }
`;
}

describe('Greenhouse: stage-change webhook → ZenHire interview + speech → write-back', () => {
  let zh: ZenHireSandbox;
  let gh: GreenhouseSandbox;
  let app: App | undefined;
  let yaml: string;
  const tmp = tempDir();

  beforeAll(async () => {
    const started = await startZenHire();
    zh = started.zh;
    gh = new GreenhouseSandbox({ seed: 'e2e' });
    const ghUrl = await gh.start();
    yaml = config(started.url, ghUrl, started.personaId, `${tmp.dir}/store.sqlite`);
    const running = await startApp(yaml, zh);
    app = running.app;
    await gh.registerWebhook({
      event: 'candidate_stage_change',
      url: `${running.url}/webhooks/greenhouse-e2e`,
      secret: 'e2e-webhook-secret',
    });
  });

  afterAll(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    nock.restore();
    await app?.close();
    await Promise.allSettled([zh.stop(), gh.stop()]);
    tmp.cleanup();
  });

  it('writes the custom fields, note and tag and moves the application on', async () => {
    gh.moveApplication(APPLICATION, CULTURAL_FIT);
    const { session, delivery } = await completeInterview(
      zh,
      app!,
      (s) => s.candidate_ref === `zc1:greenhouse-e2e:${APPLICATION}`,
    );

    const fields = delivery.plan.operations.find((o) => o.kind === 'SetFields');
    expect(fields).toBeDefined();
    const planned = Object.fromEntries(
      (fields!.kind === 'SetFields' ? fields!.fields : []).map((f) => [f.field, f.value]),
    );
    const record = gh.application(APPLICATION);
    expect(planned.cefr_level).toMatch(/^(A1|A2|B1|B2|C1|C2)$/);
    expect(record.custom_fields.cefr_level).toBe(planned.cefr_level);
    expect(Number(record.custom_fields.assessment_score)).toBe(Number(planned.assessment_score));
    expect(record.current_stage?.id).toBe(EXECUTIVE_INTERVIEW);
    const notes = gh
      .notes({ applicationId: APPLICATION })
      .filter((n) => n.body.startsWith('ZenHire: CEFR'));
    expect(notes).toHaveLength(1);
    expect(notes[0].body).toBe(`ZenHire: CEFR ${planned.cefr_level}, ${planned.assessment_score}%`);
    expect(gh.appliedTags(CANDIDATE).map((t) => t.name)).toContain('zenhire-assessed');
    // The speech run that scored the interview is linked to the same application.
    const links = await app!.store.findLinksByRecord('greenhouse-e2e', String(APPLICATION));
    expect(links.find((l) => l.module === 'speech')?.parentRunId).toBe(session.id);
  });

  it('explain prints the plan and the exact requests and sends nothing to Greenhouse', async () => {
    const links = await app!.store.findLinksByRecord('greenhouse-e2e', String(APPLICATION));
    const speechRunId = links.find((l) => l.module === 'speech')!.runId;
    await app!.close(); // the CLI opens the same SQLite store on its own
    app = undefined;
    const file = writeConfig(tmp.dir, yaml);
    const zhPort = new URL(zh.url).port;
    const ghCallsBefore = gh.calls.length;
    const zhCallsBefore = zh.calls.length;
    nock.disableNetConnect();
    nock.enableNetConnect((host) => host === `127.0.0.1:${zhPort}`);

    const io = memoryIo(sandboxEnv(), tmp.dir);
    const code = await runCli(
      ['explain', speechRunId, '--config', file, '--log-level', 'silent'],
      io,
    );

    expect(io.err()).toBe('');
    expect(code).toBe(0);
    expect(gh.calls.length).toBe(ghCallsBefore); // nothing reached the ATS sandbox
    expect(zh.calls.slice(zhCallsBefore).every((c) => c.method === 'GET')).toBe(true);
    const out = io.out();
    expect(out).toContain(`Link  greenhouse-e2e candidate ${CANDIDATE} application ${APPLICATION}`);
    expect(out).toMatch(/Assessment {2}(complete|partial|low_confidence)/);
    expect(out).toContain('WritePlan  mapping scores → greenhouse-e2e');
    expect(out).toContain('already enqueued: delivery');
    expect(out).toContain(`PATCH ${gh.url}/v3/applications/${APPLICATION}`);
    expect(out).toContain(`POST ${gh.url}/v3/notes`);
    expect(out).toContain(`POST ${gh.url}/v3/applications/${APPLICATION}/move`);
  });

  it('sync re-collects the finished runs and enqueues nothing twice', async () => {
    const file = writeConfig(tmp.dir, yaml);
    const ghCallsBefore = gh.calls.length;
    const io = memoryIo(sandboxEnv(), tmp.dir);
    const code = await runCli(
      ['sync', '--since', '1h', '--json', '--config', file, '--log-level', 'silent'],
      io,
    );

    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const summary = JSON.parse(io.out()) as {
      reconcile: { runs: number; enqueued: number; unchanged: number };
      deliveries: { claimed: number };
    };
    expect(summary.reconcile.runs).toBeGreaterThanOrEqual(2); // the interview and its speech run
    expect(summary.reconcile.unchanged).toBe(1);
    expect(summary.reconcile.enqueued).toBe(0);
    expect(summary.deliveries.claimed).toBe(0);
    expect(gh.calls.length).toBe(ghCallsBefore);
  });
});
