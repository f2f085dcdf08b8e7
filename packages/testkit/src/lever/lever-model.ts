/**
 * Lever objects as the sandbox stores and serves them. Field names, nesting and JSON types
 * follow the recorded real Lever responses in `__fixtures__/` (lever-api.md §3.1, §6);
 * every timestamp is epoch **milliseconds** (lever-api.md §1.4).
 */

/** A pipeline stage; global per account (`GET /stages`). Built-in ids: `lead-new`, `offer`, …; custom ids are UUIDs. */
export interface LeverStage {
  id: string;
  text: string;
}

/** `hired` reasons mark a hire, `non-hired` reasons a rejection (lever-api.md §2). */
export type LeverArchiveReasonType = 'hired' | 'non-hired';

export interface LeverArchiveReason {
  id: string;
  text: string;
  status: 'active' | 'inactive';
  type: LeverArchiveReasonType;
}

/** Lever access roles (lever-api.md §3.1). */
export type LeverAccessRole =
  'super admin' | 'admin' | 'team member' | 'limited team member' | 'interviewer';

export interface LeverUser {
  id: string;
  name: string;
  username: string;
  email: string;
  accessRole: LeverAccessRole;
  photo: string | null;
  createdAt: number;
  /** Epoch ms; a deactivated user cannot be used as `perform_as`. */
  deactivatedAt: number | null;
  externalDirectoryId: string | null;
  linkedContactIds: string[] | null;
  jobTitle: string | null;
  managerId: string | null;
}

export interface LeverStageChange {
  toStageId: string;
  /** Index of the stage in the account's stage list (`GET /stages` order). */
  toStageIndex: number;
  updatedAt: number;
  /** The `perform_as` user, or null for an unattributed API write. */
  userId: string | null;
}

/** `archived` of an opportunity: null while active. */
export interface LeverArchived {
  reason: string;
  archivedAt: number;
}

export type LeverOrigin = 'agency' | 'applied' | 'internal' | 'referred' | 'sourced' | 'university';

/** An opportunity (one candidacy of a contact); the write-back target (lever-api.md §2). */
export interface LeverOpportunity {
  id: string;
  name: string;
  /** Contact (person) id. */
  contact: string;
  headline: string;
  stage: string;
  confidentiality: 'confidential' | 'non-confidential';
  location: string;
  phones: { type: string; value: string }[];
  emails: string[];
  links: string[];
  archived: LeverArchived | null;
  tags: string[];
  sources: string[];
  stageChanges: LeverStageChange[];
  origin: LeverOrigin;
  sourcedBy: string | null;
  owner: string | null;
  followers: string[];
  /** Application ids (at most one per opportunity). */
  applications: string[];
  createdAt: number;
  updatedAt: number;
  lastInteractionAt: number;
  lastAdvancedAt: number;
  snoozedUntil: number | null;
  urls: { list: string; show: string };
  isAnonymized: boolean;
  dataProtection: unknown;
}

/**
 * An application (link of an opportunity to a posting). No recorded payload in the
 * fixtures; fields from Lever's documentation as summarised in lever-api.md §2 [INFERRED].
 */
export interface LeverApplication {
  id: string;
  type: 'posting' | 'user' | 'referral';
  opportunityId: string;
  candidateId: string;
  posting: string | null;
  postingOwner: string | null;
  postingHiringManager: string | null;
  user: string | null;
  name: string | null;
  email: string | null;
  phone: { type: string; value: string } | null;
  company: string | null;
  links: string[];
  comments: string | null;
  customQuestions: unknown[];
  createdAt: number;
  archived: LeverArchived | null;
  requisitionForHire: unknown;
}

/** One comment of a note thread (recorded create-note response, lever-api.md §3.2). */
export interface LeverNoteField {
  createdAt: number;
  /** 1–4 thumbs (Strong No … Strong Yes), or null. */
  score: number | null;
  /** Opportunity stage when the comment was written. */
  stage: string;
  text: 'Comment';
  type: 'note';
  user: string | null;
  value: string;
}

