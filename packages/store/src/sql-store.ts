import type {
  AtsEvent,
  ConnectorCache,
  Delivery,
  DeliveryFilter,
  DeliveryStatus,
  Link,
  OperationOutcome,
  RunModule,
  Store,
  UnprocessedEventsQuery,
  WritePlan,
} from '@zenhire-connect/core';
import { type Kysely, Migrator, sql } from 'kysely';
import { SqlConnectorCache, purgeExpiredCacheEntries } from './connector-cache';
import type { StoreContext } from './context';
import { SqlCursorStore } from './cursors';
import { type FailNext, SqlDeliveryStore } from './deliveries';
import { StoreError } from './errors';
import { SqlEventStore } from './events';
import { SqlLinkStore } from './links';
import { type RunView, type SavedRun, SqlRunStore } from './runs';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE, StoreMigrationProvider } from './migrations';
import type { DialectName } from './dialect';
import type { StoreDatabase } from './schema';

/**
 * The `Store` port on SQLite or PostgreSQL through Kysely. Build one with `createStore`;
 * call `migrate()` once before use, `close()` at the end. Method docs: see the port in
 * `@zenhire-connect/core` and the table classes (`SqlDeliveryStore`, …) for details such as
 * errors thrown (`LeaseLostError`, `StoreError`).
 */
export class SqlStore implements Store {
  private readonly links: SqlLinkStore;
  private readonly events: SqlEventStore;
  private readonly runs: SqlRunStore;
  private readonly cursors: SqlCursorStore;
  private readonly deliveries: SqlDeliveryStore;
  private closed = false;

  constructor(private readonly ctx: StoreContext) {
    this.links = new SqlLinkStore(ctx);
    this.events = new SqlEventStore(ctx);
    this.runs = new SqlRunStore(ctx);
    this.cursors = new SqlCursorStore(ctx);
    this.deliveries = new SqlDeliveryStore(ctx);
  }

  /** `sqlite` or `postgres`. */
  get dialect(): DialectName {
    return this.ctx.dialect;
  }

  /**
   * Applies pending migrations (Kysely `Migrator`, in-code provider; bookkeeping in
   * `zc_migration`/`zc_migration_lock`). Safe on every start and from several processes:
   * PostgreSQL serialises migrators with an advisory lock (and creates the configured schema
   * when missing); SQLite runs them inside one `BEGIN IMMEDIATE` transaction. On SQLite, let
   * `migrate()` finish before other store instances of the same process use the file.
   * @throws Error from Kysely when a migration fails (nothing is applied).
   */
  async migrate(): Promise<void> {
    const provider = new StoreMigrationProvider(this.ctx.dialect);
    if (this.ctx.dialect === 'postgres') {
      const schema =
        this.ctx.pgSchema ??
        (
          await sql<{ schema: string | null }>`select current_schema() as schema`.execute(
            this.ctx.db,
          )
        ).rows[0]?.schema ??
        'public';
      const migrator = new Migrator({
        db: this.ctx.db,
        provider,
        migrationTableName: MIGRATION_TABLE,
        migrationLockTableName: MIGRATION_LOCK_TABLE,
        migrationTableSchema: schema,
      });
      const { error } = await migrator.migrateToLatest();
      if (error) throw error;
      return;
    }
    await this.ctx.db.connection().execute(async (conn) => {
      await this.beginImmediateYielding(conn);
      try {
        const migrator = new Migrator({
          db: conn,
          provider,
          migrationTableName: MIGRATION_TABLE,
          migrationLockTableName: MIGRATION_LOCK_TABLE,
          disableTransactions: true,
        });
        const { error } = await migrator.migrateToLatest();
        if (error) throw error;
        await sql`commit`.execute(conn);
      } catch (err) {
        await sql`rollback`.execute(conn);
        throw err;
      }
    });
  }

