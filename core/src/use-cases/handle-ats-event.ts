import { randomUUID } from 'node:crypto';
import type { AtsEvent } from '../model/ats-event';
import type { Link } from '../model/link';
import type { RunModule } from '../model/run';
import { encodeLink } from '../link/link-codec';
import { deliveryIdempotencyKey } from '../plan/build-write-plan';
import { errorSummary, isRetryable } from './error-classification';
import { invitationPlan } from './invitation-plan';
import { startLinkedRun } from './start-linked-run';
import {
  DEFAULT_EVENT_CLAIM_LEASE_MS,
  type UseCaseDeps,
  type UseCaseTrigger,
} from './use-case-deps';

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

/** Result of {@link claimAndProcessAtsEvent}. */
export interface ProcessAtsEventResult {
  /**
   * True when this call held the event's claim and ran the triggers. False when another
   * caller holds a live claim, or the event is processed or was never recorded: nothing was
   * started or written, and `outcomes` only lists the `already_started` runs that exist.
   */
  claimed: boolean;
  outcomes: TriggerOutcome[];
}

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
  const { store, clock } = deps;
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
  const { started, link } = await startLinkedRun(deps, {
    action,
    correlation,
    record: event.record,
    triggerId: trigger.name,
    inputs,
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

/** Matching triggers that already have a run for the record (no writes, no starts). */
async function existingOutcomes(deps: UseCaseDeps, event: AtsEvent): Promise<TriggerOutcome[]> {
  const outcomes: TriggerOutcome[] = [];
  for (const trigger of deps.rules.triggers) {
    if (trigger.connector !== event.connector || !trigger.matches(event)) continue;
    const action = trigger.actionFor ? trigger.actionFor(event) : trigger.action;
    const existing = await existingRun(deps, event, trigger, action.kind);
    if (existing) {
      outcomes.push({ trigger: trigger.name, status: 'already_started', runId: existing.runId });
    }
  }
  return outcomes;
}

/**
 * Processes an event that is already recorded (DESIGN.md flow 1), at most once at a time
 * across every process sharing the store.
 *
 * First claims the event (`store.claimEvent`, owner `options.eventClaim.owner` plus a random
 * suffix, lease `options.eventClaim.leaseMs`, default 5 min, on `deps.clock`). Without the
 * claim (another server or a recovery pass is processing it, or it is already processed)
 * nothing is started or written: `claimed: false`, with `already_started` outcomes for the
 * runs that exist.
 *
 * With the claim, runs every trigger of the event's connector whose `matches(event)` holds,
 * in config order. Per trigger: skip when a run of this trigger already exists for the
 * record (one run per application — or candidate — and trigger, which makes redelivery and
 * crash recovery idempotent); encode the link (`encodeLink`, zenhire-api.md §2); fetch
 * inputs for `cv_deepmatch`/`speech` (`options.inputs`); start the action through the
 * gateway; save the link and the open run; enqueue the "invited" plan when the trigger asks
 * for one. Finally marks the event processed with the outcomes (which ends the claim).
 *
 * Permanent failures of one trigger (link limits, invalid action, non-retryable errors) are
 * reported in its outcome and the other triggers still run.
 *
 * @throws the first retryable error (ZenHire or ATS unavailable, rate limits): the claim is
 *   released and the event left unprocessed so `listUnprocessedEvents` recovery runs it
 *   again; triggers that had started are then skipped as `already_started`. A crash instead
 *   leaves the claim to expire after its lease.
 */
export async function claimAndProcessAtsEvent(
  deps: UseCaseDeps,
  event: AtsEvent,
): Promise<ProcessAtsEventResult> {
  const claim = deps.options?.eventClaim;
  const owner = `${claim?.owner ?? 'zc'}:${randomUUID()}`;
  const leaseMs = claim?.leaseMs ?? DEFAULT_EVENT_CLAIM_LEASE_MS;
  const { store } = deps;
  if (!(await store.claimEvent(event.connector, event.id, owner, leaseMs, deps.clock.now()))) {
    return { claimed: false, outcomes: await existingOutcomes(deps, event) };
  }
  const outcomes: TriggerOutcome[] = [];
  for (const trigger of deps.rules.triggers) {
    if (trigger.connector !== event.connector || !trigger.matches(event)) continue;
    try {
      outcomes.push(await runTrigger(deps, event, trigger));
    } catch (error) {
      if (isRetryable(error)) {
        // Best effort: if releasing fails too, the claim expires after its lease.
        await store.releaseEventClaim(event.connector, event.id, owner).catch(() => undefined);
        throw error;
      }
      outcomes.push({ trigger: trigger.name, status: 'failed', error: errorSummary(error) });
    }
  }
  await store.markEventProcessed(event.connector, event.id, { outcomes });
  return { claimed: true, outcomes };
}

/**
 * {@link claimAndProcessAtsEvent} returning only the outcomes (an event this call could not
 * claim yields its `already_started` runs and nothing else).
 *
 * @throws as {@link claimAndProcessAtsEvent}.
 */
export async function processAtsEvent(
  deps: UseCaseDeps,
  event: AtsEvent,
): Promise<TriggerOutcome[]> {
  return (await claimAndProcessAtsEvent(deps, event)).outcomes;
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
