import { inspect } from 'node:util';
import nock from 'nock';
import {
  ZenHireAbortedError,
  ZenHireApiError,
  ZenHireArtifactNotReadyError,
  ZenHireAuthError,
  ZenHireCreditsError,
  ZenHireNetworkError,
  ZenHireNotFoundError,
  ZenHirePermissionError,
  ZenHireRateLimitError,
  ZenHireResponseValidationError,
  ZenHireServerError,
  ZenHireValidationError,
} from '../errors';
import {
  API_KEY,
  BASE_URL,
  api,
  caught,
  envelope,
  makeClient,
  setupNock,
  socketError,
} from '../__fixtures__/harness';
import credits from '../__fixtures__/credits.json';
import insufficient from '../__fixtures__/error-insufficient-credits.json';

setupNock();

// Every code of zenhire-api.md §3.1 with its HTTP status and expected class / category.
const CATALOGUE: [number, string, new (...args: never[]) => ZenHireApiError, string][] = [
  [400, 'MISSING_AUDIO_FILE', ZenHireValidationError, 'validation'],
  [400, 'UNSUPPORTED_FORMAT', ZenHireValidationError, 'validation'],
  [400, 'AUDIO_TOO_SHORT', ZenHireValidationError, 'validation'],
  [400, 'AUDIO_TOO_LONG', ZenHireValidationError, 'validation'],
  [400, 'AUDIO_DURATION_UNAVAILABLE', ZenHireValidationError, 'validation'],
  [400, 'FILE_TOO_LARGE', ZenHireValidationError, 'validation'],
  [400, 'INVALID_LANGUAGE_CODE', ZenHireValidationError, 'validation'],
  [400, 'INVALID_EXTERNAL_ID', ZenHireValidationError, 'validation'],
  [400, 'INVALID_METADATA', ZenHireValidationError, 'validation'],
  [400, 'INVALID_STATUS', ZenHireValidationError, 'validation'],
  [400, 'INVALID_SERVICE_TYPE', ZenHireValidationError, 'validation'],
  [400, 'INVALID_DATE', ZenHireValidationError, 'validation'],
  [400, 'INVALID_PARAMETERS', ZenHireValidationError, 'validation'],
  [400, 'INVALID_INPUT', ZenHireValidationError, 'validation'],
  [400, 'INVALID_FILE_CONTENT', ZenHireValidationError, 'validation'],
  [400, 'INSECURE_WEBHOOK_URL', ZenHireValidationError, 'validation'],
  [400, 'PRIVATE_WEBHOOK_URL', ZenHireValidationError, 'validation'],
  [400, 'MISSING_CORPUS_ID', ZenHireValidationError, 'validation'],
  [400, 'BATCH_TOO_LARGE', ZenHireValidationError, 'validation'],
  [400, 'PERSONA_VALIDATION_UNNAMED', ZenHireValidationError, 'validation'],
  [401, 'MISSING_API_KEY', ZenHireAuthError, 'auth'],
  [401, 'INVALID_API_KEY', ZenHireAuthError, 'auth'],
  [401, 'API_KEY_EXPIRED', ZenHireAuthError, 'auth'],
  [401, 'CLIENT_INACTIVE', ZenHireAuthError, 'auth'],
  [401, 'UNAUTHENTICATED', ZenHireAuthError, 'auth'],
  [402, 'INSUFFICIENT_CREDITS', ZenHireCreditsError, 'credits'],
  [403, 'MISSING_PERMISSION', ZenHirePermissionError, 'permission'],
  [403, 'MULTILINGUAL_NOT_ENABLED', ZenHirePermissionError, 'permission'],
  [403, 'IP_NOT_ALLOWED', ZenHirePermissionError, 'permission'],
  [404, 'SPEECH_UNNAMED_404', ZenHireNotFoundError, 'not_found'],
  [404, 'REQUEST_NOT_FOUND', ZenHireNotFoundError, 'not_found'],
  [404, 'NOT_FOUND', ZenHireNotFoundError, 'not_found'],
  [409, 'ARTIFACT_NOT_READY', ZenHireArtifactNotReadyError, 'not_ready'],
  [413, 'PAYLOAD_TOO_LARGE', ZenHireValidationError, 'validation'],
  [429, 'RATE_LIMIT_EXCEEDED', ZenHireRateLimitError, 'rate_limit'],
  [429, 'POLL_RATE_LIMITED', ZenHireRateLimitError, 'rate_limit'],
  [429, 'RATE_LIMITED', ZenHireRateLimitError, 'rate_limit'],
  [500, 'INTERNAL_ERROR', ZenHireServerError, 'server'],
  [502, 'STEP_FUNCTIONS_FAILED', ZenHireServerError, 'server'],
  [503, 'SERVICE_WARMING_UP', ZenHireServerError, 'server'],
];

