import type { FraudSignal } from '../model/assessment';

/**
 * Fraud flags as the product pages show them (`{multiple_speakers: false, reading_detected:
 * true}`, zenhire-api.md §12) → `FraudSignal[]`, sorted by key. A flag counts as detected
 * when it is `true`, a number > 0, or one of the strings `true`/`yes`/`detected` (any case);
 * the page shows booleans only, the other forms are accepted so a changed shape does not
 * hide a signal. Anything but an object (missing, `null`, a list) gives no signals.
 */
export function fraudSignals(flags: unknown): FraudSignal[] {
  if (flags === null || typeof flags !== 'object' || Array.isArray(flags)) return [];
  return Object.entries(flags)
    .map(([key, value]) => ({ key, detected: isDetected(value) }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

function isDetected(value: unknown): boolean {
  if (value === true) return true;
  if (typeof value === 'number') return value > 0;
  if (typeof value === 'string') return ['true', 'yes', 'detected'].includes(value.toLowerCase());
  return false;
}
