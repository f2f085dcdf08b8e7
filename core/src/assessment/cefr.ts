import { CEFR_LEVELS, type CefrLevel } from '../model/assessment';

/**
 * A CEFR level from ZenHire text (`A1`–`C2`, zenhire-api.md §5.5), upper-cased and trimmed;
 * `null` for anything else (missing, empty, or a value outside the six levels).
 */
export function cefrLevel(value: unknown): CefrLevel | null {
  if (typeof value !== 'string') return null;
  const level = value.trim().toUpperCase();
  return (CEFR_LEVELS as readonly string[]).includes(level) ? (level as CefrLevel) : null;
}
