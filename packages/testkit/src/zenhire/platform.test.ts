import {
  DEFAULT_ZENHIRE_SANDBOX_KEY as KEY,
  detectAudioFormat,
  makeWav,
  readWavInfo,
  speechSubmitForm,
  ZenHireSandbox,
  type ZenHireSandboxOptions,
} from './index';
import { callSandbox, type SandboxCall } from './__fixtures__/sandbox-http';

describe('ZenHireSandbox · auth, credits, health, CV DeepSearch, product pages, faults', () => {
  let sandbox: ZenHireSandbox;
  let url: string;
  const boot = async (options: ZenHireSandboxOptions = {}) => {
    sandbox = new ZenHireSandbox({ timeScale: 1000, ...options });
    url = await sandbox.start();
  };
  afterEach(async () => sandbox?.stop());

  const call = (path: string, init?: SandboxCall) => callSandbox(url, path, init);

  it('rejects missing and unknown keys without a requestId, and missing permissions with one', async () => {
    await boot({ apiKeys: [{ key: 'zh_api_interview_only', permissions: ['interview'] }] });
    const missing = await call('/api/v1/speech/runs', { key: null });
    expect(missing.status).toBe(401);
    expect(missing.body.error).toEqual({
      code: 'MISSING_API_KEY',
      message: expect.any(String),
      timestamp: expect.any(String),
    });
    const invalid = await call('/api/v1/speech/runs', { key: 'zh_api_nope' });
    expect(invalid.status).toBe(401);
    expect(invalid.body.error.code).toBe('INVALID_API_KEY');
    expect(invalid.body.error).not.toHaveProperty('requestId');
    expect(JSON.stringify(invalid.body)).not.toContain('zh_api_nope');
    const denied = await call('/api/v1/speech/runs', { key: 'zh_api_interview_only' });
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({
      code: 'MISSING_PERMISSION',
      requestId: expect.stringMatching(/^req_\d+_[0-9a-f]{6}$/),
    });
    expect((await call('/api/v1/cvds/runs/x', { key: null })).body.error.code).toBe(
      'UNAUTHENTICATED',
    );
    // Authorization: Bearer works as an alternative header.
    const bearer = await fetch(`${url}/api/v1/interview/personas`, {
      headers: { authorization: 'Bearer zh_api_interview_only' },
    });
    expect(bearer.status).toBe(200);
  });

  it("keeps clients apart (404 for another client's ids) and answers key-state and IP codes", async () => {
    await boot({
      apiKeys: [
        { key: KEY, permissions: ['speech', 'interview'] },
        { key: 'zh_api_other', permissions: ['speech', 'interview'], clientId: 'client_2' },
        { key: 'zh_api_old', permissions: ['speech'], state: 'expired' },
        { key: 'zh_api_off', permissions: ['speech'], state: 'client_inactive' },
        { key: 'zh_api_office', permissions: ['speech'], allowedIps: ['10.0.0.1'] },
      ],
    });
    const form = speechSubmitForm({ audio: makeWav(181, { sampleRate: 1000 }), language: 'en' });
    const run = await call('/api/v1/speech/analyze', { method: 'POST', form });
    expect(run.status).toBe(202);
    expect(
      (await call(`/api/v1/speech/analyze/${run.body.id}`, { key: 'zh_api_other' })).status,
    ).toBe(404);
    expect((await call('/api/v1/speech/runs', { key: 'zh_api_other' })).body.data).toEqual([]);
    const persona = await call('/api/v1/interview/personas', {
      method: 'POST',
      json: { role_name: 'A', language: 'en' },
    });
    expect(
      (await call(`/api/v1/interview/personas/${persona.body.id}`, { key: 'zh_api_other' })).status,
    ).toBe(404);
    expect((await call('/api/v1/speech/runs', { key: 'zh_api_old' })).body.error.code).toBe(
      'API_KEY_EXPIRED',
    );
    expect((await call('/api/v1/speech/runs', { key: 'zh_api_off' })).body.error.code).toBe(
      'CLIENT_INACTIVE',
    );
    const blocked = await call('/api/v1/speech/analyze', {
      method: 'POST',
      form,
      key: 'zh_api_office',
    });
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('IP_NOT_ALLOWED');
  });

  it('serves health without a key and credits with balance, holds, usage and transactions', async () => {
    await boot({ initialBalance: 50 });
    const health = await call('/api/v1/health', { key: null });
    expect(health.body).toMatchObject({ status: 'ok', timestamp: expect.any(String) });
    sandbox.setBalance(40);
    const credits = await call('/api/v1/credits');
    expect(credits.body).toMatchObject({
      balance: 40,
      held: 0,
      available: 40,
      usage: { total: 0 },
    });
    expect(credits.body.recentTransactions[0]).toMatchObject({
      type: 'adjustment',
      amount: -10,
      balanceAfter: 40,
    });
    const viaHttp = await fetch(`${url}/__sandbox/zenhire/credits`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ balance: 5 }),
    });
    expect(((await viaHttp.json()) as { balance: number }).balance).toBe(5);
    expect((await call('/api/v1/nothing-here')).body.error.code).toBe('NOT_FOUND');
  });

  it('ingests CV DeepSearch batches (accepted/updated/unchanged), lists status and starts pending runs', async () => {
    await boot();
    const candidate = (id: string, skill: string) => ({
      external_id: id,
      parsed_cv: { skills: [skill] },
      tags: ['eu'],
    });
    const first = await call('/api/v1/cvds/candidates', {
      method: 'POST',
      json: { corpus_id: 'c1', candidates: [candidate('a', 'go'), candidate('b', 'ts')] },
    });
    expect(first.status).toBe(200);
    expect(first.body.summary).toEqual({ accepted: 2, updated: 0, unchanged: 0, failed: 0 });
    expect(first.body.results[0]).toMatchObject({
      external_id: 'a',
      status: 'accepted',
      embedding_status: 'embedded',
    });
    const second = await call('/api/v1/cvds/candidates', {
      method: 'POST',
      json: {
        corpus_id: 'c1',
        candidates: [candidate('a', 'go'), candidate('b', 'rust'), { external_id: 'c' }],
      },
    });
    expect(second.body.summary).toEqual({ accepted: 0, updated: 1, unchanged: 1, failed: 1 });
    const detail = await call('/api/v1/cvds/candidates/b?corpus_id=c1');
    expect(detail.body).toMatchObject({
      external_id: 'b',
      tags: ['eu'],
      embedding_status: 'embedded',
    });
    expect(detail.body).not.toHaveProperty('parsed_cv');
    expect((await call('/api/v1/cvds/candidates?corpus_id=c1')).body.data).toHaveLength(2);
    expect((await call('/api/v1/cvds/candidates/zzz?corpus_id=c1')).body.error.code).toBe(
      'NOT_FOUND',
    );

    const many = Array.from({ length: 501 }, (_, i) => candidate(`x${i}`, 'go'));
    expect(
      (
        await call('/api/v1/cvds/candidates', {
          method: 'POST',
          json: { corpus_id: 'c1', candidates: many },
        })
      ).body.error.code,
    ).toBe('BATCH_TOO_LARGE');
    expect(
      (
        await call('/api/v1/cvds/candidates', {
          method: 'POST',
          json: { candidates: [candidate('a', 'go')] },
        })
      ).body.error.code,
    ).toBe('MISSING_CORPUS_ID');
    const big = await call('/api/v1/cvds/candidates', {
      method: 'POST',
      raw: JSON.stringify({
        corpus_id: 'c1',
        candidates: [{ external_id: 'big', parsed_cv: { text: 'x'.repeat(10.5 * 1024 * 1024) } }],
      }),
    });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');

    const search = await call('/api/v1/cvds/search', {
      method: 'POST',
      json: {
        corpus_id: 'c1',
        position_id: 'JOB-1',
        position_metadata: { requirements: {} },
        top_n: 5000,
      },
    });
    expect(search.status).toBe(200);
    expect(search.body).toEqual({ id: expect.stringMatching(/^cvds_/), status: 'pending' });
    const run = await call(`/api/v1/cvds/runs/${search.body.id}`);
    expect(run.body).toMatchObject({
      status: 'pending',
      top_n: 1000,
      results: null,
      results_pending: true,
      source: 'requests',
    });
    const invalid = await call('/api/v1/cvds/search', {
      method: 'POST',
      json: { corpus_id: 'c1', position_id: 'JOB-1', position_metadata: {} },
    });
    expect(invalid.body.error).toMatchObject({
      code: 'INVALID_INPUT',
      details: { fields: { position_metadata: expect.any(Array) } },
    });
  });

  it('product-page AI interview: pending, then completed with deterministic scores; forced low confidence', async () => {
    await boot();
    const created = await call('/v1/interviews', {
      method: 'POST',
      json: { questions: ['Why us?'], channel: 'phone', externalId: 'cand-9' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      interview_id: expect.stringMatching(/^iv_[0-9a-f]{6}$/),
      status: 'pending',
      channel: 'phone',
    });
    expect(created.body.join_link).toMatch(/^https:\/\/interview\.zenhire\.ai\/#t=/);
    const id = created.body.interview_id;
    expect((await call(`/v1/interviews/${id}`)).body.status).toBe('pending');
    sandbox.advanceTime(240_000);
    const done = (await call(`/v1/interviews/${id}`)).body;
    expect(done).toMatchObject({
      status: 'completed',
      language: { cefr: expect.stringMatching(/^[ABC][12]$/) },
    });
    expect(Object.keys(done.competencies)).toEqual([
      'communication',
      'problem_solving',
      'customer_focus',
    ]);
    expect(done.fraud_signals).toEqual({
      multiple_speakers: expect.any(Boolean),
      reading_detected: expect.any(Boolean),
    });
    expect((await call(`/v1/interviews/${id}`)).body).toEqual(done);
    sandbox.forceOutcome('cand-9', 'low_confidence');
    expect((await call(`/v1/interviews/${id}`)).body).toMatchObject({
      status: 'low_confidence',
      overall_score: null,
    });
  });

  it('product-page soft skills: 0-100 dimensions, low-confidence flag on near-silent audio', async () => {
    await boot();
    const score = async (audio: Buffer, role = 'customer_support') => {
      const form = speechSubmitForm({ audio });
      form.append('role_benchmark', role);
      return call('/v1/soft-skills-score', { method: 'POST', form });
    };
    const spoken = await score(makeWav(60, { sampleRate: 1000 }));
    expect(spoken.status).toBe(200);
    expect(spoken.body).toMatchObject({
      role_benchmark: 'customer_support',
      low_confidence: false,
      status: 'completed',
    });
    for (const v of Object.values(spoken.body.dimensions)) expect(v).toEqual(expect.any(Number));
    expect(Object.keys(spoken.body.dimensions)).toEqual([
      'communication',
      'clarity',
      'composure',
      'empathy_signal',
    ]);
    expect((await call(`/v1/soft-skills-score/${spoken.body.id}`)).body).toEqual(spoken.body);
    const silent = await score(makeWav(60, { sampleRate: 1000, amplitude: 0 }));
    expect(silent.body).toMatchObject({
      low_confidence: true,
      overall_score: null,
      status: 'low_confidence',
    });
    expect(silent.body.low_confidence_dimensions).toHaveLength(4);
    expect((await score(makeWav(60, { sampleRate: 1000 }), 'Not A Role')).body.error.code).toBe(
      'INVALID_INPUT',
    );
  });

  it('injects faults in the ZenHire envelope: 502/503, 429 storms with retryAfterSeconds, resets', async () => {
    await boot({
      faults: {
        rateLimitStorm: { count: 1, retryAfterSeconds: 7 },
        exemptPaths: ['/api/v1/health'],
      },
    });
    const storm = await call('/api/v1/credits');
    expect(storm.status).toBe(429);
    expect(storm.headers.get('retry-after')).toBe('7');
    expect(storm.body.error).toMatchObject({
      code: 'RATE_LIMIT_EXCEEDED',
      retryAfterSeconds: 7,
      requestId: expect.any(String),
    });
    expect((await call('/api/v1/credits')).status).toBe(200);
    sandbox.faults.configure({ errorRates: { 502: 1 } });
    const bad = await call('/api/v1/credits');
    expect(bad.status).toBe(502);
    expect(bad.body.error.code).toBe('STEP_FUNCTIONS_FAILED');
    sandbox.faults.configure({ errorRates: { 503: 1 } });
    const unavailable = await call('/api/v1/credits');
    expect(unavailable.body.error).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      retryAfterSeconds: 1,
    });
    sandbox.faults.configure({ resetRate: 1 });
    await expect(
      fetch(`${url}/api/v1/credits`, { headers: { 'x-api-key': KEY } }),
    ).rejects.toThrow();
    sandbox.faults.configure({});
    expect((await call('/api/v1/credits')).status).toBe(200);
  });
});

