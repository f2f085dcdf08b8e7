import { ZenHireConnectError } from '../errors';
import type { AtsEvent } from '../model/ats-event';
import {
  DELIVERY_STATUSES,
  type Delivery,
  type DeliveryStatus,
  type OperationOutcome,
} from '../model/delivery';
import type { Link } from '../model/link';
import type { RunModule } from '../model/run';
import type { WritePlan } from '../model/write-plan';
import { systemClock, type Clock } from '../ports/clock';
import {
  DEFAULT_DELIVERY_LIST_LIMIT,
  DELIVERY_LEASE_LOST,
  type DeliveryFilter,
  type DeliveryStore,
  type RunStore,
  type Store,
  type UnprocessedEventsQuery,
} from '../ports/store';

interface StoredEvent {
  event: AtsEvent;
  rawBody?: Buffer;
  processed: boolean;
  result?: unknown;
  /** Epoch ms, stamped by `recordEvent` with the store's clock. */
  receivedAt: number;
  claimedBy: string | null;
  /** Epoch ms; the claim is expired when `claimUntil <= now`. */
  claimUntil: number | null;
}

/** A run as `saveRun` received it (`observedAt`: epoch ms). */
type StoredRun = Parameters<RunStore['saveRun']>[0];

/** Key of `#events`: one entry per (connector, event id). */
function eventKey(connector: string, eventId: string): string {
  return `${connector}\u0000${eventId}`;
}

/**
 * A {@link Store} held in memory, for tests of the use-cases, the worker, the server and
 * connectors (`import { InMemoryStore } from '@zenhire-connect/core/testing'`). It follows the
 * `Store` docstrings exactly (ports/store.ts), and where they leave a choice it takes the one
 * documented on the method. Values are copied in and out (`structuredClone`), so callers
 * cannot change stored state by mutating what they passed or got. Single-process only.
 *
 * A write by a worker that no longer holds the lease (`recordOutcomes`, `complete`, `fail`,
 * `release`) throws `ZenHireConnectError` `DELIVERY_LEASE_LOST`: the delivery is not
 * `in_progress` or is claimed by another worker.
 *
 * Event claims (`claimEvent`) are atomic here because each call checks and sets in one
 * synchronous step. `recordEvent` stamps the receipt time with `options.clock` (default the
 * system clock; pass the test's clock so `listUnprocessedEvents({ receivedBefore })` follows it).
 */
export class InMemoryStore implements Store {
  readonly #clock: Clock;
  readonly #links = new Map<string, Link>();
  readonly #events = new Map<string, StoredEvent>();
  readonly #runs = new Map<string, StoredRun>();
  readonly #cursors = new Map<string, string>();
  readonly #deliveries = new Map<string, Delivery>();
  readonly #byKey = new Map<string, string>();
  #nextDeliveryId = 1;
  #closed = false;

  constructor(options: { clock?: Clock } = {}) {
    this.#clock = options.clock ?? systemClock;
  }

  async migrate(): Promise<void> {}

