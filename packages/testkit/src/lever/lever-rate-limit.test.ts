import { LEVER_SANDBOX_API_KEY, LEVER_SANDBOX_OAUTH_TOKEN, LeverSandbox } from './index';

const BASIC = `Basic ${Buffer.from(`${LEVER_SANDBOX_API_KEY}:`).toString('base64')}`;

/**
 * The token bucket reads `performance.now()` (the `limiter` package's clock). Only that clock
 * is faked, so "the same instant" and "one documented second later" are exact while sockets
 * and timers stay real.
 */
describe('LeverSandbox token bucket', () => {
  let lever: LeverSandbox;
  let url: string;

  beforeEach(() => {
    jest.useFakeTimers({
      doNotFake: [
        'Date',
        'hrtime',
        'nextTick',
        'queueMicrotask',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    });
  });
  afterEach(async () => {
    await lever?.stop();
    jest.useRealTimers();
  });

  async function burst(n: number, auth = BASIC): Promise<Response[]> {
    const out: Response[] = [];
    for (let i = 0; i < n; i++)
      out.push(await fetch(`${url}/v1/stages`, { headers: { authorization: auth } }));
    return out;
  }

  it('accepts a burst of 20, answers the 21st with 429 and no rate-limit headers, refills 10/s (time-scaled)', async () => {
    lever = new LeverSandbox({ timeScale: 0.01 });
    url = await lever.start();
    const first = await burst(21);
    expect(first.slice(0, 20).map((r) => r.status)).toEqual(Array(20).fill(200));
    const limited = first[20];
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({
      code: 'TooManyRequestsError',
      message: expect.any(String),
    });
    const headerNames = [...limited.headers.keys()];
    expect(headerNames.filter((h) => /ratelimit|retry-after/i.test(h))).toEqual([]);

    // One documented second = 10 real ms at timeScale 0.01: exactly 10 tokens come back.
    jest.advanceTimersByTime(10);
    const refilled = await burst(11);
    expect(refilled.map((r) => r.status)).toEqual([...Array(10).fill(200), 429]);
  });

  it('keeps one bucket per credential', async () => {
    lever = new LeverSandbox();
    url = await lever.start();
    expect((await burst(21)).at(-1)!.status).toBe(429);
    const other = await burst(1, `Bearer ${LEVER_SANDBOX_OAUTH_TOKEN}`);
    expect(other[0].status).toBe(200);
  });

  it('takes a configured rate and burst, and can be turned off', async () => {
    lever = new LeverSandbox({ rateLimit: { perSecond: 2, burst: 3 } });
    url = await lever.start();
    expect((await burst(4)).map((r) => r.status)).toEqual([200, 200, 200, 429]);
    jest.advanceTimersByTime(1000);
    expect((await burst(3)).map((r) => r.status)).toEqual([200, 200, 429]);
    await lever.stop();

    lever = new LeverSandbox({ rateLimit: false });
    url = await lever.start();
    expect((await burst(30)).every((r) => r.status === 200)).toBe(true);
  });

  it('answers a 429 storm fault without Retry-After (Lever sends none)', async () => {
    lever = new LeverSandbox({ faults: { rateLimitStorm: { count: 2, retryAfterSeconds: 5 } } });
    url = await lever.start();
    const res = await burst(3);
    expect(res.map((r) => r.status)).toEqual([429, 429, 200]);
    expect(res[0].headers.get('retry-after')).toBeNull();
    expect(((await res[0].json()) as { code: string }).code).toBe('TooManyRequestsError');
  });

  it('does not count unauthenticated requests or the inspection API', async () => {
    lever = new LeverSandbox({ rateLimit: { perSecond: 1, burst: 1 } });
    url = await lever.start();
    for (let i = 0; i < 3; i++) expect((await fetch(`${url}/v1/stages`)).status).toBe(401);
    for (let i = 0; i < 3; i++)
      expect((await fetch(`${url}/__sandbox/lever/opportunities`)).status).toBe(200);
    expect((await burst(2)).map((r) => r.status)).toEqual([200, 429]);
  });
});
