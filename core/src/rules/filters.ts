import type { Liquid } from 'liquidjs';
import { CEFR_LEVELS } from '../model/assessment';

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return Number(value);
  }
  return undefined;
}

/**
 * Filters for notes and fields, on top of Liquid's standard ones (`round`, `date`,
 * `default`, `upcase`, …). Every filter returns `''` for a missing value (`nil`), so a
 * partial result renders empty rather than `NaN`.
 *
 * - `percent` — a 0–100 number as text with a `%` sign: `{{ 87.4 | percent }}` → `87%`;
 *   `{{ 87.45 | percent: 1 }}` → `87.5%` (digits after the point, default 0).
 * - `fixed` — fixed decimals: `{{ 4.2 | fixed: 2 }}` → `4.20` (default 1).
 * - `out_of` — a score with its scale: `{{ assessment.score | out_of: assessment.maxScore }}`
 *   → `4.2/5` (one decimal at most).
 * - `cefr_rank` — CEFR level as a number A1 = 1 … C2 = 6 (0 when missing), for
 *   comparisons: `assessment.cefr | cefr_rank` (plain `assessment.cefr >= "B2"` also works,
 *   because the level names sort in order).
 * - `yes_no` — `true` → `Yes`, `false` → `No`.
 */
export function registerNoteFilters(liquid: Liquid): void {
  liquid.registerFilter('percent', (value: unknown, digits: unknown = 0) => {
    const n = toNumber(value);
    const d = toNumber(digits) ?? 0;
    return n === undefined ? '' : `${n.toFixed(Math.max(0, Math.min(4, d)))}%`;
  });
  liquid.registerFilter('fixed', (value: unknown, digits: unknown = 1) => {
    const n = toNumber(value);
    const d = toNumber(digits) ?? 1;
    return n === undefined ? '' : n.toFixed(Math.max(0, Math.min(6, d)));
  });
  liquid.registerFilter('out_of', (value: unknown, max: unknown) => {
    const n = toNumber(value);
    const m = toNumber(max);
    if (n === undefined) return '';
    const text = String(Math.round(n * 10) / 10);
    return m === undefined ? text : `${text}/${m}`;
  });
  liquid.registerFilter('cefr_rank', (value: unknown) => {
    const i = CEFR_LEVELS.indexOf(value as (typeof CEFR_LEVELS)[number]);
    return i + 1;
  });
  liquid.registerFilter('yes_no', (value: unknown) =>
    value === true ? 'Yes' : value === false ? 'No' : '',
  );
}
