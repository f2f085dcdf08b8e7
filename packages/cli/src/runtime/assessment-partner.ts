import { DEFAULT_PARTNER_INVITATION, type UseCases } from '@zenhire-connect/core';
import type { AssessmentPartnerPorts, PartnerTest } from '@zenhire-connect/connector-greenhouse';
import type { Logger } from 'pino';

/** Dependencies of the Assessment Partner ports of one Greenhouse instance. */
export interface PartnerPortsDeps {
  /** Greenhouse connector instance name. */
  connector: string;
  useCases: Pick<UseCases, 'startPartnerTest' | 'partnerTestStatus'>;
  logger: Logger;
}

/**
 * `AssessmentPartnerPorts` of the Greenhouse connector (greenhouse-api.md §4.2) over core's
 * use-cases:
 *
 * - `launch` → `startPartnerTest`: starts the test's ZenHire action with the link encoded
 *   (trigger id `partner:<test id>`), idempotent per application and test; the run id is the
 *   `partner_interview_id`. On the first `send_test` core enqueues the test's "invited"
 *   write-back (`invitation`; omitted → `DEFAULT_PARTNER_INVITATION`, a private note with the
 *   candidate link on the application: no e-mail is sent, the recruiter forwards the link).
 *   Core then plans a `CompleteAssessment` delivery when the result is in (the connector
 *   PATCHes Greenhouse's callback URL). The log line carries the delivery id, never the link
 *   (it holds the candidate's access token).
 * - `status` → `partnerTestStatus`: the ledger's view (`complete` with the overall percent,
 *   CEFR and dimension percents; `in_progress` until the chained speech run is scored).
 * - `onResponseError`: logged as a warning (the report carries no candidate e-mail).
 *
 * @throws from `launch` when the `send_test` carries no Greenhouse candidate or application
 *   id (its `greenhouse_profile_url` could not be read): `send_test` then answers 5xx.
 */
export function assessmentPartnerPorts(deps: PartnerPortsDeps): AssessmentPartnerPorts {
  return {
    launcher: {
      async launch(test: PartnerTest, candidate) {
        if (!candidate.candidateId && !candidate.applicationId) {
          throw new Error('send_test: greenhouse_profile_url names no candidate or application id');
        }
        const started = await deps.useCases.startPartnerTest({
          testId: test.id,
          action: test.action,
          record: {
            connector: deps.connector,
            candidateId: candidate.candidateId ?? '',
            ...(candidate.applicationId ? { applicationId: candidate.applicationId } : {}),
          },
          invitation: test.invitation ?? DEFAULT_PARTNER_INVITATION,
        });
        deps.logger.info(
          {
            connector: deps.connector,
            test: test.id,
            runId: started.partnerInterviewId,
            created: started.created,
            ...(started.invitationDeliveryId
              ? { invitationDeliveryId: started.invitationDeliveryId }
              : {}),
          },
          'assessment partner test launched',
        );
        return { partnerInterviewId: started.partnerInterviewId };
      },
    },
    status: {
      async status(partnerInterviewId) {
        return deps.useCases.partnerTestStatus(partnerInterviewId);
      },
    },
    onResponseError: (report) => {
      deps.logger.warn({ connector: deps.connector, ...report }, 'greenhouse response_error');
    },
  };
}
