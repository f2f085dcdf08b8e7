/**
 * Retry rules for ZenHire calls (zenhire-api.md §3, §4).
 *
 * - GETs are retried on 429, 502, 503 and on network errors / timeouts.
 * - The wait is exponential with jitter: `min(maxDelayMs, baseDelayMs * 2^(n-1))`, scaled by a
 *   random factor in [0.5, 1) ("equal jitter"), and never shorter than `Retry-After`.
 * - A `Retry-After` longer than `maxRetryAfterSeconds` is not waited out: the error is
 *   raised so the caller (or its queue) can reschedule.
 */
export interface RetryOptions {
  /** Retries after the first attempt. Default 3. */
  retries: number;
  /** First backoff step in milliseconds. Default 1,000. */
  baseDelayMs: number;
  /** Cap of one backoff step in milliseconds (before `Retry-After`). Default 30,000. */
  maxDelayMs: number;
  /** Longest `Retry-After` (seconds) the client waits out itself. Default 120. */
  maxRetryAfterSeconds: number;
}

export const DEFAULT_RETRY_OPTIONS: RetryOptions = {
  retries: 3,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxRetryAfterSeconds: 120,
};

/** HTTP statuses retried: rate limited, bad gateway (`STEP_FUNCTIONS_FAILED`, "safe to retry"), warming up. */
export const RETRYABLE_STATUSES: readonly number[] = [429, 502, 503];

/**
 * Delay in milliseconds before retry number `retryNumber` (1-based).
 * @param retryAfterSeconds seconds from `Retry-After` / `retryAfterSeconds`, or null.
 * @param random source of randomness in [0, 1) (injectable for tests).
 */
export function retryDelayMs(
  retryNumber: number,
  retryAfterSeconds: number | null,
  options: RetryOptions,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(
    options.maxDelayMs,
    options.baseDelayMs * 2 ** Math.max(0, retryNumber - 1),
  );
  const jittered = Math.round(exponential * (0.5 + random() / 2));
  const floor = retryAfterSeconds !== null ? Math.ceil(retryAfterSeconds * 1000) : 0;
  return Math.max(jittered, floor);
}

/**
 * Parses `Retry-After` (delta-seconds or HTTP-date) into seconds; null when absent or invalid.
 */
export function parseRetryAfterHeader(value: unknown, now: number = Date.now()): number | null {
  if (Array.isArray(value)) value = value[0];
  if (typeof value === 'number') return value >= 0 ? value : null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}
