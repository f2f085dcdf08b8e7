import type { Assessment } from '../model/assessment';
import type { ObservedRun } from '../model/run';
import { normaliseAiInterview } from './ai-interview';
import { AssessmentError } from './assessment-errors';
import type { NormaliseOptions } from './base-assessment';
import { normaliseCvDeepMatch } from './cv-deepmatch';
import { normaliseInterviewSession } from './interview';
import { normaliseSoftSkills } from './soft-skills';
import { normaliseSpeechRun } from './speech';

/**
 * Normalises any terminal run into an Assessment (DESIGN.md "Assessment"), dispatching on
 * `run.module`: speech (§5.5), interview (§6.5; no scores, see `mergeChainedSpeech`),
 * ai_interview and soft_skills (§12), cv_deepmatch (§7.1). Pure and deterministic.
 *
 * @throws AssessmentError `RUN_NOT_TERMINAL` when `run.terminal` is false,
 *   `RUN_BODY_INVALID` when `run.body` is not an object, `MODULE_NOT_SUPPORTED` for
 *   `cv_deepsearch` (per-run results not released yet, §7.2).
 */
export function normaliseRun(run: ObservedRun, options: NormaliseOptions = {}): Assessment {
  if (!run.terminal) {
    throw new AssessmentError('RUN_NOT_TERMINAL', `run ${run.id} is still ${run.status}`, {
      runId: run.id,
      module: run.module,
      status: run.status,
    });
  }
  switch (run.module) {
    case 'speech':
      return normaliseSpeechRun(run);
    case 'interview':
      return normaliseInterviewSession(run, options);
    case 'ai_interview':
      return normaliseAiInterview(run);
    case 'soft_skills':
      return normaliseSoftSkills(run);
    case 'cv_deepmatch':
      return normaliseCvDeepMatch(run);
    case 'cv_deepsearch':
      throw new AssessmentError(
        'MODULE_NOT_SUPPORTED',
        'CV DeepSearch results are not released yet (zenhire-api.md §7.2)',
        { runId: run.id, module: run.module },
      );
  }
}
