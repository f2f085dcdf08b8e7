import type { SoftSkillsDimension, SoftSkillsScoreResult } from '@zenhire-connect/zenhire-client';
import type { Assessment } from '../model/assessment';
import type { ObservedRun } from '../model/run';
import { normaliseScore100Run, score100Dimension } from './score-100';

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
 *
 * The opening and the overall fields are shared with the AI interview: `normaliseScore100Run`.
 */
export function normaliseSoftSkills(run: ObservedRun): Assessment {
  return normaliseScore100Run<SoftSkillsScoreResult & Record<string, unknown>>(
    run,
    'soft-skills score',
    (body, lowKeys, out) => {
      const dims = (body.dimensions ?? {}) as Record<string, unknown>;
      const extra = Object.keys(dims).filter(
        (key) =>
          !KNOWN_DIMENSIONS.includes(key) && (typeof dims[key] === 'number' || dims[key] === null),
      );
      out.dimensions = [...KNOWN_DIMENSIONS, ...extra].map((key) =>
        score100Dimension(key, dims[key], lowKeys),
      );
    },
  );
}
