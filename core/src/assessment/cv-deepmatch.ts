import type { CvDeepMatchRequest } from '@zenhire-connect/zenhire-client';
import type { Assessment } from '../model/assessment';
import type { ObservedRun } from '../model/run';
import { bodyOf, emptyAssessment, numberOrNull, runError, textOrNull } from './base-assessment';
import { dimensionLabel } from './dimension-label';

/** Top of the CV DeepMatch scale: `overall_score` is a float 0–1 (zenhire-api.md §7.1). */
export const CVDM_MAX_SCORE = 1;

function percentOf(value: number | null): number | null {
  return value === null ? null : Math.round(value * 100);
}

/**
 * Normalises a terminal CV DeepMatch request (`CvDeepMatchRequest`, zenhire-api.md §7.1).
 *
 * - `finished` → `complete`: `score` = `cv2jd_result.overall_score` (0–1, `maxScore` 1),
 *   `percent` = round(score × 100).
 * - One dimension per `breakdown` entry (`workExperience`, `skills`, optionally `education`),
 *   value on 0–1 (`max` 1; the breakdown's scale is [inferred] from `overall_score`'s),
 *   `percent` = round(value × 100).
 * - `failed` → `failed` with `error{code,message}`; a `finished` request without
 *   `cv2jd_result` is `failed` with `RESULT_MISSING`.
 * - `startedAt` = `processing_started_at` (else `created_at`), `completedAt` =
 *   `processing_completed_at`.
 */
export function normaliseCvDeepMatch(run: ObservedRun): Assessment {
  const body = bodyOf<CvDeepMatchRequest>(run);
  const out = emptyAssessment(run, CVDM_MAX_SCORE);
  out.startedAt = textOrNull(body.processing_started_at) ?? textOrNull(body.created_at);
  out.completedAt = textOrNull(body.processing_completed_at);
  const result = body.cv2jd_result ?? null;
  if (body.status === 'failed' || run.status === 'failed' || !result) {
    out.status = 'failed';
    out.error =
      body.status === 'failed' || run.status === 'failed'
        ? runError(body.error, {
            code: 'RUN_FAILED',
            message: 'ZenHire reported the CV DeepMatch request as failed',
          })
        : { code: 'RESULT_MISSING', message: 'The finished request carries no cv2jd_result' };
    return out;
  }
  out.score = numberOrNull(result.overall_score);
  out.percent = percentOf(out.score);
  out.dimensions = Object.entries(result.breakdown ?? {}).map(([key, raw]) => {
    const value = numberOrNull(raw);
    return {
      key,
      label: dimensionLabel(key),
      value,
      max: CVDM_MAX_SCORE,
      percent: percentOf(value),
      cefr: null,
      lowConfidence: false,
      evidence: null,
    };
  });
  out.status =
    out.score === null || out.dimensions.some((d) => d.value === null) ? 'partial' : 'complete';
  return out;
}
