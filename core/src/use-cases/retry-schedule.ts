import type { RetryPolicy } from './use-case-deps';

/**
 * Delay in ms before the next attempt after attempt number `attempt` (1-based) failed:
 * `initialSeconds × multiplier^(attempt−1)`, capped at `maxSeconds`, spread by ±`jitter`
 * (0.2 = ±20 %) with `random()` in `[0, 1)`; never below the vendor's Retry-After
 * (`retryAfterMs`), which wins even over `maxSeconds`.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  attempt: number,
  random: () => number,
  retryAfterMs?: number,
): number {
  const { initialSeconds, maxSeconds, multiplier, jitter } = policy.backoff;
  const base = Math.min(
    maxSeconds * 1000,
    initialSeconds * 1000 * Math.pow(multiplier, Math.max(0, attempt - 1)),
  );
  const spread = base * jitter * (2 * random() - 1);
  const delay = Math.max(0, Math.round(base + spread));
  return retryAfterMs !== undefined ? Math.max(delay, Math.ceil(retryAfterMs)) : delay;
}
