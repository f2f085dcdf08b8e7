import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  ZenHireAbortedError,
  ZenHireLimitError,
  ZenHirePollTimeoutError,
  ZenHireRateLimitError,
  ZenHireSubmitOutcomeUnknownError,
  ZenHireValidationError,
} from '../errors';
import {
  T0,
  api,
  caught,
  envelope,
  makeClient,
  setupNock,
  socketError,
} from '../__fixtures__/harness';
import submitQueued from '../__fixtures__/speech-submit-queued.json';
import runQueued from '../__fixtures__/speech-run-queued.json';
import runProcessing from '../__fixtures__/speech-run-processing.json';
import runSuccess from '../__fixtures__/speech-run-success.json';
import runPartial from '../__fixtures__/speech-run-partial.json';
import runFailed from '../__fixtures__/speech-run-failed.json';
import runsPage from '../__fixtures__/speech-runs-page.json';

setupNock();

const AUDIO = Buffer.from('RIFF....WAVEfmt fake audio bytes');

/** Parses a multipart body into field → value (file parts as `filename|content-type|content`). */
function multipartFields(body: string): Record<string, string[]> {
  const boundary = body.slice(2, body.indexOf('\r\n'));
  const fields: Record<string, string[]> = {};
  for (const part of body.split(`--${boundary}`).slice(1, -1)) {
    const [head, ...rest] = part.replace(/^\r\n/, '').split('\r\n\r\n');
    const content = rest.join('\r\n\r\n').replace(/\r\n$/, '');
    const name = /name="([^"]+)"/.exec(head!)![1]!;
    const filename = /filename="([^"]+)"/.exec(head!)?.[1];
    const type = /Content-Type: (.+)/i.exec(head!)?.[1]?.trim();
    (fields[name] ??= []).push(filename ? `${filename}|${type}|${content}` : content);
  }
  return fields;
}

