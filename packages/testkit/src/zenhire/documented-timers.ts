/**
 * Callbacks due at a documented ("virtual") time. Each one fires by itself through a real
 * timer scaled by the time scale, or earlier when {@link runDue} is called after the
 * sandbox's clock was moved with `advanceTime`. A delay beyond `setTimeout`'s range (a
 * frozen time scale) arms no real timer: the callback then waits for `runDue`.
 */
export class DocumentedTimers {
  private readonly pending = new Set<{ at: number; fn: () => void; timer?: NodeJS.Timeout }>();

  constructor(
    /** Documented epoch ms now. */
    private readonly now: () => number,
    /** Real ms that documented ms take. */
    private readonly toRealMs: (documentedMs: number) => number,
  ) {}

  /**
   * Runs `fn` once documented time reaches `atMs`. Returns the real ms until a real timer
   * fires it, or `undefined` when none was armed (it then waits for `runDue`).
   */
  schedule(atMs: number, fn: () => void): number | undefined {
    const entry: { at: number; fn: () => void; timer?: NodeJS.Timeout } = { at: atMs, fn };
    this.pending.add(entry);
    return this.arm(entry);
  }

  /** Runs every callback whose time has come, earliest first. */
  runDue(): void {
    const now = this.now();
    const due = [...this.pending].filter((e) => e.at <= now).sort((a, b) => a.at - b.at);
    for (const entry of due) this.fire(entry);
  }

  /** Cancels everything (used by `stop()`). */
  clear(): void {
    for (const e of this.pending) if (e.timer) clearTimeout(e.timer);
    this.pending.clear();
  }

  private arm(entry: { at: number; fn: () => void; timer?: NodeJS.Timeout }): number | undefined {
    // +1 real ms so the clock has reached `at` when the timer fires despite rounding.
    const delay = Math.ceil(this.toRealMs(Math.max(0, entry.at - this.now()))) + 1;
    if (delay > 0x7fffffff) return undefined;
    entry.timer = setTimeout(() => {
      if (!this.pending.has(entry)) return;
      if (this.now() < entry.at) this.arm(entry);
      else this.fire(entry);
    }, delay);
    entry.timer.unref();
    return delay;
  }

  private fire(entry: { at: number; fn: () => void; timer?: NodeJS.Timeout }): void {
    if (!this.pending.delete(entry)) return;
    if (entry.timer) clearTimeout(entry.timer);
    entry.fn();
  }
}
