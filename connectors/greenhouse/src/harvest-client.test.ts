import { createServer } from 'node:net';
import nock from 'nock';
import { ConnectorError } from '@zenhire-connect/core';
import { HarvestClient } from './harvest-client';
import type { OAuthTokenSource } from './oauth-token';
import { FakeTime } from './__fixtures__/fake-time';
import {
  AUTH,
  HARVEST,
  SECRETS,
  type TestConnector,
  makeConnector,
  mockToken,
} from './__fixtures__/nock-greenhouse';

let t: TestConnector;

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
beforeEach(() => {
  t = makeConnector({ rateLimit: { maxRetries: 3, maxRetryAfterSeconds: 60, baseBackoffMs: 500 } });
});
afterEach(async () => {
  nock.cleanAll();
  await t.connector.close();
});

/** Every text a user could see: error messages and JSON, and the log entries. */
function visibleText(error: unknown): string {
  return JSON.stringify([(error as Error).message, error, t.host.logs]);
}

describe('OAuth client credentials (greenhouse-api.md §2.1)', () => {
  it('sends Basic client credentials, grant_type and sub; 10 parallel calls make 1 token request', async () => {
    const token = nock(AUTH)
      .post('/token', (body) => body.grant_type === 'client_credentials' && body.sub === '4080')
      .basicAuth({ user: 'client-1', pass: SECRETS.clientSecret })
      .reply(200, {
        token_type: 'Bearer',
        access_token: SECRETS.accessToken,
        expires_at: new Date(t.clock.now + 3600_000).toISOString(),
      });
    nock(HARVEST)
      .get(/\/v3\/applications\/\d+/)
      .times(10)
      .matchHeader('authorization', `Bearer ${SECRETS.accessToken}`)
      .reply(200, { id: 1 });
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.connector.client.request({ method: 'GET', path: `/applications/${i}` }),
      ),
    );
    expect(token.isDone()).toBe(true);
    expect(t.tokenRequests.count).toBe(1);
  });

  it('renews the token before expires_at (margin), not on every call', async () => {
    mockToken(t.clock.now, 1, 'token-a');
    nock(HARVEST)
      .get('/v3/users/1')
      .times(2)
      .matchHeader('authorization', 'Bearer token-a')
      .reply(200, {});
    await t.connector.client.request({ method: 'GET', path: '/users/1' });
    t.clock.now += 3600_000 - 61_000; // 61 s before expiry: still good (margin 60 s)
    await t.connector.client.request({ method: 'GET', path: '/users/1' });
    t.clock.now += 2_000; // 59 s before expiry: renew
    nock(AUTH)
      .post('/token')
      .reply(200, {
        access_token: 'token-b',
        expires_at: Math.floor((t.clock.now + 3600_000) / 1000),
      });
    nock(HARVEST).get('/v3/users/1').matchHeader('authorization', 'Bearer token-b').reply(200, {});
    await t.connector.client.request({ method: 'GET', path: '/users/1' });
    expect(t.tokenRequests.count).toBe(2);
  });

  it('a 401 triggers one refresh and one retry; parallel 401s share the refresh', async () => {
    mockToken(t.clock.now, 1, 'stale');
    nock(HARVEST)
      .get('/v3/users/1')
      .times(3)
      .matchHeader('authorization', 'Bearer stale')
      .reply(401, { message: 'Invalid or expired access token' });
    nock(AUTH)
      .post('/token')
      .reply(200, {
        access_token: 'fresh',
        expires_at: new Date(t.clock.now + 3600_000).toISOString(),
      });
    nock(HARVEST)
      .get('/v3/users/1')
      .times(3)
      .matchHeader('authorization', 'Bearer fresh')
      .reply(200, { id: 1 });
    await Promise.all(
      [1, 2, 3].map(() => t.connector.client.request({ method: 'GET', path: '/users/1' })),
    );
    expect(t.tokenRequests.count).toBe(2);
  });

  it('a second 401 after the refresh is a permanent error', async () => {
    mockToken(t.clock.now, 2);
    nock(HARVEST).get('/v3/users/1').times(2).reply(401, {});
    const error = await t.connector.client
      .request({ method: 'GET', path: '/users/1' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: 'GREENHOUSE_UNAUTHORIZED', retryable: false });
  });

  it('refused credentials: permanent GREENHOUSE_AUTH_FAILED, without the secret anywhere', async () => {
    nock(AUTH)
      .post('/token')
      .reply(401, { error: 'invalid_client', error_description: 'Client authentication failed' });
    const error = await t.connector.client
      .request({ method: 'GET', path: '/users/1' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'GREENHOUSE_AUTH_FAILED', retryable: false });
    expect(visibleText(error)).not.toContain(SECRETS.clientSecret);
  });
});