describe('speech.submit', () => {
  it('sends a multipart form with audio, language, externalId, metadata and tags as JSON strings', async () => {
    const { client, calls } = makeClient();
    let fields: Record<string, string[]> = {};
    let contentType = '';
    api()
      .post('/api/v1/speech/analyze', (body: string) => {
        fields = multipartFields(body);
        return true;
      })
      .reply(function () {
        contentType = String(this.req.headers['content-type']);
        return [202, submitQueued];
      });
    const response = await client.speech.submit({
      audio: { data: AUDIO, filename: 'answer.wav' },
      language: 'en',
      externalId: 'gh:app:4711',
      metadata: { ats: 'greenhouse', application_id: '4711' },
      tags: [' batch-3', 'batch-3', 'eu-region'],
    });
    expect(response).toMatchObject({
      id: 'req_01J9ZK7Q4M',
      status: 'queued',
      queuePosition: 3,
      pollIntervalSeconds: 20,
    });
    expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(fields).toEqual({
      audio: [`answer.wav|audio/wav|${AUDIO.toString()}`],
      language: ['en'],
      externalId: ['gh:app:4711'],
      metadata: ['{"ats":"greenhouse","application_id":"4711"}'],
      tags: ['["batch-3","eu-region"]'],
    });
    expect(calls).toEqual([
      {
        module: 'speech',
        method: 'POST',
        endpoint: '/api/v1/speech/analyze',
        path: '/api/v1/speech/analyze',
        attempt: 1,
      },
    ]);
  });

  it('uploads from a file path and from a stream', async () => {
    const { client } = makeClient();
    const dir = mkdtempSync(join(tmpdir(), 'zh-speech-'));
    const file = join(dir, 'interview.mp3');
    writeFileSync(file, AUDIO);
    const seen: string[] = [];
    api()
      .post('/api/v1/speech/analyze', (body: string) => {
        seen.push(multipartFields(body).audio![0]!);
        return true;
      })
      .times(2)
      .reply(202, submitQueued);
    await client.speech.submit({ audio: file });
    await client.speech.submit({ audio: Readable.from([AUDIO]) });
    expect(seen).toEqual([
      `interview.mp3|audio/mpeg|${AUDIO.toString()}`,
      `audio.wav|audio/wav|${AUDIO.toString()}`,
    ]);
  });

  it.each([
    [{ externalId: '' }, 'externalId'],
    [{ externalId: 'x'.repeat(256) }, 'externalId'],
    [
      { metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) },
      'metadata',
    ],
    [{ metadata: { ['k'.repeat(41)]: 'v' } }, `metadata.${'k'.repeat(41)}`],
    [{ metadata: { note: 'v'.repeat(501) } }, 'metadata.note'],
    [{ tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'tags'],
    [{ tags: ['ok', 'x'.repeat(41)] }, 'tags[1]'],
    [{ tags: ['  '] }, 'tags[0]'],
    [{ language: 'eng' }, 'language'],
  ])('refuses %p before sending (field %s)', async (input, field) => {
    const { client, calls } = makeClient();
    const error = (await caught(
      client.speech.submit({ audio: AUDIO, ...input }),
    )) as ZenHireLimitError;
    expect(error).toBeInstanceOf(ZenHireLimitError);
    expect(error.code).toBe('LIMIT_EXCEEDED');
    expect(error.field).toBe(field);
    expect(calls).toHaveLength(0);
  });

  it('refuses audio over 25 MB before sending', async () => {
    const { client, calls } = makeClient();
    const big = Buffer.alloc(25 * 1024 * 1024 + 1);
    expect(await caught(client.speech.submit({ audio: big }))).toMatchObject({ field: 'audio' });
    expect(calls).toHaveLength(0);
  });

  it('resends after 429 / 503 honouring Retry-After', async () => {
    const { client, sleeps, calls } = makeClient();
    api()
      .post('/api/v1/speech/analyze')
      .reply(429, envelope('RATE_LIMIT_EXCEEDED', { retryAfterSeconds: 3 }), { 'Retry-After': '3' })
      .post('/api/v1/speech/analyze')
      .reply(503, envelope('SERVICE_WARMING'), { 'Retry-After': '30' })
      .post('/api/v1/speech/analyze')
      .reply(202, submitQueued);
    expect((await client.speech.submit({ audio: AUDIO, externalId: 'a' })).id).toBe(
      'req_01J9ZK7Q4M',
    );
    expect(sleeps).toEqual([3000, 30000]);
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(3);
  });

  it('does not resend an unambiguous 4xx rejection', async () => {
    const { client, calls } = makeClient();
    api().post('/api/v1/speech/analyze').reply(400, envelope('AUDIO_TOO_SHORT'));
    expect(await caught(client.speech.submit({ audio: AUDIO, externalId: 'a' }))).toBeInstanceOf(
      ZenHireValidationError,
    );
    expect(calls).toHaveLength(1);
  });

  it('throws the 429 once the retry cap is spent', async () => {
    const { client, calls } = makeClient({ retry: { retries: 1 } });
    api()
      .post('/api/v1/speech/analyze')
      .times(2)
      .reply(429, envelope('RATE_LIMIT_EXCEEDED'), { 'Retry-After': '1' });
    expect(await caught(client.speech.submit({ audio: AUDIO, externalId: 'a' }))).toBeInstanceOf(
      ZenHireRateLimitError,
    );
    expect(calls).toHaveLength(2);
  });

  describe('ambiguous failure: never a blind resubmit', () => {
    it('timeout → list by externalId finds the run → no second POST', async () => {
      const { client, calls } = makeClient({ timeoutMs: 400 });
      api().post('/api/v1/speech/analyze').delay(5_000).reply(202, submitQueued);
      let listQuery: Record<string, string> = {};
      api()
        .get('/api/v1/speech/runs')
        .query((q) => {
          listQuery = q as Record<string, string>;
          return true;
        })
        .reply(200, { data: [{ ...runQueued, createdAt: new Date(T0).toISOString() }] });
      const result = await client.speech.submit({ audio: AUDIO, externalId: 'gh:app:4711' });
      expect(result).toMatchObject({ id: 'req_01J9ZK7Q4M', status: 'queued' });
      expect(listQuery).toMatchObject({ externalId: 'gh:app:4711', serviceType: 'speech' });
      expect(Date.parse(listQuery.createdAfter!)).toBeLessThanOrEqual(T0);
      expect(calls.map((c) => `${c.method} ${c.endpoint}`)).toEqual([
        'POST /api/v1/speech/analyze',
        'GET /api/v1/speech/runs',
      ]);
    });

    it('connection reset → list finds none → resubmits exactly once', async () => {
      const { client, calls } = makeClient();
      api().post('/api/v1/speech/analyze').replyWithError(socketError('ECONNRESET'));
      api().get('/api/v1/speech/runs').query(true).reply(200, { data: [] });
      api().post('/api/v1/speech/analyze').reply(202, submitQueued);
      expect((await client.speech.submit({ audio: AUDIO, externalId: 'gh:app:4711' })).id).toBe(
        'req_01J9ZK7Q4M',
      );
      expect(calls.map((c) => c.method)).toEqual(['POST', 'GET', 'POST']);
    });

    it('a 500 after sending is ambiguous too; a second failure with nothing found stops', async () => {
      const { client, calls } = makeClient();
      api().post('/api/v1/speech/analyze').reply(500, envelope('INTERNAL_ERROR'));
      api().get('/api/v1/speech/runs').query(true).reply(200, { data: [] });
      api().post('/api/v1/speech/analyze').replyWithError(socketError('ECONNRESET'));
      api().get('/api/v1/speech/runs').query(true).reply(200, []);
      const error = (await caught(
        client.speech.submit({ audio: AUDIO, externalId: 'gh:app:4711' }),
      )) as ZenHireSubmitOutcomeUnknownError;
      expect(error).toBeInstanceOf(ZenHireSubmitOutcomeUnknownError);
      expect(error.code).toBe('SUBMIT_OUTCOME_UNKNOWN');
      expect(calls.filter((c) => c.method === 'POST')).toHaveLength(2);
    });

    it('ignores listed runs of the same externalId created before the lookup window', async () => {
      const { client, calls } = makeClient({ submitLookupWindowMs: 60_000 });
      api().post('/api/v1/speech/analyze').replyWithError(socketError('ECONNRESET'));
      api()
        .get('/api/v1/speech/runs')
        .query(true)
        .reply(200, {
          data: [{ ...runSuccess, id: 'req_old', createdAt: '2026-05-20T10:00:00.000Z' }],
        });
      api().post('/api/v1/speech/analyze').reply(202, submitQueued);
      expect((await client.speech.submit({ audio: AUDIO, externalId: 'gh:app:4711' })).id).toBe(
        'req_01J9ZK7Q4M',
      );
      expect(calls.filter((c) => c.method === 'POST')).toHaveLength(2);
    });

    it('without externalId nothing can be looked up: SUBMIT_OUTCOME_UNKNOWN, one POST', async () => {
      const { client, calls } = makeClient();
      api().post('/api/v1/speech/analyze').replyWithError(socketError('ECONNRESET'));
      const error = (await caught(
        client.speech.submit({ audio: AUDIO }),
      )) as ZenHireSubmitOutcomeUnknownError;
      expect(error).toBeInstanceOf(ZenHireSubmitOutcomeUnknownError);
      expect(error.failureCode).toBe('NETWORK_ERROR');
      expect(calls).toHaveLength(1);
    });
  });
});

