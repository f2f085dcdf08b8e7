import { encodeLink } from '../link/link-codec';
import type { Assessment } from '../model/assessment';
import type { Link } from '../model/link';
import type { RecordRef } from '../model/record-ref';
import type { ObservedRun, RunModule } from '../model/run';
import type { WritePlan } from '../model/write-plan';
import { deliveryIdempotencyKey, writePlanHash } from '../plan/build-write-plan';
import type { ZenHireAction } from '../ports/zenhire-gateway';
import { assessRun } from './assess-run';
import { invitationPlan } from './invitation-plan';
import { startLinkedRun } from './start-linked-run';
import type { PlannedDelivery } from './plan-delivery';
import type { InvitationRule, UseCaseDeps } from './use-case-deps';

/**
 * Links started through an ATS assessment-partner API (Greenhouse `send_test`,
 * greenhouse-api.md §4) carry `triggerId = "partner:<test id>"`; their terminal assessment
 * is planned as a `CompleteAssessment` in addition to the configured mappings.
 */
export const PARTNER_TRIGGER_PREFIX = 'partner:';

/** Name of the built-in mapping that completes a partner test (delivery ledger, explain). */
export const PARTNER_MAPPING = 'assessment-partner';

/**
 * Invitation of a partner test whose request names none: a `private` note with the candidate
 * link. The ATS asked us to get the test to the candidate (greenhouse-api.md §4, "Who sends
 * the test") and we send no e-mail, so without the note the link would reach nobody.
 */
export const DEFAULT_PARTNER_INVITATION: InvitationRule = { note: { visibility: 'private' } };

/** A partner test the ATS asked us to send. */
export interface PartnerTestRequest {
  /** Partner test id as listed by `list_tests` (config). */
  testId: string;
  action: ZenHireAction;
  /** The ATS record, from the request (Greenhouse: ids in `greenhouse_profile_url`). */
  record: RecordRef;
  /**
   * The "invited" write-back once the run is started (same rule as a trigger's
   * `invitation`): a note with the candidate link and/or tags on the record. Omitted:
   * {@link DEFAULT_PARTNER_INVITATION} (a private note with the link). An empty rule (`{}`)
   * writes nothing.
   */
  invitation?: InvitationRule;
}

/** Result of {@link startPartnerTest}. `partnerInterviewId` is the ZenHire run id. */
export interface StartedPartnerTest {
  partnerInterviewId: string;
  module: RunModule;
  /** Candidate link of an interview (send it to the candidate). */
  candidateLink?: string;
  /** False when this test was already started for this record (a repeated `send_test`). */
  created: boolean;
  /**
   * Delivery of the "invited" plan (note with the candidate link, tags), when one was
   * enqueued: only on the first `send_test` (`created: true`) and when the plan has
   * operations (no note without a candidate link).
   */
  invitationDeliveryId?: string;
}

/**
 * Starts the ZenHire action of a partner test (DESIGN.md flow 1, Assessment Partner path):
 * encodes the link (`triggerId` `partner:<test id>`), starts the action through the gateway,
 * saves the link and the open run, then enqueues the "invited" plan built by
 * `invitationPlan` (mapping `invite:partner:<test id>`; `request.invitation`, default
 * {@link DEFAULT_PARTNER_INVITATION}: a private note carrying the candidate link) as a
 * delivery the worker retries, so the link reaches the recruiter (we send no e-mail). The
 * plan is not built by `options.invitationPlan` (that hook is for ATS-event triggers).
 * Idempotent per (record, test): a second `send_test` for the same application returns the
 * first run and enqueues nothing.
 *
 * @throws link codec errors (limits), gateway errors and store errors (the ATS call then
 *   fails with 5xx and Greenhouse retries it).
 */
export async function startPartnerTest(
  deps: UseCaseDeps,
  request: PartnerTestRequest,
): Promise<StartedPartnerTest> {
  const { store } = deps;
  const triggerId = `${PARTNER_TRIGGER_PREFIX}${request.testId}`;
  const key = request.record.applicationId ?? request.record.candidateId;
  const existing = (await store.findLinksByRecord(request.record.connector, key)).find(
    (l) => l.triggerId === triggerId && l.parentRunId === undefined,
  );
  if (existing) {
    return { partnerInterviewId: existing.runId, module: existing.module, created: false };
  }
  const module: RunModule = request.action.kind;
  const correlation = encodeLink({ module, record: request.record, triggerId });
  const { started, link } = await startLinkedRun(deps, {
    action: request.action,
    correlation,
    record: request.record,
    triggerId,
  });
  const result: StartedPartnerTest = {
    partnerInterviewId: started.id,
    module: started.module,
    ...(started.candidateLink ? { candidateLink: started.candidateLink } : {}),
    created: true,
  };
  const plan = invitationPlan({
    trigger: { name: triggerId, invitation: request.invitation ?? DEFAULT_PARTNER_INVITATION },
    run: started,
    link,
  });
  if (plan && plan.operations.length > 0) {
    const { delivery } = await store.enqueue(plan, deliveryIdempotencyKey(plan), deps.clock.now());
    result.invitationDeliveryId = delivery.id;
  }
  return result;
}

/**
 * Flat `metadata` for the ATS's assessment panel: CEFR, overall percent and each
 * dimension's percent (0–100), plus the status when not complete. Keys are labels a
 * recruiter reads (greenhouse-api.md §4.2 shows free-form keys such as "Started At").
 */