describe('cursor pagination (greenhouse-api.md §2.2)', () => {
  it('follows Link rel="next" and sends the cursor as the only query parameter', async () => {
    mockToken(t.clock.now);
    nock(HARVEST)
      .get('/v3/candidate_tags')
      .query({ per_page: '500', ids: '1,2,3' })
      .reply(200, [{ id: 1 }], { Link: `<${HARVEST}/v3/candidate_tags?cursor=abc>; rel="next"` })
      .get('/v3/candidate_tags')
      .query({ cursor: 'abc' })
      .reply(200, [{ id: 2 }], {
        Link: `<${HARVEST}/v3/candidate_tags?cursor=def&per_page=500>; rel="next"`,
      })
      .get('/v3/candidate_tags')
      .query({ cursor: 'def' })
      .reply(200, [{ id: 3 }]);
    const meter = { calls: 0 };
    const items = await t.connector.client.listAll<{ id: number }>(
      '/candidate_tags',
      { ids: [1, 2, 3] },
      meter,
    );
    expect(items.map((i) => i.id)).toEqual([1, 2, 3]);
    expect(meter.calls).toBe(3);
  });
});

describe('one record by id (the list filtered by ids)', () => {
  it('reads GET /v3/<list>?ids=<id> in one call and picks the row with that id', async () => {
    mockToken(t.clock.now);
    nock(HARVEST)
      .get('/v3/applications')
      .query({ ids: '265277' })
      .reply(200, [{ id: 265277, status: 'active' }]);
    const meter = { calls: 0 };
    const row = await t.connector.client.getById<{ id: number; status: string }>(
      '/applications',
      '265277',
      meter,
    );
    expect(row).toEqual({ id: 265277, status: 'active' });
    expect(meter.calls).toBe(1);
  });

  it('no row with that id is a permanent GREENHOUSE_NOT_FOUND (status 404)', async () => {
    mockToken(t.clock.now);
    nock(HARVEST).get('/v3/jobs').query({ ids: '99' }).reply(200, []);
    await expect(t.connector.client.getById('/jobs', '99')).rejects.toMatchObject({
      code: 'GREENHOUSE_NOT_FOUND',
      status: 404,
      retryable: false,
    });
  });
});

