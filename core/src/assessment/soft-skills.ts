import type { SoftSkillsDimension, SoftSkillsScoreResult } from '@zenhire-connect/zenhire-client';
import type { Assessment } from '../model/assessment';
import type { ObservedRun } from '../model/run';
import { bodyOf, emptyAssessment, numberOrNull, runError, textOrNull } from './base-assessment';
import { fraudSignals } from './fraud-signals';
import { productStatus, SCORE_100_MAX, score100Dimension, settleStatus } from './score-100';

/** The four dimensions of the soft-skills product page, in its order (zenhire-api.md §12). */
const KNOWN_DIMENSIONS: readonly string[] = [
  'communication',
  'clarity',
  'composure',
  'empathy_signal',
] satisfies readonly SoftSkillsDimension[];

/**
 * Normalises a soft-skills score (product page only, zenhire-api.md §12: `role_benchmark`,
 * `overall_score`, `dimensions{communication, clarity, composure, empathy_signal}` 0–100,
 * `benchmark_percentile`, `fraud_signals`) into an Assessment.
 *
 * - `score` = `overall_score` (0–100, `maxScore` 100, `percent` = score).
 * - Dimensions: the four known ones in page order (present or not), then any other numeric
 *   dimension ZenHire sends. A `null` value or a key in `low_confidence_dimensions` is a
 *   low-confidence axis (reason `dimension_low_confidence:<key>`); `low_confidence: true`
 *   adds `zenhire_low_confidence`. Any low confidence → status `low_confidence`.
 * - `benchmarkPercentile` = `benchmark_percentile` (0–100); `fraudDetected` from `fraud_signals`.
 * - `status` from ZenHire's `status` when sent (its name is [inferred]); `failed` carries
 *   `error` (`RUN_FAILED` unless ZenHire sent one).
 */
export function normaliseSoftSkills(run: ObservedRun): Assessment {
  const body = bodyOf<SoftSkillsScoreResult & Record<string, unknown>>(run);
  const out = emptyAssessment(run, SCORE_100_MAX);
  out.startedAt = run.createdAt ?? null;
  out.completedAt = textOrNull(body.completed_at);
  const status = productStatus(body.status) ?? productStatus(run.status);
  if (status === 'failed') {
    out.status = 'failed';
    out.error = runError(body.error, {
      code: 'RUN_FAILED',
      message: 'ZenHire reported the soft-skills score as failed',
    });
    return out;
  }
  const dims = (body.dimensions ?? {}) as Record<string, unknown>;
  const lowKeys = new Set(body.low_confidence_dimensions ?? []);
  const extra = Object.keys(dims).filter(
    (key) =>
      !KNOWN_DIMENSIONS.includes(key) && (typeof dims[key] === 'number' || dims[key] === null),
  );
  out.dimensions = [...KNOWN_DIMENSIONS, ...extra].map((key) =>
    score100Dimension(key, dims[key], lowKeys),
  );
  out.score = numberOrNull(body.overall_score);
  out.percent = out.score;
  out.benchmarkPercentile = numberOrNull(body.benchmark_percentile);
  out.fraudSignals = fraudSignals(body.fraud_signals);
  out.recommendation = textOrNull(body.recommendation);
  settleStatus(out, status, body.low_confidence === true);
  return out;
}
