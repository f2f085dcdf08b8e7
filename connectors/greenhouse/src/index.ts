import { greenhousePlugin } from './plugin';

export {
  greenhousePlugin,
  greenhouseContainerModule,
  AssessmentPartnerPorts,
  GreenhouseAssessmentPartner,
} from './plugin';
export {
  GreenhouseConnector,
  GREENHOUSE_CAPABILITIES,
  type GreenhouseConnectorOptions,
} from './greenhouse-connector';
export {
  greenhouseConfigSchema,
  partnerTestSchema,
  assessmentPartnerSchema,
  DEFAULT_BASE_URL,
  DEFAULT_TOKEN_URL,
  type GreenhouseConfig,
  type GreenhouseConfigInput,
  type PartnerTest,
  type AssessmentPartnerConfig,
  type RateLimitConfig,
} from './config';
export {
  AssessmentPartnerApi,
  profileIds,
  type PartnerEndpoint,
  type PartnerRequest,
  type PartnerResponse,
  type PartnerCandidate,
  type PartnerTestLauncher,
  type PartnerStatus,
  type PartnerStatusSource,
  type PartnerResponseErrorReport,
} from './assessment-partner';
export {
  HarvestClient,
  type CallMeter,
  type HarvestRequest,
  type HarvestResponse,
} from './harvest-client';
export { OAuthTokenSource } from './oauth-token';
export { GreenhouseMetadata } from './greenhouse-metadata';
export { verifyGreenhouseSignature, signGreenhouseBody } from './webhook-signature';
export { parseGreenhouseWebhook, ACTION_EVENTS } from './webhook-events';
export { toCustomFieldElement, findCustomField, type CustomFieldElement } from './field-values';
export { type GreenhouseErrorCode } from './harvest-error';
export type { PartnerInterviewRecord, PartnerResultRecord } from './partner-interviews';

export default greenhousePlugin;
