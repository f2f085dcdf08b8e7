import { createServer } from 'node:http';
import { inspect } from 'node:util';
import { TokenBucket } from 'limiter';
import nock from 'nock';
import type { WritePlan } from '@zenhire-connect/core';
import { createTestConnectorHost } from '@zenhire-connect/testkit';
import { LeverConnector } from './lever-connector';

const BASE = 'https://api.lever.test';
const API_KEY = 'lvr_live_k3y_that_must_never_leak_0123456789';
const ACCESS_TOKEN = 'oauth-access-token-that-must-never-leak';
const OPP = '6408dc54-7015-4e5b-8d60-23afff2b1efc';

function build(config: Record<string, unknown> = {}) {
  const sleeps: number[] = [];
  const host = createTestConnectorHost({
    name: 'lever-main',
    config: { baseUrl: `${BASE}/v1`, apiKey: API_KEY, ...config },
  });
  const connector = new LeverConnector(host, {
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
  });
  return { host, connector, sleeps };
}

const plan = (operations: WritePlan['operations']): WritePlan => ({
  runId: 'r',
  connector: 'lever-main',
  mapping: 'm',
  record: { connector: 'lever-main', candidateId: 'c', applicationId: OPP },
  operations,
  hash: 'h',
});
const opportunity = { id: OPP, stage: 'lead-new', tags: [], archived: null, stageChanges: [] };

