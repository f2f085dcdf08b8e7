import type { Clock } from '@zenhire-connect/core';

/** Timers of {@link RollingWindowLimiter} (injected in tests; default real, unref'd timers). */
export interface LimiterTimers {
  /** Calls `fn` after `ms` milliseconds; returns a handle for {@link clear}. */
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: LimiterTimers = {
  set(fn, ms) {
    const timer = setTimeout(fn, Math.max(0, ms));
    // A waiting limiter alone does not keep the process alive.
    timer.unref?.();
    return timer;
  },
  clear(handle) {
    clearTimeout(handle as NodeJS.Timeout);
  },
};

/** Options of {@link RollingWindowLimiter}. */
export interface RollingWindowLimiterOptions {
  /** Requests allowed per rolling window (until `setLimit` changes it). */
  limit: number;
  /** Length of the rolling window in milliseconds (on `clock`). */
  windowMs: number;
  /** Requests in flight at once. */
  maxConcurrent: number;
  clock: Clock;
  timers?: LimiterTimers;
}

/** One taken slot: call {@link done} once the response (or the failure) has arrived. */
export interface LimiterSlot {
  /** When the request was let go (clock ms). */
  readonly sentAt: number;
  /** Stamps the slot with the current time; it then counts for one window. Idempotent. */
  done(): void;
}

/**
 * Client-side sliding log of a vendor's ROLLING rate-limit window (Greenhouse:
 * `X-RateLimit-Limit` requests per window, greenhouse-api.md §2.2 [3P; NOT CONFIRMED]).
 *
 * - A request takes a slot when it is let go; while in flight it counts as taken.
 * - When its response arrives the slot is stamped with that time and counts until
 *   `stamp + windowMs`. The response time is an upper bound of when the vendor counted the
 *   request (somewhere between send and response), so a slot never frees here before it
 *   frees at the vendor: no 429s from our own traffic, at the price of one response time per
 *   request (stamping at send could free a slot a network delay too early).
 * - A request waits (FIFO) until fewer than `limit` slots are taken and fewer than
 *   `maxConcurrent` are in flight; a timer wakes the queue when the oldest stamp expires.
 * - {@link observeRemaining} (`X-RateLimit-Remaining`) only tightens: when the vendor counts
 *   more than this client can have sent, the difference (another process on the same
 *   credential) is added as slots stamped now. It never frees a slot: the header is stale by
 *   the requests in flight.
 * - {@link pause} (a 429's `Retry-After`) holds every request until it resolves; then one
 *   request may go whatever the log says (the vendor said a retry is welcome then).
 *
 * No library fit (checked 2026-11): bottleneck refills a reservoir on a fixed schedule;
 * rate-limiter-flexible (fixed windows), limiter (token bucket) and p-throttle (sliding, but
 * ESM-only) count a request when it starts, with no in-flight accounting; the sliding window
 * of \@tanstack/pacer (0.x) also counts at start and rejects instead of queueing.
 */
export class RollingWindowLimiter {
  readonly #clock: Clock;
  readonly #timers: LimiterTimers;
  readonly #windowMs: number;
  readonly #maxConcurrent: number;
  #limit: number;
  /**
   * Stamps (clock ms) of finished slots and of slots added by `observeRemaining`, oldest
   * first; kept a little past the window for `observeRemaining`.
   */
  #stamps: number[] = [];
  /** `sentAt` of the slots in flight. */
  readonly #inFlight = new Set<{ sentAt: number }>();
  readonly #waiting: ((slot: LimiterSlot) => void)[] = [];
  #pauses = 0;
  /** Requests allowed regardless of the log (after a pause). */
  #grants = 0;
  #timer: { handle: unknown; at: number } | undefined;

  constructor(options: RollingWindowLimiterOptions) {
    this.#clock = options.clock;
    this.#timers = options.timers ?? realTimers;
    this.#windowMs = options.windowMs;
    this.#maxConcurrent = options.maxConcurrent;
    this.#limit = options.limit;
  }

  /** Requests per window currently enforced. */
  get limit(): number {
    return this.#limit;
  }

  /** Requests in flight. */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Requests waiting for a slot. */
  get queued(): number {
    return this.#waiting.length;
  }

