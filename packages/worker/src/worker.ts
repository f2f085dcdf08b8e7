import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  systemClock,
  type Clock,
  type Delivery,
  type DeliverOneResult,
  type RunModule,
  type Store,
  type UseCases,
} from '@zenhire-connect/core';
import {
  BatchRunCollector,
  type BatchRunCollectorOptions,
  type ListedModule,
  type SweepResult,
} from './batch-run-collector';
import { DeliveryLoop, type DeliverySummary } from './delivery-loop';
import { EventRecovery, type EventRecoveryResult } from './event-recovery';
import type { Metrics } from './metrics';
import { OpenRunPoller, type PollPassResult } from './open-run-poller';
import { ReconcilePass, type ReconcilePassResult } from './reconcile-pass';
import { realSleep, type Sleep } from './sleep';
import { describeError, noopLogger, type WorkerLogger } from './worker-logger';
import type { CollectorGateway } from './zenhire-api-gateway';

/** Tunables of the collectors. */
export interface WorkerCollectOptions {
  /** Modules collected by listing. Default `['speech', 'interview']`. */
  listed?: ListedModule[];
  /** Per-module overrides of {@link BatchRunCollectorOptions} (page size, cadence, …). */
  perModule?: Partial<
    Record<
      ListedModule,
      Omit<BatchRunCollectorOptions, 'module' | 'gateway' | 'store' | 'useCases' | 'clock'>
    >
  >;
  /** Modules polled one run at a time. Default `['cv_deepmatch', 'ai_interview', 'soft_skills']`. */
  polled?: RunModule[];
  /** Longest wait of the per-run poller between passes (clock ms). Default 5,000. */
  pollTickMs?: number;
  /** Wait after a failed sweep (clock ms). Default 15,000. */
  errorBackoffMs?: number;
}

/** Tunables of the delivery loop (see `DeliveryLoopOptions`). */
export interface WorkerDeliveryOptions {
  /** Default 16. */
  maxInFlight?: number;
  /** Default 4. */
  perConnector?: number;
  /** Lease of a claim, ms. Default 300,000 (5 min); not renewed. */
  leaseMs?: number;
  /** Wait between claims when nothing is due (clock ms). Default 1,000. */
  idlePollMs?: number;
}

/** Tunables of the periodic reconcile pass. */
export interface WorkerReconcileOptions {
  /** Default true. */
  enabled?: boolean;
  /** Between passes, clock ms. Default 3,600,000 (1 h); the first pass runs one interval after start. */
  intervalMs?: number;
  /** How far back a pass looks, ms. Default 86,400,000 (24 h). */
  windowMs?: number;
  /** Default `['speech', 'interview']`. */
  modules?: RunModule[];
}

/** Options of {@link Worker}. */
export interface WorkerOptions {
  store: Store;
  useCases: UseCases;
  /** The ZenHire side (`ZenHireApiGateway`, or a fake in tests). */
  gateway: CollectorGateway;
  /** Time source aligned with ZenHire's `createdAt` values. Default system clock. */
  clock?: Clock;
  /** Waits of the schedule (default real timers; `scaledSleep(timeScale)` for sandboxes). */
  sleep?: Sleep;
  /** Lease holder name; unique per process. Default `<host>-<pid>-<random>`. */
  workerId?: string;
  metrics?: Metrics;
  logger?: WorkerLogger;
  collect?: WorkerCollectOptions;
  delivery?: WorkerDeliveryOptions;
  reconcile?: WorkerReconcileOptions;
  /** Recovery of recorded but unprocessed ATS events. */
  events?: {
    /** Default true. */
    enabled?: boolean;
    /** Between passes, clock ms. Default 60,000. */
    intervalMs?: number;
    /**
     * Minimum time since the store received an event before it is retried, ms on `clock`
     * (which must be the store's clock). Default 60,000.
     */
    graceMs?: number;
  };
  /** Default deadline of {@link Worker.stop}, real ms. Default 30,000. */
  shutdownDeadlineMs?: number;
}

/** Progress of {@link Worker.runOnce} (for the CLI's `sync`). */
export type WorkerProgress =
  | { phase: 'collect'; sweep: SweepResult }
  | { phase: 'poll'; pass: PollPassResult }
  | { phase: 'reconcile'; result: ReconcilePassResult }
  | { phase: 'deliver'; delivery: Delivery; result: DeliverOneResult };

/** Options of {@link Worker.runOnce}. */
export interface RunOnceOptions {
  /** Also reconcile runs created since then (epoch ms or Date): `sync --since`. */
  since?: number | Date;
  onProgress?: (progress: WorkerProgress) => void;
}

/** Result of {@link Worker.runOnce}. */
export interface RunOnceResult {
  sweeps: SweepResult[];
  poll: PollPassResult;
  /** Unprocessed ATS events run again. */
  events: EventRecoveryResult;
  /** Present when `since` was given. */
  reconcile?: ReconcilePassResult;
  deliveries: DeliverySummary;
}

