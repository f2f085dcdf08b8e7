/**
 * ZenHire modules whose runs ZenHire Connect links and normalises
 * (zenhire-api.md §0; `ai_interview` and `soft_skills` are documented only by product
 * pages, §12).
 */
export const RUN_MODULES = [
  'speech',
  'interview',
  'ai_interview',
  'soft_skills',
  'cv_deepmatch',
  'cv_deepsearch',
] as const;
export type RunModule = (typeof RUN_MODULES)[number];

/** A run identified across modules. `id` is ZenHire's opaque id (zenhire-api.md §2). */
export interface RunRef {
  module: RunModule;
  id: string;
}

/** The correlation fields of a run as sent to / echoed by ZenHire (zenhire-api.md §2). */
export interface CorrelationFields {
  /** Speech/CVDM `externalId`, or the interview session's `candidate_ref`. */
  externalId?: string | null;
  /** Flat string map; empty object when none (ZenHire sends `null` or `{}`). */
  metadata: Record<string, string>;
  /** Empty array when none. */
  tags: string[];
}

/**
 * A terminal (or observed) run as the core sees it: module, id, status in the module's own
 * vocabulary, correlation fields, and the validated response body from the ZenHire client.
 */
export interface ObservedRun extends RunRef, CorrelationFields {
  /** Module status, e.g. speech `success|partial|failed`, session `completed|failed`. */
  status: string;
  terminal: boolean;
  createdAt?: string;
  /** The full validated response (type per module from `@zenhire-connect/zenhire-client`). */
  body: unknown;
}
