import { nextPollDelaySeconds, POLL_CADENCE } from '@zenhire-connect/zenhire-client';

/**
 * The documented per-run poll cadence (zenhire-api.md §4) in ms, from the client's
 * {@link nextPollDelaySeconds}: 15 s during a run's first 2 min, 30 s from 2 to 5 min, 60 s
 * after; never below 10 s per id.
 * @param runAgeMs time since the run was first seen, ms.
 */
export function documentedPollDelayMs(runAgeMs: number): number {
  return nextPollDelaySeconds({ elapsedSeconds: runAgeMs / 1000 }) * 1000;
}

/** The documented minimum interval between two polls of one id, ms: 10 s (§4, `POLL_CADENCE`). */
export const MIN_POLL_INTERVAL_MS = POLL_CADENCE.minIntervalSeconds * 1000;

/** Options of {@link SweepCadence} (all durations in ms). */
export interface SweepCadenceOptions {
  /** Shortest interval between sweeps; never below 10 s (§4). Default 15,000. */
  minIntervalMs?: number;
  /** Longest interval while runs are open (latency bound). Default 300,000 (5 min). */
  maxIntervalMs?: number;
  /** Interval while no run is open (discovers runs others created). Default 60,000. */
  idleIntervalMs?: number;
  /**
   * Listing calls allowed per completed run: the interval grows until a sweep is expected
   * to find `1 / budget` completed runs per listing call. Default 0.1.
   */
  listCallsPerRun?: number;
  /** Weight of the newest sweep in the completion-rate average, 0–1. Default 0.3. */
  smoothing?: number;
}

/** What one sweep saw. */
export interface SweepObservation {
  /** Listing calls the sweep made. */
  calls: number;
  /** Runs that became terminal and were collected. */
  completed: number;
  /** Runs still open after the sweep. */
  open: number;
  /** Age (ms) of the youngest open run, for the documented cadence. */
  youngestOpenAgeMs: number | null;
  /** Time since the previous sweep (ms). */
  elapsedMs: number;
}

/**
 * Adaptive interval of a batch collector. While runs are open, the next sweep waits the
 * documented cadence for the youngest open run (15/30/60 s, §4) or, once completions have
 * been seen, long enough that one listing call is expected to find `1 / listCallsPerRun`
 * completed runs (completion rate averaged over sweeps), whichever is longer, bounded by
 * `[minIntervalMs, maxIntervalMs]`. With nothing open it waits `idleIntervalMs`.
 */
export class SweepCadence {
  readonly #min: number;
  readonly #max: number;
  readonly #idle: number;
  readonly #budget: number;
  readonly #smoothing: number;
  /** Completed runs per ms (exponential average), undefined until a completion is seen. */
  #rate: number | undefined;

  constructor(options: SweepCadenceOptions = {}) {
    this.#min = Math.max(MIN_POLL_INTERVAL_MS, options.minIntervalMs ?? 15_000);
    this.#max = Math.max(this.#min, options.maxIntervalMs ?? 300_000);
    this.#idle = Math.max(this.#min, options.idleIntervalMs ?? 60_000);
    this.#budget = options.listCallsPerRun ?? 0.1;
    this.#smoothing = options.smoothing ?? 0.3;
  }

  /** Completed runs per minute as currently estimated (undefined before the first). */
  get completionsPerMinute(): number | undefined {
    return this.#rate === undefined ? undefined : this.#rate * 60_000;
  }

  /** Records a sweep and returns the delay before the next one (ms). */
  next(observation: SweepObservation): number {
    if (observation.elapsedMs > 0 && (observation.completed > 0 || this.#rate !== undefined)) {
      const rate = observation.completed / observation.elapsedMs;
      this.#rate =
        this.#rate === undefined
          ? rate
          : this.#smoothing * rate + (1 - this.#smoothing) * this.#rate;
    }
    if (observation.open === 0) {
      // The batch is over: the next batch starts again at the documented cadence.
      this.#rate = undefined;
      return this.#idle;
    }
    const documented = documentedPollDelayMs(observation.youngestOpenAgeMs ?? 0);
    let delay = documented;
    if (this.#rate !== undefined && this.#rate > 0) {
      const calls = Math.max(1, observation.calls);
      delay = Math.max(delay, calls / (this.#budget * this.#rate));
    } else if (this.#rate !== undefined) {
      delay = this.#max;
    }
    return Math.round(Math.min(this.#max, Math.max(this.#min, delay)));
  }
}
