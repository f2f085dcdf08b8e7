import type { Assessment, AssessmentDimension, AssessmentStatus } from '../model/assessment';
import { numberOrNull } from './base-assessment';
import { dimensionLabel } from './dimension-label';

/** Top of the AI interview / soft-skills scale (product pages, zenhire-api.md §12). */
export const SCORE_100_MAX = 100;

/**
 * One 0–100 dimension (`max` 100, `percent` = `value`). A `null` value, or a key listed in
 * `lowConfidenceKeys`, is a low-confidence axis: the soft-skills page says a dimension too
 * short to judge "carries a low-confidence flag on that axis" instead of a number (§12).
 */
export function score100Dimension(
  key: string,
  raw: unknown,
  lowConfidenceKeys: ReadonlySet<string>,
): AssessmentDimension {
  const value = numberOrNull(raw);
  return {
    key,
    label: dimensionLabel(key),
    value,
    max: SCORE_100_MAX,
    percent: value,
    cefr: null,
    lowConfidence: value === null || lowConfidenceKeys.has(key),
    evidence: null,
  };
}

/**
 * Product-page status words (`completed`, `partial`, `low_confidence`/`low-confidence`,
 * `failed`; §12) → AssessmentStatus; `undefined` for other or missing values.
 */
export function productStatus(status: unknown): AssessmentStatus | undefined {
  if (typeof status !== 'string') return undefined;
  switch (status.toLowerCase().replace('-', '_')) {
    case 'completed':
    case 'complete':
    case 'success':
      return 'complete';
    case 'partial':
      return 'partial';
    case 'low_confidence':
      return 'low_confidence';
    case 'failed':
    case 'error':
      return 'failed';
    default:
      return undefined;
  }
}

/**
 * Fills `lowConfidence`, `lowConfidenceReasons` and `status` of a 0–100 assessment from its
 * dimensions and ZenHire's own status/flag. Reasons: `dimension_low_confidence:<key>` per
 * low-confidence axis, `zenhire_low_confidence` when ZenHire's status or flag says so.
 * Status precedence: ZenHire's `failed`/`partial` win; else `low_confidence` when any reason
 * exists; else `complete`.
 */
export function settleStatus(
  out: Assessment,
  zenhireStatus: AssessmentStatus | undefined,
  zenhireLowConfidence: boolean,
): void {
  const reasons = out.dimensions
    .filter((d) => d.lowConfidence)
    .map((d) => `dimension_low_confidence:${d.key}`);
  if (zenhireLowConfidence || zenhireStatus === 'low_confidence') {
    reasons.unshift('zenhire_low_confidence');
  }
  out.lowConfidenceReasons = reasons;
  out.lowConfidence = reasons.length > 0;
  out.fraudDetected = out.fraudSignals.some((s) => s.detected);
  if (zenhireStatus === 'failed' || zenhireStatus === 'partial') out.status = zenhireStatus;
  else out.status = out.lowConfidence ? 'low_confidence' : 'complete';
}
