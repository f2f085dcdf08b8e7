import { GREENHOUSE_SANDBOX_CLIENT, GreenhouseSandbox } from './index';

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

async function requestToken(url: string, form: Record<string, string>, auth?: string) {
  const res = await fetch(`${url}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization:
        auth ?? basic(GREENHOUSE_SANDBOX_CLIENT.clientId, GREENHOUSE_SANDBOX_CLIENT.clientSecret),
    },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

describe('GreenhouseSandbox OAuth2 client credentials (greenhouse-api.md §2.1)', () => {
  let gh: GreenhouseSandbox;
  afterEach(async () => gh?.stop());

  it('issues {token_type, access_token, expires_at} for Basic client auth + form body and accepts the bearer on /v3', async () => {
    gh = new GreenhouseSandbox();
    const url = await gh.start();
    const token = await requestToken(url, { grant_type: 'client_credentials', sub: '112' });
    expect(token.status).toBe(200);
    expect(Object.keys(token.body).sort()).toEqual(['access_token', 'expires_at', 'token_type']);
    expect(token.body.token_type).toBe('Bearer');
    const expiresIn = Date.parse(token.body.expires_at) - Date.now();
    expect(expiresIn).toBeGreaterThan(3590_000);
    expect(expiresIn).toBeLessThanOrEqual(3600_000);

    const res = await fetch(`${url}/v3/applications/265277`, {
      headers: { authorization: `Bearer ${token.body.access_token}` },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { id: number }).id).toBe(265277);
    expect(gh.tokenRequests).toEqual([
      expect.objectContaining({
        clientId: 'gh-sandbox-client',
        grantType: 'client_credentials',
        sub: 112,
        status: 200,
      }),
    ]);
  });

  it('refuses a wrong secret (401 invalid_client), another grant type (400) and an unknown sub (400)', async () => {
    gh = new GreenhouseSandbox();
    const url = await gh.start();
    const wrong = await requestToken(
      url,
      { grant_type: 'client_credentials' },
      basic('gh-sandbox-client', 'nope'),
    );
    expect(wrong).toEqual({
      status: 401,
      body: expect.objectContaining({ error: 'invalid_client' }),
    });
    const grant = await requestToken(url, { grant_type: 'password' });
    expect(grant).toEqual({
      status: 400,
      body: expect.objectContaining({ error: 'unsupported_grant_type' }),
    });
    const sub = await requestToken(url, { grant_type: 'client_credentials', sub: '999999' });
    expect(sub).toEqual({
      status: 400,
      body: expect.objectContaining({ error: 'invalid_request' }),
    });
    expect(gh.tokenRequests.map((r) => r.status)).toEqual([401, 400, 400]);
    expect(JSON.stringify(gh.tokenRequests)).not.toContain('nope');
  });

  it('accepts grant_type as a query parameter without sub (as the official PHP client sends it)', async () => {
    gh = new GreenhouseSandbox();
    const url = await gh.start();
    const res = await fetch(`${url}/token?grant_type=client_credentials`, {
      method: 'POST',
      headers: { authorization: basic('gh-sandbox-client', 'gh-sandbox-secret') },
    });
    expect(res.status).toBe(200);
    expect(gh.tokenRequests[0].sub).toBeNull();
  });

  it('answers 401 for a missing, unknown or expired bearer; the lifetime runs on the scaled clock', async () => {
    // 200 documented seconds of lifetime = 1 real second at scale 0.005
    gh = new GreenhouseSandbox({ timeScale: 0.005, tokenLifetimeSeconds: 200 });
    const url = await gh.start();
    const get = (auth?: string) =>
      fetch(`${url}/v3/users`, { headers: auth ? { authorization: auth } : {} });
    expect((await get()).status).toBe(401);
    expect((await get('Bearer not-a-token')).status).toBe(401);
    const { body } = await requestToken(url, { grant_type: 'client_credentials' });
    const first = await get(`Bearer ${body.access_token}`);
    expect(first.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const expired = await get(`Bearer ${body.access_token}`);
    expect(expired.status).toBe(401);
    expect(await expired.json()).toEqual({ message: 'Invalid or expired access token' });
  });

  it('expireTokens() forces the next call to 401 so a client has to refresh', async () => {
    gh = new GreenhouseSandbox();
    const url = await gh.start();
    const { body } = await requestToken(url, { grant_type: 'client_credentials' });
    const auth = { authorization: `Bearer ${body.access_token}` };
    expect((await fetch(`${url}/v3/jobs/3485`, { headers: auth })).status).toBe(200);
    await fetch(`${url}/__sandbox/greenhouse/expire-tokens`, { method: 'POST' });
    expect((await fetch(`${url}/v3/jobs/3485`, { headers: auth })).status).toBe(401);
  });
});