describe('error envelope mapping (§3.1)', () => {
  it.each(CATALOGUE)('HTTP %i %s → %p', async (status, code, cls, category) => {
    const { client } = makeClient({ retry: { retries: 0 } });
    api()
      .get('/api/v1/credits')
      .reply(status, envelope(code, { details: { status: 'active' } }), { 'Retry-After': '7' });
    const error = (await caught(client.credits())) as ZenHireApiError;
    expect(error).toBeInstanceOf(cls);
    expect(error).toMatchObject({
      status,
      code,
      category,
      requestId: 'req_1705412345678_abc123',
      details: { status: 'active' },
      retryAfterSeconds: 7,
      endpoint: { method: 'GET', path: '/api/v1/credits' },
    });
  });

  it('keeps details and prefers retryAfterSeconds from the body', async () => {
    const { client } = makeClient({ retry: { retries: 0 } });
    api().get('/api/v1/credits').reply(402, insufficient);
    const error = (await caught(client.credits())) as ZenHireCreditsError;
    expect(error.details).toEqual({ cost: 4, available: 2 });
    expect(error.message).toContain('INSUFFICIENT_CREDITS');

    api()
      .get('/api/v1/credits')
      .reply(429, envelope('RATE_LIMIT_EXCEEDED', { retryAfterSeconds: 42 }), {
        'Retry-After': '5',
      });
    expect(((await caught(client.credits())) as ZenHireApiError).retryAfterSeconds).toBe(42);
  });

  it('reads CVDM details.retry_after_seconds when neither body field nor header is set', async () => {
    const { client } = makeClient({ retry: { retries: 0 } });
    api()
      .get('/api/v1/credits')
      .reply(429, envelope('RATE_LIMITED', { details: { retry_after_seconds: 9 } }));
    expect(((await caught(client.credits())) as ZenHireApiError).retryAfterSeconds).toBe(9);
  });

  it('an envelope without requestId (middleware rejection) still maps', async () => {
    const { client } = makeClient();
    api()
      .get('/api/v1/credits')
      .reply(401, {
        error: { code: 'INVALID_API_KEY', message: 'bad key', timestamp: '2026-05-29T10:00:00Z' },
      });
    const error = (await caught(client.credits())) as ZenHireAuthError;
    expect(error).toBeInstanceOf(ZenHireAuthError);
    expect(error.requestId).toBeNull();
  });

  it.each([
    [502, '<html><body>Bad Gateway</body></html>', ZenHireServerError, 'server'],
    [404, 'Not Found', ZenHireNotFoundError, 'not_found'],
    [418, '', ZenHireApiError, 'unknown'],
    [400, { message: 'not an envelope' }, ZenHireValidationError, 'validation'],
  ])('non-envelope body HTTP %i still gives a typed error', async (status, body, cls, category) => {
    const { client } = makeClient({ retry: { retries: 0 } });
    api()
      .get('/api/v1/credits')
      .reply(status, body as string);
    const error = (await caught(client.credits())) as ZenHireApiError;
    expect(error).toBeInstanceOf(cls);
    expect(error).toMatchObject({ status, code: `HTTP_${status}`, category, envelope: false });
  });
});

describe('response validation', () => {
  it('passes unknown fields through', async () => {
    const { client } = makeClient();
    api()
      .get('/api/v1/credits')
      .reply(200, { ...credits, newField: 1 });
    expect(await client.credits()).toMatchObject({ balance: 1000, newField: 1 });
  });

  it('names the missing field and the endpoint', async () => {
    const { client } = makeClient();
    api().get('/api/v1/speech/analyze/req_1').reply(200, { status: 'success' });
    const error = (await caught(client.speech.get('req_1'))) as ZenHireResponseValidationError;
    expect(error).toBeInstanceOf(ZenHireResponseValidationError);
    expect(error.code).toBe('RESPONSE_VALIDATION');
    expect(error.field).toBe('id');
    expect(error.endpoint).toEqual({ method: 'GET', path: '/api/v1/speech/analyze/req_1' });
    expect(error.message).toContain('GET /api/v1/speech/analyze/req_1');
    expect(error.message).toContain('id');
  });
});

