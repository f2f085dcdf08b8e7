import { ConnectorError } from '../errors';
import type { OperationOutcome } from '../model/delivery';
import type { WriteOperation, WritePlan } from '../model/write-plan';
import type { ApplyContext } from './connector';

/** What one step did to the ATS: `applied`, or `already_applied` (the record was already there). */
export interface PlanStepResult {
  status: 'applied' | 'already_applied';
  /** Ids the ATS holds for what was written, e.g. `{ noteId: '123' }`. */
  atsIds?: Record<string, string>;
}

/** The outcomes of one `applyPlan` call, as a step may read and add to them. */
export interface PlanOutcomes {
  /** True when `index` has an outcome: done by an earlier attempt, or recorded in this run. */
  has(index: number): boolean;
  /**
   * Records the outcome of an operation and reports it through `context.onOutcome`. For a
   * step whose one request also served other operations (e.g. custom fields carried by a
   * reject): record theirs here, and return `undefined` for an operation whose outcome a
   * later step will record.
   */
  record(outcome: OperationOutcome): Promise<void>;
}

/** One operation handed to the connector's step function. */
export interface PlanStep {
  /** Index into `plan.operations`. */
  index: number;
  operation: WriteOperation;
  /** The outcome an earlier attempt of this delivery recorded for it (any status), if any. */
  previous?: OperationOutcome;
  outcomes: PlanOutcomes;
}

/**
 * Applies one operation and returns its result (recorded by {@link runPlanOperations}), or
 * `undefined` when the step recorded the outcome itself or a later step will. Throws a
 * `ConnectorError` on failure.
 */
export type PlanStepFunction = (step: PlanStep) => Promise<PlanStepResult | undefined>;

/** Connector-specific choices of {@link runPlanOperations}. */
export interface RunPlanOptions {
  /**
   * Code of a failed outcome whose error is not a `ConnectorError` (a bug, not the ATS),
   * e.g. `ACME_INTERNAL`; such failures are retryable.
   */
  internalErrorCode: string;
  /**
   * Operations an earlier attempt finished (`applied` / `already_applied`) that must run
   * again anyway (the step gets `previous`). Default: none, so nothing done is repeated.
   */
  rerun?(operation: WriteOperation, previous: OperationOutcome): boolean;
  /**
   * Indexes that fail together with `index` because one request served them all (e.g.
   * fields sent with a reject). Default: `[index]`. Indexes that already have an outcome
   * are left as they are.
   */
  failsWith?(index: number): number[];
  /**
   * Ids to keep on the failed outcome of `step` (what the ATS already holds, e.g. a note
   * posted before the call that failed), so a retry can find them in `previous.atsIds`.
   * Called after the step threw. Default: none.
   */
  failedAtsIds?(step: PlanStep): Record<string, string> | undefined;
}

const DONE = new Set<OperationOutcome['status']>(['applied', 'already_applied']);

/** The error of a failed outcome: a `ConnectorError`'s code, message, `retryable`, `retryAfterMs`. */
function outcomeError(
  error: unknown,
  internalErrorCode: string,
): NonNullable<OperationOutcome['error']> {
  if (error instanceof ConnectorError) {
    return {
      code: error.code,
      message: error.message,
      retryable: error.retryable,
      ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
    };
  }
  return {
    code: internalErrorCode,
    message: (error as Error)?.message ?? String(error),
    retryable: true,
  };
}

/**
 * The plan-execution loop every connector that writes operation by operation needs
 * (`AtsConnector.applyPlan`, docs/writing-a-connector.md §6), without any I/O of its own:
 *
 * - operations an earlier attempt finished (`context.previousOutcomes` with status `applied`
 *   or `already_applied`) keep that outcome and are not run again (unless `rerun` says so);
 *   their outcomes are not reported again through `onOutcome`;
 * - the others run in plan order through `step`; each result is recorded and reported
 *   through `context.onOutcome` before the next operation starts;
 * - a thrown error makes the operation `failed` (a `ConnectorError`'s `code`, `message`,
 *   `retryable` and `retryAfterMs` in ms; anything else → `internalErrorCode`, retryable),
 *   and every later operation `skipped` with `BLOCKED` (retryable as the failure was);
 * - once `context.signal` is aborted, the remaining operations are `skipped` with `ABORTED`
 *   (retryable);
 * - an operation still without an outcome at the end (its step returned `undefined` and no
 *   later step recorded it) is `skipped` (`BLOCKED`).
 *
 * Returns one outcome per operation, sorted by index. Never throws for a failed step; it
 * throws only what `onOutcome` throws.
 */
export async function runPlanOperations(
  plan: WritePlan,
  context: ApplyContext,
  step: PlanStepFunction,
  options: RunPlanOptions,
): Promise<OperationOutcome[]> {
  const previous = new Map(context.previousOutcomes.map((o) => [o.index, o] as const));
  const recorded = new Map<number, OperationOutcome>();
  const outcomes: PlanOutcomes = {
    has: (index) => recorded.has(index),
    async record(outcome) {
      recorded.set(outcome.index, outcome);
      await context.onOutcome?.(outcome);
    },
  };
  for (const [index, operation] of plan.operations.entries()) {
    const done = previous.get(index);
    if (done && DONE.has(done.status) && !options.rerun?.(operation, done)) {
      recorded.set(index, done);
    }
  }

  let failure: OperationOutcome['error'] | undefined;
  for (const [index, operation] of plan.operations.entries()) {
    if (recorded.has(index)) continue;
    if (failure || context.signal?.aborted) {
      await outcomes.record({
        index,
        kind: operation.kind,
        status: 'skipped',
        error: failure ?? { code: 'ABORTED', message: 'apply aborted', retryable: true },
      });
      continue;
    }
    const earlier = previous.get(index);
    const current: PlanStep = {
      index,
      operation,
      outcomes,
      ...(earlier ? { previous: earlier } : {}),
    };
    try {
      const result = await step(current);
      if (result) {
        await outcomes.record({
          index,
          kind: operation.kind,
          status: result.status,
          ...(result.atsIds ? { atsIds: result.atsIds } : {}),
        });
      }
    } catch (error) {
      const e = outcomeError(error, options.internalErrorCode);
      const ids = options.failedAtsIds?.(current);
      for (const i of new Set(options.failsWith?.(index) ?? [index])) {
        if (recorded.has(i)) continue;
        await outcomes.record({
          index: i,
          kind: plan.operations[i]!.kind,
          status: 'failed',
          ...(i === index && ids && Object.keys(ids).length > 0 ? { atsIds: ids } : {}),
          error: e,
        });
      }
      failure = {
        code: 'BLOCKED',
        message: `not attempted: operation ${index} failed (${e.code})`,
        retryable: e.retryable,
      };
    }
  }
  for (const [index, operation] of plan.operations.entries()) {
    if (recorded.has(index)) continue;
    await outcomes.record({
      index,
      kind: operation.kind,
      status: 'skipped',
      error: failure ?? { code: 'BLOCKED', message: 'not attempted', retryable: true },
    });
  }
  return [...recorded.values()].sort((a, b) => a.index - b.index);
}
