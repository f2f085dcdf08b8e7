import type {
  Clock,
  ObservedRun,
  ReconcileResult,
  RunModule,
  Store,
  UseCases,
} from '@zenhire-connect/core';
import type { CollectorGateway } from './zenhire-api-gateway';
import { describeError, noopLogger, type WorkerLogger } from './worker-logger';

/** Options of {@link ReconcilePass} (durations in ms). */
export interface ReconcilePassOptions {
  gateway: CollectorGateway;
  store: Pick<Store, 'getRun'>;
  useCases: Pick<UseCases, 'reconcile'>;
  clock: Clock;
  logger?: WorkerLogger;
  /** Modules listed. Default `['speech', 'interview']`. */
  modules?: RunModule[];
  /** How far back a pass looks by default. Default 86,400,000 (24 h). */
  windowMs?: number;
  /** Rows per listing page. Default 100. */
  pageSize?: number;
}

/** Result of one pass: core's counts summed over modules, plus the listing errors. */
export interface ReconcilePassResult extends ReconcileResult {
  /** Full reads made because the store held no terminal body. */
  fetched: number;
  listErrors: { module: RunModule; error: string }[];
}

/**
 * Reconcile (DESIGN.md flow 5): lists the terminal runs created since a window and hands
 * them to core's `reconcile`, which enqueues plans that changed (mapping edits) or never got
 * a delivery, and starts interview chains a crash left out. Idempotent. Speech list rows
 * carry no scores, so the body saved by collect (RunStore) is used, or the run is read in
 * full (`getRun`) when the store has none.
 */
export class ReconcilePass {
  readonly #o: ReconcilePassOptions;
  readonly #logger: WorkerLogger;

  constructor(options: ReconcilePassOptions) {
    this.#o = options;
    this.#logger = options.logger ?? noopLogger;
  }

  /** One pass over runs created at or after `sinceMs` (default now − `windowMs`). */
  async run(sinceMs?: number): Promise<ReconcilePassResult> {
    const { clock } = this.#o;
    const since = sinceMs ?? clock.now() - (this.#o.windowMs ?? 24 * 3600_000);
    const total: ReconcilePassResult = {
      runs: 0,
      enqueued: 0,
      unchanged: 0,
      chained: 0,
      unlinked: 0,
      failed: [],
      fetched: 0,
      listErrors: [],
    };
    for (const module of this.#o.modules ?? ['speech', 'interview']) {
      try {
        const result = await this.#o.useCases.reconcile(this.#terminalRuns(module, since, total));
        total.runs += result.runs;
        total.enqueued += result.enqueued;
        total.unchanged += result.unchanged;
        total.chained += result.chained;
        total.unlinked += result.unlinked;
        total.failed.push(...result.failed);
      } catch (error) {
        total.listErrors.push({ module, error: describeError(error) });
        this.#logger.warn({ err: describeError(error), module }, 'reconcile listing failed');
      }
    }
    return total;
  }

  async *#terminalRuns(
    module: RunModule,
    since: number,
    total: ReconcilePassResult,
  ): AsyncIterable<ObservedRun> {
    for await (const row of this.#o.gateway.listRuns(module, {
      createdAfter: new Date(since).toISOString(),
      pageSize: this.#o.pageSize ?? 100,
    })) {
      if (!row.terminal) continue;
      if (module !== 'speech') {
        yield row;
        continue;
      }
      const stored = await this.#o.store.getRun(row.id);
      if (stored?.terminal && stored.body !== undefined) {
        yield { ...row, status: stored.status, body: stored.body };
      } else {
        total.fetched += 1;
        yield await this.#o.gateway.getRun({ module, id: row.id });
      }
    }
  }
}
