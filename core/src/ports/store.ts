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
  /** Links of one record (connector + application id, or candidate id when no application). */
  findLinksByRecord(connector: string, applicationIdOrCandidateId: string): Promise<Link[]>;
}

/** Inbound ATS events, recorded durably before the webhook is answered. */
export interface EventStore {
  /**
   * Records the event; returns `false` when an event with the same (connector, id) was
   * already recorded (a duplicate delivery), `true` when new.
   */
  recordEvent(event: AtsEvent, rawBody?: Buffer): Promise<boolean>;
  /** Marks the event processed (trigger rules evaluated, actions started). */
  markEventProcessed(connector: string, eventId: string, result: unknown): Promise<void>;
  /** Recorded but unprocessed events, oldest first (crash recovery). */
  listUnprocessedEvents(limit: number): Promise<AtsEvent[]>;
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
