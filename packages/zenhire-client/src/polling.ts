import { ZenHireAbortedError, ZenHirePollTimeoutError, ZenHireRateLimitError } from './errors';
import type { Clock, Sleep } from './http/sleep';
import type { ZenHireLogger } from './http/transport';

/**
 * Poll cadence (zenhire-api.md §4):
 * - never poll one id more often than every 10 s (faster → `429 POLL_RATE_LIMITED`);
 * - use `pollIntervalSeconds` from the latest response when present;
 * - otherwise 15 s for the first 2 min, 30 s from 2 to 5 min, 60 s after 5 min;
 * - never sooner than `Retry-After`;
 * - the documented example gives up after 20 min (the default budget).
 */
export const POLL_CADENCE = {
  minIntervalSeconds: 10,
  steps: [
    { untilSeconds: 120, intervalSeconds: 15 },
    { untilSeconds: 300, intervalSeconds: 30 },
  ],
  afterStepsIntervalSeconds: 60,
  defaultBudgetMs: 20 * 60 * 1000,
} as const;

/** Inputs of one cadence decision. All values in seconds. */
export interface PollDelayInput {
  /** Seconds since polling started. */
  elapsedSeconds: number;
  /** `pollIntervalSeconds` of the latest response, if any. */
  pollIntervalSeconds?: number | null;
  /** `Retry-After` of the latest response, if any. */
  retryAfterSeconds?: number | null;
}

/** Seconds to wait before the next poll, per {@link POLL_CADENCE}. */
export function nextPollDelaySeconds(input: PollDelayInput): number {
  let interval: number;
  if (
    input.pollIntervalSeconds !== undefined &&
    input.pollIntervalSeconds !== null &&
    input.pollIntervalSeconds > 0
  ) {
    interval = input.pollIntervalSeconds;
  } else {
    const step = POLL_CADENCE.steps.find((s) => input.elapsedSeconds < s.untilSeconds);
    interval = step ? step.intervalSeconds : POLL_CADENCE.afterStepsIntervalSeconds;
  }
  return Math.max(POLL_CADENCE.minIntervalSeconds, interval, input.retryAfterSeconds ?? 0);
}

/** Options of `waitForTerminal`. */
export interface WaitOptions<T = unknown> {
  /** Stops waiting; the promise rejects with `ZenHireAbortedError`. */
  signal?: AbortSignal;
  /** Overall budget in milliseconds. Default 20 min (§4). */
  budgetMs?: number;
  /** Called with every polled (non-final and final) state. */
  onPoll?: (run: T) => void;
}

/** One poll result as the poller needs it. */
export interface PollObservation<T> {
  run: T;
  status: string;
  pollIntervalSeconds?: number | null;
  retryAfterSeconds?: number | null;
}

/** Everything `pollUntilTerminal` needs; the client modules fill it in. */
export interface PollPlan<T> {
  id: string;
  fetch: (signal?: AbortSignal) => Promise<PollObservation<T>>;
  isTerminal: (status: string) => boolean;
  /** Latest known state, when the caller already has one (then the first poll waits). */
  initial?: PollObservation<T>;
  sleep: Sleep;
  now: Clock;
  /** Last poll time per id across calls (shared by one client); enforces the 10 s floor. */
  lastPollAt?: Map<string, number>;
  logger?: ZenHireLogger;
}

/**
 * Polls until the run is terminal and returns the terminal state.
 * @throws ZenHirePollTimeoutError when the budget would be exceeded before the next poll
 * @throws ZenHireAbortedError when the signal fires
 * @throws ZenHireApiError from a poll (a 429 is waited out, not thrown)
 */
export async function pollUntilTerminal<T>(
  plan: PollPlan<T>,
  options: WaitOptions<T> = {},
): Promise<T> {
  const budgetMs = options.budgetMs ?? POLL_CADENCE.defaultBudgetMs;
  const startedAt = plan.now();
  const deadline = startedAt + budgetMs;
  let latest = plan.initial;
  if (latest && plan.isTerminal(latest.status)) return latest.run;
  let waitSeconds = latest ? nextPollDelaySeconds({ elapsedSeconds: 0, ...latest }) : 0;

  for (;;) {
    if (options.signal?.aborted) throw new ZenHireAbortedError(`waiting for run ${plan.id}`);
    const last = plan.lastPollAt?.get(plan.id);
    const sinceLast = last === undefined ? Infinity : (plan.now() - last) / 1000;
    if (sinceLast < POLL_CADENCE.minIntervalSeconds) {
      waitSeconds = Math.max(waitSeconds, POLL_CADENCE.minIntervalSeconds - sinceLast);
    }
    const waitMs = Math.ceil(waitSeconds * 1000);
    if (plan.now() + waitMs > deadline) {
      throw new ZenHirePollTimeoutError(plan.id, latest?.status ?? null, budgetMs);
    }
    if (waitMs > 0) await plan.sleep(waitMs, options.signal);

    plan.lastPollAt?.set(plan.id, plan.now());
    try {
      latest = await plan.fetch(options.signal);
    } catch (error) {
      if (error instanceof ZenHireRateLimitError) {
        plan.logger?.warn(
          { runId: plan.id, retryAfterSeconds: error.retryAfterSeconds },
          'zenhire poll rate limited',
        );
        waitSeconds = Math.max(POLL_CADENCE.minIntervalSeconds, error.retryAfterSeconds ?? 0);
        continue;
      }
      throw error;
    }
    options.onPoll?.(latest.run);
    if (plan.isTerminal(latest.status)) {
      plan.lastPollAt?.delete(plan.id);
      return latest.run;
    }
    waitSeconds = nextPollDelaySeconds({
      elapsedSeconds: (plan.now() - startedAt) / 1000,
      pollIntervalSeconds: latest.pollIntervalSeconds,
      retryAfterSeconds: latest.retryAfterSeconds,
    });
  }
}
