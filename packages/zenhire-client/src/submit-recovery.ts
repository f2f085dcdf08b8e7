import {
  ZenHireApiError,
  ZenHireNetworkError,
  ZenHireSubmitOutcomeUnknownError,
  type EndpointRef,
} from './errors';
import { retryDelayMs, type RetryOptions } from './http/retry-policy';
import type { Sleep } from './http/sleep';
import type { ZenHireLogger } from './http/transport';

/**
 * How a submit (POST that creates a run) reacts to a failure. Rules (zenhire-api.md §3.1, §4):
 *
 * - Unambiguous rejection before processing — 429 (`RATE_LIMIT_EXCEEDED`), 503 (warm-up),
 *   502 (`STEP_FUNCTIONS_FAILED`, "safe to retry") — is resent after `Retry-After` /
 *   backoff, up to `retries` times; a `Retry-After` above the cap is thrown instead.
 * - Any other 4xx is thrown at once.
 * - An ambiguous failure (timeout, connection reset, 500/504 after sending) is never blindly
 *   resent:
 *   - `idempotent` submits (an idempotency key, an upsert) are resent, up to `retries` times;
 *   - with a `lookup` (Speech: list by `externalId`), the run is looked up first; when found it
 *     is returned, otherwise the submit is resent once, and after a second ambiguous
 *     failure looked up once more;
 *   - with `resendOnceWhenAmbiguous` (interview sessions: an unused session is never charged
 *     and its link is only returned at creation) it is resent once;
 *   - otherwise `ZenHireSubmitOutcomeUnknownError` is thrown.
 */
export interface SubmitPlan<T> {
  endpoint: EndpointRef;
  /** One POST attempt (builds a fresh body each time). */
  send: () => Promise<T>;
  /** Finds the run this submit may have created; null when none. */
  lookup?: () => Promise<T | null>;
  idempotent?: boolean;
  resendOnceWhenAmbiguous?: boolean;
  /** Why no lookup is possible; used in the error message. */
  noLookupReason?: string;
  retry: RetryOptions;
  sleep: Sleep;
  random: () => number;
  signal?: AbortSignal;
  logger?: ZenHireLogger;
  /** Wait before a lookup so a just-created run is visible in the list. Default 2,000 ms. */
  lookupDelayMs?: number;
}

/** Statuses that prove the request was not processed. */
const REJECTED_BEFORE_PROCESSING = [429, 502, 503];

/** True when the submit may or may not have created the run. */
export function isAmbiguousFailure(error: unknown): boolean {
  if (error instanceof ZenHireNetworkError) return true;
  if (error instanceof ZenHireApiError) {
    return error.status >= 500 && !REJECTED_BEFORE_PROCESSING.includes(error.status);
  }
  return false;
}

/** Runs a submit under the rules above. */
export async function submitWithRecovery<T>(plan: SubmitPlan<T>): Promise<T> {
  let rejections = 0;
  let ambiguousResends = 0;
  for (;;) {
    try {
      return await plan.send();
    } catch (error) {
      if (error instanceof ZenHireApiError && REJECTED_BEFORE_PROCESSING.includes(error.status)) {
        const retryAfter = error.retryAfterSeconds;
        if (rejections >= plan.retry.retries) throw error;
        if (retryAfter !== null && retryAfter > plan.retry.maxRetryAfterSeconds) throw error;
        rejections++;
        const delay = retryDelayMs(rejections, retryAfter, plan.retry, plan.random);
        plan.logger?.warn(
          {
            endpoint: plan.endpoint.path,
            status: error.status,
            code: error.code,
            retry: rejections,
            delayMs: delay,
          },
          'zenhire submit rejected before processing; resending',
        );
        await plan.sleep(delay, plan.signal);
        continue;
      }
      if (!isAmbiguousFailure(error)) throw error;
      const failureCode = (error as { code: string }).code;

      if (plan.idempotent) {
        if (ambiguousResends >= plan.retry.retries) throw error;
        ambiguousResends++;
        await plan.sleep(
          retryDelayMs(ambiguousResends, null, plan.retry, plan.random),
          plan.signal,
        );
        plan.logger?.warn(
          { endpoint: plan.endpoint.path, failureCode },
          'zenhire idempotent submit resent',
        );
        continue;
      }
      if (plan.lookup) {
        await plan.sleep(plan.lookupDelayMs ?? 2_000, plan.signal);
        const found = await plan.lookup();
        if (found !== null) {
          plan.logger?.info(
            { endpoint: plan.endpoint.path, failureCode },
            'zenhire submit outcome was ambiguous; existing run found, not resent',
          );
          return found;
        }
        if (ambiguousResends >= 1) {
          throw new ZenHireSubmitOutcomeUnknownError(
            plan.endpoint,
            failureCode,
            'resent once already and still not found',
          );
        }
        ambiguousResends++;
        plan.logger?.warn(
          { endpoint: plan.endpoint.path, failureCode },
          'zenhire submit not found after ambiguous failure; resending once',
        );
        continue;
      }
      if (plan.resendOnceWhenAmbiguous && ambiguousResends < 1) {
        ambiguousResends++;
        plan.logger?.warn(
          { endpoint: plan.endpoint.path, failureCode },
          'zenhire submit resent once after ambiguous failure',
        );
        continue;
      }
      throw new ZenHireSubmitOutcomeUnknownError(
        plan.endpoint,
        failureCode,
        plan.noLookupReason ?? 'no way to look the run up',
      );
    }
  }
}
