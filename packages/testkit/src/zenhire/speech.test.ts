import {
  DEFAULT_ZENHIRE_SANDBOX_KEY as KEY,
  makeWav,
  speechSubmitForm,
  ZenHireSandbox,
  type SpeechSubmitInput,
  type ZenHireSandboxOptions,
} from './index';
import { callSandbox, type SandboxCall } from './__fixtures__/sandbox-http';

/** A 3 min 1 s WAV at 1 kHz (181 KB): the smallest audio Speech accepts. */
const AUDIO = makeWav(181, { sampleRate: 1000 });
/** 4-minute audio: costs 4 credits. */
const AUDIO_4MIN = makeWav(240, { sampleRate: 1000 });
/** Frozen clock: one documented ms takes a real second, so only advanceTime moves time. */
const FROZEN = 1000;

describe('ZenHireSandbox · Speech', () => {
  let sandbox: ZenHireSandbox;
  let url: string;
  const boot = async (options: ZenHireSandboxOptions = {}) => {
    sandbox = new ZenHireSandbox({ timeScale: FROZEN, ...options });
    url = await sandbox.start();
  };
  afterEach(async () => sandbox?.stop());

  const call = (path: string, init?: SandboxCall) => callSandbox(url, path, init);
  const submit = (input: Partial<SpeechSubmitInput> = {}, key?: string) =>
    call('/api/v1/speech/analyze', {
      method: 'POST',
      form: speechSubmitForm({ audio: AUDIO, language: 'en', ...input }),
      key,
    });
  const poll = (id: string) => call(`/api/v1/speech/analyze/${id}`);
  const finishAll = () => sandbox.advanceTime(300_000);

  it('runs queued/processing → success with the full §5.5 payload and echoes metadata and tags', async () => {
    await boot();
    const sub = await submit({
      externalId: 'cand-1',
      metadata: { job: 'J-7', round: 2 },
      tags: [' eu ', 'batch-3', 'eu'],
    });
    expect(sub.status).toBe(202);
    expect(sub.body).toMatchObject({
      status: 'processing',
      activeRequests: 1,
      pollIntervalSeconds: 15,
    });
    expect(sub.body.id).toMatch(/^req_/);

    const light = await poll(sub.body.id);
    expect(light.status).toBe(200);
    expect(light.headers.get('retry-after')).toBe('15');
    expect(light.body).toEqual({
      id: sub.body.id,
      externalId: 'cand-1',
      status: 'processing',
      timestamp: expect.any(String),
      pollIntervalSeconds: 15,
      metadata: { job: 'J-7', round: '2' },
      tags: ['eu', 'batch-3'],
    });

    finishAll();
    const done = await poll(sub.body.id);
    expect(done.body.status).toBe('success');
    const s = done.body.scores;
    for (const dim of ['vocabulary', 'fluency', 'accent', 'overall']) {
      expect(s[dim]).toBeGreaterThanOrEqual(0);
      expect(s[dim]).toBeLessThanOrEqual(5);
      expect(Number.isInteger(s[`${dim}Percent`])).toBe(true);
      expect(s[`${dim}Percent`]).toBeLessThanOrEqual(100);
    }
    for (const cefr of [s.vocabularyCefr, s.fluencyCefr, s.accentCefr, s.cefrLevel])
      expect(cefr).toMatch(/^(A1|A2|B1|B2|C1|C2)$/);
    expect(done.body.audio).toMatchObject({
      durationMs: 181_000,
      durationFormatted: '3:01',
      languageCode: 'en',
    });
    expect(done.body.candidateDetection.confidence).toMatch(/high|medium/);
    expect(done.body.explainability).toEqual({
      vocab: expect.any(String),
      fluency: expect.any(String),
    });
    expect(done.body.transcript.candidateText.length).toBeGreaterThan(0);
    expect(done.body.credits).toEqual({
      deducted: 4,
      remainingBalance: 996,
      audioDurationMinutes: 3.02,
    });
    expect(done.body.metadata).toEqual({ job: 'J-7', round: '2' });
    expect(done.body.error).toBeNull();

    // Same seed and externalId → same scores in a fresh sandbox.
    const first = done.body.scores;
    await sandbox.stop();
    await boot();
    const again = await submit({ externalId: 'cand-1' });
    finishAll();
    expect((await poll(again.body.id)).body.scores).toEqual(first);
  });

  it('reaches partial (charged in proportion), failed (released) and low-confidence outcomes', async () => {
    await boot({ initialBalance: 20 });
    const partial = await submit({ externalId: 'p', audio: AUDIO_4MIN });
    const failed = await submit({ externalId: 'f', audio: AUDIO_4MIN });
    const low = await submit({ externalId: 'l', metadata: { sandbox_outcome: 'low_confidence' } });
    const silent = await submit({
      externalId: 's',
      audio: makeWav(181, { sampleRate: 1000, amplitude: 0 }),
    });
    sandbox.forceOutcome('p', 'partial');
    sandbox.forceOutcome(failed.body.id, 'failed');
    finishAll();

    const p = (await poll(partial.body.id)).body;
    expect(p.status).toBe('partial');
    expect(p.scores).toMatchObject({ accent: null, accentPercent: null, accentCefr: null });
    expect(p.scores.vocabulary).not.toBeNull();
    expect(p.credits.deducted).toBe(3); // ceil(4 × 2/3)

    const f = (await poll(failed.body.id)).body;
    expect(f).toMatchObject({
      status: 'failed',
      error: { code: expect.any(String), message: expect.any(String) },
      metadata: {},
      tags: [],
    });
    expect(f.scores).toBeUndefined();
    expect(f.credits.deducted).toBe(0);

    expect((await poll(low.body.id)).body.candidateDetection.confidence).toBe('low');
    expect((await poll(silent.body.id)).body.candidateDetection.confidence).toBe('low');
    expect(sandbox.credits()).toMatchObject({ balance: 20 - 3 - 4 - 4, held: 0 });
  });

  it('rejects a poll of the same id within 10 s with 429 POLL_RATE_LIMITED, allows it at 10 s', async () => {
    await boot();
    const { body } = await submit();
    expect((await poll(body.id)).status).toBe(200);
    const fast = await poll(body.id);
    expect(fast.status).toBe(429);
    expect(fast.body.error).toMatchObject({
      code: 'POLL_RATE_LIMITED',
      retryAfterSeconds: 10,
      requestId: expect.stringMatching(/^req_/),
    });
    expect(fast.headers.get('retry-after')).toBe('10');
    sandbox.advanceTime(9_000);
    const stillFast = await poll(body.id);
    expect(stillFast.status).toBe(429);
    expect(stillFast.headers.get('retry-after')).toBe('1');
    sandbox.advanceTime(1_000);
    expect((await poll(body.id)).status).toBe(200);
    // Terminal runs can be re-fetched freely.
    finishAll();
    expect((await poll(body.id)).status).toBe(200);
    expect((await poll(body.id)).status).toBe(200);
  });

  it('queues the 9th concurrent run with queuePosition and starts queued runs FIFO when a slot frees', async () => {
    await boot();
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await submit({ externalId: `c${i}` });
      expect(r.body.status).toBe('processing');
      ids.push(r.body.id);
    }
    const ninth = await submit({ externalId: 'c8' });
    const tenth = await submit({ externalId: 'c9' });
    expect(ninth.status).toBe(202);
    expect(ninth.body).toMatchObject({
      status: 'queued',
      queuePosition: 1,
      activeRequests: 8,
      pollIntervalSeconds: 20,
    });
    expect(tenth.body).toMatchObject({ status: 'queued', queuePosition: 2 });
    expect((await poll(tenth.body.id)).body).toMatchObject({ status: 'queued', queuePosition: 2 });

    // Free exactly one slot: advance to the earliest finishing run.
    const firstEnd = Math.min(
      ...sandbox
        .speechRuns()
        .filter((r) => r.status === 'processing')
        .map((r) => r.processingMs),
    );
    sandbox.advanceTime(firstEnd);
    const runs = new Map(sandbox.speechRuns().map((r) => [r.id, r]));
    expect(runs.get(ninth.body.id)!.status).toBe('processing');
    expect(runs.get(tenth.body.id)!.status).toBe('queued');
    sandbox.advanceTime(10_000);
    expect((await poll(tenth.body.id)).body).toMatchObject({ status: 'queued', queuePosition: 1 });
    // Queued runs hold credits too: 10 runs × 4 credits.
    expect(sandbox.credits().held + (1000 - sandbox.credits().balance)).toBe(40);
  });

  it('hits the per-minute submit limit exactly at the threshold (429 RATE_LIMIT_EXCEEDED)', async () => {
    await boot({ rateLimitPerMinute: 5 });
    for (let i = 0; i < 5; i++) expect((await submit()).status).toBe(202);
    const sixth = await submit();
    expect(sixth.status).toBe(429);
    expect(sixth.body.error).toMatchObject({ code: 'RATE_LIMIT_EXCEEDED', retryAfterSeconds: 60 });
    expect(sixth.headers.get('retry-after')).toBe('60');
    sandbox.advanceTime(60_000);
    expect((await submit()).status).toBe(202);
  });

  it('holds credits at submit against available = balance − holds, answering 402 with {cost, available}', async () => {
    await boot({ initialBalance: 10 });
    const a = await submit({ audio: AUDIO_4MIN });
    await submit({ audio: AUDIO_4MIN });
    expect(sandbox.credits()).toMatchObject({ balance: 10, held: 8, available: 2 });
    const refused = await submit({ audio: AUDIO_4MIN });
    expect(refused.status).toBe(402);
    expect(refused.body.error).toMatchObject({
      code: 'INSUFFICIENT_CREDITS',
      details: { cost: 4, available: 2 },
    });
    expect(sandbox.speechRuns()).toHaveLength(2); // nothing created for the refused submit
    sandbox.forceOutcome(a.body.id, 'failed');
    finishAll();
    const credits = await call('/api/v1/credits');
    expect(credits.body).toMatchObject({
      balance: 6,
      held: 0,
      available: 6,
      usage: { total: 4, speech: 4 },
    });
    expect(credits.body.recentTransactions[0]).toMatchObject({
      type: 'charge',
      module: 'speech',
      amount: 4,
    });
  });

  it('answers every documented validation error code', async () => {
    await boot({
      apiKeys: [
        { key: 'zh_api_mono', permissions: ['speech'] },
        { key: KEY, permissions: ['speech'], multilingual: true },
      ],
    });
    const code = async (input: Partial<SpeechSubmitInput>, key?: string) => {
      const r = await submit(input, key);
      return `${r.status} ${r.body.error?.code ?? r.body.status}`;
    };
    expect(await code({ audio: undefined })).toBe('400 MISSING_AUDIO_FILE');
    expect(await code({ audio: Buffer.from('just some text, not audio') })).toBe(
      '400 UNSUPPORTED_FORMAT',
    );
    expect(await code({ audio: makeWav(179, { sampleRate: 1000 }) })).toBe('400 AUDIO_TOO_SHORT');
    expect(await code({ audio: makeWav(45 * 60 + 1, { sampleRate: 100 }) })).toBe(
      '400 AUDIO_TOO_LONG',
    );
    const mp3 = Buffer.concat([Buffer.from('ID3'), Buffer.alloc(2000, 7)]);
    expect(await code({ audio: mp3, filename: 'a.mp3' })).toBe('400 AUDIO_DURATION_UNAVAILABLE');
    expect(await code({ audio: Buffer.from('RIFF\0\0\0\0WAVEjunk') })).toBe(
      '400 AUDIO_DURATION_UNAVAILABLE',
    );
    const huge = Buffer.alloc(25 * 1024 * 1024 + 1);
    AUDIO.copy(huge, 0, 0, 44);
    expect(await code({ audio: huge })).toBe('400 FILE_TOO_LARGE');
    expect(await code({ language: 'eng' })).toBe('400 INVALID_LANGUAGE_CODE');
    expect(await code({ externalId: '' })).toBe('400 INVALID_EXTERNAL_ID');
    expect(await code({ externalId: 'x'.repeat(256) })).toBe('400 INVALID_EXTERNAL_ID');
    expect(await code({ externalId: 'x'.repeat(255) })).toBe('202 processing');
    expect(await code({ metadata: '{not json' })).toBe('400 INVALID_METADATA');
    expect(await code({ language: 'de' }, 'zh_api_mono')).toBe('403 MULTILINGUAL_NOT_ENABLED');
    expect(await code({ language: 'de' })).toBe('202 processing');
    // Non-WAV durations come from the test hook.
    sandbox.setAudioDuration(mp3, 200);
    expect(await code({ audio: mp3, filename: 'a.mp3' })).toBe('202 processing');
  });

  it('accepts tags as repeated multipart fields', async () => {
    await boot();
    const r = await submit({ tags: ['a', 'b', 'a'], repeatedTags: true });
    expect((await poll(r.body.id)).body.tags).toEqual(['a', 'b']);
  });

  it('lists runs newest first with filters, limit and an opaque cursor', async () => {
    await boot();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await submit({ externalId: i % 2 ? 'odd' : 'even' })).body.id);
      sandbox.advanceTime(1_000);
    }
    sandbox.forceOutcome(ids[0], 'failed');
    finishAll();
    const page1 = await call('/api/v1/speech/runs?limit=2');
    expect(page1.body.data.map((r: { id: string }) => r.id)).toEqual([ids[4], ids[3]]);
    const page2 = await call(`/api/v1/speech/runs?limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.data.map((r: { id: string }) => r.id)).toEqual([ids[2], ids[1]]);
    const page3 = await call(`/api/v1/speech/runs?limit=2&cursor=${page2.body.nextCursor}`);
    expect(page3.body).toMatchObject({ data: [{ id: ids[0] }], nextCursor: null });
    expect((await call('/api/v1/speech/runs?externalId=odd')).body.data).toHaveLength(2);
    expect((await call('/api/v1/speech/runs?status=failed')).body.data).toEqual([
      expect.objectContaining({ id: ids[0], serviceType: 'speech' }),
    ]);
    const created = sandbox.speechRuns()[2].createdAt;
    const after = await call(`/api/v1/speech/runs?createdAfter=${new Date(created).toISOString()}`);
    expect(after.body.data).toHaveLength(3);
    expect((await call('/api/v1/speech/runs?status=done')).body.error.code).toBe('INVALID_STATUS');
    expect((await call('/api/v1/speech/runs?serviceType=video')).body.error.code).toBe(
      'INVALID_SERVICE_TYPE',
    );
    expect((await call('/api/v1/speech/runs?createdAfter=yesterday')).body.error.code).toBe(
      'INVALID_DATE',
    );
  });

  it('answers 503 with Retry-After while warming up, then accepts', async () => {
    await boot({ warmUpSeconds: 30 });
    const r = await submit();
    expect(r.status).toBe(503);
    expect(r.headers.get('retry-after')).toBe('30');
    expect(r.body.error).toMatchObject({ code: 'SERVICE_WARMING_UP', retryAfterSeconds: 30 });
    expect((await call('/api/v1/health', { key: null })).body.status).toBe('warming_up');
    sandbox.advanceTime(30_000);
    expect((await submit()).status).toBe(202);
  });

  it('drives the lifecycle from the time scale alone (0.001: documented minutes pass in real ms)', async () => {
    await boot({ timeScale: 0.001, speechProcessingSeconds: [120, 120] });
    const { body } = await submit();
    let status = body.status;
    const seen = new Set<string>([status]);
    for (let i = 0; i < 200 && status !== 'success'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 15)); // 15 documented seconds
      const r = await poll(body.id);
      if (r.status === 200) status = r.body.status;
      seen.add(status);
    }
    expect([...seen]).toEqual(['processing', 'success']);
    expect((await poll(body.id)).body.processingTimeMs).toBe(120_000);
  });
});
