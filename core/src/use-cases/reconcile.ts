import type { ObservedRun } from '../model/run';
import { errorSummary } from './error-classification';
import { recordTerminalRun } from './record-terminal-run';
import type { UseCaseDeps } from './use-case-deps';

/** Counts of one reconcile pass. */
export interface ReconcileResult {
  /** Terminal runs examined (non-terminal ones are skipped). */
  runs: number;
  /** Deliveries newly enqueued: no delivery existed, or the plan changed (mapping changed). */
  enqueued: number;
  /** Plans whose delivery already existed under the same idempotency key. */
  unchanged: number;
  /** Interview sessions newly chained into speech analysis. */
  chained: number;
  unlinked: number;
  /** Runs that failed (the next pass tries again). */
  failed: { runId: string; error: { code: string; message: string } }[];
}

/**
 * Reconcile (DESIGN.md flow 5): for recent terminal runs (listed by the runtime, e.g. the
 * gateway's `listRuns` since a watermark), runs collect again (`recordTerminalRun`) so that a
 * plan whose hash changed (mapping changed) or that has no delivery yet is enqueued, and a
 * missed interview chain is started. Idempotent: a second pass over the same runs enqueues
 * nothing. One run's failure does not stop the pass.
 */
export async function reconcile(
  deps: UseCaseDeps,
  runs: Iterable<ObservedRun> | AsyncIterable<ObservedRun>,
): Promise<ReconcileResult> {
  const result: ReconcileResult = {
    runs: 0,
    enqueued: 0,
    unchanged: 0,
    chained: 0,
    unlinked: 0,
    failed: [],
  };
  for await (const run of runs) {
    if (!run.terminal) continue;
    result.runs += 1;
    try {
      const recorded = await recordTerminalRun(deps, run);
      if (recorded.status === 'unlinked') result.unlinked += 1;
      else if (recorded.status === 'chained' && recorded.created) result.chained += 1;
      else if (recorded.status === 'planned') {
        for (const d of recorded.deliveries) {
          if (d.created) result.enqueued += 1;
          else result.unchanged += 1;
        }
      }
    } catch (error) {
      result.failed.push({ runId: run.id, error: errorSummary(error) });
    }
  }
  return result;
}
