// Public API of the Greenhouse sandbox. Only Greenhouse-named exports: the testkit root
// re-exports this next to the ZenHire and Lever sandboxes, so generic names stay internal.
export {
  GreenhouseAssessmentPartner,
  GreenhousePartnerCallError,
  type PartnerCompletion as GreenhousePartnerCompletion,
  type PartnerEndpoints as GreenhousePartnerEndpoints,
  type PartnerStatusResult as GreenhousePartnerStatusResult,
  type SentPartnerTest as GreenhouseSentPartnerTest,
} from './assessment-partner';
export type { GreenhouseFieldError } from './custom-fields';
export { defaultGreenhouseData } from './default-data';
export { GreenhouseApiError } from './errors';
export {
  GREENHOUSE_SANDBOX_CLIENT,
  GreenhouseSandbox,
  type ApplicationInspection as GreenhouseApplicationInspection,
  type GreenhouseSandboxOptions,
} from './greenhouse-sandbox';
export { GREENHOUSE_INSPECTION_PREFIX } from './inspection-routes';
export type {
  ApplicationStatus as GreenhouseApplicationStatus,
  CustomFieldType as GreenhouseCustomFieldType,
  CustomFieldValue as GreenhouseCustomFieldValue,
  CustomFieldValueType as GreenhouseCustomFieldValueType,
  GreenhouseAppliedCandidateTag,
  GreenhouseApplication,
  GreenhouseCandidate,
  GreenhouseCandidateTag,
  GreenhouseCustomField,
  GreenhouseCustomFieldOption,
  GreenhouseJob,
  GreenhouseNote,
  GreenhouseRejectionReason,
  GreenhouseStage,
  GreenhouseUser,
  NoteVisibility as GreenhouseNoteVisibility,
} from './model';
export type { GreenhouseOAuthClient, TokenRequestRecord as GreenhouseTokenRequest } from './oauth';
export type { RateLimitOptions as GreenhouseRateLimitOptions } from '../sandbox/rate-limit';
export {
  GreenhouseSeedError,
  GreenhouseStore,
  type ApplicationSeed as GreenhouseApplicationSeed,
  type CandidateSeed as GreenhouseCandidateSeed,
  type CustomFieldSeed as GreenhouseCustomFieldSeed,
  type GreenhouseSeed,
  type JobSeed as GreenhouseJobSeed,
} from './store';
export {
  DEFAULT_WEBHOOK_RETRY_DELAYS_MS as GREENHOUSE_WEBHOOK_RETRY_DELAYS_MS,
  GreenhouseWebhookConfigError,
  GreenhouseWebhookDispatcher,
  type GreenhouseWebhookConfig,
  type RegisteredWebhook as GreenhouseRegisteredWebhook,
  type WebhookAttempt as GreenhouseWebhookAttempt,
  type WebhookDelivery as GreenhouseWebhookDelivery,
  type WebhookDispatchOptions as GreenhouseWebhookDispatchOptions,
} from './webhook-dispatcher';
export {
  WEBHOOK_EVENT_ACTIONS as GREENHOUSE_WEBHOOK_EVENT_ACTIONS,
  type GreenhouseWebhookAction,
} from './webhook-payloads';
export {
  serializeGreenhouseJson,
  signGreenhouseWebhook,
  verifyGreenhouseSignature,
} from './webhook-signature';
