import type { AtsEvent } from '../model/ats-event';
import type { Delivery, DeliveryStatus, OperationOutcome } from '../model/delivery';
import type { Link } from '../model/link';
import type { RunModule } from '../model/run';
import type { WritePlan } from '../model/write-plan';

/** Links by run id and by record (implemented by `@zenhire-connect/store`). */
export interface LinkStore {
  /** Inserts or replaces the link of `link.runId`. */
  saveLink(link: Link): Promise<void>;
  findLink(runId: string): Promise<Link | undefined>;
  /**
   * Links of one record of `connector`: those whose application id is the given id, plus
   * those without an application whose candidate id is it (a link with an application is
   * never matched by its candidate id). Oldest first.
   */
  findLinksByRecord(connector: string, applicationIdOrCandidateId: string): Promise<Link[]>;
}

/** Options of {@link EventStore.listUnprocessedEvents}. */
export interface UnprocessedEventsQuery {
  /**
   * Only events the store recorded strictly before this time (epoch ms, compared with the
   * receipt time the store stamped in `recordEvent` with ITS clock, not the ATS's
   * `occurredAt`). Recovery passes `now - graceMs` so an event the server is about to
   * process right after answering its webhook is left to the server. Default: no bound.
   */
  receivedBefore?: number;
  /**
   * Only events claimable at this time (epoch ms): no claim, or a claim that has expired
   * (`claimUntil <= claimableAt`). Default: claims are ignored.
   */
  claimableAt?: number;
}

/**
 * Inbound ATS events, recorded durably before the webhook is answered.
 *
 * Processing is guarded by a claim (a lease): whoever processes an event (the server right
 * after answering, a server's or worker's recovery pass) first calls {@link claimEvent};
 * only the one caller that gets `true` runs the trigger rules, so concurrent processes
 * never start two runs for one event. The claim ends with {@link markEventProcessed} (or
 * {@link releaseEventClaim} after a retryable failure); a crashed holder's claim expires and
 * recovery takes the event over.
 */
export interface EventStore {
  /**
   * Records the event with its receipt time (epoch ms, the store's clock); returns `false`
   * when an event with the same (connector, id) was already recorded (a duplicate delivery),
   * `true` when new.
   */
  recordEvent(event: AtsEvent, rawBody?: Buffer): Promise<boolean>;
  /**
   * Claims the recorded, unprocessed event for `owner` until `now + leaseMs` (epoch ms; ms).
   * Atomic across processes sharing the store: of concurrent callers at most one gets
   * `true`. Returns `false` when the event is unknown, already processed, or claimed by
   * anyone (also `owner` itself) with `claimUntil > now`. An expired claim
   * (`claimUntil <= now`) is taken over.
   */
  claimEvent(
    connector: string,
    eventId: string,
    owner: string,
    leaseMs: number,
    now: number,
  ): Promise<boolean>;
  /**
   * Gives up `owner`'s claim (after a retryable failure), so recovery can claim the event
   * again at once. No-op when `owner` does not hold the claim or the event is unknown.
   */
  releaseEventClaim(connector: string, eventId: string, owner: string): Promise<void>;
  /**
   * Marks the event processed (trigger rules evaluated, actions started) and ends its
   * claim: a processed event is never claimable again.
   */
  markEventProcessed(connector: string, eventId: string, result: unknown): Promise<void>;
  /**
   * Recorded but unprocessed events, oldest receipt first, at most `limit` (crash
   * recovery), filtered by `query` (see {@link UnprocessedEventsQuery}; none = all).
   */
  listUnprocessedEvents(limit: number, query?: UnprocessedEventsQuery): Promise<AtsEvent[]>;
}

/** Runs observed from ZenHire, so collect/reconcile know what was already handled. */
export interface RunStore {
  /**
   * Upserts what we know of a run. `terminal` runs carry the assessment hash so reconcile
   * can tell whether a mapping change needs a re-delivery.
   */
  saveRun(run: {
    id: string;
    module: RunModule;
    status: string;
    terminal: boolean;
    observedAt: number;
    body?: unknown;
  }): Promise<void>;
  getRun(
    id: string,
  ): Promise<
    { id: string; module: RunModule; status: string; terminal: boolean; body?: unknown } | undefined
  >;
  /** Non-terminal runs of a module (what still needs collecting), oldest first. */
  listOpenRuns(
    module: RunModule,
    limit: number,
  ): Promise<{ id: string; status: string; observedAt: number }[]>;
}