  /** @throws Error after `close()`. */
  async ping(): Promise<void> {
    if (this.#closed) throw new Error('store is closed');
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  // LinkStore

  async saveLink(link: Link): Promise<void> {
    this.#links.set(link.runId, structuredClone(link));
  }

  async findLink(runId: string): Promise<Link | undefined> {
    const link = this.#links.get(runId);
    return link ? structuredClone(link) : undefined;
  }

  /** Links whose record has this connector and this application id or candidate id, in save order. */
  /**
   * Looser than the port and the SQL store: a link with an application also matches by its
   * candidate id (this store's own test pins that; kept until that test is revisited).
   */
  async findLinksByRecord(connector: string, applicationIdOrCandidateId: string): Promise<Link[]> {
    return [...this.#links.values()]
      .filter(
        (l) =>
          l.record.connector === connector &&
          (l.record.applicationId === applicationIdOrCandidateId ||
            l.record.candidateId === applicationIdOrCandidateId),
      )
      .map((l) => structuredClone(l));
  }

  // EventStore

  async recordEvent(event: AtsEvent, rawBody?: Buffer): Promise<boolean> {
    const key = eventKey(event.connector, event.id);
    if (this.#events.has(key)) return false;
    this.#events.set(key, {
      event: structuredClone(event),
      rawBody: rawBody ? Buffer.from(rawBody) : undefined,
      processed: false,
      receivedAt: this.#clock.now(),
      claimedBy: null,
      claimUntil: null,
    });
    return true;
  }

  async claimEvent(
    connector: string,
    eventId: string,
    owner: string,
    leaseMs: number,
    now: number,
  ): Promise<boolean> {
    const stored = this.#events.get(eventKey(connector, eventId));
    if (!stored || stored.processed) return false;
    if (stored.claimUntil !== null && stored.claimUntil > now) return false;
    stored.claimedBy = owner;
    stored.claimUntil = now + leaseMs;
    return true;
  }

  async releaseEventClaim(connector: string, eventId: string, owner: string): Promise<void> {
    const stored = this.#events.get(eventKey(connector, eventId));
    if (!stored || stored.processed || stored.claimedBy !== owner) return;
    stored.claimedBy = null;
    stored.claimUntil = null;
  }

  /** Unknown events are ignored (the SQL store throws `EVENT_NOT_FOUND`). */
  async markEventProcessed(connector: string, eventId: string, result: unknown): Promise<void> {
    const stored = this.#events.get(eventKey(connector, eventId));
    if (!stored) return;
    stored.processed = true;
    stored.result = structuredClone(result);
    stored.claimUntil = null;
  }

  /** In receipt order (oldest first); see `UnprocessedEventsQuery` for the filters. */
  async listUnprocessedEvents(
    limit: number,
    query: UnprocessedEventsQuery = {},
  ): Promise<AtsEvent[]> {
    const { receivedBefore, claimableAt } = query;
    return [...this.#events.values()]
      .filter(
        (e) =>
          !e.processed &&
          (receivedBefore === undefined || e.receivedAt < receivedBefore) &&
          (claimableAt === undefined || e.claimUntil === null || e.claimUntil <= claimableAt),
      )
      .sort((a, b) => a.receivedAt - b.receivedAt)
      .slice(0, Math.max(0, limit))
      .map((e) => structuredClone(e.event));
  }

  /** Test helper: who holds the event's claim and until when (epoch ms), or `undefined`. */
  eventClaim(connector: string, eventId: string): { owner: string; until: number } | undefined {
    const stored = this.#events.get(eventKey(connector, eventId));
    if (!stored || stored.claimedBy === null || stored.claimUntil === null) return undefined;
    return { owner: stored.claimedBy, until: stored.claimUntil };
  }

  /** Test helper: the result stored by `markEventProcessed`, or `undefined` while unprocessed. */
  eventResult(connector: string, eventId: string): unknown {
    const stored = this.#events.get(eventKey(connector, eventId));
    return stored?.processed ? structuredClone(stored.result) : undefined;
  }

  // RunStore

  async saveRun(run: StoredRun): Promise<void> {
    this.#runs.set(run.id, structuredClone(run));
  }

  async getRun(id: string): ReturnType<RunStore['getRun']> {
    const run = this.#runs.get(id);
    if (!run) return undefined;
    const { observedAt: _observedAt, ...rest } = structuredClone(run);
    return rest;
  }

  /** Non-terminal runs of `module`, least recently observed first. */
  async listOpenRuns(
    module: RunModule,
    limit: number,
  ): Promise<{ id: string; status: string; observedAt: number }[]> {
    return [...this.#runs.values()]
      .filter((r) => r.module === module && !r.terminal)
      .sort((a, b) => a.observedAt - b.observedAt)
      .slice(0, Math.max(0, limit))
      .map(({ id, status, observedAt }) => ({ id, status, observedAt }));
  }

  // CursorStore

  async getCursor(name: string): Promise<string | undefined> {
    return this.#cursors.get(name);
  }

  async setCursor(name: string, value: string): Promise<void> {
    this.#cursors.set(name, value);
  }

  // DeliveryStore

  async enqueue(
    plan: WritePlan,
    idempotencyKey: string,
    now: number,
  ): Promise<{ delivery: Delivery; created: boolean }> {
    const existing = this.#byKey.get(idempotencyKey);
    if (existing !== undefined) {
      return { delivery: structuredClone(this.#deliveries.get(existing)!), created: false };
    }
    const delivery: Delivery = {
      id: String(this.#nextDeliveryId++),
      idempotencyKey,
      plan: structuredClone(plan),
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      outcomes: [],
      lastError: null,
      claimedBy: null,
      leaseUntil: null,
      createdAt: now,
      updatedAt: now,
    };
    this.#deliveries.set(delivery.id, delivery);
    this.#byKey.set(idempotencyKey, delivery.id);
    return { delivery: structuredClone(delivery), created: true };
  }

  /**
   * Claims due deliveries: `pending` with `nextAttemptAt <= now`, or `in_progress` whose lease
   * has expired (`leaseUntil <= now`); earliest `nextAttemptAt` first, then creation order.
   */
  async claimDue(
    workerId: string,
    limit: number,
    leaseMs: number,
    now: number,
  ): Promise<Delivery[]> {
    const due = [...this.#deliveries.values()]
      .filter(
        (d) =>
          (d.status === 'pending' && d.nextAttemptAt <= now) ||
          (d.status === 'in_progress' && d.leaseUntil !== null && d.leaseUntil <= now),
      )
      .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || Number(a.id) - Number(b.id))
      .slice(0, Math.max(0, limit));
    for (const d of due) {
      d.status = 'in_progress';
      d.claimedBy = workerId;
      d.leaseUntil = now + leaseMs;
      d.attempts += 1;
      d.updatedAt = now;
    }
    return due.map((d) => structuredClone(d));
  }

  async recordOutcomes(
    id: string,
    workerId: string,
    outcomes: OperationOutcome[],
    now: number,
  ): Promise<void> {
    const d = this.#held(id, workerId);
    d.outcomes = structuredClone(outcomes);
    d.updatedAt = now;
  }

  async complete(
    id: string,
    workerId: string,
    outcomes: OperationOutcome[],
    now: number,
  ): Promise<void> {
    const d = this.#held(id, workerId);
    d.status = 'succeeded';
    d.outcomes = structuredClone(outcomes);
    d.lastError = null;
    d.claimedBy = null;
    d.leaseUntil = null;
    d.updatedAt = now;
  }

  async fail(
    id: string,
    workerId: string,
    error: { code: string; message: string },
    next: Parameters<DeliveryStore['fail']>[3],
    now: number,
  ): Promise<void> {
    const d = this.#held(id, workerId);
    d.lastError = { code: error.code, message: error.message };
    if (next.dead) {
      d.status = 'dead';
    } else {
      d.status = 'pending';
      d.nextAttemptAt = next.nextAttemptAt;
    }
    d.claimedBy = null;
    d.leaseUntil = null;
    d.updatedAt = now;
  }

  /** Back to `pending` with `attempts` decremented; `nextAttemptAt` and outcomes are kept. */
  async release(id: string, workerId: string, now: number): Promise<void> {
    const d = this.#held(id, workerId);
    d.status = 'pending';
    d.attempts = Math.max(0, d.attempts - 1);
    d.claimedBy = null;
    d.leaseUntil = null;
    d.updatedAt = now;
  }

  async getDelivery(id: string): Promise<Delivery | undefined> {
    const d = this.#deliveries.get(id);
    return d ? structuredClone(d) : undefined;
  }

  /** Matching deliveries in creation order, at most `filter.limit`. */
  async listDeliveries(filter: DeliveryFilter): Promise<Delivery[]> {
    return [...this.#deliveries.values()]
      .filter(
        (d) =>
          (filter.status === undefined || d.status === filter.status) &&
          (filter.connector === undefined || d.plan.connector === filter.connector) &&
          (filter.runId === undefined || d.plan.runId === filter.runId),
      )
      .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .slice(0, Math.max(0, filter.limit ?? DEFAULT_DELIVERY_LIST_LIMIT))
      .map((d) => structuredClone(d));
  }

  /**
   * A `dead` delivery back to `pending`, due `now`, with `attempts` reset to 0 (a replay gets
   * the full attempt budget again); outcomes are kept so applied operations are not repeated.
   */
  async replay(id: string, now: number): Promise<boolean> {
    const d = this.#deliveries.get(id);
    if (!d || d.status !== 'dead') return false;
    d.status = 'pending';
    d.nextAttemptAt = now;
    d.attempts = 0;
    d.updatedAt = now;
    return true;
  }

  /** `oldestPendingAgeMs` = `now - createdAt` of the oldest `pending` delivery, at least 0. */
  async stats(
    now: number,
  ): Promise<{ byStatus: Record<DeliveryStatus, number>; oldestPendingAgeMs: number | null }> {
    const byStatus = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<
      DeliveryStatus,
      number
    >;
    let oldest: number | null = null;
    for (const d of this.#deliveries.values()) {
      byStatus[d.status] += 1;
      if (d.status === 'pending' && (oldest === null || d.createdAt < oldest)) oldest = d.createdAt;
    }
    return { byStatus, oldestPendingAgeMs: oldest === null ? null : Math.max(0, now - oldest) };
  }

  #held(id: string, workerId: string): Delivery {
    const d = this.#deliveries.get(id);
    if (!d || d.status !== 'in_progress' || d.claimedBy !== workerId) {
      throw new ZenHireConnectError(
        DELIVERY_LEASE_LOST,
        `delivery ${id} is not held by worker ${workerId}`,
        { deliveryId: id, workerId },
      );
    }
    return d;
  }
}
