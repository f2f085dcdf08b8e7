export {
  Worker,
  type WorkerOptions,
  type WorkerCollectOptions,
  type WorkerDeliveryOptions,
  type WorkerReconcileOptions,
  type WorkerProgress,
  type RunOnceOptions,
  type RunOnceResult,
} from './worker';
export {
  ZenHireApiGateway,
  ZenHireGatewayError,
  type ZenHireApiGatewayOptions,
  type CollectorGateway,
  type RunListQuery,
} from './zenhire-api-gateway';
export {
  Metrics,
  type MetricsOptions,
  type ApiVendor,
  type DeliveryOutcome,
  type ZenHireLoggerLike,
} from './metrics';
export {
  BatchRunCollector,
  type BatchRunCollectorOptions,
  type ListedModule,
  type SweepResult,
} from './batch-run-collector';
export { OpenRunPoller, type OpenRunPollerOptions, type PollPassResult } from './open-run-poller';
export {
  EventRecovery,
  type EventRecoveryOptions,
  type EventRecoveryResult,
} from './event-recovery';
export { DeliveryLoop, type DeliveryLoopOptions, type DeliverySummary } from './delivery-loop';
export {
  ReconcilePass,
  type ReconcilePassOptions,
  type ReconcilePassResult,
} from './reconcile-pass';
export {
  SweepCadence,
  documentedPollDelayMs,
  MIN_POLL_INTERVAL_MS,
  type SweepCadenceOptions,
  type SweepObservation,
} from './sweep-cadence';
export { toObservedRun, isTerminalStatus, terminalAtOf } from '@zenhire-connect/core';
export { realSleep, scaledSleep, type Sleep } from './sleep';
export { noopLogger, describeError, type WorkerLogger } from './worker-logger';
