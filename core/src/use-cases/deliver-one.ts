import { isOutcomeDone, type Delivery, type OperationOutcome } from '../model/delivery';
import { DELIVERY_LEASE_LOST } from '../ports/store';
import { errorSummary, isRetryable, retryAfterMsOf } from './error-classification';
import { retryDelayMs } from './retry-schedule';
import { DEFAULT_RETRY_POLICY, type UseCaseDeps } from './use-case-deps';

/** Result of {@link deliverOne}. */
export type DeliverOneResult =
  | { status: 'succeeded'; outcomes: OperationOutcome[]; calls: number }
  | {
      status: 'retry_scheduled';
      /** Epoch ms. */
      nextAttemptAt: number;
      error: { code: string; message: string };
    }
  | { status: 'dead'; error: { code: string; message: string } }
  /** Another worker holds the delivery now (our lease expired); nothing more was written. */
  | { status: 'lease_lost' };

function isLeaseLost(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === DELIVERY_LEASE_LOST;
}

/**
 * Applies one claimed delivery (DESIGN.md flow 4); the worker loop that claims is the
 * runtime's. Calls the connector's `applyPlan` with the outcomes of earlier attempts
 * (`previousOutcomes`, so applied operations are not repeated) and the attempt number
 * (`attempt`: `delivery.attempts`, already counted by `claimDue`, so 1 on the first), and
 * records the merged outcomes in the store after every operation (`recordOutcomes`). Then:
 *
 * - every operation done (`isOutcomeDone`: applied, already applied, or skipped without an
 *   error) → `complete`;
 * - a `failed` operation, one `skipped` with an error (blocked or aborted: not attempted),
 *   or `applyPlan` throwing → `fail`: retried at
 *   `now + retryDelayMs(policy, delivery.attempts)` (exponential backoff with jitter, never
 *   sooner than the error's `retryAfterMs` / `retryAfterSeconds`), or dead-lettered when the
 *   error is not retryable (`ConnectorError.retryable`, see `isRetryable`) or
 *   `delivery.attempts` (already counted by `claimDue`) reached `maxAttempts`;
 * - an operation without an outcome is a connector bug: dead-lettered (`OUTCOME_MISSING`);
 * - an instance missing from the registry: dead-lettered (`CONNECTOR_NOT_FOUND`).
 *
 * Never throws for delivery failures; store errors propagate (the lease then expires and the
 * delivery is claimed again). A lost lease (`DELIVERY_LEASE_LOST` from the store) stops
 * without further writes.
 */
export async function deliverOne(
  deps: UseCaseDeps,
  delivery: Delivery,
  workerId: string,
  signal?: AbortSignal,
): Promise<DeliverOneResult> {
  try {
    return await applyDelivery(deps, delivery, workerId, signal);
  } catch (error) {
    // Any store write (outcomes, complete, fail) may find the lease gone: stop there.
    if (isLeaseLost(error)) return { status: 'lease_lost' };
    throw error;
  }
}

async function applyDelivery(
  deps: UseCaseDeps,
  delivery: Delivery,
  workerId: string,
  signal: AbortSignal | undefined,
): Promise<DeliverOneResult> {
  const { store, clock } = deps;
  const policy = deps.options?.retry ?? DEFAULT_RETRY_POLICY;
  const random = deps.options?.random ?? Math.random;
  const merged = new Map<number, OperationOutcome>(delivery.outcomes.map((o) => [o.index, o]));
  const current = () => [...merged.values()].sort((a, b) => a.index - b.index);

  const fail = async (
    error: { code: string; message: string },
    retryable: boolean,
    retryAfterMs?: number,
  ): Promise<DeliverOneResult> => {
    const now = clock.now();
    const summary = { code: error.code, message: error.message };
    if (!retryable || delivery.attempts >= policy.maxAttempts) {
      await store.fail(delivery.id, workerId, summary, { dead: true }, now);
      return { status: 'dead', error: summary };
    }
    const nextAttemptAt = now + retryDelayMs(policy, delivery.attempts, random, retryAfterMs);
    await store.fail(delivery.id, workerId, summary, { dead: false, nextAttemptAt }, now);
    return { status: 'retry_scheduled', nextAttemptAt, error: summary };
  };

  const connector = deps.connectors.find(delivery.plan.connector);
  if (!connector) {
    return fail(
      {
        code: 'CONNECTOR_NOT_FOUND',
        message: `connector instance "${delivery.plan.connector}" is not configured`,
      },
      false,
    );
  }

  let calls: number;
  try {
    const result = await connector.applyPlan(delivery.plan, {
      previousOutcomes: delivery.outcomes,
      attempt: delivery.attempts,
      onOutcome: async (outcome) => {
        merged.set(outcome.index, outcome);
        await store.recordOutcomes(delivery.id, workerId, current(), clock.now());
      },
      signal,
    });
    for (const outcome of result.outcomes) merged.set(outcome.index, outcome);
    calls = result.calls;
  } catch (error) {
    if (isLeaseLost(error)) throw error;
    return fail(errorSummary(error), isRetryable(error), retryAfterMsOf(error));
  }

  const outcomes = current();
  if (outcomes.some((o) => !isOutcomeDone(o))) {
    // Keep what the connector returned (e.g. a note id) even if it did not report it through
    // `onOutcome`: the retry must not repeat it.
    await store.recordOutcomes(delivery.id, workerId, outcomes, clock.now());
  }
  const failed = outcomes.find(
    (o) => o.status === 'failed' || (o.status === 'skipped' && o.error !== undefined),
  );
  if (failed) {
    const error = failed.error ?? {
      code: 'OPERATION_FAILED',
      message: `operation ${failed.index} (${failed.kind}) failed`,
      retryable: true,
    };
    return fail({ code: error.code, message: error.message }, error.retryable, error.retryAfterMs);
  }
  const missing = delivery.plan.operations.findIndex(
    (_, index) => !isOutcomeDone(merged.get(index)),
  );
  if (missing >= 0) {
    return fail(
      {
        code: 'OUTCOME_MISSING',
        message: `connector ${connector.name} reported no outcome for operation ${missing} (${delivery.plan.operations[missing].kind})`,
      },
      false,
    );
  }
  await store.complete(delivery.id, workerId, outcomes, clock.now());
  return { status: 'succeeded', outcomes, calls };
}
