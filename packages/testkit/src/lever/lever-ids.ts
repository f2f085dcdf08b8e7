import { seededHex } from '../sandbox/seeded';

/**
 * Deterministic UUID-shaped ids (Lever ids are UUIDs, lever-api.md §3.1): the n-th id of a
 * kind is the same for the same seed on every run.
 */
export class LeverIdSource {
  private readonly counters = new Map<string, number>();
  constructor(private readonly seed: string | number) {}

  next(kind: string): string {
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    const hex = seededHex(this.seed, 32, 'lever', kind, n);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}
