import type { Assessment, AssessmentDimension, AssessmentStatus } from '../model/assessment';
import type { ObservedRun } from '../model/run';
import { bodyOf, emptyAssessment, numberOrNull, runError, textOrNull } from './base-assessment';
import { dimensionLabel } from './dimension-label';
import { fraudSignals } from './fraud-signals';

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

/** The fields the AI interview and soft-skills results share (product pages, §12). */
export interface Score100Body {
  status?: unknown;
  error?: unknown;
  started_at?: unknown;
  completed_at?: unknown;
  overall_score?: unknown;
  benchmark_percentile?: unknown;
  fraud_signals?: unknown;
  recommendation?: unknown;
  low_confidence?: unknown;
  low_confidence_dimensions?: unknown;
}

/**
 * The part of the AI interview and soft-skills normalisers they share (zenhire-api.md §12):
 *
 * - `startedAt` = `started_at` when sent, else the run's `createdAt`; `completedAt` =
 *   `completed_at`;
 * - status from ZenHire's `status` (else the run's); a `failed` result gets `error`
 *   (ZenHire's, else `RUN_FAILED` "ZenHire reported the <product> as failed") and nothing
 *   else;
 * - otherwise `dimensions` fills the dimensions (and anything module-specific) given the
 *   keys in `low_confidence_dimensions`; then `score` = `percent` = `overall_score` (0–100),
 *   `benchmarkPercentile`, `fraudSignals`, `recommendation`, and `settleStatus` with
 *   ZenHire's `low_confidence` flag.
 *
 * @throws AssessmentError `RUN_BODY_INVALID` when the run has no body object.
 */
export function normaliseScore100Run<B extends Score100Body>(
  run: ObservedRun,
  product: string,
  dimensions: (body: B, lowConfidenceKeys: ReadonlySet<string>, out: Assessment) => void,
): Assessment {
  const body = bodyOf<B>(run);
  const out = emptyAssessment(run, SCORE_100_MAX);
  out.startedAt = textOrNull(body.started_at) ?? run.createdAt ?? null;
  out.completedAt = textOrNull(body.completed_at);
  const status = productStatus(body.status) ?? productStatus(run.status);
  if (status === 'failed') {
    out.status = 'failed';
    out.error = runError(body.error, {
      code: 'RUN_FAILED',
      message: `ZenHire reported the ${product} as failed`,
    });
    return out;
  }
  const listed = Array.isArray(body.low_confidence_dimensions)
    ? body.low_confidence_dimensions
    : [];
  dimensions(body, new Set(listed.filter((key): key is string => typeof key === 'string')), out);
  out.score = numberOrNull(body.overall_score);
  out.percent = out.score;
  out.benchmarkPercentile = numberOrNull(body.benchmark_percentile);
  out.fraudSignals = fraudSignals(body.fraud_signals);
  out.recommendation = textOrNull(body.recommendation);
  settleStatus(out, status, body.low_confidence === true);
  return out;
}