/** Named cursors (e.g. the speech list `createdAfter` watermark). */
export interface CursorStore {
  getCursor(name: string): Promise<string | undefined>;
  setCursor(name: string, value: string): Promise<void>;
}

/** Filter for listing deliveries (CLI `deliveries list`). */
/** `listDeliveries` returns at most this many deliveries when the filter sets no `limit`. */
export const DEFAULT_DELIVERY_LIST_LIMIT = 100;

export interface DeliveryFilter {
  status?: DeliveryStatus;
  connector?: string;
  runId?: string;
  limit?: number;
}

/**
 * Error `code` a DeliveryStore throws when `workerId` no longer holds the delivery it tries
 * to update (its lease expired and another worker claimed it). Nothing is written.
 */
export const DELIVERY_LEASE_LOST = 'DELIVERY_LEASE_LOST';

/**
 * The delivery ledger. Claiming is atomic across processes (`FOR UPDATE SKIP LOCKED` on
 * PostgreSQL; a single writer transaction on SQLite): two workers never hold one delivery.
 */
export interface DeliveryStore {
  /**
   * Enqueues a plan; idempotent on `idempotencyKey` (returns the existing delivery and
   * `created: false` when the same plan was enqueued before).
   */
  enqueue(
    plan: WritePlan,
    idempotencyKey: string,
    now: number,
  ): Promise<{ delivery: Delivery; created: boolean }>;
  /**
   * Claims up to `limit` deliveries that are `pending` with `nextAttemptAt <= now`, or
   * `in_progress` with an expired lease; sets `in_progress`, `claimedBy`, `leaseUntil =
   * now + leaseMs`, and increments `attempts`.
   */
  claimDue(workerId: string, limit: number, leaseMs: number, now: number): Promise<Delivery[]>;
  /**
   * Saves outcomes so far (called after each operation so a crash loses nothing).
   * `recordOutcomes`, `complete`, `fail` and `release` throw {@link DELIVERY_LEASE_LOST}
   * when `workerId` no longer holds the delivery.
   */
  recordOutcomes(
    id: string,
    workerId: string,
    outcomes: OperationOutcome[],
    now: number,
  ): Promise<void>;
  /** Marks succeeded and releases the lease. */
  complete(id: string, workerId: string, outcomes: OperationOutcome[], now: number): Promise<void>;
  /** Schedules a retry at `nextAttemptAt` (status back to `pending`) or dead-letters (`dead: true`). */
  fail(
    id: string,
    workerId: string,
    error: { code: string; message: string },
    next: { dead: true } | { dead: false; nextAttemptAt: number },
    now: number,
  ): Promise<void>;
  /** Gives a claimed delivery back untouched (graceful shutdown); `attempts` is decremented. */
  release(id: string, workerId: string, now: number): Promise<void>;
  getDelivery(id: string): Promise<Delivery | undefined>;
  /** Deliveries matching `filter`, newest first, at most `limit` (default {@link DEFAULT_DELIVERY_LIST_LIMIT}). */
  listDeliveries(filter: DeliveryFilter): Promise<Delivery[]>;
  /** Dead (or failed) delivery back to `pending` now; returns false when not dead. */
  replay(id: string, now: number): Promise<boolean>;
  /** Counts by status and the age of the oldest pending delivery (ms), for metrics. */
  stats(
    now: number,
  ): Promise<{ byStatus: Record<DeliveryStatus, number>; oldestPendingAgeMs: number | null }>;
}

/** Everything the use-cases need from storage. */
export interface Store extends LinkStore, EventStore, RunStore, CursorStore, DeliveryStore {
  /** Creates tables / applies migrations; safe to call on every start. */
  migrate(): Promise<void>;
  /** Liveness of the database (readiness probe). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const Store = Symbol('Store');
