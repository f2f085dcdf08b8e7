export {
  createServer,
  DEFAULT_BODY_LIMIT_BYTES,
  type ConnectServer,
  type ServerDeps,
} from './create-server';
export { createLogger, REDACT_PATHS, type CreateLoggerOptions } from './logger';
export { ServerMetrics, type WebhookOutcome, type EventProcessingResult } from './server-metrics';
export {
  AtsEventProcessor,
  DEFAULT_RECOVERY_BATCH,
  type RecoverResult,
  type ScheduleResult,
} from './ats-event-processor';
export { ZenHireRunCollector, zenhireSource } from './zenhire-run-collector';
export {
  readZenHireWebhook,
  type ZenHireWebhookModule,
  type ZenHireWebhookRun,
} from './zenhire-webhook-payload';
export { ProcessingQueue } from './processing-queue';
export { errorBody, type ErrorResponse } from './error-response';
export {
  PARTNER_ENDPOINTS,
  type PartnerApiHandler,
  type PartnerEndpointName,
} from './routes/partner';
export {
  DEFAULT_READINESS_TIMEOUT_MS,
  zenhireHealthCheck,
  toReadinessCheck,
  type ReadinessCheck,
  type CheckResult,
} from './routes/health';
export { ZENHIRE_WEBHOOK_PATHS } from './routes/zenhire-webhooks';
