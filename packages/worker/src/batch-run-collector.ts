import type { Clock, ObservedRun, Store, UseCases } from '@zenhire-connect/core';
import type { Metrics } from './metrics';
import { SweepCadence, type SweepCadenceOptions } from './sweep-cadence';
import type { CollectorGateway } from './zenhire-api-gateway';
import { describeError, noopLogger, type WorkerLogger } from './worker-logger';

/** Modules collected by listing (zenhire-api.md §5.7 speech, §6.2 sessions, §7.1 CV DeepMatch). */
export type ListedModule = 'speech' | 'interview' | 'cv_deepmatch';

/** Options of {@link BatchRunCollector} (durations in ms). */
export interface BatchRunCollectorOptions {
  module: ListedModule;
  gateway: CollectorGateway;
  store: Pick<Store, 'getRun' | 'listOpenRuns' | 'getCursor' | 'setCursor'>;
  useCases: Pick<UseCases, 'recordTerminalRun'>;
  /** ZenHire-aligned time source (run `createdAt` values are compared with it). */
  clock: Clock;
  metrics?: Metrics;
  logger?: WorkerLogger;
  /**
   * Check the oldest open runs with a bounded `createdAfter`/`createdBefore` window (one page)
   * and list the rest only to discover new runs. Needs server-side date filters, so the
   * default is true for speech (§5.7) and false elsewhere (every sweep then lists from the
   * oldest open run).
   */
  windowed?: boolean;
  /** Rows per listing page (`limit`). Default 100. */
  pageSize?: number;
  /** Open runs checked per sweep in windowed mode. Default 80 % of `pageSize`. */
  windowSize?: number;
  /** Where the first sweep starts when no cursor is stored: now − this. Default 24 h. */
  lookbackMs?: number;
  /** Discovery starts this long before the newest `createdAt` seen (clock skew, late saves). Default 60 s. */
  discoveryOverlapMs?: number;
  /** A discovery listing runs at least every this many sweeps (windowed mode). Default 10. */
  discoveryEvery?: number;
  /** List rows are summaries: fetch each newly terminal run in full (`getRun`). Default: speech only. */
  fetchTerminal?: boolean;
  cadence?: SweepCadenceOptions;
  /**
   * Called right after `recordTerminalRun` enqueued deliveries for a run (mid-sweep, once per
   * run); the `Worker` wakes its delivery loop with it, so they are claimed at once.
   */
  onDeliveriesEnqueued?: () => void;
}

/** Counts of one sweep. */
export interface SweepResult {
  module: ListedModule;
  /** Listing calls made: pages estimated from the rows seen (at least 1 per listing). */
  listCalls: number;
  /** Full reads made (`getRun`): newly terminal runs (speech) and unlisted open runs. */
  fetchCalls: number;
  /** Runs that became terminal and were handed to `recordTerminalRun`. */
  completed: number;
  /** Runs still open. */
  open: number;
  /** Runs whose collect failed (tried again next sweep). */
  failed: number;
  /** Suggested delay before the next sweep (ms). */
  nextDelayMs: number;
}

const DAY_MS = 24 * 3600_000;

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Collect by BATCH LISTING (DESIGN.md flow 2), not one poll loop per run: each sweep lists
 * the module's runs created after a stored watermark and hands every newly terminal run to
 * `recordTerminalRun` (which chains completed interviews into speech analysis).
 *
 * Cursors (CursorStore, ISO 8601): `collect.<module>.tail` is the `createdAt` of the oldest
 * run still open (or of the newest run seen when none is open) — a restarted worker lists
 * from there; `collect.<module>.head` is the newest `createdAt` seen.
 *
 * Windowed mode (speech): a sweep lists (1) new runs since `head − discoveryOverlapMs`, only
 * when the store holds open runs the collector has not listed yet or every `discoveryEvery`
 * sweeps, and (2) the oldest `windowSize` open runs with `createdAfter`/`createdBefore`, one
 * page. Speech runs start in FIFO order (§4), so the oldest open runs are the ones that
 * finish next; queued ones are not re-listed every sweep. Open runs of the store that no
 * listing shows are read one by one (`getRun`, ≥ 10 s apart). Speech rows carry no scores,
 * so each newly terminal run costs one `getRun`: about 1 + `listCallsPerRun` calls per run.
 *
 * The interval between sweeps comes from {@link SweepCadence}.
 */
