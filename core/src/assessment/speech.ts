import type { SpeechRun } from '@zenhire-connect/zenhire-client';
import type { Assessment, AssessmentDimension } from '../model/assessment';
import type { ObservedRun } from '../model/run';
import { bodyOf, emptyAssessment, numberOrNull, runError, textOrNull } from './base-assessment';
import { cefrLevel } from './cefr';

/** Top of the speech score scale (zenhire-api.md §5.5). */
export const SPEECH_MAX_SCORE = 5;

/** Reason added to `lowConfidenceReasons` when `candidateDetection.confidence` is `low` (§5.6). */
export const CANDIDATE_DETECTION_LOW = 'candidate_detection_low';

/** The speech dimensions and the `scores` keys of each (`<key>Percent`, `<key>Cefr`, §5.5). */
const SPEECH_DIMENSIONS = [
  {
    key: 'vocabulary',
    label: 'Vocabulary',
    explainability: 'vocab',
    percentKey: 'vocabularyPercent',
    cefrKey: 'vocabularyCefr',
  },
  {
    key: 'fluency',
    label: 'Fluency',
    explainability: 'fluency',
    percentKey: 'fluencyPercent',
    cefrKey: 'fluencyCefr',
  },
  {
    key: 'accent',
    label: 'Accent',
    explainability: null,
    percentKey: 'accentPercent',
    cefrKey: 'accentCefr',
  },
] as const;

/**
 * `percent` of a speech score: ZenHire's `*Percent` twin (integer 0–100) when present; when
 * ZenHire gives only the 0–5 value, `round(value / 5 × 100)` (a linear rescale, our choice:
 * the spec states no other mapping).
 */
function percentOf(value: number | null, percent: number | null): number | null {
  if (percent !== null) return percent;
  return value === null ? null : Math.round((value / SPEECH_MAX_SCORE) * 100);
}

/**
 * Normalises a terminal speech run (`PollResponse`, zenhire-api.md §5.5) into an Assessment.
 *
 * - `score`/`dimensions[].value` on 0–5 (`maxScore`/`max` 5); `percent` 0–100 from the
 *   `*Percent` twins; `cefr` from `cefrLevel` and each `*Cefr`.
 * - Dimensions `vocabulary`, `fluency`, `accent`; evidence from `explainability.vocab` /
 *   `.fluency` (plain text safe to show).
 * - `status`: `failed` → `failed` with `error{code,message}` and no dimensions; `partial` →
 *   `partial` (missing dimensions have `value: null`); `success` → `complete`, or
 *   `low_confidence` when `candidateDetection.confidence` is `low`.
 * - Low candidate-detection confidence (§5.6: "warrants a human check") sets `lowConfidence`,
 *   the reason `candidate_detection_low`, and `lowConfidence` on every dimension (the scores
 *   may be of the wrong speaker); a `partial` run keeps status `partial` with the flag set.
 * - `recommendation` = `hrRecommendation`; `completedAt` = `timestamp`, `startedAt` = the
 *   run's `createdAt` (the poll response has no start time). No artifact URLs: the transcript
 *   is inline in the poll response.
 */
export function normaliseSpeechRun(run: ObservedRun): Assessment {
  const body = bodyOf<SpeechRun>(run);
  const out = emptyAssessment(run, SPEECH_MAX_SCORE);
  out.startedAt = run.createdAt ?? null;
  out.completedAt = textOrNull(body.timestamp);
  if (body.status === 'failed' || run.status === 'failed') {
    out.status = 'failed';
    out.error = runError(body.error, {
      code: 'RUN_FAILED',
      message: 'ZenHire reported the speech run as failed',
    });
    return out;
  }
  const scores = body.scores ?? {};
  const lowDetection = body.candidateDetection?.confidence === 'low';
  const explain = (body.explainability ?? {}) as Record<string, unknown>;
  const record = scores as Record<string, unknown>;
  out.dimensions = SPEECH_DIMENSIONS.map((d): AssessmentDimension => {
    const { key, label, explainability } = d;
    const value = numberOrNull(record[key]);
    return {
      key,
      label,
      value,
      max: SPEECH_MAX_SCORE,
      percent: percentOf(value, numberOrNull(record[d.percentKey])),
      cefr: cefrLevel(record[d.cefrKey]),
      lowConfidence: lowDetection,
      evidence: explainability ? textOrNull(explain[explainability]) : null,
    };
  });
  out.score = numberOrNull(scores.overall);
  out.percent = percentOf(out.score, numberOrNull(scores.overallPercent));
  out.cefr = cefrLevel(scores.cefrLevel);
  out.recommendation = textOrNull(body.hrRecommendation);
  if (lowDetection) {
    out.lowConfidence = true;
    out.lowConfidenceReasons = [CANDIDATE_DETECTION_LOW];
  }
  const missing = out.dimensions.some((d) => d.value === null);
  out.status =
    body.status === 'partial' || run.status === 'partial' || missing
      ? 'partial'
      : lowDetection
        ? 'low_confidence'
        : 'complete';
  return out;
}