  /** Slots free now: `limit` − (stamps younger than the window + requests in flight), ≥ 0. */
  available(): number {
    return Math.max(0, this.#limit - this.#taken(this.#clock.now()));
  }

  /** Sets the requests per window (e.g. from `X-RateLimit-Limit`); a positive integer. */
  setLimit(limit: number): void {
    if (!Number.isInteger(limit) || limit <= 0 || limit === this.#limit) return;
    this.#limit = limit;
    this.#pump();
  }

  /** Waits for a slot (FIFO). The caller must call `done()` on it once the request ended. */
  acquire(): Promise<LimiterSlot> {
    return new Promise<LimiterSlot>((resolve) => {
      this.#waiting.push(resolve);
      this.#pump();
    });
  }

  /** Runs `task` in a slot, stamping it when the task settles; resolves / rejects as `task`. */
  async schedule<T>(task: () => Promise<T>): Promise<T> {
    const slot = await this.acquire();
    try {
      return await task();
    } finally {
      slot.done();
    }
  }

  /**
   * Takes the vendor's count into account: `remaining` (`X-RateLimit-Remaining`) in the
   * response to a request sent at `sentAt` means the vendor counted `limit − remaining`
   * requests in its window at some moment between `sentAt` and now. This client can have
   * contributed at most its slots stamped after `sentAt − windowMs` plus those in flight;
   * anything above that is added as slots stamped now. Never frees a slot.
   */
  observeRemaining(remaining: number, sentAt: number): void {
    if (!Number.isInteger(remaining) || remaining < 0) return;
    const now = this.#clock.now();
    const used = this.#limit - Math.min(remaining, this.#limit);
    const ours =
      this.#stamps.filter((at) => at > sentAt - this.#windowMs).length + this.#inFlight.size;
    for (let extra = used - ours; extra > 0; extra--) this.#insert(now);
  }

  /**
   * Holds every request not yet let go until `until` settles (a 429's `Retry-After`); then
   * one request may go even if the log says the window is full.
   */
  pause(until: Promise<unknown>): void {
    this.#pauses += 1;
    void until
      .catch(() => undefined)
      .then(() => {
        this.#pauses -= 1;
        if (this.#pauses === 0) this.#grants = Math.max(this.#grants, 1);
        this.#pump();
      });
  }

  /** Cancels the wake-up timer; requests already waiting go when a slot frees or a pause ends. */
  close(): void {
    if (this.#timer) this.#timers.clear(this.#timer.handle);
    this.#timer = undefined;
  }

  #taken(now: number): number {
    const from = now - this.#windowMs;
    let counting = 0;
    for (let i = this.#stamps.length - 1; i >= 0 && this.#stamps[i] > from; i--) counting++;
    return counting + this.#inFlight.size;
  }

  #insert(at: number): void {
    let i = this.#stamps.length;
    while (i > 0 && this.#stamps[i - 1] > at) i--;
    this.#stamps.splice(i, 0, at);
  }

  /** Drops stamps no `observeRemaining` of a request still in flight can need. */
  #prune(now: number): void {
    let oldestSent = now;
    for (const slot of this.#inFlight) oldestSent = Math.min(oldestSent, slot.sentAt);
    const keepAfter = Math.min(now, oldestSent) - 2 * this.#windowMs;
    let drop = 0;
    while (drop < this.#stamps.length && this.#stamps[drop] <= keepAfter) drop++;
    if (drop > 0) this.#stamps.splice(0, drop);
  }

  #release(entry: { sentAt: number }): void {
    if (!this.#inFlight.delete(entry)) return;
    this.#insert(this.#clock.now());
    this.#pump();
  }

  #pump(): void {
    const now = this.#clock.now();
    this.#prune(now);
    while (
      this.#waiting.length > 0 &&
      this.#pauses === 0 &&
      this.#inFlight.size < this.#maxConcurrent
    ) {
      if (this.#grants > 0) this.#grants -= 1;
      else if (this.#taken(now) >= this.#limit) break;
      const entry = { sentAt: now };
      this.#inFlight.add(entry);
      const resolve = this.#waiting.shift()!;
      resolve({ sentAt: now, done: () => this.#release(entry) });
    }
    this.#arm(now);
  }

  /** Sets the timer for the moment the next waiting request can go by the log alone. */
  #arm(now: number): void {
    let at: number | undefined;
    if (
      this.#waiting.length > 0 &&
      this.#pauses === 0 &&
      this.#inFlight.size < this.#maxConcurrent
    ) {
      // Taken ≥ limit: the (taken − limit + 1)-th oldest counting stamp must expire.
      const from = now - this.#windowMs;
      const counting = this.#stamps.filter((stamp) => stamp > from);
      const index = this.#taken(now) - this.#limit;
      if (index >= 0 && index < counting.length) at = counting[index] + this.#windowMs;
    }
    if (this.#timer && this.#timer.at === at) return;
    if (this.#timer) this.#timers.clear(this.#timer.handle);
    this.#timer = undefined;
    if (at === undefined) return;
    const handle = this.#timers.set(
      () => {
        this.#timer = undefined;
        this.#pump();
      },
      Math.max(0, at - now),
    );
    this.#timer = { handle, at };
  }
}
