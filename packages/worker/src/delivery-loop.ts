import Bottleneck from 'bottleneck';
import {
  terminalAtOf,
  type Clock,
  type Delivery,
  type DeliverOneResult,
  type Store,
  type UseCases,
} from '@zenhire-connect/core';
import type { Metrics } from './metrics';
import { describeError, noopLogger, type WorkerLogger } from './worker-logger';

/** Options of {@link DeliveryLoop} (durations in ms). */
export interface DeliveryLoopOptions {
  store: Pick<Store, 'claimDue' | 'release' | 'getRun'>;
  useCases: Pick<UseCases, 'deliverOne'>;
  clock: Clock;
  /** Lease holder name written to the store (unique per process). */
  workerId: string;
  metrics?: Metrics;
  logger?: WorkerLogger;
  /** Deliveries held (claimed) at once by this process. Default 16. */
  maxInFlight?: number;
  /** Deliveries applied at once per connector instance. Default 4. */
  perConnector?: number;
  /**
   * Lease of a claimed delivery. Leases are not renewed, so this must exceed the longest
   * delivery: queueing behind `perConnector` plus the connector's calls, each bounded by its
   * request timeout and the rate limiter's wait. Default 300,000 (5 min); a crashed worker's
   * deliveries are claimed again by another worker after at most this long.
   */
  leaseMs?: number;
  /** Called after each attempt (progress of `sync`). */
  onResult?: (delivery: Delivery, result: DeliverOneResult) => void;
}

/** Counts of {@link DeliveryLoop.drain}. */
export interface DeliverySummary {
  claimed: number;
  succeeded: number;
  retryScheduled: number;
  dead: number;
  leaseLost: number;
  errors: number;
}

interface Task {
  delivery: Delivery;
  controller: AbortController;
  started: boolean;
  cancelled: boolean;
  settled: boolean;
  promise?: Promise<void>;
}

function emptySummary(): DeliverySummary {
  return { claimed: 0, succeeded: 0, retryScheduled: 0, dead: 0, leaseLost: 0, errors: 0 };
}

/**
 * Deliver (DESIGN.md flow 4): claims due deliveries from the store
 * (`claimDue(workerId, free slots, leaseMs)`) and applies each through core's `deliverOne`,
 * which records outcomes after every operation, completes, schedules a retry (backoff with
 * jitter, never sooner than `Retry-After`) or dead-letters. At most `maxInFlight` deliveries
 * are held and at most `perConnector` run at once per connector instance (bottleneck); the
 * per-credential rate limit is the connector's own. It only claims what it can start, so
 * nothing waits long under a lease.
 *
 * `stop(deadlineMs)` stops claiming, gives back (`release`) deliveries not started yet, waits
 * for the running ones until the deadline, then aborts (`AbortSignal` passed to the
 * connector) and releases what is still running. A released delivery keeps its recorded
 * outcomes, so the next worker does not repeat an operation already applied.
 */
export class DeliveryLoop {
  readonly #o: DeliveryLoopOptions;
  readonly #logger: WorkerLogger;
  readonly #tasks = new Map<string, Task>();
  readonly #limiters = new Map<string, Bottleneck>();
  #summary = emptySummary();
  #stopping = false;
  #wake: (() => void) | undefined;
  #wakePromise: Promise<void> | undefined;
  /** {@link wake} was called while nobody waited on {@link settled}. */
  #woken = false;

  constructor(options: DeliveryLoopOptions) {
    this.#o = options;
    this.#logger = options.logger ?? noopLogger;
  }

  /** Deliveries claimed and not finished. */
  get inFlight(): number {
    return this.#tasks.size;
  }

