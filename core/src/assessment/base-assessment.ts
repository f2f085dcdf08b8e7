import type { Assessment } from '../model/assessment';
import type { ObservedRun } from '../model/run';
import { AssessmentError } from './assessment-errors';

/** Options shared by the normalisers. */
export interface NormaliseOptions {
  /**
   * Base of the ZenHire API URLs written as artifact references (recording, transcript).
   * Default `https://platform.zenhire.ai` (zenhire-api.md §0).
   */
  apiBaseUrl?: string;
}

export const DEFAULT_API_BASE_URL = 'https://platform.zenhire.ai';

/** An assessment with no scores, for `run`, on a scale whose top is `maxScore`. */
export function emptyAssessment(run: ObservedRun, maxScore: number): Assessment {
  return {
    runId: run.id,
    module: run.module,
    status: 'complete',
    score: null,
    maxScore,
    percent: null,
    cefr: null,
    dimensions: [],
    fraudSignals: [],
    fraudDetected: false,
    lowConfidence: false,
    lowConfidenceReasons: [],
    benchmarkPercentile: null,
    recommendation: null,
    artifacts: {},
    error: null,
    startedAt: null,
    completedAt: null,
  };
}

/**
 * The run's body as an object of the module's wire type (validated upstream by the ZenHire
 * client's zod schemas). @throws AssessmentError `RUN_BODY_INVALID` when it is not an object.
 */
export function bodyOf<T>(run: ObservedRun): T {
  if (run.body === null || typeof run.body !== 'object' || Array.isArray(run.body)) {
    throw new AssessmentError('RUN_BODY_INVALID', `run ${run.id} has no response body`, {
      runId: run.id,
      module: run.module,
    });
  }
  return run.body as T;
}

/** A finite number or `null`. */
export function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A non-empty string or `null`. */
export function textOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.trim().length > 0 ? value : null;
}

/** `{code, message}` from a run's `error` object, or `fallback` when it has none. */
export function runError(
  value: unknown,
  fallback: { code: string; message: string },
): { code: string; message: string } {
  if (value && typeof value === 'object') {
    const { code, message } = value as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && code.length > 0) {
      return { code, message: typeof message === 'string' ? message : fallback.message };
    }
  }
  return fallback;
}
