import type { Assessment } from '../model/assessment';
import type { AtsEvent } from '../model/ats-event';
import type { Link } from '../model/link';
import type { NoteVisibility } from '../model/write-plan';
import type { ConnectorRegistry } from '../plugin/connector-registry';
import type { Clock } from '../ports/clock';
import type { Store } from '../ports/store';
import type {
  ActionInputs,
  StartedRun,
  ZenHireAction,
  ZenHireGateway,
} from '../ports/zenhire-gateway';
import type { ExtraCorrelation } from '../link/link-codec';
import type { LinkRule } from '../link/link-rules';
import type { CompiledMapping } from '../rules/mapping';
import type { CompiledTrigger } from '../rules/trigger';
import type { WritePlan } from '../model/write-plan';

/**
 * What a trigger rule may ask for once its run is started: an "invited" WritePlan with a
 * note carrying the candidate link (interviews) and/or tags. Not part of the YAML schema yet:
 * the runtime sets it on the compiled trigger (see README "Use-cases").
 */
export interface InvitationRule {
  /** Add a note with the candidate link (only when ZenHire returned one). */
  note?: { visibility: NoteVisibility };
  /** Tags to add to the record. */
  tags?: string[];
}

/**
 * The trigger shape the use-cases need: `CompiledTrigger` from `rules/trigger.ts`, plus the
 * optional `invitation` and `correlation` (user metadata/tags merged into the link's).
 */
export type UseCaseTrigger = Pick<CompiledTrigger, 'name' | 'connector' | 'matches' | 'action'> & {
  actionFor?: CompiledTrigger['actionFor'];
  invitation?: InvitationRule;
  correlation?: ExtraCorrelation;
};

/** The mapping shape the use-cases need (`CompiledMapping` from `rules/mapping.ts`). */
export type UseCaseMapping = CompiledMapping;

/**
 * Retry schedule of deliveries; same shape and units as the YAML `worker` section
 * (`maxAttempts`, `backoff.initialSeconds`, `maxSeconds`, `multiplier`, `jitter` 0–1), so the
 * runtime can pass `config.worker` as is.
 */
export interface RetryPolicy {
  maxAttempts: number;
  backoff: { initialSeconds: number; maxSeconds: number; multiplier: number; jitter: number };
}

/** Defaults equal to the YAML `worker` defaults. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  backoff: { initialSeconds: 5, maxSeconds: 3600, multiplier: 2, jitter: 0.2 },
};

/** Default lease of an ATS event's processing claim: 5 minutes (ms). */
export const DEFAULT_EVENT_CLAIM_LEASE_MS = 300_000;

/** Everything the use-cases orchestrate; they do no I/O of their own. */
export interface UseCaseDeps {
  store: Store;
  gateway: ZenHireGateway;
  connectors: ConnectorRegistry;
  clock: Clock;
  rules: {
    triggers: readonly UseCaseTrigger[];
    mappings: readonly UseCaseMapping[];
    linkRules: readonly LinkRule[];
  };
  options?: UseCaseOptions;
}

/** Tunables of the use-cases; every field is optional. */
export interface UseCaseOptions {
  /** Delivery retry schedule (default {@link DEFAULT_RETRY_POLICY}). */
  retry?: RetryPolicy;
  /**
   * Chain every completed interview session into speech analysis of its recording, so the
   * interview gets scores (DESIGN.md flow 2). Default `true`; when `false`, completed
   * sessions are planned as they are (artifacts, no scores).
   */
  chainInterviews?: boolean;
  /** Language of the chained speech analysis when the session names none (default `en`). */
  chainLanguage?: string;
  /** Base of artifact URLs in assessments (default `https://platform.zenhire.ai`). */
  apiBaseUrl?: string;
  /** Random source for retry jitter, `[0, 1)` (default `Math.random`). */
  random?: () => number;
  /**
   * Files an action needs (CV PDF for `cv_deepmatch`, recording for `speech`), fetched from
   * the ATS by the runtime. Not called for other actions.
   */
  inputs?: (
    trigger: UseCaseTrigger,
    event: AtsEvent,
    action: ZenHireAction,
  ) => Promise<ActionInputs | undefined>;
  /**
   * `partner_profile_url` of a partner-test result (see `partnerCompletionPlan`); return
   * `undefined` to keep the default (the assessment's first artefact URL).
   */
  partnerProfileUrl?: (link: Link, assessment: Assessment) => string | null | undefined;
  /**
   * Claim taken on an ATS event before its triggers run (`EventStore.claimEvent`), so two
   * processes never process one event at once. `owner` prefixes the claim holder's name
   * (default `zc`; a random suffix makes every call's claim its own); `leaseMs` is how long
   * the claim holds if the holder crashes (ms, default {@link DEFAULT_EVENT_CLAIM_LEASE_MS}).
   * Keep it longer than processing one event takes (ZenHire start with its retries, input
   * downloads), or a slow holder's event may be taken over and processed twice.
   */
  eventClaim?: { owner?: string; leaseMs?: number };
  /** Replaces the default "invited" plan (see `invitationPlan`). */
  invitationPlan?: (input: {
    trigger: UseCaseTrigger;
    event: AtsEvent;
    run: StartedRun;
    link: Link;
  }) => WritePlan | undefined;
}

/** An assessment with the link it is planned for. */
export interface LinkedAssessment {
  link: Link;
  assessment: Assessment;
}