describe('speech.get (PollResponse §5.5)', () => {
  it.each([
    ['queued', runQueued],
    ['processing', runProcessing],
    ['success', runSuccess],
    ['partial', runPartial],
    ['failed', runFailed],
  ])('parses a %s run', async (status, body) => {
    const { client } = makeClient();
    api().get(`/api/v1/speech/analyze/${body.id}`).reply(200, body);
    const run = await client.speech.get(body.id);
    expect(run.status).toBe(status);
    expect(run.metadata).toEqual(
      typeof body.metadata === 'object' && !Array.isArray(body.metadata) ? body.metadata : {},
    );
    expect(Array.isArray(run.tags)).toBe(true);
  });

  it('keeps scores on their scales and unknown fields', async () => {
    const { client } = makeClient();
    api().get('/api/v1/speech/analyze/req_01J9ZK7Q4M').reply(200, runSuccess);
    const run = await client.speech.get('req_01J9ZK7Q4M');
    expect(run.scores).toMatchObject({ overall: 3.8, overallPercent: 76, cefrLevel: 'B2' });
    expect(run.credits).toEqual({ deducted: 4, remainingBalance: 996, audioDurationMinutes: 3.33 });
    expect(run.someFutureField).toEqual({ kept: true });
  });

  it('normalises a failed run ([] metadata, {} tags) and keeps its error', async () => {
    const { client } = makeClient();
    api().get('/api/v1/speech/analyze/req_01J9ZK7Q4P').reply(200, runFailed);
    const run = await client.speech.get('req_01J9ZK7Q4P');
    expect(run).toMatchObject({ metadata: {}, tags: [], error: { code: 'TRANSCRIPTION_FAILED' } });
  });

  it('accepts the legacy requestId as id and fills externalId with null', async () => {
    const { client } = makeClient();
    api()
      .get('/api/v1/speech/analyze/req_9')
      .reply(200, { requestId: 'req_9', status: 'processing' });
    expect(await client.speech.get('req_9')).toMatchObject({
      id: 'req_9',
      externalId: null,
      metadata: {},
      tags: [],
    });
  });

  it('rejects a score outside the documented 0–5 scale', async () => {
    const { client } = makeClient();
    api()
      .get('/api/v1/speech/analyze/req_1')
      .reply(200, { ...runSuccess, scores: { overall: 76 } });
    expect(await caught(client.speech.get('req_1'))).toMatchObject({
      code: 'RESPONSE_VALIDATION',
      field: 'scores.overall',
    });
  });

  it('encodes the id in the path', async () => {
    const { client } = makeClient();
    api()
      .get('/api/v1/speech/analyze/a%2Fb')
      .reply(200, { ...runQueued, id: 'a/b' });
    expect((await client.speech.get('a/b')).id).toBe('a/b');
  });
});

