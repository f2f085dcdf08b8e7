import {
  errorSummary,
  isRetryable,
  type AtsEvent,
  type EventStore,
  type TriggerOutcome,
  type UseCases,
} from '@zenhire-connect/core';
import type { Logger } from 'pino';
import type { ProcessingQueue } from './processing-queue';
import type { ServerMetrics } from './server-metrics';

/** Result of {@link AtsEventProcessor.recoverPending}. */
export interface RecoverResult {
  /** Unprocessed events found and run through the trigger rules. */
  scanned: number;
  /** Marked processed. */
  processed: number;
  /** Failed again (retryable): still unprocessed, tried at the next recovery. */
  failed: number;
  /**
   * Not run by this pass: already queued by a live delivery in this process, or claimed by
   * another process (`claimEvent`), which processes it.
   */
  inFlight: number;
}

/**
 * What became of one scheduled event. `in_flight`: not run here, because it was already
 * queued in this process, the server is closing, or another caller holds its claim.
 */
export type ScheduleResult = 'processed' | 'failed' | 'in_flight';

/** Dependencies of {@link AtsEventProcessor}. */
export interface AtsEventProcessorDeps {
  store: Pick<EventStore, 'listUnprocessedEvents'>;
  useCases: Pick<UseCases, 'claimAndProcessAtsEvent'>;
  queue: ProcessingQueue;
  metrics: ServerMetrics;
  logger: Logger;
  /**
   * Recovery only takes events the store received at least this long ago (ms, by
   * `storeNow`), leaving just-received ones to the live processing. Default 0 (all).
   */
  recoveryGraceMs?: number;
  /** Epoch ms on the clock the store stamps receipt times with. Default `Date.now`. */
  storeNow?: () => number;
}

/** Default page size of {@link AtsEventProcessor.recoverPending}. */
export const DEFAULT_RECOVERY_BATCH = 100;

function summary(outcome: TriggerOutcome): Record<string, unknown> {
  if (outcome.status === 'failed') {
    return { trigger: outcome.trigger, status: outcome.status, code: outcome.error.code };
  }
  return { trigger: outcome.trigger, status: outcome.status, runId: outcome.runId };
}

/**
 * Runs recorded ATS events through `claimAndProcessAtsEvent` (claim → trigger rules →
 * ZenHire action; the use-case marks the event processed) after the webhook was answered,
 * one at a time. The store claim makes this safe next to recovery passes of other servers
 * and workers on the same store: only the claim holder starts runs. A failure leaves the
 * event recorded and unprocessed: {@link recoverPending} (at start, and periodically when
 * configured) runs it again.
 */
export class AtsEventProcessor {
  constructor(private readonly deps: AtsEventProcessorDeps) {}

  /**
   * Queues one recorded event and resolves when it has run: `processed` (marked processed),
   * `failed` (left unprocessed), or `in_flight` when it was already queued (or the server is
   * closing: it stays recorded for recovery).
   */
  async schedule(event: AtsEvent): Promise<ScheduleResult> {
    let result: ScheduleResult = 'failed';
    const done = this.deps.queue.add(`ats\u0000${event.connector}\u0000${event.id}`, async () => {
      result = await this.#process(event);
    });
    if (!done) return 'in_flight';
    await done;
    return result;
  }

  /**
   * Crash recovery: processes every recorded but unprocessed event the store received at
   * least `recoveryGraceMs` ago and nobody holds a live claim on (`listUnprocessedEvents`
   * with `receivedBefore` / `claimableAt`, oldest first, in pages of `batchSize`), each once
   * per call. Call it at start, before or after `listen` (events arriving meanwhile are
   * deduplicated by the queue in this process and by the store claim across processes).
   */
  async recoverPending(batchSize = DEFAULT_RECOVERY_BATCH): Promise<RecoverResult> {
    const seen = new Set<string>();
    const result: RecoverResult = { scanned: 0, processed: 0, failed: 0, inFlight: 0 };
    const now = (this.deps.storeNow ?? Date.now)();
    const query = { receivedBefore: now - (this.deps.recoveryGraceMs ?? 0) + 1, claimableAt: now };
    for (;;) {
      const page = await this.deps.store.listUnprocessedEvents(batchSize, query);
      const fresh = page.filter((e) => !seen.has(`${e.connector}\u0000${e.id}`));
      if (fresh.length === 0) break;
      for (const event of fresh) {
        seen.add(`${event.connector}\u0000${event.id}`);
        result.scanned += 1;
        const outcome = await this.schedule(event);
        if (outcome === 'processed') result.processed += 1;
        else if (outcome === 'failed') result.failed += 1;
        else result.inFlight += 1;
      }
      if (page.length < batchSize) break;
    }
    if (result.scanned > 0)
      this.deps.logger.info({ ...result }, 'recovered unprocessed ats events');
    return result;
  }

  /** `processed`, `failed`, or `in_flight` when another caller holds the event's claim. */
  async #process(event: AtsEvent): Promise<ScheduleResult> {
    const { useCases, metrics, logger } = this.deps;
    const context = { connector: event.connector, eventId: event.id, eventType: event.type };
    try {
      const { claimed, outcomes } = await useCases.claimAndProcessAtsEvent(event);
      if (!claimed) {
        logger.debug(context, 'ats event claimed by another processor or already processed');
        return 'in_flight';
      }
      metrics.processed(event.connector, 'processed');
      logger.info({ ...context, outcomes: outcomes.map(summary) }, 'ats event processed');
      return 'processed';
    } catch (error) {
      metrics.processed(event.connector, 'error');
      logger.warn(
        { ...context, error: errorSummary(error), retryable: isRetryable(error) },
        'ats event processing failed; left unprocessed for recovery',
      );
      return 'failed';
    }
  }
}
