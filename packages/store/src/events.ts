import type { AtsEvent, EventStore, UnprocessedEventsQuery } from '@zenhire-connect/core';
import type { StoreContext } from './context';
import { decodeJson, encodeJson } from './dialect';
import { StoreError } from './errors';

/**
 * `inbound_events` table: webhook events, deduplicated on (connector, id), with the
 * processing claim in `claimed_by` / `claim_until` (epoch ms).
 */
export class SqlEventStore implements EventStore {
  constructor(private readonly ctx: StoreContext) {}

  /**
   * Records the event (and the raw webhook body, if given) with `received_at` = clock now.
   * Returns `false` when (event.connector, event.id) was recorded before; the first record
   * is kept untouched.
   */
  async recordEvent(event: AtsEvent, rawBody?: Buffer): Promise<boolean> {
    const result = await this.ctx.db
      .insertInto('inbound_events')
      .values({
        connector: event.connector,
        event_id: event.id,
        type: event.type,
        payload: JSON.stringify(event),
        raw_body: rawBody ?? null,
        received_at: this.ctx.clock.now(),
        processed_at: null,
        result: null,
        claimed_by: null,
        claim_until: null,
      })
      .onConflict((oc) => oc.columns(['connector', 'event_id']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /**
   * One conditional `UPDATE … WHERE processed_at IS NULL AND (claim_until IS NULL OR
   * claim_until <= now)`; the caller holds the claim when it changed a row. Atomic on both
   * dialects: SQLite runs the statement under its single write lock; on PostgreSQL a
   * concurrent claimer blocks on the row lock and re-checks the WHERE clause against the
   * committed row (READ COMMITTED), so it finds the claim taken and changes nothing.
   */
  async claimEvent(
    connector: string,
    eventId: string,
    owner: string,
    leaseMs: number,
    now: number,
  ): Promise<boolean> {
    const updated = await this.ctx.db
      .updateTable('inbound_events')
      .set({ claimed_by: owner, claim_until: now + leaseMs })
      .where('connector', '=', connector)
      .where('event_id', '=', eventId)
      .where('processed_at', 'is', null)
      .where((eb) => eb.or([eb('claim_until', 'is', null), eb('claim_until', '<=', now)]))
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  }

  /** Clears `claim_until` and `claimed_by` when `owner` holds the claim of an unprocessed event. */
  async releaseEventClaim(connector: string, eventId: string, owner: string): Promise<void> {
    await this.ctx.db
      .updateTable('inbound_events')
      .set({ claimed_by: null, claim_until: null })
      .where('connector', '=', connector)
      .where('event_id', '=', eventId)
      .where('claimed_by', '=', owner)
      .where('processed_at', 'is', null)
      .execute();
  }

  /**
   * Sets `processed_at` = clock now, stores `result` as JSON (calling it again overwrites)
   * and clears `claim_until` (`claimed_by` stays, for audits).
   * @throws StoreError `EVENT_NOT_FOUND` when the event was never recorded.
   */
  async markEventProcessed(connector: string, eventId: string, result: unknown): Promise<void> {
    const updated = await this.ctx.db
      .updateTable('inbound_events')
      .set({
        processed_at: this.ctx.clock.now(),
        result: encodeJson(result ?? null),
        claim_until: null,
      })
      .where('connector', '=', connector)
      .where('event_id', '=', eventId)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) {
      throw new StoreError(
        'EVENT_NOT_FOUND',
        `no recorded event ${eventId} for connector ${connector}`,
        {
          connector,
          eventId,
        },
      );
    }
  }

  /**
   * Unprocessed events, oldest `received_at` first, at most `limit`; `receivedBefore` bounds
   * `received_at` (exclusive), `claimableAt` drops events whose claim is live at that time.
   */
  async listUnprocessedEvents(
    limit: number,
    query: UnprocessedEventsQuery = {},
  ): Promise<AtsEvent[]> {
    if (limit <= 0) return [];
    const { receivedBefore, claimableAt } = query;
    let select = this.ctx.db
      .selectFrom('inbound_events')
      .select('payload')
      .where('processed_at', 'is', null);
    if (receivedBefore !== undefined) select = select.where('received_at', '<', receivedBefore);
    if (claimableAt !== undefined) {
      select = select.where((eb) =>
        eb.or([eb('claim_until', 'is', null), eb('claim_until', '<=', claimableAt)]),
      );
    }
    const rows = await select
      .orderBy('received_at')
      .orderBy('connector')
      .orderBy('event_id')
      .limit(limit)
      .execute();
    return rows.map((row) => decodeJson<AtsEvent>(row.payload));
  }
}
