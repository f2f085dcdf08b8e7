import { readWavInfo, speechSubmitForm, ZenHireSandbox, type ZenHireSandboxOptions } from './index';
import { callSandbox, type SandboxCall } from './__fixtures__/sandbox-http';

describe('ZenHireSandbox · Interview', () => {
  let sandbox: ZenHireSandbox;
  let url: string;
  const boot = async (options: ZenHireSandboxOptions = {}) => {
    sandbox = new ZenHireSandbox({ timeScale: 1000, ...options });
    url = await sandbox.start();
  };
  afterEach(async () => sandbox?.stop());

  const call = (path: string, init?: SandboxCall) => callSandbox(url, path, init);
  const persona = async () =>
    (
      await call('/api/v1/interview/personas', {
        method: 'POST',
        json: { role_name: 'Support agent', language: 'en' },
      })
    ).body;
  const session = async (
    personaId: string,
    json: Record<string, unknown> = { consent_mode: 'integrator' },
  ) => call(`/api/v1/interview/personas/${personaId}/sessions`, { method: 'POST', json });

  it('creates, lists and gets personas, validating role_name and language', async () => {
    await boot();
    const created = await call('/api/v1/interview/personas', {
      method: 'POST',
      json: { role_name: 'Agent', language: 'de' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      role_name: 'Agent',
      language: 'de',
      status: 'active',
      base_prompt_override: null,
    });
    expect(created.body.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const list = await call('/api/v1/interview/personas');
    expect(list.body.data).toEqual([expect.objectContaining({ id: created.body.id })]);
    expect(list.body.data[0]).not.toHaveProperty('base_prompt_override');
    const detail = await call(`/api/v1/interview/personas/${created.body.id}`);
    expect(detail.body).toMatchObject({ system_prompt: expect.any(String), updated_at: null });
    const bad = await call('/api/v1/interview/personas', {
      method: 'POST',
      json: { role_name: 'x'.repeat(201) },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.details.fields).sort()).toEqual(['language', 'role_name']);
  });

  it('creates sessions: candidate link, truncated candidate_ref, null metadata/tags, tag limits', async () => {
    await boot();
    const p = await persona();
    const res = await session(p.id, { consent_mode: 'explicit', candidate_ref: 'c'.repeat(300) });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(['candidate_link', 'expires_in', 'id']);
    expect(res.body.candidate_link).toMatch(/^https:\/\/interview\.zenhire\.ai\/#t=[0-9a-f]+$/);
    expect(res.body.expires_in).toBe(604800);
    const got = await call(`/api/v1/interview/sessions/${res.body.id}`);
    expect(got.body).toMatchObject({
      status: 'initiated',
      consent_mode: 'explicit',
      source: 'requests',
      metadata: null,
      tags: null,
      credit_charged: null,
      persona: { id: p.id, role_name: 'Support agent' },
      feedback: null,
    });
    expect(got.body.candidate_ref).toHaveLength(256);

    expect((await session(p.id, {})).body.error.details.fields).toHaveProperty('consent_mode');
    const tooMany = await session(p.id, {
      consent_mode: 'integrator',
      tags: Array.from({ length: 21 }, (_, i) => `t${i}`),
    });
    expect(tooMany.body.error.code).toBe('INVALID_INPUT');
    const tooLong = await session(p.id, { consent_mode: 'integrator', tags: ['x'.repeat(41)] });
    expect(tooLong.status).toBe(400);
    const ok = await session(p.id, {
      consent_mode: 'integrator',
      tags: ['a'],
      metadata: { ats: 'gh', n: 1 },
    });
    const rows = (await call('/api/v1/interview/sessions')).body.data;
    expect(rows[0]).toMatchObject({
      id: ok.body.id,
      tags: ['a'],
      metadata: { ats: 'gh', n: 1 },
      role_name: 'Support agent',
      language: 'en',
    });
    expect((await session('00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('moves a simulated candidate initiated → active → completed, charges per minute and serves artifacts', async () => {
    await boot({ initialBalance: 50 });
    const p = await persona();
    const { body } = await session(p.id);
    const early = await call(`/api/v1/interview/sessions/${body.id}/recording`);
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({
      code: 'ARTIFACT_NOT_READY',
      details: { status: 'initiated' },
    });

    sandbox.simulateCandidate(body.id, { durationSec: 250 });
    expect((await call(`/api/v1/interview/sessions/${body.id}`)).body.status).toBe('active');
    const transcriptEarly = await call(`/api/v1/interview/sessions/${body.id}/transcript`);
    expect(transcriptEarly.body.error.details).toEqual({ status: 'active' });

    sandbox.advanceTime(250_000);
    const done = (await call(`/api/v1/interview/sessions/${body.id}`)).body;
    expect(done).toMatchObject({ status: 'completed', duration_sec: 250, credit_charged: 5 });
    expect(done.interview_svc_session_id).toMatch(/^ses_[0-9a-f]{12}$/);
    expect(done.feedback).toEqual({
      rating: expect.any(Number),
      low_rating: done.feedback.rating <= 2,
      comment: null,
    });
    expect(sandbox.credits().balance).toBe(45);

    const recording = await call(`/api/v1/interview/sessions/${body.id}/recording`);
    expect(recording.headers.get('content-type')).toBe('audio/wav');
    expect(readWavInfo(recording.bytes)?.durationMs).toBe(250_000);
    const transcript = await call(`/api/v1/interview/sessions/${body.id}/transcript`);
    expect(transcript.headers.get('content-type')).toContain('application/json');
    expect(transcript.body.turns[0]).toEqual(
      expect.objectContaining({ speaker: 'interviewer', text: expect.any(String) }),
    );
    expect(transcript.body.turns.some((t: { speaker: string }) => t.speaker === 'candidate')).toBe(
      true,
    );

    // The recording chains into Speech analysis.
    const form = speechSubmitForm({ audio: recording.bytes, language: 'en', externalId: body.id });
    const speech = await call('/api/v1/speech/analyze', { method: 'POST', form });
    expect(speech.status).toBe(202);
    sandbox.advanceTime(300_000);
    const scored = await call(`/api/v1/speech/analyze/${speech.body.id}`);
    expect(scored.body).toMatchObject({ status: 'success', audio: { durationMs: 250_000 } });
  });

  it('fails a session with SESSION_TIMEOUT and charges nothing; 402 below the minimum balance', async () => {
    await boot({ initialBalance: 10, interview: { timeBudgetSeconds: 600 } });
    const p = await persona();
    const a = (await session(p.id)).body;
    const b = (await session(p.id)).body;
    sandbox.simulateCandidate(a.id, { outcome: 'failed', durationSec: 120 });
    sandbox.simulateCandidate(b.id, { durationSec: 900 }); // over the 600 s budget
    sandbox.advanceTime(600_000);
    for (const id of [a.id, b.id]) {
      const s = (await call(`/api/v1/interview/sessions/${id}`)).body;
      expect(s).toMatchObject({
        status: 'failed',
        credit_charged: 0,
        error: { code: 'SESSION_TIMEOUT' },
      });
    }
    expect(sandbox.credits().balance).toBe(10);
    expect(() => sandbox.simulateCandidate(a.id)).toThrow(/failed/);
    sandbox.setBalance(0);
    const refused = await session(p.id);
    expect(refused.status).toBe(402);
    expect(refused.body.error).toMatchObject({
      code: 'INSUFFICIENT_CREDITS',
      details: { required: 1, available: 0 },
    });
  });

  it('adds session_id to the create response when the alias knob is on, and simulates over HTTP', async () => {
    await boot({ interview: { sessionIdAlias: true } });
    const p = await persona();
    const { body } = await session(p.id);
    expect(body.session_id).toBe(body.id);
    const sim = await fetch(`${url}/__sandbox/zenhire/interview/sessions/${body.id}/simulate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ durationSec: 200 }),
    });
    expect(((await sim.json()) as { status: string }).status).toBe('active');
    await fetch(`${url}/__sandbox/zenhire/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seconds: 200 }),
    });
    expect((await call(`/api/v1/interview/sessions/${body.id}`)).body.status).toBe('completed');
  });
});
