import type { LimiterTimers } from '../rolling-window-limiter';

/** A manual clock with timers that fire only when the test advances it. */
export class FakeTime implements LimiterTimers {
  now = 1_000_000;
  #timers: { at: number; fn: () => void; id: number }[] = [];
  #next = 0;

  set(fn: () => void, ms: number): unknown {
    const id = this.#next++;
    this.#timers.push({ at: this.now + ms, fn, id });
    return id;
  }

  clear(handle: unknown): void {
    this.#timers = this.#timers.filter((t) => t.id !== handle);
  }

  /** Moves the clock, firing due timers in order, and lets promise callbacks run. */
  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    for (;;) {
      const due = this.#timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((t) => t !== due);
      this.now = Math.max(this.now, due.at);
      due.fn();
      await settle();
    }
    this.now = end;
    await settle();
  }
}

/** Lets pending promise callbacks run (no timers, no I/O). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

