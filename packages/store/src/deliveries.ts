import { randomUUID } from 'node:crypto';
import {
  DEFAULT_DELIVERY_LIST_LIMIT,
  DELIVERY_STATUSES,
  type Delivery,
  type DeliveryFilter,
  type DeliveryStatus,
  type DeliveryStore,
  type OperationOutcome,
  type WritePlan,
} from '@zenhire-connect/core';
import { type Selectable, type UpdateObject, sql } from 'kysely';
import { claimDueDeliveries } from './claim';
import type { StoreContext } from './context';
import { decodeJson } from './dialect';
import { LeaseLostError, StoreError } from './errors';
import type { DeliveriesTable, StoreDatabase } from './schema';

/** Default `limit` of `listDeliveries` (the port's; re-exported for the package's users). */
export { DEFAULT_DELIVERY_LIST_LIMIT };

/** `next` argument of `DeliveryStore.fail`: dead-letter, or retry at `nextAttemptAt` (epoch ms). */
export type FailNext = Parameters<DeliveryStore['fail']>[3];

export function toDelivery(row: Selectable<DeliveriesTable>): Delivery {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    plan: decodeJson<WritePlan>(row.plan),
    status: row.status,
    attempts: Number(row.attempts),
    nextAttemptAt: Number(row.next_attempt_at),
    outcomes: decodeJson<OperationOutcome[]>(row.outcomes),
    lastError:
      row.last_error === null
        ? null
        : decodeJson<{ code: string; message: string }>(row.last_error),
    claimedBy: row.claimed_by,
    leaseUntil: row.lease_until === null ? null : Number(row.lease_until),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/**
 * `deliveries` table: the delivery ledger. All times are epoch ms and come from the
 * callers' `now` arguments (the store never reads a clock here).
 *
 * Lease rules: `recordOutcomes`, `complete`, `fail` and `release` only write while the
 * delivery is `in_progress` and `claimedBy` is the calling worker. A lease that expired but
 * was not re-claimed by anybody still counts as held (writing is harmless then); once another
 * worker claims it, the first worker gets `DELIVERY_LEASE_LOST`.
 */
export class SqlDeliveryStore implements DeliveryStore {
  constructor(private readonly ctx: StoreContext) {}

  /**
   * Inserts a `pending` delivery due at `now` (`INSERT … ON CONFLICT (idempotency_key) DO
   * NOTHING`, then a read), so concurrent enqueues of one key create one row. When the key
   * exists, returns the stored delivery unchanged with `created: false`, even if `plan` differs.
   */
  async enqueue(
    plan: WritePlan,
    idempotencyKey: string,
    now: number,
  ): Promise<{ delivery: Delivery; created: boolean }> {
    const inserted = await this.ctx.db
      .insertInto('deliveries')
      .values({
        id: randomUUID(),
        idempotency_key: idempotencyKey,
        run_id: plan.runId,
        connector: plan.connector,
        mapping: plan.mapping,
        plan: JSON.stringify(plan),
        plan_hash: plan.hash,
        status: 'pending',
        attempts: 0,
        next_attempt_at: now,
        outcomes: '[]',
        last_error: null,
        claimed_by: null,
        lease_until: null,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .executeTakeFirst();
    const row = await this.ctx.db
      .selectFrom('deliveries')
      .selectAll()
      .where('idempotency_key', '=', idempotencyKey)
      .executeTakeFirstOrThrow();
    return {
      delivery: toDelivery(row),
      created: Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0,
    };
  }

  /**
   * Atomically claims up to `limit` deliveries that are `pending` with `nextAttemptAt <= now`
   * or `in_progress` with `leaseUntil <= now`, earliest `nextAttemptAt` first. Each gets
   * `status: in_progress`, `claimedBy: workerId`, `leaseUntil: now + leaseMs`, `attempts + 1`.
   * PostgreSQL: `SELECT … FOR UPDATE SKIP LOCKED` + `UPDATE` in one transaction (concurrent
   * workers take disjoint sets). SQLite: one `BEGIN IMMEDIATE` transaction run synchronously
   * (other connections and processes wait up to the busy timeout).
   */
  async claimDue(
    workerId: string,
    limit: number,
    leaseMs: number,
    now: number,
  ): Promise<Delivery[]> {
    if (limit <= 0) return [];
    const rows = await claimDueDeliveries(this.ctx, { workerId, limit, leaseMs, now });
    return rows.map(toDelivery);
  }

  /**
   * Replaces the stored outcomes (pass every outcome so far, not just the new one).
   * @throws LeaseLostError when `workerId` does not hold the delivery.
   * @throws StoreError `DELIVERY_NOT_FOUND` when there is no such delivery.
   */
  async recordOutcomes(
    id: string,
    workerId: string,
    outcomes: OperationOutcome[],
    now: number,
  ): Promise<void> {
    await this.updateHeld(id, workerId, { outcomes: JSON.stringify(outcomes), updated_at: now });
  }

  /**
   * `succeeded`, outcomes saved, lease cleared (`claimedBy`/`leaseUntil` null). `lastError`
   * of an earlier attempt is kept.
   * @throws LeaseLostError when `workerId` does not hold the delivery.
   * @throws StoreError `DELIVERY_NOT_FOUND` when there is no such delivery.
   */
  async complete(
    id: string,
    workerId: string,
    outcomes: OperationOutcome[],
    now: number,
  ): Promise<void> {
    await this.updateHeld(id, workerId, {
      status: 'succeeded',
      outcomes: JSON.stringify(outcomes),
      claimed_by: null,
      lease_until: null,
      updated_at: now,
    });
  }

  /**
   * Records `error` as `lastError`, clears the lease, and either sets `pending` with
   * `nextAttemptAt` (epoch ms) or `dead`.
   * @throws LeaseLostError when `workerId` does not hold the delivery.
   * @throws StoreError `DELIVERY_NOT_FOUND` when there is no such delivery.
   */
  async fail(
    id: string,
    workerId: string,
    error: { code: string; message: string },
    next: FailNext,
    now: number,
  ): Promise<void> {
    await this.updateHeld(id, workerId, {
      ...(next.dead
        ? { status: 'dead' as const }
        : { status: 'pending' as const, next_attempt_at: next.nextAttemptAt }),
      last_error: JSON.stringify({ code: error.code, message: error.message }),
      claimed_by: null,
      lease_until: null,
      updated_at: now,
    });
  }

  /**
   * Back to `pending` (claimable at once: `nextAttemptAt` is unchanged), lease cleared,
   * `attempts` decremented.
   * @throws LeaseLostError when `workerId` does not hold the delivery.
   * @throws StoreError `DELIVERY_NOT_FOUND` when there is no such delivery.
   */
  async release(id: string, workerId: string, now: number): Promise<void> {
    await this.updateHeld(id, workerId, {
      status: 'pending',
      attempts: sql<number>`attempts - 1`,
      claimed_by: null,
      lease_until: null,
      updated_at: now,
    });
  }

  async getDelivery(id: string): Promise<Delivery | undefined> {
    const row = await this.ctx.db
      .selectFrom('deliveries')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toDelivery(row) : undefined;
  }

  /**
   * Deliveries matching every given filter field, newest `createdAt` first; `limit` defaults
   * to {@link DEFAULT_DELIVERY_LIST_LIMIT}.
   */
  async listDeliveries(filter: DeliveryFilter): Promise<Delivery[]> {
    let query = this.ctx.db.selectFrom('deliveries').selectAll();
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    if (filter.connector !== undefined) query = query.where('connector', '=', filter.connector);
    if (filter.runId !== undefined) query = query.where('run_id', '=', filter.runId);
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit ?? DEFAULT_DELIVERY_LIST_LIMIT)
      .execute();
    return rows.map(toDelivery);
  }

  /**
   * A `dead` delivery back to `pending`, due at `now`, with `attempts` reset to 0 (a fresh
   * retry budget). Outcomes are kept, so operations already applied are not repeated;
   * `lastError` is kept for the record. Returns false (and changes nothing) when the delivery
   * does not exist or is not `dead`.
   */
  async replay(id: string, now: number): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('deliveries')
      .set({
        status: 'pending',
        attempts: 0,
        next_attempt_at: now,
        claimed_by: null,
        lease_until: null,
        updated_at: now,
      })
      .where('id', '=', id)
      .where('status', '=', 'dead')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * Counts per status (every status present, 0 when none) and `now - createdAt` of the oldest
   * `pending` delivery in ms (null when none is pending; never negative).
   */
  async stats(
    now: number,
  ): Promise<{ byStatus: Record<DeliveryStatus, number>; oldestPendingAgeMs: number | null }> {
    const counts = await this.ctx.db
      .selectFrom('deliveries')
      .select((eb) => ['status', eb.fn.countAll<number>().as('count')])
      .groupBy('status')
      .execute();
    const byStatus = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<
      DeliveryStatus,
      number
    >;
    for (const row of counts) byStatus[row.status] = Number(row.count);
    const oldest = await this.ctx.db
      .selectFrom('deliveries')
      .select((eb) => eb.fn.min('created_at').as('created_at'))
      .where('status', '=', 'pending')
      .executeTakeFirst();
    const createdAt = oldest?.created_at;
    return {
      byStatus,
      oldestPendingAgeMs:
        createdAt === null || createdAt === undefined ? null : Math.max(0, now - Number(createdAt)),
    };
  }

  /** Updates a delivery only while `workerId` holds it; otherwise explains why not. */
  private async updateHeld(
    id: string,
    workerId: string,
    changes: UpdateObject<StoreDatabase, 'deliveries'>,
  ): Promise<void> {
    const result = await this.ctx.db
      .updateTable('deliveries')
      .set(changes)
      .where('id', '=', id)
      .where('claimed_by', '=', workerId)
      .where('status', '=', 'in_progress')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) > 0) return;
    const current = await this.ctx.db
      .selectFrom('deliveries')
      .select(['status', 'claimed_by'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!current) {
      throw new StoreError('DELIVERY_NOT_FOUND', `no delivery ${id}`, { deliveryId: id });
    }
    throw new LeaseLostError(id, workerId, current.claimed_by, current.status);
  }
}
