import type { ContainerModule } from 'inversify';
import type { z } from 'zod';
import type { AtsEvent } from '../model/ats-event';
import type { OperationOutcome } from '../model/delivery';
import type { RecordRef } from '../model/record-ref';
import type { WriteOperationKind, WritePlan } from '../model/write-plan';

/** What a connector can do; the planner refuses mappings that need more. */
export interface ConnectorCapabilities {
  /** Write operations `applyPlan` honours. */
  operations: WriteOperationKind[];
  /** Parses inbound webhooks into events. */
  webhooks: boolean;
  /** Custom field types `SetFields` accepts. */
  fieldTypes: ('number' | 'text' | 'single_select' | 'date' | 'yes_no')[];
}

/** An inbound HTTP request as the server received it (raw bytes kept for signatures). */
export interface InboundRequest {
  method: string;
  /** Lower-cased header names. */
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
  /** Epoch ms when the request arrived. */
  receivedAt: number;
}

/**
 * Result of parsing a verified webhook: events to process, and the answer to send.
 * A ping yields no events and a 200.
 */
export interface ParsedWebhook {
  events: AtsEvent[];
  reply: { status: number; body?: unknown };
}

/** The ATS record as the connector resolved it (for templates and stage decisions). */
export interface ResolvedRecord {
  ref: RecordRef;
  candidate: { id: string; name?: string; email?: string };
  application?: { id: string; status: 'active' | 'rejected' | 'hired' | 'archived' | string };
  job?: { id: string; name?: string };
  stage?: { id: string; name?: string };
}

/** Context for one apply. */
export interface ApplyContext {
  /** Outcomes recorded by earlier attempts of the same delivery (skip what is done). */
  previousOutcomes: OperationOutcome[];
  /**
   * Which attempt of the delivery this is, 1-based: the delivery's `attempts` after the
   * worker claimed it (`deliverOne` passes `delivery.attempts`). Above 1, an earlier attempt
   * may have written to the ATS without its outcome reaching the ledger (the process died
   * between the write and `onOutcome`), so a connector may look for what it would create
   * before creating it again (e.g. a note with the same body). Optional for hosts written
   * before it existed; a connector should then treat a non-empty `previousOutcomes` as a
   * retry.
   */
  attempt?: number;
  /** Called after each operation so the ledger holds progress if the process dies. */
  onOutcome?: (outcome: OperationOutcome) => Promise<void>;
  signal?: AbortSignal;
}

/** Outcomes of every operation of the plan, and the number of HTTP calls made. */
export interface ApplyResult {
  outcomes: OperationOutcome[];
  calls: number;
}

/** One HTTP request a plan would send (for `explain`: printed, never sent). */
export interface HttpCallPreview {
  method: string;
  url: string;
  body?: unknown;
  /** Why the call is needed, e.g. `re-read current stage for from_stage_id`. */
  note?: string;
}

/**
 * One configured ATS instance (DESIGN.md "Connector"). Errors: `ConnectorError` with
 * `retryable` set; `WebhookVerificationError` from `verifyWebhook`.
 */
export interface AtsConnector {
  /** Instance name from the config, e.g. `greenhouse-eu`. */
  readonly name: string;
  /** Connector type, e.g. `greenhouse`. */
  readonly type: string;
  readonly capabilities: ConnectorCapabilities;
  /** Verifies the signature on the raw bytes (constant time); throws WebhookVerificationError. */
  verifyWebhook(request: InboundRequest): Promise<void>;
  /** Parses a verified webhook into events (re-reading the record when the payload is unsigned). */
  parseWebhook(request: InboundRequest): Promise<ParsedWebhook>;
  resolveRecord(ref: RecordRef): Promise<ResolvedRecord>;
  /** Applies a plan with the fewest calls; never repeats an operation already applied. */
  applyPlan(plan: WritePlan, context: ApplyContext): Promise<ApplyResult>;
  /** The calls `applyPlan` would make, computed from config and caches only: sends nothing. */
  previewPlan(plan: WritePlan): HttpCallPreview[];
  /** Releases timers and sockets. */
  close?(): Promise<void>;
}

export const AtsConnector = Symbol('AtsConnector');

/** Services a connector instance gets from the host. */
export interface ConnectorHost {
  /** Instance name. */
  name: string;
  /** Validated instance config (already through the plugin's `configSchema`). */
  config: unknown;
  logger: ConnectorLogger;
  /** Key-value cache persisted in the store (ATS metadata, last seen stage per application). */
  cache: ConnectorCache;
}

/** pino-compatible logger subset. Never pass secrets or request bodies with secrets. */
export interface ConnectorLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Small persisted key-value cache with TTL (ms); values are JSON. */
export interface ConnectorCache {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<void>;
}

export const ConnectorHost = Symbol('ConnectorHost');

/**
 * What a connector package exports (DESIGN.md "Plugins"): its type, the zod schema of one
 * instance's config, and an inversify `ContainerModule` binding `AtsConnector` (it may use
 * `ConnectorHost` from the container). The host builds one child container per instance.
 */
export interface ConnectorPlugin<Config = unknown> {
  type: string;
  configSchema: z.ZodType<Config>;
  containerModule: ContainerModule;
}

export const ConnectorPlugin = Symbol('ConnectorPlugin');