describe('speech.listRunPages (§5.7)', () => {
  it('sends every filter and follows nextCursor', async () => {
    const { client } = makeClient();
    api()
      .get('/api/v1/speech/runs')
      .query({
        externalId: 'gh:app:2',
        status: 'success',
        createdAfter: '2026-05-01T00:00:00.000Z',
        createdBefore: '2026-06-01T00:00:00.000Z',
        serviceType: 'speech',
        limit: '2',
      })
      .reply(200, runsPage)
      .get('/api/v1/speech/runs')
      .query((q) => q.cursor === 'cur_page2' && q.limit === '2')
      .reply(200, {
        data: [{ id: 'req_1', status: 'failed', createdAt: '2026-05-29T10:01:00.000Z' }],
      });
    const pages = [];
    for await (const page of client.speech.listRunPages({
      externalId: 'gh:app:2',
      status: 'success',
      createdAfter: new Date('2026-05-01T00:00:00.000Z'),
      createdBefore: '2026-06-01T00:00:00.000Z',
      serviceType: 'speech',
      limit: 2,
    })) {
      pages.push(page.items.map((r) => r.id));
    }
    expect(pages).toEqual([['req_3', 'req_2'], ['req_1']]);
  });

  it('stops on a page shorter than limit when there is no cursor', async () => {
    const { client, calls } = makeClient();
    api()
      .get('/api/v1/speech/runs')
      .query({ limit: '20' })
      .reply(200, [{ id: 'r1', status: 'success' }]);
    const rows = [];
    for await (const row of client.speech.listRuns()) rows.push(row);
    expect(rows.map((r) => r.id)).toEqual(['r1']);
    expect(calls).toHaveLength(1);
  });

  it('pages a full page without cursor by createdBefore (keyset), skipping repeats', async () => {
    const { client } = makeClient();
    api()
      .get('/api/v1/speech/runs')
      .query({ limit: '2' })
      .reply(200, {
        runs: [
          { id: 'r3', status: 'success', createdAt: '2026-05-29T10:03:00.000Z' },
          { id: 'r2', status: 'success', createdAt: '2026-05-29T10:02:00.000Z' },
        ],
      })
      .get('/api/v1/speech/runs')
      .query({ limit: '2', createdBefore: '2026-05-29T10:02:00.000Z' })
      .reply(200, {
        runs: [
          { id: 'r2', status: 'success', createdAt: '2026-05-29T10:02:00.000Z' },
          { id: 'r1', status: 'success', createdAt: '2026-05-29T10:01:00.000Z' },
        ],
      })
      .get('/api/v1/speech/runs')
      .query({ limit: '2', createdBefore: '2026-05-29T10:01:00.000Z' })
      .reply(200, { runs: [] });
    const ids = [];
    for await (const row of client.speech.listRuns({ limit: 2 })) ids.push(row.id);
    expect(ids).toEqual(['r3', 'r2', 'r1']);
  });

  it('follows a next URL and stops on hasMore: false', async () => {
    const { client } = makeClient();
    api()
      .get('/api/v1/speech/runs')
      .query(true)
      .reply(200, {
        items: [{ id: 'a', status: 'queued' }],
        next: '/api/v1/speech/runs?page=2&limit=1',
      })
      .get('/api/v1/speech/runs')
      .query({ page: '2', limit: '1' })
      .reply(200, { items: [{ id: 'b', status: 'queued' }], hasMore: false });
    const ids = [];
    for await (const row of client.speech.listRuns({ limit: 1 })) ids.push(row.id);
    expect(ids).toEqual(['a', 'b']);
  });
});