  /**
   * `BEGIN IMMEDIATE` on SQLite without blocking the event loop: better-sqlite3 waits for a
   * busy lock synchronously, which would deadlock against another store of this process that
   * holds the lock across awaits (a migration). So the busy timeout is switched off and the
   * begin is retried every 20 ms until the configured busy timeout has passed.
   */
  private async beginImmediateYielding(conn: Kysely<StoreDatabase>): Promise<void> {
    const sqlite = this.ctx.sqlite;
    if (!sqlite) throw new Error('SQLite store opened without its better-sqlite3 handle');
    const timeoutMs = Number(sqlite.pragma('busy_timeout', { simple: true }));
    const deadline = Date.now() + timeoutMs;
    sqlite.pragma('busy_timeout = 0');
    try {
      for (;;) {
        try {
          await sql`begin immediate`.execute(conn);
          return;
        } catch (err) {
          const busy = (err as { code?: string }).code === 'SQLITE_BUSY';
          if (!busy || Date.now() >= deadline) throw err;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
    } finally {
      sqlite.pragma(`busy_timeout = ${timeoutMs}`);
    }
  }

  /**
   * Runs `select 1`.
   * @throws StoreError `STORE_UNAVAILABLE` (with the driver error as `cause`) when it fails.
   */
  async ping(): Promise<void> {
    try {
      await sql`select 1`.execute(this.ctx.db);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new StoreError('STORE_UNAVAILABLE', `database ping failed: ${reason}`, undefined, {
        cause: err,
      });
    }
  }

  /** Closes the SQLite file or ends the PostgreSQL pool. Calling it twice is harmless. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.ctx.db.destroy();
  }

  /** The persisted key-value cache of connector instance `instance` (see `SqlConnectorCache`). */
  connectorCache(instance: string): ConnectorCache {
    return new SqlConnectorCache(this.ctx, instance);
  }

  /** Deletes expired connector cache entries of every instance; returns how many (now: epoch ms). */
  purgeExpiredCache(now: number): Promise<number> {
    return purgeExpiredCacheEntries(this.ctx, now);
  }

  // LinkStore
  saveLink(link: Link): Promise<void> {
    return this.links.saveLink(link);
  }
  findLink(runId: string): Promise<Link | undefined> {
    return this.links.findLink(runId);
  }
  /** Links whose application id is the id, plus links without application whose candidate id is it. */
  findLinksByRecord(connector: string, applicationIdOrCandidateId: string): Promise<Link[]> {
    return this.links.findLinksByRecord(connector, applicationIdOrCandidateId);
  }

  // EventStore
  /** `false` when (connector, id) was recorded before. `received_at` = store clock (epoch ms). */
  recordEvent(event: AtsEvent, rawBody?: Buffer): Promise<boolean> {
    return this.events.recordEvent(event, rawBody);
  }
  /** Sets `processed_at` (store clock) and `result`. @throws StoreError `EVENT_NOT_FOUND`. */
  markEventProcessed(connector: string, eventId: string, result: unknown): Promise<void> {
    return this.events.markEventProcessed(connector, eventId, result);
  }
  claimEvent(
    connector: string,
    eventId: string,
    owner: string,
    leaseMs: number,
    now: number,
  ): Promise<boolean> {
    return this.events.claimEvent(connector, eventId, owner, leaseMs, now);
  }
  releaseEventClaim(connector: string, eventId: string, owner: string): Promise<void> {
    return this.events.releaseEventClaim(connector, eventId, owner);
  }
  listUnprocessedEvents(limit: number, query?: UnprocessedEventsQuery): Promise<AtsEvent[]> {
    return this.events.listUnprocessedEvents(limit, query);
  }

  // RunStore
  /** Upsert; `observedAt` in epoch ms; a save without `body` keeps the stored body. */
  saveRun(run: SavedRun): Promise<void> {
    return this.runs.saveRun(run);
  }
  getRun(id: string): Promise<RunView | undefined> {
    return this.runs.getRun(id);
  }
  listOpenRuns(
    module: RunModule,
    limit: number,
  ): Promise<{ id: string; status: string; observedAt: number }[]> {
    return this.runs.listOpenRuns(module, limit);
  }

  // CursorStore
  getCursor(name: string): Promise<string | undefined> {
    return this.cursors.getCursor(name);
  }
  setCursor(name: string, value: string): Promise<void> {
    return this.cursors.setCursor(name, value);
  }

  // DeliveryStore
  /** Idempotent on `idempotencyKey` (`ON CONFLICT DO NOTHING`, then a read). `now`: epoch ms. */
  enqueue(
    plan: WritePlan,
    idempotencyKey: string,
    now: number,
  ): Promise<{ delivery: Delivery; created: boolean }> {
    return this.deliveries.enqueue(plan, idempotencyKey, now);
  }
  /**
   * Atomic claim: `FOR UPDATE SKIP LOCKED` on PostgreSQL, `BEGIN IMMEDIATE` on SQLite.
   * `leaseMs`: lease length in ms; `now`: epoch ms.
   */
  claimDue(workerId: string, limit: number, leaseMs: number, now: number): Promise<Delivery[]> {
    return this.deliveries.claimDue(workerId, limit, leaseMs, now);
  }
  /**
   * Replaces the stored outcomes (pass all outcomes so far). `now`: epoch ms.
   * @throws LeaseLostError (`DELIVERY_LEASE_LOST`) when `workerId` no longer holds the delivery.
   * @throws StoreError `DELIVERY_NOT_FOUND` for an unknown id.
   */
  recordOutcomes(
    id: string,
    workerId: string,
    outcomes: OperationOutcome[],
    now: number,
  ): Promise<void> {
    return this.deliveries.recordOutcomes(id, workerId, outcomes, now);
  }
  /**
   * `succeeded`, outcomes saved, lease cleared. `now`: epoch ms.
   * @throws LeaseLostError (`DELIVERY_LEASE_LOST`) when `workerId` no longer holds the delivery.
   * @throws StoreError `DELIVERY_NOT_FOUND` for an unknown id.
   */
  complete(id: string, workerId: string, outcomes: OperationOutcome[], now: number): Promise<void> {
    return this.deliveries.complete(id, workerId, outcomes, now);
  }
  /**
   * `pending` again at `next.nextAttemptAt` (epoch ms) or `dead`; records `lastError`, clears the lease.
   * @throws LeaseLostError (`DELIVERY_LEASE_LOST`) when `workerId` no longer holds the delivery.
   * @throws StoreError `DELIVERY_NOT_FOUND` for an unknown id.
   */
  fail(
    id: string,
    workerId: string,
    error: { code: string; message: string },
    next: FailNext,
    now: number,
  ): Promise<void> {
    return this.deliveries.fail(id, workerId, error, next, now);
  }
  /**
   * Back to `pending`, claimable at once, `attempts - 1`, lease cleared.
   * @throws LeaseLostError (`DELIVERY_LEASE_LOST`) when `workerId` no longer holds the delivery.
   * @throws StoreError `DELIVERY_NOT_FOUND` for an unknown id.
   */
  release(id: string, workerId: string, now: number): Promise<void> {
    return this.deliveries.release(id, workerId, now);
  }
  getDelivery(id: string): Promise<Delivery | undefined> {
    return this.deliveries.getDelivery(id);
  }
  /** Newest first; `limit` defaults to 100. */
  listDeliveries(filter: DeliveryFilter): Promise<Delivery[]> {
    return this.deliveries.listDeliveries(filter);
  }
  /** `dead` → `pending` due at `now` (epoch ms), `attempts` reset to 0; false when not dead. */
  replay(id: string, now: number): Promise<boolean> {
    return this.deliveries.replay(id, now);
  }
  /** Counts per status (all keys present) and the oldest pending delivery's age in ms (or null). */
  stats(
    now: number,
  ): Promise<{ byStatus: Record<DeliveryStatus, number>; oldestPendingAgeMs: number | null }> {
    return this.deliveries.stats(now);
  }
}