export function partnerMetadata(assessment: Assessment): Record<string, string | number | null> {
  const metadata: Record<string, string | number | null> = {};
  if (assessment.cefr) metadata['CEFR'] = assessment.cefr;
  if (assessment.percent !== null) metadata['Overall %'] = assessment.percent;
  for (const dimension of assessment.dimensions) {
    if (dimension.percent !== null) metadata[`${dimension.label} %`] = dimension.percent;
    if (dimension.cefr) metadata[`${dimension.label} CEFR`] = dimension.cefr;
  }
  if (assessment.status !== 'complete') metadata['Status'] = assessment.status;
  if (assessment.completedAt) metadata['Completed At'] = assessment.completedAt;
  return metadata;
}

/**
 * Profile URL shown with a partner result. Greenhouse shows results only with a real,
 * reachable `partner_profile_url` (greenhouse-api.md §4.3); ZenHire documents no report
 * page (zenhire-api.md §6.6), so the default is the first artefact URL of the assessment
 * (report, recording, transcript). `options.partnerProfileUrl` replaces it.
 */
function profileUrl(
  deps: Pick<UseCaseDeps, 'options'>,
  link: Link,
  assessment: Assessment,
): string | null {
  const custom = deps.options?.partnerProfileUrl?.(link, assessment);
  if (custom !== undefined) return custom;
  const a = assessment.artifacts;
  return a.reportUrl ?? a.recordingUrl ?? a.transcriptUrl ?? null;
}

/**
 * The `CompleteAssessment` plan of a partner-test link, or undefined for other links and for
 * failed assessments (a failed run has no result to show; `test_status` reports `failed`).
 * Score: the overall percent (0–100), the scale Greenhouse filters on.
 */
export function partnerCompletionPlan(
  deps: Pick<UseCaseDeps, 'options'>,
  link: Link,
  assessment: Assessment,
): PlannedDelivery | undefined {
  if (!link.triggerId?.startsWith(PARTNER_TRIGGER_PREFIX) || assessment.status === 'failed') {
    return undefined;
  }
  const content: Omit<WritePlan, 'hash'> = {
    runId: link.runId,
    connector: link.record.connector,
    mapping: PARTNER_MAPPING,
    record: link.record,
    operations: [
      {
        kind: 'CompleteAssessment',
        partnerInterviewId: link.runId,
        status: assessment.status === 'partial' ? 'partial' : 'complete',
        score: assessment.percent,
        profileUrl: profileUrl(deps, link, assessment),
        metadata: partnerMetadata(assessment),
      },
    ],
  };
  const plan: WritePlan = { ...content, hash: writePlanHash(content) };
  return { mapping: PARTNER_MAPPING, plan, idempotencyKey: deliveryIdempotencyKey(plan) };
}

/** What `test_status` answers (greenhouse-api.md §4.2), in connector-neutral words. */
export interface PartnerTestStatus {
  /** `complete` only when the result is ready; otherwise `in_progress`, `failed`. */
  status: 'complete' | 'in_progress' | 'failed';
  /** Overall percent 0–100, when complete. */
  score: number | null;
  profileUrl: string | null;
  metadata: Record<string, string | number | null>;
}

/** A stored terminal run as an `ObservedRun` (correlation fields are not needed to assess). */
async function storedTerminalRun(deps: UseCaseDeps, id: string): Promise<ObservedRun | undefined> {
  const run = await deps.store.getRun(id);
  if (!run?.terminal || run.body === undefined) return undefined;
  return { ...run, body: run.body, externalId: null, metadata: {}, tags: [] };
}

/**
 * Status of a partner test from the ledger: the link of `partnerInterviewId` and the stored
 * runs. An interview's scores come from its chained speech analysis (DESIGN.md flow 2), so a
 * completed session stays `in_progress` until that run is terminal. Undefined when the id is
 * not a partner test.
 *
 * @throws store errors; AssessmentError when a stored body cannot be normalised.
 */
export async function partnerTestStatus(
  deps: UseCaseDeps,
  partnerInterviewId: string,
): Promise<PartnerTestStatus | undefined> {
  const link = await deps.store.findLink(partnerInterviewId);
  if (!link?.triggerId?.startsWith(PARTNER_TRIGGER_PREFIX)) return undefined;
  const pending: PartnerTestStatus = {
    status: 'in_progress',
    score: null,
    profileUrl: null,
    metadata: {},
  };
  const run = await storedTerminalRun(deps, partnerInterviewId);
  if (!run) return pending;
  let assessed = await assessRun(deps, run, link);
  if (link.module === 'interview' && assessed.assessment.status !== 'failed') {
    const key = link.record.applicationId ?? link.record.candidateId;
    const chained = (await deps.store.findLinksByRecord(link.record.connector, key)).find(
      (l) => l.parentRunId === partnerInterviewId && l.module === 'speech',
    );
    const speech = chained && (await storedTerminalRun(deps, chained.runId));
    if (!chained || !speech) return pending;
    assessed = await assessRun(deps, speech, chained);
  }
  const { assessment } = assessed;
  if (assessment.status === 'failed') {
    return {
      status: 'failed',
      score: null,
      profileUrl: null,
      metadata: partnerMetadata(assessment),
    };
  }
  return {
    status: 'complete',
    score: assessment.percent,
    profileUrl: profileUrl(deps, assessed.link, assessment),
    metadata: partnerMetadata(assessment),
  };
}