describe('speech.waitForTerminal (§4 cadence)', () => {
  it('waits pollIntervalSeconds / Retry-After, never under 10 s, and returns the terminal run', async () => {
    const { client, sleeps } = makeClient();
    api()
      .get('/api/v1/speech/analyze/req_01J9ZK7Q4M')
      .reply(200, runQueued)
      .get('/api/v1/speech/analyze/req_01J9ZK7Q4M')
      .reply(200, { ...runProcessing, pollIntervalSeconds: 5 }, { 'Retry-After': '25' })
      .get('/api/v1/speech/analyze/req_01J9ZK7Q4M')
      .reply(200, { ...runProcessing, pollIntervalSeconds: 3 })
      .get('/api/v1/speech/analyze/req_01J9ZK7Q4M')
      .reply(200, runSuccess);
    const seen: string[] = [];
    const run = await client.speech.waitForTerminal(submitQueued, {
      onPoll: (r) => seen.push(r.status),
    });
    expect(run.status).toBe('success');
    // submit said 20 s; queued has no hint → 15 s; Retry-After 25 beats 5; 3 is floored to 10
    expect(sleeps).toEqual([20_000, 15_000, 25_000, 10_000]);
    expect(seen).toEqual(['queued', 'processing', 'processing', 'success']);
  });

  it('escalates 15 → 30 → 60 s without hints', async () => {
    const { client, sleeps } = makeClient();
    const scope = api()
      .get('/api/v1/speech/analyze/r')
      .times(18)
      .reply(200, { id: 'r', status: 'processing' });
    api()
      .get('/api/v1/speech/analyze/r')
      .reply(200, { id: 'r', status: 'failed', error: { code: 'X' } });
    const run = await client.speech.waitForTerminal('r');
    expect(run.status).toBe('failed');
    expect(scope.isDone()).toBe(true);
    // polls at 0..105 s → 15 s; 120..270 s → 30 s; from 300 s → 60 s
    expect(sleeps).toEqual([
      ...Array(8).fill(15_000),
      ...Array(6).fill(30_000),
      ...Array(4).fill(60_000),
    ]);
  });

  it('throws ZenHirePollTimeoutError when the budget runs out', async () => {
    const { client } = makeClient();
    api().get('/api/v1/speech/analyze/r').times(5).reply(200, { id: 'r', status: 'processing' });
    const error = (await caught(
      client.speech.waitForTerminal('r', { budgetMs: 60_000 }),
    )) as ZenHirePollTimeoutError;
    expect(error).toBeInstanceOf(ZenHirePollTimeoutError);
    expect(error).toMatchObject({
      code: 'POLL_BUDGET_EXCEEDED',
      runId: 'r',
      lastStatus: 'processing',
    });
  });

  it('stops on abort', async () => {
    const controller = new AbortController();
    const { client } = makeClient({
      sleep: async (_ms, signal) => {
        controller.abort();
        if (signal?.aborted) throw new ZenHireAbortedError('wait');
      },
    });
    api().get('/api/v1/speech/analyze/r').reply(200, { id: 'r', status: 'processing' });
    expect(
      await caught(client.speech.waitForTerminal('r', { signal: controller.signal })),
    ).toBeInstanceOf(ZenHireAbortedError);
  });

  it('waits out POLL_RATE_LIMITED instead of failing', async () => {
    const { client, sleeps } = makeClient({ retry: { retries: 0 } });
    api()
      .get('/api/v1/speech/analyze/r')
      .reply(429, envelope('POLL_RATE_LIMITED'), { 'Retry-After': '12' })
      .get('/api/v1/speech/analyze/r')
      .reply(200, runSuccess);
    expect((await client.speech.waitForTerminal('r')).status).toBe('success');
    expect(sleeps).toEqual([12_000]);
  });

  it('returns a terminal run object without polling', async () => {
    const { client, calls } = makeClient();
    const done = { ...runSuccess, metadata: {}, tags: [], externalId: null } as never;
    expect(await client.speech.waitForTerminal(done)).toBe(done);
    expect(calls).toHaveLength(0);
  });
});
