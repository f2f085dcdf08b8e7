import {
  retryAfterMsOf,
  type Clock,
  type RunModule,
  type Store,
  type UseCases,
  type ZenHireGateway,
} from '@zenhire-connect/core';
import type { Metrics } from './metrics';
import { documentedPollDelayMs, MIN_POLL_INTERVAL_MS } from './sweep-cadence';
import { describeError, noopLogger, type WorkerLogger } from './worker-logger';

/** Options of {@link OpenRunPoller}. */
export interface OpenRunPollerOptions {
  /** Modules polled one run at a time. Default `['cv_deepmatch', 'ai_interview', 'soft_skills']`. */
  modules?: RunModule[];
  gateway: Pick<ZenHireGateway, 'getRun'>;
  store: Pick<Store, 'listOpenRuns'>;
  useCases: Pick<UseCases, 'recordTerminalRun'>;
  clock: Clock;
  metrics?: Metrics;
  logger?: WorkerLogger;
  /** Open runs read per module per pass. Default 500. */
  limit?: number;
}

/** Counts of one pass. */
export interface PollPassResult {
  polled: number;
  completed: number;
  failed: number;
  /** Delay until the next run is due (ms); `undefined` when nothing is open. */
  nextDueInMs: number | undefined;
}

/**
 * The per-run polling fallback for modules without a usable list filter (DESIGN.md flow 2):
 * CV DeepMatch (whose completion normally arrives by signed webhook at the server, §7.1), AI
 * interviews and soft skills (§12). Each open run of the store is read when due: the
 * documented cadence by the time this process first saw it open (15 s for 2 min, 30 s to
 * 5 min, then 60 s, §4), never sooner than 10 s or a `Retry-After`. A restart starts the
 * cadence again at 15 s.
 */
export class OpenRunPoller {
  readonly #o: OpenRunPollerOptions;
  readonly #logger: WorkerLogger;
  /** id → { firstSeen, nextDue } (ms). */
  readonly #runs = new Map<string, { firstSeen: number; nextDue: number }>();

  constructor(options: OpenRunPollerOptions) {
    this.#o = options;
    this.#logger = options.logger ?? noopLogger;
  }

  /** Polls every due open run once. */
  async pass(): Promise<PollPassResult> {
    const { clock, store, gateway, useCases } = this.#o;
    const result: PollPassResult = { polled: 0, completed: 0, failed: 0, nextDueInMs: undefined };
    const open = new Set<string>();
    for (const module of this.#o.modules ?? ['cv_deepmatch', 'ai_interview', 'soft_skills']) {
      for (const run of await store.listOpenRuns(module, this.#o.limit ?? 500)) {
        open.add(run.id);
        const now = clock.now();
        const state = this.#runs.get(run.id) ?? { firstSeen: now, nextDue: now };
        this.#runs.set(run.id, state);
        if (state.nextDue > now) continue;
        result.polled += 1;
        try {
          const observed = await gateway.getRun({ module, id: run.id });
          const recorded = await useCases.recordTerminalRun(observed);
          this.#o.metrics?.runCollected(module, recorded.status);
          if (observed.terminal) {
            result.completed += 1;
            this.#runs.delete(run.id);
            open.delete(run.id);
            continue;
          }
          state.nextDue = clock.now() + documentedPollDelayMs(clock.now() - state.firstSeen);
        } catch (error) {
          result.failed += 1;
          const retryAfterMs = retryAfterMsOf(error);
          const wait =
            retryAfterMs !== undefined
              ? Math.max(MIN_POLL_INTERVAL_MS, retryAfterMs)
              : documentedPollDelayMs(clock.now() - state.firstSeen);
          state.nextDue = clock.now() + wait;
          this.#logger.warn(
            { err: describeError(error), runId: run.id, module },
            'poll of an open run failed',
          );
        }
      }
    }
    for (const id of [...this.#runs.keys()]) if (!open.has(id)) this.#runs.delete(id);
    const now = clock.now();
    for (const state of this.#runs.values()) {
      const due = Math.max(0, state.nextDue - now);
      result.nextDueInMs =
        result.nextDueInMs === undefined ? due : Math.min(result.nextDueInMs, due);
    }
    return result;
  }
}
