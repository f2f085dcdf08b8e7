/**
 * Runs the vendors' documented durations faster without changing their proportions.
 *
 * `scale` is the number of real milliseconds one documented millisecond takes:
 * `1` = real time, `0.001` = one documented second passes in one real millisecond.
 * Every rule of a sandbox (poll minimum of 10 s, rate-limit windows, processing time of a
 * speech run) is written in documented units and converted here, so a sandbox at
 * `scale: 0.001` rejects a poll after 5 ms exactly as the real API rejects one after 5 s.
 */
export class TimeScale {
  private readonly startReal: number;
  private readonly startVirtual: number;

  constructor(
    readonly scale = 1,
    private readonly realNow: () => number = Date.now,
    startVirtualMs?: number,
  ) {
    if (!(scale > 0)) throw new RangeError(`time scale must be > 0, got ${scale}`);
    this.startReal = realNow();
    this.startVirtual = startVirtualMs ?? this.startReal;
  }

  /** Current documented ("virtual") time in epoch milliseconds. */
  now(): number {
    return this.startVirtual + (this.realNow() - this.startReal) / this.scale;
  }

  /** Current documented time as a Date. */
  date(): Date {
    return new Date(this.now());
  }

  /** Real milliseconds that `documentedMs` of vendor time take at this scale. */
  toRealMs(documentedMs: number): number {
    return documentedMs * this.scale;
  }

  /** Documented seconds for a header such as `Retry-After` (whole seconds, at least 1). */
  retryAfterSeconds(documentedMs: number): number {
    return Math.max(1, Math.ceil(documentedMs / 1000));
  }
}