/**
 * The worker process (DESIGN.md flows 2, 4, 5): batch collectors of ZenHire runs, the
 * per-run poller for CV DeepMatch / AI interview / soft skills, the delivery loop, the
 * periodic reconcile pass and the recovery of unprocessed ATS events, with graceful shutdown.
 *
 * ```ts
 * const worker = new Worker({ store, useCases, gateway, metrics, logger });
 * worker.start();
 * process.once('SIGTERM', () => void worker.stop());
 * ```
 */
export class Worker {
  readonly workerId: string;
  readonly #o: WorkerOptions;
  readonly #clock: Clock;
  readonly #sleep: Sleep;
  readonly #logger: WorkerLogger;
  readonly #collectors: BatchRunCollector[];
  readonly #poller: OpenRunPoller;
  readonly #delivery: DeliveryLoop;
  readonly #reconcile: ReconcilePass;
  readonly #events: EventRecovery;
  #progress: ((progress: WorkerProgress) => void) | undefined;
  #abort: AbortController | undefined;
  #loops: Promise<void>[] = [];
  #stopping: Promise<{ released: number }> | undefined;

  constructor(options: WorkerOptions) {
    this.#o = options;
    this.#clock = options.clock ?? systemClock;
    this.#sleep = options.sleep ?? realSleep;
    this.#logger = options.logger ?? noopLogger;
    this.workerId =
      options.workerId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    const common = {
      gateway: options.gateway,
      store: options.store,
      useCases: options.useCases,
      clock: this.#clock,
      metrics: options.metrics,
      logger: this.#logger,
    };
    const collect = options.collect ?? {};
    this.#collectors = (collect.listed ?? ['speech', 'interview']).map(
      (module) =>
        new BatchRunCollector({
          ...collect.perModule?.[module],
          ...common,
          module,
          onDeliveriesEnqueued: () => this.wake(),
        }),
    );
    this.#poller = new OpenRunPoller({ ...common, modules: collect.polled });
    this.#delivery = new DeliveryLoop({
      store: options.store,
      useCases: options.useCases,
      clock: this.#clock,
      workerId: this.workerId,
      metrics: options.metrics,
      logger: this.#logger,
      maxInFlight: options.delivery?.maxInFlight,
      perConnector: options.delivery?.perConnector,
      leaseMs: options.delivery?.leaseMs,
      onResult: (delivery, result) => this.#progress?.({ phase: 'deliver', delivery, result }),
    });
    this.#events = new EventRecovery({
      store: options.store,
      useCases: options.useCases,
      clock: this.#clock,
      logger: this.#logger,
      graceMs: options.events?.graceMs,
    });
    this.#reconcile = new ReconcilePass({
      ...common,
      modules: options.reconcile?.modules,
      windowMs: options.reconcile?.windowMs,
    });
  }

  /** Whether {@link start} ran and {@link stop} did not. */
  get running(): boolean {
    return this.#abort !== undefined && !this.#abort.signal.aborted;
  }

  /** Starts every loop in the background. Idempotent. */
  start(): void {
    if (this.#abort) return;
    const abort = new AbortController();
    this.#abort = abort;
    const { signal } = abort;
    const collect = this.#o.collect ?? {};
    const errorBackoff = collect.errorBackoffMs ?? 15_000;
    for (const collector of this.#collectors) {
      this.#loops.push(
        this.#loop(`collect ${collector.module}`, signal, errorBackoff, async () => {
          const sweep = await collector.sweep();
          this.#logger.debug({ ...sweep }, 'collect sweep');
          return sweep.nextDelayMs;
        }),
      );
    }
    this.#loops.push(
      this.#loop('poll open runs', signal, errorBackoff, async () => {
        const pass = await this.#poller.pass();
        if (pass.completed > 0) this.wake();
        const tick = collect.pollTickMs ?? 5_000;
        return Math.min(tick, Math.max(1_000, pass.nextDueInMs ?? tick));
      }),
    );
    this.#loops.push(this.#deliveryLoop(signal));
    if (this.#o.events?.enabled !== false) {
      const interval = this.#o.events?.intervalMs ?? 60_000;
      this.#loops.push(
        this.#loop('recover ATS events', signal, errorBackoff, async () => {
          const pass = await this.#events.pass();
          if (pass.processed > 0) this.wake();
          if (pass.processed + pass.failed > 0)
            this.#logger.info({ ...pass }, 'ATS events recovered');
          return interval;
        }),
      );
    }
    if (this.#o.reconcile?.enabled !== false) {
      const interval = this.#o.reconcile?.intervalMs ?? 3_600_000;
      this.#loops.push(
        (async () => {
          await this.#sleep(interval, signal);
          await this.#loop('reconcile', signal, errorBackoff, async () => {
            const result = await this.#reconcile.run();
            if (result.enqueued > 0) this.wake();
            this.#logger.info(
              { ...result, failed: result.failed.length, listErrors: result.listErrors.length },
              'reconcile pass',
            );
            return interval;
          });
        })(),
      );
    }
    this.#logger.info({ workerId: this.workerId }, 'worker started');
  }

  /**
   * Graceful shutdown (wire it to SIGTERM): stops claiming and sweeping, waits for running
   * deliveries up to `deadlineMs` (real ms, default `shutdownDeadlineMs`), then aborts and
   * releases (`Store.release`) the rest, so another worker takes them over at once with
   * their recorded outcomes: nothing lost, nothing applied twice. Safe to call repeatedly.
   */
  stop(deadlineMs?: number): Promise<{ released: number }> {
    this.#stopping ??= (async () => {
      this.#abort ??= new AbortController();
      this.#abort.abort();
      const released = await this.#delivery.stop(
        deadlineMs ?? this.#o.shutdownDeadlineMs ?? 30_000,
      );
      await Promise.allSettled(this.#loops);
      this.#logger.info({ workerId: this.workerId, ...released }, 'worker stopped');
      return released;
    })();
    return this.#stopping;
  }

  /**
   * One pass (the CLI's `sync`): one sweep per listed module and one poll pass; with `since`,
   * also a reconcile pass over runs created since then (re-collects terminal runs whose
   * delivery is missing or whose plan changed); then one delivery drain (claim and apply
   * until nothing is due; retries scheduled later are not waited for). A bare function is
   * taken as `onProgress`.
   * @throws listing errors of a sweep
   */
  async runOnce(
    optionsOrProgress: RunOnceOptions | ((progress: WorkerProgress) => void) = {},
  ): Promise<RunOnceResult> {
    const options: RunOnceOptions =
      typeof optionsOrProgress === 'function'
        ? { onProgress: optionsOrProgress }
        : optionsOrProgress;
    const { onProgress } = options;
    this.#progress = onProgress;
    try {
      const sweeps: SweepResult[] = [];
      for (const collector of this.#collectors) {
        const sweep = await collector.sweep();
        sweeps.push(sweep);
        onProgress?.({ phase: 'collect', sweep });
      }
      const poll = await this.#poller.pass();
      onProgress?.({ phase: 'poll', pass: poll });
      const events =
        this.#o.events?.enabled !== false ? await this.#events.pass() : { processed: 0, failed: 0 };
      let reconcile: ReconcilePassResult | undefined;
      if (options.since !== undefined) {
        const since = options.since instanceof Date ? options.since.getTime() : options.since;
        reconcile = await this.#reconcile.run(since);
        onProgress?.({ phase: 'reconcile', result: reconcile });
      }
      const deliveries = await this.#delivery.drain();
      return { sweeps, poll, events, ...(reconcile ? { reconcile } : {}), deliveries };
    } finally {
      this.#progress = undefined;
    }
  }

  /** One reconcile pass now over runs created since `sinceMs` (default the configured window). */
  reconcileNow(sinceMs?: number): Promise<ReconcilePassResult> {
    return this.#reconcile.run(sinceMs);
  }

  /**
   * Makes the running delivery loop claim now instead of at its next idle poll
   * (`delivery.idlePollMs`). The worker calls it itself when its collectors, poller, ATS
   * event recovery or reconcile pass enqueued deliveries; call it when something else in
   * this process enqueues. Deliveries other processes enqueue are found by the idle poll.
   */
  wake(): void {
    this.#delivery.wake();
  }

  /** One delivery drain (claim and apply until nothing is due). */
  deliverDue(): Promise<DeliverySummary> {
    return this.#delivery.drain();
  }

  async #loop(
    name: string,
    signal: AbortSignal,
    errorBackoffMs: number,
    step: () => Promise<number>,
  ): Promise<void> {
    while (!signal.aborted) {
      let delay: number;
      try {
        delay = await step();
      } catch (error) {
        this.#logger.warn({ err: describeError(error), loop: name }, 'worker loop step failed');
        delay = errorBackoffMs;
      }
      if (signal.aborted) break;
      await this.#sleep(delay, signal);
    }
  }

  async #deliveryLoop(signal: AbortSignal): Promise<void> {
    const idle = this.#o.delivery?.idlePollMs ?? 1_000;
    while (!signal.aborted) {
      try {
        await this.#delivery.claim();
      } catch (error) {
        this.#logger.warn({ err: describeError(error) }, 'claiming deliveries failed');
      }
      if (signal.aborted) break;
      const wait = new AbortController();
      const onAbort = () => wait.abort();
      signal.addEventListener('abort', onAbort, { once: true });
      await Promise.race([this.#delivery.settled(), this.#sleep(idle, wait.signal)]);
      wait.abort();
      signal.removeEventListener('abort', onAbort);
    }
  }
}
