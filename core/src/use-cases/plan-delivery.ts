import type { WritePlan } from '../model/write-plan';
import { buildWritePlan, deliveryIdempotencyKey } from '../plan/build-write-plan';
import { partnerCompletionPlan } from './partner-test';
import type { LinkedAssessment, UseCaseDeps } from './use-case-deps';

/** One mapping's plan for an assessment, with its delivery idempotency key. */
export interface PlannedDelivery {
  mapping: string;
  plan: WritePlan;
  idempotencyKey: string;
}

/**
 * Plans every mapping that applies to the link's connector instance and the assessment's
 * module (`mapping.appliesTo`), in config order: `buildWritePlan` and
 * `deliveryIdempotencyKey` (DESIGN.md flow 3); a partner-test link (`partner:<test>`) also
 * gets its `CompleteAssessment` plan (`partnerCompletionPlan`). Pure: writes nothing. Plans without
 * operations are included (their `skipped` explains why); callers enqueue only non-empty ones.
 */
export function planDelivery(
  deps: Pick<UseCaseDeps, 'rules' | 'options'>,
  { link, assessment }: LinkedAssessment,
): PlannedDelivery[] {
  const planned = deps.rules.mappings
    .filter((m) => m.appliesTo(link.record.connector, assessment.module))
    .map((mapping) => {
      const plan = buildWritePlan(mapping, assessment, link);
      return { mapping: mapping.name, plan, idempotencyKey: deliveryIdempotencyKey(plan) };
    });
  const partner = partnerCompletionPlan(deps, link, assessment);
  return partner ? [...planned, partner] : planned;
}
