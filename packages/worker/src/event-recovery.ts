import type { Clock, Store, UseCases } from '@zenhire-connect/core';
import { describeError, noopLogger, type WorkerLogger } from './worker-logger';

/** Options of {@link EventRecovery} (durations in ms). */
export interface EventRecoveryOptions {
  store: Pick<Store, 'listUnprocessedEvents'>;
  useCases: Pick<UseCases, 'claimAndProcessAtsEvent'>;
  /** The store's clock (receipt times are stamped with it). */
  clock: Clock;
  logger?: WorkerLogger;
  /** Events read per pass, oldest first. Default 50. */
  batch?: number;
  /**
   * Only events the store received at least this long ago (ms, by `clock`; not the ATS's
   * `occurredAt`) are retried, so the server usually processes a just-received webhook
   * itself. Default 60,000. Correctness does not depend on it: the store claim keeps the
   * server and this pass from both processing one event.
   */
  graceMs?: number;
}

/** Counts of one pass. */
export interface EventRecoveryResult {
  processed: number;
  failed: number;
  /**
   * Listed but not run here: another process (a server, another worker) held the event's
   * claim or had processed it meanwhile. Present only when non-zero.
   */
  skipped?: number;
}

/**
 * Crash and outage recovery of inbound ATS events (DESIGN.md flow 1): events the server
 * recorded but could not process (a retryable ZenHire/ATS failure, or a crash) are run again
 * through core's `claimAndProcessAtsEvent`, which first claims the event in the store (an
 * event a server or another worker is processing, or whose crashed holder's claim has not
 * expired yet, is skipped), skips triggers already started (`already_started`) and marks
 * the event processed.
 */
export class EventRecovery {
  readonly #o: EventRecoveryOptions;
  readonly #logger: WorkerLogger;

  constructor(options: EventRecoveryOptions) {
    this.#o = options;
    this.#logger = options.logger ?? noopLogger;
  }

  /**
   * One pass over up to `batch` unprocessed events received at least `graceMs` ago and not
   * held by a live claim, oldest receipt first.
   */
  async pass(): Promise<EventRecoveryResult> {
    let processed = 0;
    let failed = 0;
    let skipped = 0;
    const now = this.#o.clock.now();
    const events = await this.#o.store.listUnprocessedEvents(this.#o.batch ?? 50, {
      receivedBefore: now - (this.#o.graceMs ?? 60_000) + 1,
      claimableAt: now,
    });
    for (const event of events) {
      try {
        const { claimed } = await this.#o.useCases.claimAndProcessAtsEvent(event);
        if (claimed) processed += 1;
        else skipped += 1;
      } catch (error) {
        failed += 1;
        this.#logger.warn(
          { err: describeError(error), connector: event.connector, eventId: event.id },
          'ATS event still failing; tried again next pass',
        );
      }
    }
    return skipped > 0 ? { processed, failed, skipped } : { processed, failed };
  }
}
