import type { AtsEvent, EventStore } from '@zenhire-connect/core';
import type { StoreContext } from './context';
import { decodeJson, encodeJson } from './dialect';
import { StoreError } from './errors';

/** `inbound_events` table: webhook events, deduplicated on (connector, id). */
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
      })
      .onConflict((oc) => oc.columns(['connector', 'event_id']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /**
   * Sets `processed_at` = clock now and stores `result` as JSON (calling it again overwrites).
   * @throws StoreError `EVENT_NOT_FOUND` when the event was never recorded.
   */
  async markEventProcessed(connector: string, eventId: string, result: unknown): Promise<void> {
    const updated = await this.ctx.db
      .updateTable('inbound_events')
      .set({ processed_at: this.ctx.clock.now(), result: encodeJson(result ?? null) })
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

  /** Unprocessed events, oldest `received_at` first, at most `limit`. */
  async listUnprocessedEvents(limit: number): Promise<AtsEvent[]> {
    if (limit <= 0) return [];
    const rows = await this.ctx.db
      .selectFrom('inbound_events')
      .select('payload')
      .where('processed_at', 'is', null)
      .orderBy('received_at')
      .orderBy('connector')
      .orderBy('event_id')
      .limit(limit)
      .execute();
    return rows.map((row) => decodeJson<AtsEvent>(row.payload));
  }
}
