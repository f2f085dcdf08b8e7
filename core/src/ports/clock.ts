/** Time source for use-cases (injected so tests control it). */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const Clock = Symbol('Clock');

export const systemClock: Clock = { now: () => Date.now() };