  /** Claims up to the free slots and starts them; returns how many were claimed. */
  async claim(): Promise<number> {
    const free = (this.#o.maxInFlight ?? 16) - this.#tasks.size;
    if (this.#stopping || free <= 0) return 0;
    const { store, clock, workerId } = this.#o;
    const claimed = await store.claimDue(workerId, free, this.#o.leaseMs ?? 300_000, clock.now());
    if (this.#stopping) {
      // stop() began while claiming: give them back at once.
      await Promise.all(claimed.map((d) => this.#release(d)));
      return 0;
    }
    let launched = 0;
    for (const delivery of claimed) {
      // Our own lease expired while the attempt still runs and claimDue gave it back to us:
      // the claim renewed the lease; never start a second attempt beside the first.
      if (this.#tasks.has(delivery.id)) continue;
      this.#launch(delivery);
      launched += 1;
    }
    this.#summary.claimed += launched;
    return launched;
  }

  /**
   * Claims and applies until nothing is due and nothing is in flight (one pass of `sync` /
   * `runOnce`). Deliveries whose retry is scheduled later are not waited for.
   */
  async drain(): Promise<DeliverySummary> {
    const before = { ...this.#summary };
    for (;;) {
      const claimed = await this.claim();
      if (this.#tasks.size === 0 && claimed === 0) break;
      if (this.#stopping && this.#tasks.size === 0) break;
      await this.#nextSettled();
    }
    const after = this.#summary;
    return {
      claimed: after.claimed - before.claimed,
      succeeded: after.succeeded - before.succeeded,
      retryScheduled: after.retryScheduled - before.retryScheduled,
      dead: after.dead - before.dead,
      leaseLost: after.leaseLost - before.leaseLost,
      errors: after.errors - before.errors,
    };
  }

  /**
   * Resolves when a running delivery finishes, {@link wake} is called or {@link stop} begins
   * (the loop's wake-up). Resolves at once when `wake` was called since the last wake-up
   * (e.g. while the loop was claiming), so no wake is lost.
   */
  settled(): Promise<void> {
    if (this.#woken) {
      this.#woken = false;
      return Promise.resolve();
    }
    this.#wakePromise ??= new Promise<void>((resolve) => {
      this.#wake = () => {
        this.#wake = undefined;
        this.#wakePromise = undefined;
        resolve();
      };
    });
    return this.#wakePromise;
  }

  /**
   * Deliveries were just enqueued in this process (a collector recorded a terminal run, an
   * ATS event was processed): wakes the loop waiting on {@link settled} so it claims now
   * instead of at its next idle poll. Deliveries enqueued by other processes are still found
   * by the idle poll.
   */
  wake(): void {
    if (this.#wake) this.#wake();
    else this.#woken = true;
  }

  /**
   * Stops claiming; releases deliveries not started; waits for running ones up to
   * `deadlineMs` (real ms), then aborts and releases the rest. Returns how many were released.
   */
  async stop(deadlineMs: number): Promise<{ released: number }> {
    this.#stopping = true;
    this.#wake?.();
    let released = 0;
    const pending: Promise<void>[] = [];
    for (const task of this.#tasks.values()) {
      if (!task.started && !task.cancelled) {
        task.cancelled = true;
        released += 1;
        pending.push(this.#release(task.delivery));
      }
    }
    await Promise.all(pending);
    const running = [...this.#tasks.values()].filter((t) => t.started && !t.settled);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), deadlineMs);
    });
    await Promise.race([Promise.all(running.map((t) => t.promise)), deadline]);
    clearTimeout(timer);
    const late = running.filter((t) => !t.settled);
    for (const task of late) task.controller.abort(new Error('worker stopping'));
    await Promise.all(late.map((t) => this.#release(t.delivery)));
    released += late.length;
    for (const limiter of this.#limiters.values()) await limiter.disconnect();
    return { released };
  }

  #limiter(connector: string): Bottleneck {
    let limiter = this.#limiters.get(connector);
    if (!limiter) {
      limiter = new Bottleneck({ maxConcurrent: this.#o.perConnector ?? 4 });
      this.#limiters.set(connector, limiter);
    }
    return limiter;
  }

  #launch(delivery: Delivery): void {
    const task: Task = {
      delivery,
      controller: new AbortController(),
      started: false,
      cancelled: false,
      settled: false,
    };
    this.#tasks.set(delivery.id, task);
    task.promise = this.#limiter(delivery.plan.connector)
      .schedule(() => this.#run(task))
      .catch((error: unknown) => {
        this.#summary.errors += 1;
        this.#o.metrics?.delivery('error', delivery.plan.connector);
        this.#logger.error(
          { err: describeError(error), deliveryId: delivery.id },
          'delivery attempt failed with a store error; the lease will expire and it is claimed again',
        );
      })
      .finally(() => {
        task.settled = true;
        this.#tasks.delete(delivery.id);
        this.#wake?.();
      });
  }

  async #run(task: Task): Promise<void> {
    if (task.cancelled) return;
    task.started = true;
    const { delivery } = task;
    const connector = delivery.plan.connector;
    const result = await this.#o.useCases.deliverOne(
      delivery,
      this.#o.workerId,
      task.controller.signal,
    );
    this.#o.metrics?.delivery(result.status, connector);
    switch (result.status) {
      case 'succeeded':
        this.#summary.succeeded += 1;
        await this.#observeLatency(delivery);
        break;
      case 'retry_scheduled':
        this.#summary.retryScheduled += 1;
        break;
      case 'dead':
        this.#summary.dead += 1;
        this.#logger.warn(
          { deliveryId: delivery.id, connector, error: result.error },
          'delivery dead-lettered',
        );
        break;
      case 'lease_lost':
        this.#summary.leaseLost += 1;
        break;
    }
    this.#o.onResult?.(delivery, result);
  }

  async #observeLatency(delivery: Delivery): Promise<void> {
    const metrics = this.#o.metrics;
    if (!metrics) return;
    try {
      const run = await this.#o.store.getRun(delivery.plan.runId);
      const from = terminalAtOf(run?.body) ?? delivery.createdAt;
      metrics.endToEndLatency(delivery.plan.connector, this.#o.clock.now() - from);
    } catch (error) {
      this.#logger.debug({ err: describeError(error) }, 'latency lookup failed');
    }
  }

  async #release(delivery: Delivery): Promise<void> {
    try {
      await this.#o.store.release(delivery.id, this.#o.workerId, this.#o.clock.now());
      this.#o.metrics?.delivery('released', delivery.plan.connector);
    } catch (error) {
      // Finished (or taken over) in the meantime: nothing to give back.
      this.#logger.debug({ err: describeError(error), deliveryId: delivery.id }, 'release skipped');
    }
  }

  #nextSettled(): Promise<void> {
    const promises = [...this.#tasks.values()].map((t) => t.promise);
    if (promises.length === 0) return Promise.resolve();
    return Promise.race(promises).then(() => undefined);
  }
}
