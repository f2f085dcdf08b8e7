import { TokenBucket } from 'limiter';
import type { TimeScale } from '../sandbox/time-scale';

/** Lever's token bucket (lever-api.md §1.2): 10 requests/s steady, bursts up to 20. */
export interface LeverRateLimitConfig {
  /** Tokens added per documented second. Default 10. */
  perSecond?: number;
  /** Bucket size (burst). Default 20. A new credential starts with a full bucket. */
  burst?: number;
}

/**
 * One token bucket per credential (API key or OAuth token; lever-api.md §1.2), run by the
 * `limiter` package. The refill interval is one documented second converted with the
 * sandbox's {@link TimeScale}, so at `timeScale: 0.01` the bucket refills 10 tokens per 10 real ms.
 * Buckets read `performance.now()` (the `limiter` clock): tests control it with jest fake timers.
 */
export class LeverRateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();
  readonly perSecond: number;
  readonly burst: number;

  constructor(
    private readonly time: TimeScale,
    config: LeverRateLimitConfig = {},
  ) {
    this.perSecond = config.perSecond ?? 10;
    this.burst = config.burst ?? 20;
    if (!(this.perSecond > 0) || !(this.burst >= 1))
      throw new RangeError('rate limit needs perSecond > 0 and burst >= 1');
  }

  /** Takes one token for the credential; false means the request gets a 429. */
  take(credential: string): boolean {
    let bucket = this.buckets.get(credential);
    if (!bucket) {
      bucket = new TokenBucket({
        bucketSize: this.burst,
        tokensPerInterval: this.perSecond,
        interval: this.time.toRealMs(1000),
      });
      bucket.content = this.burst;
      this.buckets.set(credential, bucket);
    }
    return bucket.tryRemoveTokens(1);
  }

  /** Forgets every bucket (all credentials start full again). */
  reset(): void {
    this.buckets.clear();
  }
}