export class BatchRunCollector {
  readonly module: ListedModule;
  readonly #o: BatchRunCollectorOptions;
  readonly #cadence: SweepCadence;
  readonly #logger: WorkerLogger;
  readonly #pageSize: number;
  readonly #windowed: boolean;
  /** Open runs seen in listings: id → createdAt (ms). */
  readonly #known = new Map<string, number>();
  /** Open runs of the store that no listing showed: id → last read (ms). */
  readonly #unlisted = new Map<string, number>();
  #loaded = false;
  #head: number | undefined;
  #tail: number | undefined;
  #sweepsSinceDiscovery = 0;
  #lastSweepAt: number | undefined;

  constructor(options: BatchRunCollectorOptions) {
    this.#o = options;
    this.module = options.module;
    this.#cadence = new SweepCadence(options.cadence);
    this.#logger = options.logger ?? noopLogger;
    this.#pageSize = options.pageSize ?? 100;
    this.#windowed = options.windowed ?? options.module === 'speech';
  }

  /** Open runs currently tracked (listed or read from the store). */
  get openRuns(): number {
    return this.#known.size + this.#unlisted.size;
  }

  /** One sweep; never throws for one run's failure (counted in `failed`). @throws listing errors. */
  async sweep(): Promise<SweepResult> {
    const { clock, store } = this.#o;
    const now = clock.now();
    await this.#load(now);
    const result: SweepResult = {
      module: this.module,
      listCalls: 0,
      fetchCalls: 0,
      completed: 0,
      open: 0,
      failed: 0,
      nextDelayMs: 0,
    };

    const stored = await store.listOpenRuns(this.module, 10_000);
    const storedIds = new Set(stored.map((r) => r.id));
    const unknown = stored.filter((r) => !this.#known.has(r.id));
    const discover =
      !this.#windowed ||
      this.#known.size === 0 ||
      unknown.some((r) => !this.#unlisted.has(r.id)) ||
      this.#sweepsSinceDiscovery >= (this.#o.discoveryEvery ?? 10);

    const listed = new Set<string>();
    if (discover) {
      const from = this.#discoveryFrom(now);
      result.listCalls += await this.#list({ createdAfter: iso(from) }, listed, result);
      this.#sweepsSinceDiscovery = 0;
    } else {
      this.#sweepsSinceDiscovery += 1;
    }

    if (this.#windowed) {
      const window = [...this.#known.entries()]
        .filter(([id]) => !listed.has(id))
        .sort((a, b) => a[1] - b[1])
        .slice(0, this.#o.windowSize ?? Math.max(1, Math.floor(this.#pageSize * 0.8)));
      if (window.length > 0) {
        result.listCalls += await this.#list(
          {
            createdAfter: iso(window[0][1] - 1),
            createdBefore: iso(window[window.length - 1][1] + 1),
          },
          listed,
          result,
        );
      }
    }

    // Open runs of the store that no listing showed (e.g. created just before `head`).
    for (const run of unknown) {
      if (listed.has(run.id) || this.#known.has(run.id)) {
        this.#unlisted.delete(run.id);
        continue;
      }
      const last = this.#unlisted.get(run.id);
      if (last !== undefined && now - last < 10_000) continue;
      this.#unlisted.set(run.id, now);
      if (!discover && last === undefined) continue; // first give the next discovery a chance
      result.fetchCalls += 1;
      try {
        const observed = await this.#o.gateway.getRun({ module: this.module, id: run.id });
        if (observed.terminal) {
          this.#unlisted.delete(run.id);
          await this.#record(observed, result);
        }
      } catch (error) {
        result.failed += 1;
        this.#logger.warn(
          { err: describeError(error), runId: run.id, module: this.module },
          'read of an unlisted run failed',
        );
      }
    }
    for (const id of this.#unlisted.keys()) {
      if (!storedIds.has(id)) this.#unlisted.delete(id);
    }

    await this.#saveCursors();
    result.open = this.openRuns;
    const youngest = Math.max(...this.#known.values(), Number.NEGATIVE_INFINITY);
    result.nextDelayMs = this.#cadence.next({
      calls: result.listCalls,
      completed: result.completed,
      open: result.open,
      youngestOpenAgeMs: Number.isFinite(youngest) ? Math.max(0, now - youngest) : null,
      elapsedMs: this.#lastSweepAt === undefined ? 0 : now - this.#lastSweepAt,
    });
    this.#lastSweepAt = now;
    return result;
  }

  #discoveryFrom(now: number): number {
    const overlap = this.#o.discoveryOverlapMs ?? 60_000;
    if (!this.#windowed || this.#known.size === 0) {
      // Everything from the oldest open run (or the last head) on.
      const oldestKnown = Math.min(...this.#known.values(), Number.POSITIVE_INFINITY);
      const tail = Math.min(oldestKnown, this.#tail ?? Number.POSITIVE_INFINITY);
      if (Number.isFinite(tail)) return Math.min(tail, (this.#head ?? tail) - overlap);
      return now - (this.#o.lookbackMs ?? DAY_MS);
    }
    return (this.#head ?? now) - overlap;
  }

  async #list(
    query: { createdAfter: string; createdBefore?: string },
    listed: Set<string>,
    result: SweepResult,
  ): Promise<number> {
    let rows = 0;
    for await (const run of this.#o.gateway.listRuns(this.module, {
      ...query,
      pageSize: this.#pageSize,
    })) {
      rows += 1;
      if (listed.has(run.id)) continue;
      listed.add(run.id);
      await this.#handle(run, result);
    }
    return Math.max(1, Math.ceil(rows / this.#pageSize));
  }

  async #handle(run: ObservedRun, result: SweepResult): Promise<void> {
    const createdAt = run.createdAt ? Date.parse(run.createdAt) : NaN;
    if (!Number.isNaN(createdAt)) this.#head = Math.max(this.#head ?? createdAt, createdAt);
    this.#unlisted.delete(run.id);
    try {
      if (!run.terminal) {
        if (!this.#known.has(run.id)) {
          this.#known.set(run.id, Number.isNaN(createdAt) ? this.#o.clock.now() : createdAt);
          if (!(await this.#o.store.getRun(run.id))) await this.#record(run, result);
        }
        return;
      }
      const stored = await this.#o.store.getRun(run.id);
      if (stored?.terminal) {
        this.#known.delete(run.id);
        return;
      }
      let full = run;
      if (this.#o.fetchTerminal ?? this.module === 'speech') {
        result.fetchCalls += 1;
        full = await this.#o.gateway.getRun({ module: this.module, id: run.id });
      }
      await this.#record(full, result);
      this.#known.delete(run.id);
    } catch (error) {
      result.failed += 1;
      this.#logger.warn(
        { err: describeError(error), runId: run.id, module: this.module },
        'collect of a run failed; tried again next sweep',
      );
    }
  }

  async #record(run: ObservedRun, result: SweepResult): Promise<void> {
    const recorded = await this.#o.useCases.recordTerminalRun(run);
    this.#o.metrics?.runCollected(this.module, recorded.status);
    if (recorded.status === 'planned' && recorded.deliveries.length > 0) {
      this.#o.onDeliveriesEnqueued?.();
    }
    if (run.terminal) result.completed += 1;
  }

  async #load(now: number): Promise<void> {
    if (this.#loaded) return;
    const parse = (value: string | undefined) => {
      const ms = value ? Date.parse(value) : NaN;
      return Number.isNaN(ms) ? undefined : ms;
    };
    this.#head = parse(await this.#o.store.getCursor(`collect.${this.module}.head`));
    this.#tail = parse(await this.#o.store.getCursor(`collect.${this.module}.tail`));
    if (this.#tail === undefined && this.#head === undefined) {
      this.#tail = now - (this.#o.lookbackMs ?? DAY_MS);
    }
    this.#loaded = true;
  }

  async #saveCursors(): Promise<void> {
    const oldestOpen = Math.min(...this.#known.values(), Number.POSITIVE_INFINITY);
    const tail = Number.isFinite(oldestOpen) ? oldestOpen : this.#head;
    if (tail !== undefined && tail !== this.#tail) {
      this.#tail = tail;
      await this.#o.store.setCursor(`collect.${this.module}.tail`, iso(tail));
    }
    if (this.#head !== undefined) {
      await this.#o.store.setCursor(`collect.${this.module}.head`, iso(this.#head));
    }
  }
}
