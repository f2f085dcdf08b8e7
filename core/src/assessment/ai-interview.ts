import type { AiInterviewResult } from '@zenhire-connect/zenhire-client';
import type { Assessment } from '../model/assessment';
import type { ObservedRun } from '../model/run';
import { cefrLevel } from './cefr';
import { normaliseScore100Run, score100Dimension } from './score-100';

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
 *
 * The opening and the overall fields are shared with soft skills: `normaliseScore100Run`.
 */
export function normaliseAiInterview(run: ObservedRun): Assessment {
  return normaliseScore100Run<AiInterviewResult & Record<string, unknown>>(
    run,
    'AI interview',
    (body, lowKeys, out) => {
      out.dimensions = Object.entries(body.competencies ?? {}).map(([key, value]) =>
        score100Dimension(key, value, lowKeys),
      );
      const language = body.language ?? null;
      if (language && (language.fluency !== undefined || language.cefr !== undefined)) {
        const fluency = score100Dimension('language_fluency', language.fluency, lowKeys);
        fluency.cefr = cefrLevel(language.cefr);
        out.dimensions.push(fluency);
      }
      out.cefr = cefrLevel(language?.cefr);
    },
  );
}
