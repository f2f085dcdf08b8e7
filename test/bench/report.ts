/**
 * Plain-text output of the runtime benchmarks: aligned tables, percentiles, PASS/MISS
 * verdicts. Targets are reported, never asserted (figures depend on the machine).
 */

/** A printed row: label then cells (numbers are printed as given, strings as is). */
export type Row = (string | number)[];

const NUMERIC = /^-?[\d.,]+\s?%?$/;

/** Prints `rows` under `header` as an aligned plain-text table (numeric cells right-aligned). */
export function printTable(header: string[], rows: Row[]): void {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[], raw?: Row) =>
    r
      .map((cell, i) =>
        raw && NUMERIC.test(String(raw[i])) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]),
      )
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  rows.forEach((r, i) => console.log(line(cells[i + 1], r)));
}

/** `PASS` or `MISS` for a target. */
export function verdict(met: boolean): string {
  return met ? 'PASS' : 'MISS';
}

/** The `p`-th percentile (0–100, nearest rank) of `values`; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** `value` with `digits` decimals. */
export function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : String(value);
}

/** Waits `ms` real milliseconds. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `done` every `everyMs` until it holds or `timeoutMs` passes; returns whether it held. */
export async function waitUntil(
  done: () => boolean | Promise<boolean>,
  timeoutMs: number,
  everyMs = 20,
): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await done()) return true;
    if (Date.now() > end) return false;
    await delay(everyMs);
  }
}
