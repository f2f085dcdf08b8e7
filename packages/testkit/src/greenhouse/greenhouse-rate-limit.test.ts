import { GreenhouseSandbox, type GreenhouseSandboxOptions } from './index';

async function open(options: GreenhouseSandboxOptions) {
  const gh = new GreenhouseSandbox(options);
  const url = await gh.start();
  const res = await fetch(`${url}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from('gh-sandbox-client:gh-sandbox-secret').toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  const { access_token } = (await res.json()) as { access_token: string };
  const get = (path = '/v3/rejection_reasons') =>
    fetch(`${url}${path}`, { headers: { authorization: `Bearer ${access_token}` } });
  return { gh, get };
}

describe('GreenhouseSandbox v3 rate limit (rolling window, greenhouse-api.md §2.2)', () => {
  let gh: GreenhouseSandbox | undefined;
  afterEach(async () => gh?.stop());

  it('defaults to 75 per 30 s: headers count down, the 76th request in the window is the first 429', async () => {
    const s = await open({});
    gh = s.gh;
    const remaining: string[] = [];
    for (let i = 1; i <= 75; i++) {
      const res = await s.get();
      expect(res.status).toBe(200);
      expect(res.headers.get('x-ratelimit-limit')).toBe('75');
      remaining.push(res.headers.get('x-ratelimit-remaining')!);
      await res.arrayBuffer();
    }
    expect(remaining.slice(0, 3)).toEqual(['74', '73', '72']);
    expect(remaining.at(-1)).toBe('0');
    const refused = await s.get();
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual({ message: 'Rate limit exceeded' });
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    // Retry-After = whole seconds until the first request leaves the 30 s window
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(20);
    expect(retryAfter).toBeLessThanOrEqual(30);
  });

  it('slides the window on the scaled clock: a slot frees when the oldest request is older than the window', async () => {
    // 3 requests per 4 documented seconds; at scale 0.25 the window is 1 real second
    const s = await open({ rateLimit: { limit: 3, windowMs: 4000 }, timeScale: 0.25 });
    gh = s.gh;
    for (let i = 0; i < 3; i++) expect((await s.get()).status).toBe(200);
    const refused = await s.get();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(4);
    // refused requests do not count, so waiting out the window is enough
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const again = await s.get();
    expect(again.status).toBe(200);
    expect(again.headers.get('x-ratelimit-remaining')).toBe('2');
  });

  it('counts per OAuth client', async () => {
    const clients = [
      { clientId: 'a', clientSecret: 'sa' },
      { clientId: 'b', clientSecret: 'sb' },
    ];
    gh = new GreenhouseSandbox({ clients, rateLimit: { limit: 1 } });
    const url = await gh.start();
    const bearer = async (id: string, secret: string) => {
      const res = await fetch(`${url}/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials',
      });
      return `Bearer ${((await res.json()) as { access_token: string }).access_token}`;
    };
    const [a, b] = [await bearer('a', 'sa'), await bearer('b', 'sb')];
    const get = (auth: string) => fetch(`${url}/v3/users`, { headers: { authorization: auth } });
    expect((await get(a)).status).toBe(200);
    expect((await get(a)).status).toBe(429);
    expect((await get(b)).status).toBe(200);
  });

  it('rateLimit: false turns it off', async () => {
    const s = await open({ rateLimit: false });
    gh = s.gh;
    const res = await s.get();
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-limit')).toBeNull();
  });
});