export interface LeverNote {
  id: string;
  text: 'Note';
  fields: LeverNoteField[];
  user: string | null;
  secret: boolean;
  completedAt: number;
  deletedAt: number | null;
  createdAt: number;
}

export type LeverFeedbackFieldType =
  | 'code'
  | 'date'
  | 'dropdown'
  | 'multiple-choice'
  | 'multiple-select'
  | 'score-system'
  | 'score'
  | 'scorecard'
  | 'text'
  | 'textarea'
  | 'yes-no';

export interface LeverFeedbackTemplateField {
  id: string;
  type: LeverFeedbackFieldType;
  text: string;
  description: string;
  required: boolean;
  prompt?: string;
  options?: { text: string }[];
  scores?: { text: string; description: string }[];
}

export interface LeverFeedbackTemplate {
  id: string;
  text: string;
  group: { id: string; name: string } | null;
  instructions: string;
  fields: LeverFeedbackTemplateField[];
  createdAt: number | null;
  stage: string | null;
  updatedAt: number | null;
}

/** A filled feedback form (scorecard) on an opportunity (recorded get-feedback response). */
export interface LeverFeedbackForm {
  id: string;
  type: 'interview';
  text: string;
  instructions: string;
  fields: (LeverFeedbackTemplateField & { value: unknown })[];
  baseTemplateId: string;
  interview: string | null;
  panel: string | null;
  user: string;
  createdAt: number;
  completedAt: number | null;
  updatedAt: number | null;
  deletedAt: number | null;
}

/** A job posting; kept as the recorded JSON (only `id`, `text`, `user`, `owner` are read). */
export interface LeverPosting {
  id: string;
  text: string;
  owner: string | null;
  hiringManager: string | null;
  [field: string]: unknown;
}

/** Webhook events (lever-api.md §4.1). */
export type LeverWebhookEvent =
  | 'applicationCreated'
  | 'candidateHired'
  | 'candidateStageChange'
  | 'candidateArchiveChange'
  | 'candidateDeleted'
  | 'interviewCreated'
  | 'interviewUpdated'
  | 'interviewDeleted'
  | 'contactCreated'
  | 'contactUpdated';

export const LEVER_WEBHOOK_EVENTS: readonly LeverWebhookEvent[] = [
  'applicationCreated',
  'candidateHired',
  'candidateStageChange',
  'candidateArchiveChange',
  'candidateDeleted',
  'interviewCreated',
  'interviewUpdated',
  'interviewDeleted',
  'contactCreated',
  'contactUpdated',
];

/** Events whose subscriptions can be narrowed by opportunity origin (lever-api.md §4.1). */
export const ORIGIN_CONFIGURABLE_EVENTS: readonly LeverWebhookEvent[] = [
  'applicationCreated',
  'candidateHired',
  'candidateStageChange',
  'candidateArchiveChange',
];

export const LEVER_ORIGINS: readonly LeverOrigin[] = [
  'applied',
  'sourced',
  'referred',
  'university',
  'internal',
  'agency',
];

/** A webhook created through `POST /v1/webhooks` (recorded create-webhook response). */
export interface LeverApiWebhook {
  id: string;
  event: LeverWebhookEvent;
  url: string;
  configuration: { conditions: { origins: LeverOrigin[] }; signatureToken: string };
  createdAt: number;
  updatedAt: number;
}

/** The JSON body Lever POSTs to a webhook URL (lever-api.md §4.2). */
export interface LeverWebhookBody {
  /** Event uid; listed in Lever's schema, left out when `webhookEventIds: false`. */
  id?: string;
  event: LeverWebhookEvent;
  /** Epoch ms. */
  triggeredAt: number;
  /** 48 random hex characters, fresh for every delivery. */
  token: string;
  /** hex(HMAC-SHA256(signatureToken, token + String(triggeredAt))). */
  signature: string;
  data: Record<string, unknown>;
}
