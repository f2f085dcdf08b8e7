import { AssessmentError } from '../assessment/assessment-errors';
import type { Assessment } from '../model/assessment';
import type { Delivery } from '../model/delivery';
import type { Link, LinkDecodeResult } from '../model/link';
import type { ObservedRun, RunRef } from '../model/run';
import type { HttpCallPreview } from '../plugin/connector';
import { ZenHireConnectError } from '../errors';
import { assessRun } from './assess-run';
import { planDelivery, type PlannedDelivery } from './plan-delivery';
import { chainsIntoSpeech } from './record-terminal-run';
import { linkOfRun } from './run-link';
import type { UseCaseDeps } from './use-case-deps';

/** One mapping's plan with the HTTP calls the connector would make. */
export interface ExplainedPlan extends PlannedDelivery {
  /** `previewPlan` of the connector: printed, never sent. */
  calls: HttpCallPreview[];
  /** The delivery already enqueued under the same idempotency key, if any. */
  existingDelivery?: Pick<Delivery, 'id' | 'status' | 'attempts' | 'lastError'>;
}

/** What collecting this run would do (CLI `explain <run>`). */
export interface RunExplanation {
  run: Pick<ObservedRun, 'id' | 'module' | 'status' | 'terminal'>;
  link: LinkDecodeResult;
  /**
   * - `not_terminal`: nothing to plan yet;
   * - `unlinked`: see `link.reason`;
   * - `unsupported`: no per-run result for the module;
   * - `chain`: a completed interview session would be chained into speech analysis;
   * - `plan`: `plans` holds every matching mapping's plan.
   */
  action: 'not_terminal' | 'unlinked' | 'unsupported' | 'chain' | 'plan';
  assessment?: Assessment;
  /** The link the plans are for (the interview's, for a chained speech run). */
  planLink?: Link;
  plans: ExplainedPlan[];
}

/**
 * Dry run of collect + plan for one run (DESIGN.md "explain"): reads the run from ZenHire
 * (its module from `ref`, or from the store when only the id is given), finds its link
 * (store, scheme, link rules; an application-only rule link is resolved with a read),
 * normalises it, builds every matching mapping's WritePlan and asks the connector for the
 * calls it would make (`previewPlan`). Writes nothing: no store write, no ATS write, no run
 * started.
 *
 * @throws ZenHireConnectError `RUN_NOT_FOUND` when only an id is given and the store does
 *   not know the run; gateway/connector read errors.
 */
export async function explainRun(deps: UseCaseDeps, ref: string | RunRef): Promise<RunExplanation> {
  let runRef: RunRef;
  if (typeof ref === 'string') {
    const stored = await deps.store.getRun(ref);
    if (!stored) {
      throw new ZenHireConnectError(
        'RUN_NOT_FOUND',
        `run ${ref} is not in the store; give its module too (e.g. speech:${ref})`,
        { runId: ref },
      );
    }
    runRef = { module: stored.module, id: ref };
  } else {
    runRef = ref;
  }
  const run = await deps.gateway.getRun(runRef);
  const summary = { id: run.id, module: run.module, status: run.status, terminal: run.terminal };
  const link = await linkOfRun(deps, run, { save: false });
  if (!run.terminal) return { run: summary, link, action: 'not_terminal', plans: [] };
  if (!link.linked) return { run: summary, link, action: 'unlinked', plans: [] };
  let linked;
  try {
    linked = await assessRun(deps, run, link.link);
  } catch (error) {
    if (error instanceof AssessmentError && error.code === 'MODULE_NOT_SUPPORTED') {
      return { run: summary, link, action: 'unsupported', plans: [] };
    }
    throw error;
  }
  if (chainsIntoSpeech(deps, run)) {
    return {
      run: summary,
      link,
      action: 'chain',
      assessment: linked.assessment,
      planLink: linked.link,
      plans: [],
    };
  }
  const existing = await deps.store.listDeliveries({ runId: linked.assessment.runId });
  const plans = planDelivery(deps, linked).map((planned): ExplainedPlan => {
    const connector = deps.connectors.get(planned.plan.connector);
    const found = existing.find((d) => d.idempotencyKey === planned.idempotencyKey);
    return {
      ...planned,
      calls: planned.plan.operations.length > 0 ? connector.previewPlan(planned.plan) : [],
      ...(found
        ? {
            existingDelivery: {
              id: found.id,
              status: found.status,
              attempts: found.attempts,
              lastError: found.lastError,
            },
          }
        : {}),
    };
  });
  return {
    run: summary,
    link,
    action: 'plan',
    assessment: linked.assessment,
    planLink: linked.link,
    plans,
  };
}
