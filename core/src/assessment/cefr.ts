import { CEFR_LEVELS, type CefrLevel } from '../model/assessment';

const LEVELS: ReadonlySet<string> = new Set(CEFR_LEVELS);

/**
 * A CEFR level from ZenHire text (`A1`–`C2`, zenhire-api.md §5.5), upper-cased and trimmed;
 * `null` for anything else (missing, empty, or a value outside the six levels).
 */
export function cefrLevel(value: unknown): CefrLevel | null {
  if (typeof value !== 'string') return null;
  if (LEVELS.has(value)) return value as CefrLevel; // as ZenHire writes it: no copy
  const level = value.trim().toUpperCase();
  return LEVELS.has(level) ? (level as CefrLevel) : null;
}
