import type { Kysely, Selectable } from 'kysely';
import type { StoreContext } from './context';
import type { DeliveriesTable, StoreDatabase } from './schema';

export interface ClaimRequest {
  workerId: string;
  /** Maximum deliveries to claim (> 0). */
  limit: number;
  /** Lease length (ms). */
  leaseMs: number;
  /** Epoch ms. */
  now: number;
}

/** Ids of claimable deliveries, earliest `next_attempt_at` first. */
function dueIds(db: Kysely<StoreDatabase>, { now, limit }: ClaimRequest) {
  return db
    .selectFrom('deliveries')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
        eb.and([eb('status', '=', 'in_progress'), eb('lease_until', '<=', now)]),
      ]),
    )
    .orderBy('next_attempt_at')
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit);
}

/** Takes the lease on `ids` and returns the updated rows. */
function takeLease(db: Kysely<StoreDatabase>, ids: string[], request: ClaimRequest) {
  return db
    .updateTable('deliveries')
    .set((eb) => ({
      status: 'in_progress',
      claimed_by: request.workerId,
      lease_until: request.now + request.leaseMs,
      attempts: eb('attempts', '+', 1),
      updated_at: request.now,
    }))
    .where('id', 'in', ids)
    .returningAll();
}

/** Rows in the order of `ids` (RETURNING gives no order guarantee). */
function inIdOrder(
  rows: Selectable<DeliveriesTable>[],
  ids: string[],
): Selectable<DeliveriesTable>[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * PostgreSQL: `SELECT id … FOR UPDATE SKIP LOCKED` then `UPDATE … RETURNING` in one
 * transaction. Rows locked by another claimer are skipped, and a row whose claim committed
 * meanwhile is re-checked against the WHERE clause under the lock, so no row is taken twice.
 */
async function claimOnPostgres(
  ctx: StoreContext,
  request: ClaimRequest,
): Promise<Selectable<DeliveriesTable>[]> {
  return ctx.db.transaction().execute(async (trx) => {
    const due = await dueIds(trx, request).forUpdate().skipLocked().execute();
    if (due.length === 0) return [];
    const ids = due.map((r) => r.id);
    return inIdOrder(await takeLease(trx, ids, request).execute(), ids);
  });
}

/**
 * SQLite: the same two statements inside one `BEGIN IMMEDIATE` transaction, run
 * synchronously on the better-sqlite3 handle. `IMMEDIATE` takes the write lock before the
 * read, so another connection (or process) cannot claim in between; it waits up to the busy
 * timeout. Running synchronously means no other query of this process interleaves either.
 */
function claimOnSqlite(ctx: StoreContext, request: ClaimRequest): Selectable<DeliveriesTable>[] {
  const sqlite = ctx.sqlite;
  if (!sqlite) throw new Error('SQLite store opened without its better-sqlite3 handle');
  const select = dueIds(ctx.db, request).compile();
  const claim = sqlite.transaction(() => {
    const due = sqlite.prepare(select.sql).all(...select.parameters) as { id: string }[];
    if (due.length === 0) return [];
    const ids = due.map((r) => r.id);
    const update = takeLease(ctx.db, ids, request).compile();
    const rows = sqlite
      .prepare(update.sql)
      .all(...update.parameters) as Selectable<DeliveriesTable>[];
    return inIdOrder(rows, ids);
  });
  return claim.immediate();
}

/** Claims due deliveries with the dialect's atomic strategy; rows come back as stored. */
export async function claimDueDeliveries(
  ctx: StoreContext,
  request: ClaimRequest,
): Promise<Selectable<DeliveriesTable>[]> {
  return ctx.dialect === 'postgres' ? claimOnPostgres(ctx, request) : claimOnSqlite(ctx, request);
}
