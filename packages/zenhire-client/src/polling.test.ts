import { nextPollDelaySeconds, pollUntilTerminal } from './polling';
import { parseRetryAfterHeader, retryDelayMs, DEFAULT_RETRY_OPTIONS } from './http/retry-policy';
import { ZenHirePollTimeoutError } from './errors';

describe('nextPollDelaySeconds (§4)', () => {
  it.each([
    [{ elapsedSeconds: 0 }, 15],
    [{ elapsedSeconds: 119 }, 15],
    [{ elapsedSeconds: 120 }, 30],
    [{ elapsedSeconds: 299 }, 30],
    [{ elapsedSeconds: 300 }, 60],
    [{ elapsedSeconds: 5000 }, 60],
    [{ elapsedSeconds: 0, pollIntervalSeconds: 20 }, 20],
    [{ elapsedSeconds: 400, pollIntervalSeconds: 20 }, 20],
    [{ elapsedSeconds: 0, pollIntervalSeconds: 2 }, 10],
    [{ elapsedSeconds: 0, pollIntervalSeconds: 20, retryAfterSeconds: 45 }, 45],
    [{ elapsedSeconds: 0, retryAfterSeconds: 1 }, 15],
  ])('%p → %i s', (input, seconds) => {
    expect(nextPollDelaySeconds(input)).toBe(seconds);
  });
});

describe('pollUntilTerminal', () => {
  it('never polls one id faster than every 10 s across calls', async () => {
    let now = 0;
    const sleeps: number[] = [];
    const lastPollAt = new Map<string, number>([['r', -3_000]]);
    const run = await pollUntilTerminal(
      {
        id: 'r',
        fetch: async () => ({ run: 'done', status: 'success' }),
        isTerminal: (s) => s === 'success',
        sleep: async (ms) => {
          sleeps.push(ms);
          now += ms;
        },
        now: () => now,
        lastPollAt,
      },
      {},
    );
    expect(run).toBe('done');
    expect(sleeps).toEqual([7_000]);
    expect(lastPollAt.has('r')).toBe(false);
  });

  it('stops at the budget without sleeping past it', async () => {
    let now = 0;
    let polls = 0;
    const error = await pollUntilTerminal(
      {
        id: 'r',
        fetch: async () => {
          polls++;
          return { run: null, status: 'processing', pollIntervalSeconds: 30 };
        },
        isTerminal: () => false,
        sleep: async (ms) => {
          now += ms;
        },
        now: () => now,
      },
      { budgetMs: 100_000 },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZenHirePollTimeoutError);
    expect(polls).toBe(4); // at 0, 30, 60, 90 s; the next (120 s) is past the budget
    expect(now).toBe(90_000);
  });
});

describe('retry policy', () => {
  it('grows exponentially with jitter, capped, and never under Retry-After', () => {
    const opts = { ...DEFAULT_RETRY_OPTIONS, baseDelayMs: 1000, maxDelayMs: 8000 };
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, null, opts, () => 0))).toEqual([
      500, 1000, 2000, 4000, 4000,
    ]);
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, null, opts, () => 0.999999))).toEqual([
      1000, 2000, 4000, 8000, 8000,
    ]);
    expect(retryDelayMs(1, 12, opts, () => 0.5)).toBe(12_000);
  });

  it('parses Retry-After seconds and HTTP dates', () => {
    const now = Date.parse('2026-05-29T10:00:00Z');
    expect(parseRetryAfterHeader('20', now)).toBe(20);
    expect(parseRetryAfterHeader('Fri, 29 May 2026 10:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfterHeader('soon', now)).toBeNull();
    expect(parseRetryAfterHeader(undefined, now)).toBeNull();
  });
});