describe('rate limits and retries', () => {
  it('429 + Retry-After: waits that long once, then succeeds (2 requests, no storm)', async () => {
    mockToken(t.clock.now);
    nock(HARVEST)
      .get('/v3/users/1')
      .reply(
        429,
        { message: 'Rate limit exceeded' },
        { 'Retry-After': '7', 'X-RateLimit-Limit': '75', 'X-RateLimit-Remaining': '0' },
      )
      .get('/v3/users/1')
      .reply(200, { id: 1 }, { 'X-RateLimit-Limit': '75', 'X-RateLimit-Remaining': '74' });
    const meter = { calls: 0 };
    await t.connector.client.request({ method: 'GET', path: '/users/1' }, meter);
    expect(t.sleeps).toEqual([7000]);
    expect(meter.calls).toBe(2);
  });

  it('parallel callers hit by 429 share the pause instead of retrying at once', async () => {
    const waits: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // A sleep that holds until the test releases it, so we can see who waits.
    (t.connector.client as unknown as { sleep: (ms: number) => Promise<void> }).sleep = async (
      ms,
    ) => {
      waits.push(ms);
      await gate;
    };
    mockToken(t.clock.now);
    let received = 0;
    nock(HARVEST)
      .get('/v3/users/1')
      .reply(() => {
        received++;
        return [429, {}, { 'Retry-After': '5' }];
      })
      .get('/v3/users/1')
      .times(3)
      .reply(() => {
        received++;
        return [200, { id: 1 }];
      });
    const first = t.connector.client.request({ method: 'GET', path: '/users/1' });
    while (waits.length === 0) await new Promise((r) => setTimeout(r, 10));
    const others = [1, 2].map(() =>
      t.connector.client.request({ method: 'GET', path: '/users/1' }),
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(received).toBe(1); // everyone waits for the Retry-After
    release();
    await Promise.all([first, ...others]);
    expect(received).toBe(4);
    expect(waits).toEqual([5000]);
  });

  it('a Retry-After above the cap fails fast as retryable with retryAfterMs', async () => {
    mockToken(t.clock.now);
    nock(HARVEST).get('/v3/users/1').reply(429, {}, { 'Retry-After': '3600' });
    const error = await t.connector.client
      .request({ method: 'GET', path: '/users/1' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'GREENHOUSE_RATE_LIMITED',
      retryable: true,
      retryAfterMs: 3_600_000,
    });
    expect(t.sleeps).toEqual([]);
  });

  it('5xx on a GET is retried with exponential backoff; a POST is not retried', async () => {
    mockToken(t.clock.now);
    nock(HARVEST).get('/v3/users/1').times(2).reply(502).get('/v3/users/1').reply(200, { id: 1 });
    await t.connector.client.request({ method: 'GET', path: '/users/1' });
    expect(t.sleeps).toEqual([500, 1000]);
    nock(HARVEST).post('/v3/notes').reply(500);
    const error = await t.connector.client
      .request({ method: 'POST', path: '/notes', body: {} })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'GREENHOUSE_SERVER_ERROR', retryable: true });
    expect(t.sleeps).toEqual([500, 1000]);
  });

  it('network errors on safe calls are retried, then surface as retryable GREENHOUSE_NETWORK', async () => {
    // A closed loopback port: connection refused, a real network error.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    nock.enableNetConnect('127.0.0.1');
    const refused = makeConnector({ baseUrl: `http://127.0.0.1:${port}/v3` });
    mockToken(refused.clock.now);
    const error = await refused.connector.client
      .request({ method: 'GET', path: '/users/1' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'GREENHOUSE_NETWORK', retryable: true });
    expect(refused.sleeps).toEqual([500, 1000, 2000]);
    await refused.connector.close();
    nock.disableNetConnect();
  });

  it('X-RateLimit-Remaining below what this client sent tightens the limiter (another client)', async () => {
    mockToken(t.clock.now);
    nock(HARVEST)
      .get('/v3/users/1')
      .reply(200, {}, { 'X-RateLimit-Limit': '75', 'X-RateLimit-Remaining': '12' });
    await t.connector.client.request({ method: 'GET', path: '/users/1' });
    expect(await t.connector.client.remainingInWindow()).toBe(12);
    expect(t.connector.client.rateLimitAnnounced).toBe(75);
  });

  it("follows Greenhouse's rolling window: X-RateLimit-Limit 2, the 3rd call goes when the 1st answer is a window old", async () => {
    const time = new FakeTime();
    const client = new HarvestClient({
      baseUrl: `${HARVEST}/v3`,
      tokens: {
        token: async () => 'token',
        invalidate: () => undefined,
      } as unknown as OAuthTokenSource,
      rateLimit: {
        requestsPerWindow: 50,
        windowSeconds: 10,
        maxConcurrent: 4,
        maxRetryAfterSeconds: 60,
        maxRetries: 3,
        baseBackoffMs: 500,
      },
      timeoutMs: 5_000,
      logger: t.host.logger,
      clock: { now: () => time.now },
      limiterTimers: time,
    });
    let received = 0;
    nock(HARVEST)
      .get('/v3/users/1')
      .times(3)
      .reply(() => {
        received++;
        return [
          200,
          { id: 1 },
          { 'X-RateLimit-Limit': '2', 'X-RateLimit-Remaining': String(2 - received) },
        ];
      });
    await client.request({ method: 'GET', path: '/users/1' });
    await time.advance(4_000);
    await client.request({ method: 'GET', path: '/users/1' });
    const third = client.request({ method: 'GET', path: '/users/1' });
    const ioTurn = () => new Promise((resolve) => setTimeout(resolve, 20));
    await ioTurn();
    await time.advance(5_999); // the 1st answer is still inside the 10 s window
    await ioTurn();
    expect(received).toBe(2);
    await time.advance(1);
    await third;
    expect(received).toBe(3);
    await client.close();
  });

  it('warns when Greenhouse announces a lower limit than configured', async () => {
    mockToken(t.clock.now);
    nock(HARVEST)
      .get('/v3/users/1')
      .reply(200, {}, { 'X-RateLimit-Limit': '20', 'X-RateLimit-Remaining': '19' });
    await t.connector.client.request({ method: 'GET', path: '/users/1' });
    expect(t.host.logs.filter((l) => l.level === 'warn').map((l) => l.obj)).toEqual([
      { announcedLimit: 20, requestsPerWindow: 50 },
    ]);
  });
});

describe('errors', () => {
  it("422 surfaces Greenhouse's {message, errors[{message, field}]} and is permanent", async () => {
    mockToken(t.clock.now);
    nock(HARVEST)
      .patch('/v3/applications/1')
      .reply(422, {
        message: 'Validation error',
        errors: [{ message: 'must be a number', field: 'custom_fields[0].value' }],
      });
    const error = (await t.connector.client
      .request({ method: 'PATCH', path: '/applications/1', body: {} })
      .catch((e: unknown) => e)) as ConnectorError;
    expect(error).toMatchObject({ code: 'GREENHOUSE_VALIDATION', retryable: false, status: 422 });
    expect(error.message).toContain('custom_fields[0].value: must be a number');
    expect(error.details).toEqual({
      errors: [{ message: 'must be a number', field: 'custom_fields[0].value' }],
    });
  });

  it('never puts the token or the client secret in errors or logs', async () => {
    mockToken(t.clock.now);
    nock(HARVEST).get('/v3/users/1').query(true).reply(403, { message: 'forbidden' });
    const error = await t.connector.client
      .request({ method: 'GET', path: '/users/1', query: { email: 'a@b.c' } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'GREENHOUSE_FORBIDDEN' });
    const text = visibleText(error);
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
    expect(text).not.toContain('a@b.c');
  });
});
