import { leverPlugin } from './plugin';

export { leverPlugin, leverContainerModule } from './plugin';
export { LeverConnector, leverCapabilities, type LeverConnectorOptions } from './lever-connector';
export {
  leverConfigSchema,
  rateLimitSchema,
  cacheTtlSchema,
  signatureTokens,
  DEFAULT_BASE_URL,
  type LeverConfig,
  type LeverConfigInput,
  type RateLimitConfig,
} from './config';
export {
  LeverClient,
  type CallMeter,
  type LeverCredentials,
  type LeverRequest,
  type LeverResponse,
} from './lever-client';
export { LeverMetadata, type MetadataKind, type MetadataLists } from './lever-metadata';
export { verifyLeverWebhook, signLeverWebhook, readWebhookBody } from './webhook-signature';
export { parseLeverWebhook, HANDLED_EVENTS } from './webhook-events';
export { toFeedbackFieldValues, type FeedbackFieldValue } from './feedback-fields';
export {
  findStage,
  nextStage,
  findRejectionReason,
  findUser,
  findFeedbackTemplate,
} from './metadata-lookup';
export {
  readOpportunity,
  type OpportunityState,
  type LeverStage,
  type LeverArchiveReason,
  type LeverUser,
  type LeverFeedbackTemplate,
  type LeverWebhookBody,
} from './lever-records';
export { type LeverErrorCode } from './lever-error';

export default leverPlugin;
