/**
 * A rolling-window rate limit, shared by the sandboxes: Greenhouse Harvest v3
 * (greenhouse-api.md §2.2, [3P]: window 30 s, example limit 75) and ZenHire Speech submits
 * (zenhire-api.md §4: per key per minute). A request is allowed when fewer than `limit`
 * allowed requests arrived in the last `windowMs`. Refused requests do not count (a client
 * that keeps retrying still recovers once the window slides). Times are documented
 * milliseconds from the sandbox's clock (`now`), so a scaled sandbox slides its window faster.
 *
 * Home-made rather than `@fastify/rate-limit`: that plugin counts fixed windows on the real
 * clock, and the sandbox must reproduce a sliding window on a scaled clock exactly
 * (429 at precisely the limit+1-th request, `Retry-After` = time until the oldest request
 * leaves the window).
 */
export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  /** Requests still allowed in the current window after this one. */
  remaining: number;
  /** When refused: documented ms until the oldest counted request leaves the window. */
  retryAfterMs: number;
}

export interface RateLimitOptions {
  /** Requests per window (Greenhouse: `X-RateLimit-Limit`). Default 75 (Greenhouse §2.2). */
  limit?: number;
  /** Window length in documented milliseconds. Default 30 000 (30 s, Greenhouse §2.2). */
  windowMs?: number;
}

export class RollingWindowRateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  private readonly hits = new Map<string, number[]>();

  constructor(
    options: RateLimitOptions,
    private readonly now: () => number,
  ) {
    this.limit = options.limit ?? 75;
    this.windowMs = options.windowMs ?? 30_000;
  }

  /**
   * Counts a request for `key` (a client id or API key) and says whether it may proceed.
   * `limit` overrides the configured limit for this key (e.g. a per-key ZenHire limit).
   */
  take(key: string, limit = this.limit): RateLimitDecision {
    const now = this.now();
    const hits = (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
    this.hits.set(key, hits);
    if (hits.length >= limit) {
      return {
        allowed: false,
        limit,
        remaining: 0,
        retryAfterMs: Math.max(0, hits[0] + this.windowMs - now),
      };
    }
    hits.push(now);
    return { allowed: true, limit, remaining: limit - hits.length, retryAfterMs: 0 };
  }

  /** Forgets every counted request. */
  reset(): void {
    this.hits.clear();
  }
}
