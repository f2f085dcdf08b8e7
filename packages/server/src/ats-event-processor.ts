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
  /** Already queued by a live delivery (processed by that one). */
  inFlight: number;
}

/** What became of one scheduled event. */
export type ScheduleResult = 'processed' | 'failed' | 'in_flight';

/** Dependencies of {@link AtsEventProcessor}. */
export interface AtsEventProcessorDeps {
  store: Pick<EventStore, 'listUnprocessedEvents'>;
  useCases: Pick<UseCases, 'processAtsEvent'>;
  queue: ProcessingQueue;
  metrics: ServerMetrics;
  logger: Logger;
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
 * Runs recorded ATS events through `processAtsEvent` (trigger rules → ZenHire action; the
 * use-case marks the event processed) after the webhook was answered, one at a time. A
 * failure leaves the event recorded and unprocessed: {@link recoverPending} (at start, and
 * periodically when configured) runs it again.
 */
export class AtsEventProcessor {
  constructor(private readonly deps: AtsEventProcessorDeps) {}

  /**
   * Queues one recorded event and resolves when it has run: `processed` (marked processed),
   * `failed` (left unprocessed), or `in_flight` when it was already queued (or the server is
   * closing: it stays recorded for recovery).
   */
  async schedule(event: AtsEvent): Promise<ScheduleResult> {
    let ok = false;
    const done = this.deps.queue.add(`ats\u0000${event.connector}\u0000${event.id}`, async () => {
      ok = await this.#process(event);
    });
    if (!done) return 'in_flight';
    await done;
    return ok ? 'processed' : 'failed';
  }

  /**
   * Crash recovery: processes every recorded but unprocessed event (`listUnprocessedEvents`,
   * oldest first, in pages of `batchSize`), each once per call. Call it at start, before or
   * after `listen` (events arriving meanwhile are deduplicated by the queue).
   */
  async recoverPending(batchSize = DEFAULT_RECOVERY_BATCH): Promise<RecoverResult> {
    const seen = new Set<string>();
    const result: RecoverResult = { scanned: 0, processed: 0, failed: 0, inFlight: 0 };
    for (;;) {
      const page = await this.deps.store.listUnprocessedEvents(batchSize);
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

  async #process(event: AtsEvent): Promise<boolean> {
    const { useCases, metrics, logger } = this.deps;
    const context = { connector: event.connector, eventId: event.id, eventType: event.type };
    try {
      const outcomes = await useCases.processAtsEvent(event);
      metrics.processed(event.connector, 'processed');
      logger.info({ ...context, outcomes: outcomes.map(summary) }, 'ats event processed');
      return true;
    } catch (error) {
      metrics.processed(event.connector, 'error');
      logger.warn(
        { ...context, error: errorSummary(error), retryable: isRetryable(error) },
        'ats event processing failed; left unprocessed for recovery',
      );
      return false;
    }
  }
}
