import type { AtsEvent } from '../model/ats-event';
import type { Delivery } from '../model/delivery';
import type { ObservedRun, RunRef } from '../model/run';
import { deliverOne, type DeliverOneResult } from './deliver-one';
import { explainRun, type RunExplanation } from './explain-run';
import {
  claimAndProcessAtsEvent,
  handleAtsEvent,
  processAtsEvent,
  type HandleAtsEventResult,
  type ProcessAtsEventResult,
  type TriggerOutcome,
} from './handle-ats-event';
import {
  partnerTestStatus,
  startPartnerTest,
  type PartnerTestRequest,
  type PartnerTestStatus,
  type StartedPartnerTest,
} from './partner-test';
import { planDelivery, type PlannedDelivery } from './plan-delivery';
import { recordTerminalRun, type RecordTerminalRunResult } from './record-terminal-run';
import { reconcile, type ReconcileResult } from './reconcile';
import type { LinkedAssessment, UseCaseDeps } from './use-case-deps';

/** The use-cases bound to their dependencies (what the server, worker and CLI call). */
export interface UseCases {
  handleAtsEvent(event: AtsEvent, rawBody?: Buffer): Promise<HandleAtsEventResult>;
  processAtsEvent(event: AtsEvent): Promise<TriggerOutcome[]>;
  /** `processAtsEvent` that also tells whether this call held the event's claim. */
  claimAndProcessAtsEvent(event: AtsEvent): Promise<ProcessAtsEventResult>;
  recordTerminalRun(run: ObservedRun): Promise<RecordTerminalRunResult>;
  planDelivery(linked: LinkedAssessment): PlannedDelivery[];
  explainRun(ref: string | RunRef): Promise<RunExplanation>;
  deliverOne(delivery: Delivery, workerId: string, signal?: AbortSignal): Promise<DeliverOneResult>;
  reconcile(runs: Iterable<ObservedRun> | AsyncIterable<ObservedRun>): Promise<ReconcileResult>;
  startPartnerTest(request: PartnerTestRequest): Promise<StartedPartnerTest>;
  partnerTestStatus(partnerInterviewId: string): Promise<PartnerTestStatus | undefined>;
}

export const UseCases = Symbol('UseCases');

/** Binds every use-case to `deps` (see each function's docstring). */
export function createUseCases(deps: UseCaseDeps): UseCases {
  return {
    handleAtsEvent: (event, rawBody) => handleAtsEvent(deps, event, rawBody),
    processAtsEvent: (event) => processAtsEvent(deps, event),
    claimAndProcessAtsEvent: (event) => claimAndProcessAtsEvent(deps, event),
    recordTerminalRun: (run) => recordTerminalRun(deps, run),
    planDelivery: (linked) => planDelivery(deps, linked),
    explainRun: (ref) => explainRun(deps, ref),
    deliverOne: (delivery, workerId, signal) => deliverOne(deps, delivery, workerId, signal),
    reconcile: (runs) => reconcile(deps, runs),
    startPartnerTest: (request) => startPartnerTest(deps, request),
    partnerTestStatus: (id) => partnerTestStatus(deps, id),
  };
}
