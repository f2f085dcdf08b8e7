import type { CorrelationFields, ObservedRun, RunModule, RunRef } from '../model/run';

/**
 * ZenHire work a trigger can start. Parameters come from the trigger rule in YAML.
 * - `interview`: mint an AI voice interview session from a persona (zenhire-api.md §6.4).
 * - `ai_interview` / `soft_skills`: product-page-only endpoints (zenhire-api.md §12).
 * - `cv_deepmatch`: match the candidate's CV (PDF, fetched by the connector) against the job.
 * - `speech`: analyse a recording the ATS holds (fetched by the connector).
 */
export type ZenHireAction =
  | { kind: 'interview'; personaId: string; consentMode: 'explicit' | 'integrator' }
  | { kind: 'ai_interview'; personaId?: string; channel?: 'web' | 'phone' }
  | { kind: 'soft_skills'; roleBenchmark?: string }
  | {
      kind: 'cv_deepmatch';
      positionId: string;
      jobDescription: string;
      requirements: Record<string, unknown>;
    }
  | { kind: 'speech'; language: string };

/** A run ZenHire accepted. `candidateLink` is set for interviews (send it to the candidate). */
export interface StartedRun extends RunRef {
  status: string;
  candidateLink?: string;
}

/** Inputs a connector resolved for an action (CV PDF, recording). */
export interface ActionInputs {
  file?: { data: Buffer; filename: string; contentType: string };
}

/**
 * The ZenHire side as the use-cases need it; implemented over
 * `@zenhire-connect/zenhire-client` by the runtime. Implementations must not double-submit
 * (the client's look-up-before-resubmit rule) and must count calls for metrics.
 */
export interface ZenHireGateway {
  /** Starts the action with the link's correlation fields encoded (see the link codec). */
  start(
    action: ZenHireAction,
    correlation: CorrelationFields,
    inputs?: ActionInputs,
  ): Promise<StartedRun>;
  /** Current state of one run. */
  getRun(ref: RunRef): Promise<ObservedRun>;
  /**
   * Runs of a module created at or after `createdAfter` (ISO 8601), filtered by status when
   * the API supports it: the batch collector's single listing instead of one poll per run.
   */
  listRuns(
    module: RunModule,
    query: { createdAfter?: string; status?: string },
  ): AsyncIterable<ObservedRun>;
  /** Submits an interview session's recording to speech analysis (the chain in DESIGN.md flow 2). */
  analyseRecording(
    sessionId: string,
    correlation: CorrelationFields,
    language: string,
  ): Promise<StartedRun>;
}

export const ZenHireGateway = Symbol('ZenHireGateway');
