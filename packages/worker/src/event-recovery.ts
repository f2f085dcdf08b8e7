import type { Clock, Store, UseCases } from '@zenhire-connect/core';
import { describeError, noopLogger, type WorkerLogger } from './worker-logger';

/** Options of {@link EventRecovery} (durations in ms). */
export interface EventRecoveryOptions {
  store: Pick<Store, 'listUnprocessedEvents'>;
  useCases: Pick<UseCases, 'processAtsEvent'>;
  clock: Clock;
  logger?: WorkerLogger;
  /** Events read per pass, oldest first. Default 50. */
  batch?: number;
  /**
   * Only events whose `occurredAt` is at least this old are retried, so the server's own
   * processing of a just-received webhook is not raced. Default 60,000.
   */
  graceMs?: number;
}

/** Counts of one pass. */
export interface EventRecoveryResult {
  processed: number;
  failed: number;
}

/**
 * Crash and outage recovery of inbound ATS events (DESIGN.md flow 1): events the server
 * recorded but could not process (a retryable ZenHire/ATS failure, or a crash) are run again
 * through core's `processAtsEvent`, which skips triggers already started
 * (`already_started`) and marks the event processed.
 */
export class EventRecovery {
  readonly #o: EventRecoveryOptions;
  readonly #logger: WorkerLogger;

  constructor(options: EventRecoveryOptions) {
    this.#o = options;
    this.#logger = options.logger ?? noopLogger;
  }

  async pass(): Promise<EventRecoveryResult> {
    const result = { processed: 0, failed: 0 };
    const cutoff = this.#o.clock.now() - (this.#o.graceMs ?? 60_000);
    for (const event of await this.#o.store.listUnprocessedEvents(this.#o.batch ?? 50)) {
      const occurred = Date.parse(event.occurredAt);
      if (!Number.isNaN(occurred) && occurred > cutoff) continue;
      try {
        await this.#o.useCases.processAtsEvent(event);
        result.processed += 1;
      } catch (error) {
        result.failed += 1;
        this.#logger.warn(
          { err: describeError(error), connector: event.connector, eventId: event.id },
          'ATS event still failing; tried again next pass',
        );
      }
    }
    return result;
  }
}