describe('LeverClient (nock)', () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());

  it('sends the API key as Basic username with an empty password', async () => {
    const scope = nock(BASE)
      .post(`/v1/opportunities/${OPP}/addTags`, { tags: ['a'] })
      .basicAuth({ user: API_KEY, pass: '' })
      .reply(200, { data: opportunity });
    const { connector } = build();
    const result = await connector.applyPlan(plan([{ kind: 'AddTags', tags: ['a'] }]), {
      previousOutcomes: [],
    });
    expect(result.outcomes[0]!.status).toBe('applied');
    scope.done();
  });

  it('sends an OAuth access token as Bearer, and perform_as when configured', async () => {
    const scope = nock(BASE, { reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}` } })
      .post(`/v1/opportunities/${OPP}/notes`, { value: 'hello' })
      .query({ perform_as: 'user-1' })
      .reply(201, { data: { noteId: 'note-1' } });
    const { connector } = build({
      apiKey: undefined,
      accessToken: ACCESS_TOKEN,
      performAs: 'user-1',
    });
    const result = await connector.applyPlan(
      plan([{ kind: 'AddNote', body: 'hello', visibility: 'private' }]),
      { previousOutcomes: [] },
    );
    expect(result.outcomes[0]).toMatchObject({ status: 'applied', atsIds: { noteId: 'note-1' } });
    scope.done();
  });

  it('retries a 429 with exponential backoff and jitter (Lever sends no Retry-After), then succeeds', async () => {
    const scope = nock(BASE)
      .post(`/v1/opportunities/${OPP}/notes`)
      .times(3)
      .reply(429, { code: 'TooManyRequestsError', message: 'Too many requests' })
      .post(`/v1/opportunities/${OPP}/notes`)
      .reply(201, { data: { noteId: 'note-9' } });
    const { connector, sleeps } = build();
    const result = await connector.applyPlan(
      plan([{ kind: 'AddNote', body: 'x', visibility: 'private' }]),
      { previousOutcomes: [] },
    );
    expect(result).toMatchObject({
      calls: 4,
      outcomes: [{ status: 'applied', atsIds: { noteId: 'note-9' } }],
    });
    // base 500 ms doubling; jitter draws 50–100 % of the step (random 0.5 → 75 %)
    expect(sleeps).toEqual([375, 750, 1500]);
    scope.done();
  });

  it('gives up after maxRetries 429s with a retryable LEVER_RATE_LIMITED', async () => {
    nock(BASE)
      .put(`/v1/opportunities/${OPP}/stage`)
      .times(3)
      .reply(429, { code: 'TooManyRequestsError', message: 'slow down' });
    const { connector, host } = build({ rateLimit: { maxRetries: 2 } });
    await host.cache.set('lever:stages', [
      { id: 'lead-new', text: 'New lead' },
      { id: 'offer', text: 'Offer' },
    ]);
    const result = await connector.applyPlan(
      plan([{ kind: 'MoveStage', to: { stage: 'Offer' } }]),
      { previousOutcomes: [] },
    );
    expect(result.outcomes[0]).toMatchObject({
      status: 'failed',
      error: { code: 'LEVER_RATE_LIMITED', retryable: true },
    });
    expect(result.calls).toBe(3);
  });

  it('does not retry a POST note on 500 (it may have been created) but retries a PUT stage', async () => {
    nock(BASE)
      .post(`/v1/opportunities/${OPP}/notes`)
      .reply(500, { code: 'InternalServerError', message: 'oops' });
    const { connector, host } = build();
    const note = await connector.applyPlan(
      plan([{ kind: 'AddNote', body: 'x', visibility: 'private' }]),
      { previousOutcomes: [] },
    );
    expect(note).toMatchObject({
      calls: 1,
      outcomes: [{ status: 'failed', error: { code: 'LEVER_SERVER_ERROR', retryable: true } }],
    });

    await host.cache.set('lever:stages', [{ id: 'offer', text: 'Offer' }]);
    const scope = nock(BASE)
      .put(`/v1/opportunities/${OPP}/stage`)
      .reply(503, { code: 'ServiceUnavailableError', message: 'maintenance' })
      .put(`/v1/opportunities/${OPP}/stage`, { stage: 'offer' })
      .reply(200, { data: { ...opportunity, stage: 'offer' } });
    const move = await connector.applyPlan(plan([{ kind: 'MoveStage', to: { stage: 'offer' } }]), {
      previousOutcomes: [],
    });
    expect(move).toMatchObject({ calls: 2, outcomes: [{ status: 'applied' }] });
    scope.done();
  });

  it('a refused stage move that is already there is success (re-read)', async () => {
    const { connector, host } = build();
    await host.cache.set('lever:stages', [{ id: 'offer', text: 'Offer' }]);
    nock(BASE)
      .put(`/v1/opportunities/${OPP}/stage`)
      .reply(400, { code: 'BadRequestError', message: 'Opportunity is already in that stage' })
      .get(`/v1/opportunities/${OPP}`)
      .reply(200, { data: { ...opportunity, stage: 'offer' } });
    const result = await connector.applyPlan(
      plan([{ kind: 'MoveStage', to: { stage: 'Offer' } }]),
      { previousOutcomes: [] },
    );
    expect(result).toMatchObject({
      calls: 2,
      outcomes: [{ status: 'already_applied', atsIds: { stageId: 'offer' } }],
    });
  });

  it('keeps the API key out of errors and logs (401, network failure)', async () => {
    nock(BASE)
      .get('/v1/stages')
      .query(true)
      .reply(401, { code: 'UnauthorizedError', message: 'Invalid API key' });
    const { connector, host } = build();
    const refused = await connector.refresh().catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'LEVER_UNAUTHORIZED', retryable: false });
    // A closed loopback port: connection refused, a real network failure (retried, then LEVER_NETWORK).
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    nock.enableNetConnect('127.0.0.1');
    const closed = build({ baseUrl: `http://127.0.0.1:${port}/v1` });
    const network = await closed.connector.refresh().catch((e: unknown) => e);
    nock.disableNetConnect();
    expect(network).toMatchObject({ code: 'LEVER_NETWORK', retryable: true });
    expect(closed.sleeps).toHaveLength(5);
    host.logs.push(...closed.host.logs);
    const base64 = Buffer.from(`${API_KEY}:`).toString('base64');
    const text =
      [refused, network]
        .map((e) => `${(e as Error).message} ${JSON.stringify(e)} ${(e as Error).stack}`)
        .join() + JSON.stringify(host.logs);
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain(base64);
    expect(host.logs.length).toBeGreaterThan(0);
    for (const shown of [
      JSON.stringify(connector),
      JSON.stringify(connector.client),
      inspect(connector.client, { depth: 5 }),
      inspect(connector, { depth: 6 }),
    ]) {
      expect(shown).not.toContain(API_KEY);
      expect(shown).not.toContain(base64);
    }
  });
});

