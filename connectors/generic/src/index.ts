import { genericPlugin } from './plugin';

export { genericPlugin, genericContainerModule } from './plugin';
export { GenericConnector, type GenericConnectorOptions } from './generic-connector';
export {
  genericConfigSchema,
  webhookSchema,
  fileSchema,
  retrySchema,
  DEFAULT_OPERATIONS,
  type GenericConfig,
  type GenericConfigInput,
  type WebhookConfig,
  type FileSinkConfig,
  type RetryConfig,
} from './config';
export {
  BodyTemplate,
  BodyTemplateError,
  DEFAULT_BODY_TEMPLATE,
  deliveryContext,
  type DeliveryTemplateContext,
} from './body-template';
export {
  SIGNATURE_HEADER,
  DELIVERY_HEADER,
  DEFAULT_TOLERANCE_SECONDS,
  computeSignature,
  signatureHeaderValue,
  checkSignature,
  type SignatureProblem,
} from './signature';
export {
  isPublicAddress,
  addressRange,
  destinationProblem,
  guardedLookup,
  DestinationRefusedError,
  type DestinationPolicy,
} from './destination-guard';
export { WebhookSender, ATTEMPT_HEADER, retryDelayMs, deliveryError } from './webhook-sender';
export { FileSink, FileSinkError, type FileSinkOptions } from './file-sink';
export { CSV_COLUMNS, csvHeader, csvLine } from './csv-line';
export { inboundEventSchema, toAtsEvent, type InboundEvent } from './inbound-event';
export { type GenericErrorCode } from './generic-error';

export default genericPlugin;