describe('audio helpers', () => {
  it('detects formats from magic bytes and reads WAV duration', () => {
    expect(detectAudioFormat(makeWav(1))).toBe('wav');
    expect(detectAudioFormat(Buffer.from('ID3\u0004\0\0'))).toBe('mp3');
    expect(detectAudioFormat(Buffer.from([0xff, 0xfb, 0x90, 0x00]))).toBe('mp3');
    expect(detectAudioFormat(Buffer.from('fLaC\0\0\0\0'))).toBe('flac');
    expect(detectAudioFormat(Buffer.from('OggS\0\0\0\0'))).toBe('ogg');
    expect(detectAudioFormat(Buffer.from('\0\0\0\u0020ftypM4A '))).toBe('m4a');
    expect(detectAudioFormat(Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x01]))).toBe('webm');
    expect(detectAudioFormat(Buffer.from('%PDF-1.4'))).toBeUndefined();
    const wav = makeWav(240);
    expect(wav.length).toBe(44 + 240 * 8000);
    expect(readWavInfo(wav)).toMatchObject({
      durationMs: 240_000,
      sampleRate: 8000,
      channels: 1,
      bitsPerSample: 8,
    });
    expect(readWavInfo(wav)!.level).toBeGreaterThan(0.1);
    expect(readWavInfo(makeWav(5, { amplitude: 0 }))!.level).toBe(0);
  });
});
