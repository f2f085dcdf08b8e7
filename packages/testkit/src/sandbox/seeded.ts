import { createHash } from 'node:crypto';

/**
 * Deterministic values derived from a seed, so sandboxes give the same scores and ids
 * for the same inputs on every run (tests assert them). SHA-256 of the seed and the parts;
 * not a random number generator, so no state to carry between calls.
 */
export function seededFraction(seed: string | number, ...parts: (string | number)[]): number {
  const digest = createHash('sha256')
    .update([String(seed), ...parts.map(String)].join('\u0000'))
    .digest();
  return digest.readUInt32BE(0) / 0x1_0000_0000;
}

/** An integer in [min, max] (both inclusive) derived from the seed and parts. */
export function seededInt(
  seed: string | number,
  min: number,
  max: number,
  ...parts: (string | number)[]
): number {
  return min + Math.floor(seededFraction(seed, ...parts) * (max - min + 1));
}

/** A stable hex id of `length` characters derived from the seed and parts. */
export function seededHex(
  seed: string | number,
  length: number,
  ...parts: (string | number)[]
): string {
  return createHash('sha256')
    .update([String(seed), ...parts.map(String)].join('\u0000'))
    .digest('hex')
    .slice(0, length);
}

/**
 * A counter-based draw for fault injection: the n-th draw of a stream is always the same
 * for the same seed, so a failing test reproduces.
 */
export class SeededStream {
  private n = 0;
  constructor(
    private readonly seed: string | number,
    private readonly stream: string,
  ) {}

  next(): number {
    return seededFraction(this.seed, this.stream, this.n++);
  }
}
