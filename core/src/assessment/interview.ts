import type { SessionDetail } from '@zenhire-connect/zenhire-client';
import type { Assessment } from '../model/assessment';
import type { ObservedRun } from '../model/run';
import {
  bodyOf,
  DEFAULT_API_BASE_URL,
  emptyAssessment,
  runError,
  textOrNull,
  type NormaliseOptions,
} from './base-assessment';
import { SPEECH_MAX_SCORE } from './speech';

/**
 * Normalises a terminal interview session (`SessionSummary`/session detail,
 * zenhire-api.md §6.5) into an Assessment. The platform documents NO interview scores
 * (§6.5): scores come from chaining the recording into speech analysis (see
 * {@link mergeChainedSpeech}); until then `score` is `null` and `maxScore` is 5, the scale of
 * the chained speech scores.
 *
 * - `completed` → `complete` with `artifacts.recordingUrl` / `transcriptUrl` set to the
 *   platform's proxy endpoints `GET /api/v1/interview/sessions/{id}/recording` and
 *   `/transcript` (§6.2, §6.6; API URLs that need the key, not presigned).
 * - `failed` → `failed` with the session's `error{code,message}` when it carries one
 *   (`SESSION_TIMEOUT`, §3.1), else `SESSION_FAILED`.
 * - `startedAt`/`completedAt` from `started_at`/`completed_at`.
 */
export function normaliseInterviewSession(
  run: ObservedRun,
  options: NormaliseOptions = {},
): Assessment {
  const body = bodyOf<SessionDetail & { error?: unknown }>(run);
  const out = emptyAssessment(run, SPEECH_MAX_SCORE);
  out.startedAt = textOrNull(body.started_at);
  out.completedAt = textOrNull(body.completed_at);
  const status = body.status ?? run.status;
  if (status !== 'completed') {
    out.status = 'failed';
    out.error = runError(body.error, {
      code: 'SESSION_FAILED',
      message: `The interview session ended with status ${status} (no recording or transcript)`,
    });
    return out;
  }
  const base = (options.apiBaseUrl ?? DEFAULT_API_BASE_URL).replace(/\/+$/, '');
  const session = `${base}/api/v1/interview/sessions/${encodeURIComponent(run.id)}`;
  out.artifacts = { recordingUrl: `${session}/recording`, transcriptUrl: `${session}/transcript` };
  return out;
}

/**
 * Merges the assessment of the speech run chained from an interview recording into the
 * interview's assessment (DESIGN.md flow 2): the result is the interview's record (its
 * `runId`, `module: 'interview'`, `startedAt`, and artifacts, over the speech's) with the
 * speech run's scores, dimensions, CEFR, status, low-confidence flags, recommendation and
 * error. `completedAt` is the speech run's (when the scores became available), else the
 * interview's. Mappings for `interview` therefore see the interview's scores.
 */
export function mergeChainedSpeech(interview: Assessment, speech: Assessment): Assessment {
  return {
    ...speech,
    runId: interview.runId,
    module: interview.module,
    artifacts: { ...speech.artifacts, ...interview.artifacts },
    startedAt: interview.startedAt,
    completedAt: speech.completedAt ?? interview.completedAt,
  };
}
