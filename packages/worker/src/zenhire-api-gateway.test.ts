import { encodeLink } from '@zenhire-connect/core';
import { DEFAULT_ZENHIRE_SANDBOX_KEY, ZenHireSandbox } from '@zenhire-connect/testkit';
import { Metrics } from './metrics';
import { ZenHireApiGateway, ZenHireGatewayError } from './zenhire-api-gateway';
import { record } from './__fixtures__/worker-fakes';

describe('ZenHireApiGateway (against the ZenHire sandbox)', () => {
  let sandbox: ZenHireSandbox;
  let gateway: ZenHireApiGateway;
  let metrics: Metrics;
  let personaId: string;

  beforeEach(async () => {
    sandbox = new ZenHireSandbox({ timeScale: 0.001, host: '127.0.0.1', port: 0 });
    const baseUrl = await sandbox.start();
    metrics = new Metrics();
    gateway = ZenHireApiGateway.create(
      { apiKey: DEFAULT_ZENHIRE_SANDBOX_KEY, baseUrl, sleep: async () => undefined },
      { metrics },
    );
    personaId = (
      await gateway.client.interview.createPersona({ role_name: 'Support Agent', language: 'de' })
    ).id;
  });

  afterEach(() => sandbox.stop());

  it('starts a session with the link, lists and reads it back as an ObservedRun', async () => {
    const correlation = encodeLink(
      { module: 'interview', record, triggerId: 'invite' },
      { metadata: { team: 'eu' }, tags: ['wave-1'] },
    );
    const started = await gateway.start(
      { kind: 'interview', personaId, consentMode: 'integrator' },
      correlation,
    );
    expect(started).toMatchObject({ module: 'interview', status: 'initiated' });
    expect(started.candidateLink).toMatch(/^https:\/\/interview\.zenhire\.ai\/#t=/);
    const [session] = sandbox.interviewSessions();
    expect(session).toMatchObject({
      candidate_ref: 'zc1:greenhouse-eu:67890',
      tags: correlation.tags,
    });

    const observed = await gateway.getRun({ module: 'interview', id: started.id });
    expect(observed).toMatchObject({
      module: 'interview',
      id: started.id,
      status: 'initiated',
      terminal: false,
      externalId: 'zc1:greenhouse-eu:67890',
      metadata: { zc_application: '67890', team: 'eu' },
    });

    const since = new Date(sandbox.now() - 3600_000).toISOString();
    const listed = [];
    for await (const run of gateway.listRuns('interview', { createdAfter: since }))
      listed.push(run.id);
    expect(listed).toEqual([started.id]);
    const later = new Date(sandbox.now() + 60_000).toISOString();
    const none = [];
    for await (const run of gateway.listRuns('interview', { createdAfter: later })) none.push(run);
    expect(none).toEqual([]);
  });

  it('chains a completed session into speech once, even when asked twice', async () => {
    const correlation = encodeLink({ module: 'interview', record, triggerId: 'invite' });
    const started = await gateway.start(
      { kind: 'interview', personaId, consentMode: 'integrator' },
      correlation,
    );
    sandbox.simulateCandidate(started.id, { durationSec: 240 });
    sandbox.advanceTime(300_000);
    const session = await gateway.getRun({ module: 'interview', id: started.id });
    expect(session).toMatchObject({ status: 'completed', terminal: true });

    const speechCorrelation = encodeLink({
      module: 'speech',
      record,
      triggerId: 'invite',
      parentRunId: started.id,
    });
    const first = await gateway.analyseRecording(started.id, speechCorrelation, 'de');
    expect(first).toMatchObject({ module: 'speech' });
    const again = await gateway.analyseRecording(started.id, speechCorrelation, 'de');
    expect(again.id).toBe(first.id);
    expect(sandbox.speechRuns()).toHaveLength(1);
    expect(sandbox.speechRuns()[0]).toMatchObject({
      externalId: 'zc1:greenhouse-eu:67890',
      metadata: { zc_parent_run: started.id },
    });
    expect(metrics.apiCalls('zenhire', '/api/v1/speech/analyze')).toBe(1);
  });

  it('counts calls and 429s, and refuses an action without its file', async () => {
    await expect(
      gateway.start({ kind: 'speech', language: 'en' }, { metadata: {}, tags: [] }),
    ).rejects.toMatchObject({ code: 'ACTION_INPUT_MISSING' });
    await expect(
      (async () => {
        for await (const run of gateway.listRuns('soft_skills', {})) void run;
      })(),
    ).rejects.toBeInstanceOf(ZenHireGatewayError);

    sandbox.faults.configure({ rateLimitStorm: { count: 1, retryAfterSeconds: 1 } });
    const rows = [];
    for await (const run of gateway.listRuns('speech', {})) rows.push(run);
    expect(rows).toEqual([]);
    const text = await metrics.registry.metrics();
    expect(text).toContain('zc_api_rate_limited_total{vendor="zenhire"} 1');
    expect(text).toContain('zc_api_calls_total{vendor="zenhire",endpoint="/api/v1/speech/runs"} 2');
  });
});
