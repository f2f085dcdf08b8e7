import {
  deliveryIdempotencyKey,
  encodeLink,
  writePlanHash,
  type Assessment,
  type Clock,
  type Link,
  type RecordRef,
  type Store,
  type UseCases,
  type WritePlan,
  type ZenHireGateway,
} from '@zenhire-connect/core';
import type { AssessmentPartnerPorts, PartnerTest } from '@zenhire-connect/connector-greenhouse';
import type { Logger } from 'pino';

/** Trigger ids of runs started through `send_test` are `partner.<test id>`. */
export const PARTNER_TRIGGER_PREFIX = 'partner.';
/** Mapping name of the `CompleteAssessment` delivery. */
export const PARTNER_MAPPING = 'assessment-partner';

/** Dependencies of the Assessment Partner ports of one Greenhouse instance. */
export interface PartnerPortsDeps {
  connector: string;
  store: Store;
  gateway: ZenHireGateway;
  clock: Clock;
  logger: Logger;
  /** Base of `partner_profile_url` (the ZenHire report), e.g. `https://platform.zenhire.ai`. */
  profileBaseUrl: string;
}

/**
 * `AssessmentPartnerPorts` for the Greenhouse connector (greenhouse-api.md §4.2), composed
 * from the store and the ZenHire gateway:
 *
 * - `launch`: starts the test's ZenHire interview with the link encoded (trigger id
 *   `partner.<test id>`), saves link and open run; the interview session id is the
 *   `partner_interview_id`.
 * - `status`: undefined (the connector then reports the result its `CompleteAssessment`
 *   recorded, else `pending`).
 * - `onResponseError`: logged (no e-mail is ever passed).
 */
export function assessmentPartnerPorts(deps: PartnerPortsDeps): AssessmentPartnerPorts {
  return {
    launcher: {
      async launch(test: PartnerTest, candidate) {
        const record: RecordRef = {
          connector: deps.connector,
          candidateId: candidate.candidateId ?? '',
          ...(candidate.applicationId ? { applicationId: candidate.applicationId } : {}),
        };
        const triggerId = `${PARTNER_TRIGGER_PREFIX}${test.id}`;
        const correlation = encodeLink({ module: 'interview', record, triggerId });
        const started = await deps.gateway.start(test.action, correlation);
        const link: Link = {
          runId: started.id,
          module: 'interview',
          record,
          triggerId,
          source: { kind: 'scheme', version: 'zc1' },
        };
        await deps.store.saveLink(link);
        await deps.store.saveRun({
          id: started.id,
          module: 'interview',
          status: started.status,
          terminal: false,
          observedAt: deps.clock.now(),
        });
        deps.logger.info(
          { connector: deps.connector, test: test.id, runId: started.id },
          'assessment partner test launched',
        );
        return { partnerInterviewId: started.id };
      },
    },
    status: { status: async () => undefined },
    onResponseError: (report) => {
      deps.logger.warn({ connector: deps.connector, ...report }, 'greenhouse response_error');
    },
  };
}

/** The `CompleteAssessment` plan of a partner run's assessment (undefined for other runs). */
export function partnerCompletionPlan(
  link: Link,
  assessment: Assessment,
  profileBaseUrl: string,
): WritePlan | undefined {
  if (!link.triggerId?.startsWith(PARTNER_TRIGGER_PREFIX)) return undefined;
  const partnerInterviewId = link.parentRunId ?? link.runId;
  const metadata: Record<string, string | number | null> = {};
  if (assessment.cefr) metadata.CEFR = assessment.cefr;
  for (const d of assessment.dimensions) metadata[d.label] = d.percent ?? d.value;
  const status =
    assessment.status === 'failed'
      ? 'failed'
      : assessment.status === 'partial'
        ? 'partial'
        : 'complete';
  const plan: Omit<WritePlan, 'hash'> = {
    runId: assessment.runId,
    connector: link.record.connector,
    mapping: PARTNER_MAPPING,
    record: link.record,
    operations: [
      {
        kind: 'CompleteAssessment',
        partnerInterviewId,
        status,
        score: assessment.percent,
        profileUrl:
          assessment.artifacts.reportUrl ??
          `${profileBaseUrl.replace(/\/$/, '')}/runs/${encodeURIComponent(assessment.runId)}`,
        metadata,
      },
    ],
  };
  return { ...plan, hash: writePlanHash(plan) };
}

/**
 * Use-cases whose `recordTerminalRun` and `reconcile` also enqueue the `CompleteAssessment`
 * delivery of runs started through `send_test` (core mappings have no such operation).
 * Enqueueing is idempotent (key from run, connector, mapping and plan hash).
 */
export function withPartnerCompletion(
  useCases: UseCases,
  store: Store,
  clock: Clock,
  profileBaseUrl: string,
): UseCases {
  return {
    ...useCases,
    async recordTerminalRun(run) {
      const result = await useCases.recordTerminalRun(run);
      if (result.status === 'planned') {
        const plan = partnerCompletionPlan(result.link, result.assessment, profileBaseUrl);
        if (plan) {
          const { delivery, created } = await store.enqueue(
            plan,
            deliveryIdempotencyKey(plan),
            clock.now(),
          );
          result.deliveries.push({
            mapping: PARTNER_MAPPING,
            deliveryId: delivery.id,
            created,
            operations: 1,
          });
        }
      }
      return result;
    },
  };
}
