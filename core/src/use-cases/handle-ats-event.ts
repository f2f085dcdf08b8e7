import type { AtsEvent } from '../model/ats-event';
import type { Link } from '../model/link';
import type { RunModule } from '../model/run';
import { encodeLink } from '../link/link-codec';
import { deliveryIdempotencyKey } from '../plan/build-write-plan';
import { errorSummary, isRetryable } from './error-classification';
import { invitationPlan } from './invitation-plan';
import type { UseCaseDeps, UseCaseTrigger } from './use-case-deps';

/** What one matching trigger did with an event. */
export type TriggerOutcome =
  | {
      trigger: string;
      status: 'started';
      runId: string;
      module: RunModule;
      /** Delivery of the "invited" plan, when the trigger asked for one. */
      invitationDeliveryId?: string;
    }
  /** A run of this trigger already exists for this record (redelivery, re-entered stage). */
  | { trigger: string; status: 'already_started'; runId: string }
  /** A permanent failure (link limits, invalid action, non-retryable ZenHire error). */
  | { trigger: string; status: 'failed'; error: { code: string; message: string } };

/** Result of {@link handleAtsEvent}. */
export interface HandleAtsEventResult {
  /** True when the store had recorded this event before: nothing was done. */
  duplicate: boolean;
  outcomes: TriggerOutcome[];
}

function recordKeyOf(event: AtsEvent): string {
  return event.record.applicationId ?? event.record.candidateId;
}

async function existingRun(
  deps: UseCaseDeps,
  event: AtsEvent,
  trigger: UseCaseTrigger,
  module: RunModule,
): Promise<Link | undefined> {
  const links = await deps.store.findLinksByRecord(event.record.connector, recordKeyOf(event));
  return links.find(
    (l) =>
      l.triggerId === trigger.name &&
      l.module === module &&
      l.parentRunId === undefined &&
      (l.record.applicationId ?? l.record.candidateId) === recordKeyOf(event),
  );
}

async function runTrigger(
  deps: UseCaseDeps,
  event: AtsEvent,
  trigger: UseCaseTrigger,
): Promise<TriggerOutcome> {
  const { store, gateway, clock } = deps;
  const action = trigger.actionFor ? trigger.actionFor(event) : trigger.action;
  const module: RunModule = action.kind;
  const existing = await existingRun(deps, event, trigger, module);
  if (existing) return { trigger: trigger.name, status: 'already_started', runId: existing.runId };

  const correlation = encodeLink(
    { module, record: event.record, triggerId: trigger.name },
    trigger.correlation,
  );
  const inputs =
    (action.kind === 'cv_deepmatch' || action.kind === 'speech') && deps.options?.inputs
      ? await deps.options.inputs(trigger, event, action)
      : undefined;
  const started = await gateway.start(action, correlation, inputs);
  const link: Link = {
    runId: started.id,
    module: started.module,
    record: event.record,
    triggerId: trigger.name,
    source: { kind: 'scheme', version: 'zc1' },
  };
  await store.saveLink(link);
  await store.saveRun({
    id: started.id,
    module: started.module,
    status: started.status,
    terminal: false,
    observedAt: clock.now(),
  });
  const outcome: TriggerOutcome = {
    trigger: trigger.name,
    status: 'started',
    runId: started.id,
    module: started.module,
  };
  const plan = (deps.options?.invitationPlan ?? invitationPlan)({
    trigger,
    event,
    run: started,
    link,
  });
  if (plan && plan.operations.length > 0) {
    const { delivery } = await store.enqueue(plan, deliveryIdempotencyKey(plan), clock.now());
    outcome.invitationDeliveryId = delivery.id;
  }
  return outcome;
}

/**
 * Processes an event that is already recorded: runs every trigger of the event's connector
 * whose `matches(event)` holds, in config order (DESIGN.md flow 1). Per trigger: skip when a
 * run of this trigger already exists for the record (one run per application — or candidate
 * — and trigger, which makes redelivery and crash recovery idempotent); encode the link
 * (`encodeLink`, zenhire-api.md §2); fetch inputs for `cv_deepmatch`/`speech`
 * (`options.inputs`); start the action through the gateway; save the link and the open run;
 * enqueue the "invited" plan when the trigger asks for one. Finally marks the event processed
 * with the outcomes.
 *
 * Permanent failures of one trigger (link limits, invalid action, non-retryable errors) are
 * reported in its outcome and the other triggers still run.
 *
 * @throws the first retryable error (ZenHire or ATS unavailable, rate limits): the event is
 *   left unprocessed so `listUnprocessedEvents` recovery runs it again; triggers that had
 *   started are then skipped as `already_started`.
 */
export async function processAtsEvent(
  deps: UseCaseDeps,
  event: AtsEvent,
): Promise<TriggerOutcome[]> {
  const outcomes: TriggerOutcome[] = [];
  for (const trigger of deps.rules.triggers) {
    if (trigger.connector !== event.connector || !trigger.matches(event)) continue;
    try {
      outcomes.push(await runTrigger(deps, event, trigger));
    } catch (error) {
      if (isRetryable(error)) throw error;
      outcomes.push({ trigger: trigger.name, status: 'failed', error: errorSummary(error) });
    }
  }
  await deps.store.markEventProcessed(event.connector, event.id, { outcomes });
  return outcomes;
}

/**
 * Handles one ATS event (DESIGN.md flow 1): records it through the EventStore (a duplicate
 * delivery is a no-op: `duplicate: true`, no outcomes), then {@link processAtsEvent}.
 * `rawBody` is kept by the store for audit.
 *
 * @throws as {@link processAtsEvent} (retryable failures; the event stays recorded and
 *   unprocessed).
 */
export async function handleAtsEvent(
  deps: UseCaseDeps,
  event: AtsEvent,
  rawBody?: Buffer,
): Promise<HandleAtsEventResult> {
  const isNew = await deps.store.recordEvent(event, rawBody);
  if (!isNew) return { duplicate: true, outcomes: [] };
  return { duplicate: false, outcomes: await processAtsEvent(deps, event) };
}