describe('GET retries', () => {
  it('retries 429, 502, 503 with exponential backoff and jitter, honouring Retry-After', async () => {
    const { client, sleeps, calls } = makeClient({ retry: { retries: 3, baseDelayMs: 1000 } });
    api()
      .get('/api/v1/credits')
      .reply(503, envelope('WARMING'), { 'Retry-After': '5' })
      .get('/api/v1/credits')
      .reply(502, envelope('STEP_FUNCTIONS_FAILED'))
      .get('/api/v1/credits')
      .reply(429, envelope('RATE_LIMIT_EXCEEDED'))
      .get('/api/v1/credits')
      .reply(200, credits);
    expect(await client.credits()).toMatchObject({ balance: 1000 });
    // random() = 0.5 → factor 0.75: 750 → raised to Retry-After 5 s; 1500; 3000
    expect(sleeps).toEqual([5000, 1500, 3000]);
    expect(calls.map((c) => c.attempt)).toEqual([1, 2, 3, 4]);
  });

  it('retries network errors and timeouts', async () => {
    const { client, sleeps } = makeClient();
    api()
      .get('/api/v1/credits')
      .replyWithError(socketError('ECONNRESET'))
      .get('/api/v1/credits')
      .replyWithError(socketError('ETIMEDOUT'))
      .get('/api/v1/credits')
      .reply(200, credits);
    expect(await client.credits()).toMatchObject({ balance: 1000 });
    expect(sleeps).toHaveLength(2);
  });

  it('gives up after the cap and throws the last error', async () => {
    const { client, calls } = makeClient({ retry: { retries: 2 } });
    api().get('/api/v1/credits').times(3).reply(503, envelope('WARMING'));
    expect(await caught(client.credits())).toBeInstanceOf(ZenHireServerError);
    expect(calls).toHaveLength(3);
  });

  it('does not wait out a Retry-After above the cap', async () => {
    const { client, sleeps } = makeClient({ retry: { maxRetryAfterSeconds: 60 } });
    api()
      .get('/api/v1/credits')
      .reply(429, envelope('RATE_LIMIT_EXCEEDED'), { 'Retry-After': '3600' });
    const error = (await caught(client.credits())) as ZenHireRateLimitError;
    expect(error.retryAfterSeconds).toBe(3600);
    expect(sleeps).toEqual([]);
  });

  it('does not retry 4xx other than 429, nor 500', async () => {
    const { client, calls } = makeClient();
    api().get('/api/v1/credits').reply(400, envelope('INVALID_INPUT'));
    await caught(client.credits());
    api().get('/api/v1/credits').reply(500, envelope('INTERNAL_ERROR'));
    await caught(client.credits());
    expect(calls).toHaveLength(2);
  });

  it('maps a real timeout to ZenHireNetworkError TIMEOUT', async () => {
    const { client } = makeClient({ timeoutMs: 100, retry: { retries: 0 } });
    api().get('/api/v1/credits').delay(3_000).reply(200, credits);
    const error = (await caught(client.credits())) as ZenHireNetworkError;
    expect(error).toBeInstanceOf(ZenHireNetworkError);
    expect(error.code).toBe('TIMEOUT');
  });
});

describe('abort', () => {
  it('turns an aborted signal into ZenHireAbortedError without retrying', async () => {
    const { client, calls } = makeClient();
    const controller = new AbortController();
    controller.abort();
    expect(await caught(client.credits({ signal: controller.signal }))).toBeInstanceOf(
      ZenHireAbortedError,
    );
    expect(calls.length).toBeLessThanOrEqual(1);
  });
});

describe('headers, health, hooks', () => {
  it('sends X-API-Key and User-Agent; health goes without key', async () => {
    const { client, calls } = makeClient({ userAgent: 'ats-bridge/1.2' });
    nock(BASE_URL, { reqheaders: { 'x-api-key': API_KEY, 'user-agent': 'ats-bridge/1.2' } })
      .get('/api/v1/credits')
      .reply(200, credits);
    await client.credits();
    nock(BASE_URL, { badheaders: ['x-api-key'] })
      .get('/api/v1/health')
      .reply(200, { status: 'ok' });
    expect(await client.health()).toEqual({ status: 'ok' });
    nock(BASE_URL).get('/api/v1/health').reply(200, 'OK', { 'Content-Type': 'text/plain' });
    expect(await client.health()).toEqual({ status: 'OK' });
    expect(calls.map((c) => [c.module, c.method, c.endpoint])).toEqual([
      ['universal', 'GET', '/api/v1/credits'],
      ['universal', 'GET', '/api/v1/health'],
      ['universal', 'GET', '/api/v1/health'],
    ]);
  });
});

describe('secrets', () => {
  it('never puts the API key into errors, their JSON, inspect output, logs or the client', async () => {
    const { client, logs } = makeClient({ retry: { retries: 1 } });
    api()
      .get('/api/v1/credits')
      .reply(401, envelope('INVALID_API_KEY', { message: `key ${API_KEY} unknown` }));
    api().get('/api/v1/credits').replyWithError(socketError('ECONNRESET'));
    api().get('/api/v1/credits').replyWithError(socketError('ECONNRESET'));
    api().get('/api/v1/credits').reply(502, `<pre>X-API-Key: ${API_KEY}</pre>`);
    api().get('/api/v1/credits').reply(502, `<pre>X-API-Key: ${API_KEY}</pre>`);
    api().get('/api/v1/speech/analyze/x').reply(200, { nope: true });
    const errors = [
      await caught(client.credits()),
      await caught(client.credits()),
      await caught(client.credits()),
      await caught(client.speech.get('x')),
    ];
    expect(errors[1]).toBeInstanceOf(ZenHireNetworkError);
    for (const error of errors) {
      expect(JSON.stringify(error)).not.toContain(API_KEY);
      expect(JSON.stringify((error as { toJSON(): unknown }).toJSON())).not.toContain(API_KEY);
      expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(API_KEY);
      expect(String(error)).not.toContain(API_KEY);
      expect((error as Error).stack ?? '').not.toContain(API_KEY);
    }
    expect((errors[0] as Error).message).toContain('[redacted]');
    expect(JSON.stringify(logs)).not.toContain(API_KEY);
    expect(JSON.stringify(client)).not.toContain(API_KEY);
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(API_KEY);
  });
});
