import type { AiInterviewResult } from '@zenhire-connect/zenhire-client';
import type { Assessment } from '../model/assessment';
import type { ObservedRun } from '../model/run';
import { bodyOf, emptyAssessment, numberOrNull, runError, textOrNull } from './base-assessment';
import { cefrLevel } from './cefr';
import { fraudSignals } from './fraud-signals';
import { productStatus, SCORE_100_MAX, score100Dimension, settleStatus } from './score-100';

/**
 * Normalises an AI interview result (product page only, zenhire-api.md §12: `overall_score`,
 * `competencies{…}`, `language{cefr, fluency}`, `fraud_signals`, `status`) into an Assessment.
 *
 * - `score` = `overall_score` on 0–100 (`maxScore` 100, `percent` = score).
 * - One dimension per competency (0–100; `null` → low-confidence axis), plus
 *   `language_fluency` from `language.fluency` carrying `language.cefr`; `cefr` =
 *   `language.cefr`.
 * - `fraudSignals` from `fraud_signals`; `fraudDetected` when any is detected.
 * - `status` from ZenHire's (`completed`/`partial`/`low_confidence`/`failed`), with
 *   low-confidence axes or `low_confidence: true` turning `complete` into `low_confidence`.
 * - `benchmarkPercentile` from `benchmark_percentile` and `recommendation` from
 *   `recommendation` when present (not on the page; read if sent).
 * - A `failed` result carries `error` (`RUN_FAILED` unless ZenHire sent one) and no scores.
 */
export function normaliseAiInterview(run: ObservedRun): Assessment {
  const body = bodyOf<AiInterviewResult & Record<string, unknown>>(run);
  const out = emptyAssessment(run, SCORE_100_MAX);
  out.startedAt = textOrNull(body.started_at) ?? run.createdAt ?? null;
  out.completedAt = textOrNull(body.completed_at);
  const status = productStatus(body.status) ?? productStatus(run.status);
  if (status === 'failed') {
    out.status = 'failed';
    out.error = runError(body.error, {
      code: 'RUN_FAILED',
      message: 'ZenHire reported the AI interview as failed',
    });
    return out;
  }
  const lowKeys = new Set<string>(
    Array.isArray(body.low_confidence_dimensions)
      ? (body.low_confidence_dimensions as string[])
      : [],
  );
  out.dimensions = Object.entries(body.competencies ?? {}).map(([key, value]) =>
    score100Dimension(key, value, lowKeys),
  );
  const language = body.language ?? null;
  if (language && (language.fluency !== undefined || language.cefr !== undefined)) {
    const fluency = score100Dimension('language_fluency', language.fluency, lowKeys);
    fluency.cefr = cefrLevel(language.cefr);
    out.dimensions.push(fluency);
  }
  out.score = numberOrNull(body.overall_score);
  out.percent = out.score;
  out.cefr = cefrLevel(language?.cefr);
  out.fraudSignals = fraudSignals(body.fraud_signals);
  out.benchmarkPercentile = numberOrNull(body.benchmark_percentile);
  out.recommendation = textOrNull(body.recommendation);
  settleStatus(out, status, body.low_confidence === true);
  return out;
}