describe('LeverClient retry policy (axios-retry), one token and one meter count per attempt', () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    jest.restoreAllMocks();
  });
  afterAll(() => nock.enableNetConnect());

  /** Sends one request through the client; counts bucket tokens, meter calls and outcomes. */
  async function send(
    request: Parameters<LeverConnector['client']['request']>[0],
    config: Record<string, unknown> = {},
  ) {
    const tokens = jest.spyOn(TokenBucket.prototype, 'removeTokens');
    tokens.mockClear(); // the same spy when called twice in one test
    const { connector, host, sleeps } = build(config);
    const meter = { calls: 0 };
    const outcome = await connector.client.request(request, meter).then(
      (response) => ({ ok: true as const, response }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    const warns = host.logs.filter((log) => log.level === 'warn');
    const bucket = Reflect.get(connector.client, 'bucket') as TokenBucket;
    return { outcome, calls: meter.calls, tokens: tokens.mock.calls.length, sleeps, warns, bucket };
  }

  it('retries a GET on 503 (safe), each attempt taking one token and counted once', async () => {
    const scope = nock(BASE)
      .get('/v1/stages')
      .times(2)
      .reply(503, { code: 'ServiceUnavailableError', message: 'maintenance' })
      .get('/v1/stages')
      .reply(200, { data: [{ id: 'offer', text: 'Offer' }] });
    const result = await send({ method: 'GET', path: '/stages' });
    expect(result.outcome).toMatchObject({
      ok: true,
      response: { status: 200, data: [{ id: 'offer' }] },
    });
    expect(result).toMatchObject({ calls: 3, tokens: 3, sleeps: [375, 750] });
    expect(result.warns).toEqual([
      {
        level: 'warn',
        obj: { method: 'GET', path: '/stages', status: 503, retryInMs: 375 },
        msg: 'lever call retried',
      },
      {
        level: 'warn',
        obj: { method: 'GET', path: '/stages', status: 503, retryInMs: 750 },
        msg: 'lever call retried',
      },
    ]);
    scope.done();
  });

  it('does not retry a POST on 503 (not safe)', async () => {
    const scope = nock(BASE)
      .post(`/v1/opportunities/${OPP}/notes`)
      .reply(503, { code: 'ServiceUnavailableError', message: 'maintenance' });
    const result = await send({
      method: 'POST',
      path: `/opportunities/${OPP}/notes`,
      body: { value: 'x' },
    });
    expect(result.outcome).toMatchObject({
      ok: false,
      error: { code: 'LEVER_SERVER_ERROR', retryable: true, status: 503 },
    });
    expect(result).toMatchObject({ calls: 1, tokens: 1, sleeps: [], warns: [] });
    scope.done();
  });

  it('retries a POST on 429 and empties the token bucket', async () => {
    const scope = nock(BASE)
      .post(`/v1/opportunities/${OPP}/notes`)
      .reply(429, { code: 'TooManyRequestsError', message: 'Too many requests' })
      .post(`/v1/opportunities/${OPP}/notes`)
      .reply(201, { data: { noteId: 'note-1' } });
    const result = await send({
      method: 'POST',
      path: `/opportunities/${OPP}/notes`,
      body: { value: 'x' },
    });
    expect(result.outcome).toMatchObject({
      ok: true,
      response: { status: 201, data: { noteId: 'note-1' } },
    });
    expect(result).toMatchObject({ calls: 2, tokens: 2, sleeps: [375] });
    // Emptied on the 429, then the retry waited for a refilled token (19 tokens without it).
    expect(result.bucket.content).toBeLessThan(2);
    scope.done();
  });

  it('never retries another 4xx, even on a GET', async () => {
    const scope = nock(BASE)
      .get(`/v1/opportunities/${OPP}`)
      .reply(404, { code: 'NotFoundError', message: 'no such opportunity' });
    const result = await send({ method: 'GET', path: `/opportunities/${OPP}` });
    expect(result.outcome).toMatchObject({
      ok: false,
      error: { code: 'LEVER_NOT_FOUND', retryable: false, status: 404 },
    });
    expect(result).toMatchObject({ calls: 1, tokens: 1, sleeps: [], warns: [] });
    scope.done();
  });

  it('retries network failures of a set-like POST marked safe, not of a plain POST', async () => {
    // A closed loopback port: connection refused on every attempt.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    nock.enableNetConnect('127.0.0.1');
    const config = { baseUrl: `http://127.0.0.1:${port}/v1`, rateLimit: { maxRetries: 2 } };
    const tags = `/opportunities/${OPP}/addTags`;
    const notes = `/opportunities/${OPP}/notes`;
    const safe = await send(
      { method: 'POST', path: tags, body: { tags: ['a'] }, safe: true },
      config,
    );
    const note = await send({ method: 'POST', path: notes, body: { value: 'x' } }, config);
    nock.disableNetConnect();

    expect(safe.outcome).toMatchObject({
      ok: false,
      error: { code: 'LEVER_NETWORK', retryable: true },
    });
    expect(safe).toMatchObject({ calls: 3, tokens: 3, sleeps: [375, 750] });
    expect(safe.warns.map((log) => log.msg)).toEqual(Array(3).fill('lever call failed'));

    expect(note.outcome).toMatchObject({
      ok: false,
      error: { code: 'LEVER_NETWORK', retryable: true },
    });
    expect(note).toMatchObject({ calls: 1, tokens: 1, sleeps: [] });
    expect(note.warns).toEqual([
      {
        level: 'warn',
        obj: {
          method: 'POST',
          path: notes,
          reason: `POST ${notes}: no response (ECONNREFUSED)`,
        },
        msg: 'lever call failed',
      },
    ]);
  });
});
