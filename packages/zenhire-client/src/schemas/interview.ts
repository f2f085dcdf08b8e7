import { z } from 'zod';
import {
  MetadataSchema,
  NullableStringSchema,
  TagsSchema,
  listPage,
  withIdAliases,
} from './common';

/**
 * `Persona` (zenhire-api.md §6.3): the 201 response of `POST /api/v1/interview/personas`
 * and the rows of `GET /api/v1/interview/personas`. Required: `id`, `role_name`, `language`.
 * `status` is e.g. `"active"` (other values [not found]). `base_prompt_override` is present on
 * create and left out of list rows.
 */
const personaShape = {
  id: z.string().min(1),
  client_id: z.string().nullish(),
  role_name: z.string(),
  language: z.string(),
  status: z.string().nullish(),
  created_at: z.string().nullish(),
  base_prompt_override: z.string().nullish(),
};
export const PersonaSchema = z.looseObject(personaShape);
export type Persona = z.infer<typeof PersonaSchema>;

/** `PersonaDetail` (§6.3): `Persona` plus `system_prompt` and `updated_at` (nullable). */
export const PersonaDetailSchema = z.looseObject({
  ...personaShape,
  system_prompt: z.string().nullish(),
  updated_at: z.string().nullish(),
});
export type PersonaDetail = z.infer<typeof PersonaDetailSchema>;

/** `GET /api/v1/interview/personas` returns `{ "data": [Persona...] }` (§6.2); a bare array is accepted too. */
export const PersonaListSchema = listPage(PersonaSchema);
export type PersonaList = z.infer<typeof PersonaListSchema>;

/**
 * `SessionCreateResponse` (§6.4): `{ id, candidate_link, expires_in }`.
 * The guide pages show `session_id` instead of `id` [conflict]; both are accepted and
 * normalised to `id`. `expires_in` is in seconds (604,800 = 7 days).
 * `candidate_link` carries the token in its URL fragment: treat it as a secret for logs.
 */
export const SessionCreateResponseSchema = withIdAliases(
  z.looseObject({
    id: z.string().min(1),
    candidate_link: z.string().min(1),
    expires_in: z.number().nullish(),
  }),
);
export type SessionCreateResponse = z.infer<typeof SessionCreateResponseSchema>;

/** Interview session statuses (§6.5). Terminal: `completed`, `failed`. */
export const SESSION_STATUSES = ['initiated', 'active', 'completed', 'failed'] as const;
export const SessionStatusSchema = z.enum(SESSION_STATUSES);
export type SessionStatus = z.infer<typeof SessionStatusSchema>;
export const SESSION_TERMINAL_STATUSES: readonly SessionStatus[] = ['completed', 'failed'];

/** `consent_mode` (§6.4). */
export const CONSENT_MODES = ['explicit', 'integrator'] as const;
export const ConsentModeSchema = z.enum(CONSENT_MODES);
export type ConsentMode = z.infer<typeof ConsentModeSchema>;

const sessionSummaryShape = {
  id: z.string().min(1),
  client_id: z.string().nullish(),
  persona_id: z.string().min(1),
  /** Your candidate reference, ≤ 256 chars (§2). `null` when none. */
  candidate_ref: NullableStringSchema,
  status: SessionStatusSchema,
  consent_mode: ConsentModeSchema.nullish(),
  /** `requests` | `playground`; API-key sessions are always `requests`. */
  source: z.string().nullish(),
  project_id: z.string().nullish(),
  /** `null` on the wire when none; normalised to `[]`. */
  tags: TagsSchema,
  /** `null` on the wire when none; normalised to `{}`. */
  metadata: MetadataSchema,
  started_at: z.string().nullish(),
  completed_at: z.string().nullish(),
  /** Duration in seconds. */
  duration_sec: z.number().nullish(),
  /** Credits charged on completion (per-minute rate, rounded up). */
  credit_charged: z.number().nullish(),
  recording_s3_key: z.string().nullish(),
  transcript_s3_key: z.string().nullish(),
  interview_svc_session_id: z.string().nullish(),
  created_at: z.string(),
  /** List rows only; `null` when the persona was deleted. */
  role_name: z.string().nullish(),
  language: z.string().nullish(),
};

/**
 * `SessionSummary` (§6.5): rows of `GET /api/v1/interview/sessions`.
 * Required: `id` (`session_id` accepted), `persona_id`, `status`, `created_at`.
 * `candidate_ref` normalised to `null`, `metadata` to `{}`, `tags` to `[]`.
 */
export const SessionSummarySchema = withIdAliases(z.looseObject(sessionSummaryShape));
export type SessionSummary = z.infer<typeof SessionSummarySchema>;

/**
 * Post-interview survey (§6.5): a rating 1–5 and a flag true when the rating is ≤ 2.
 * Field names are [not found]; the object passes through as sent.
 */
export const SessionFeedbackSchema = z.looseObject({});
export type SessionFeedback = z.infer<typeof SessionFeedbackSchema>;

/** `GET /api/v1/interview/sessions/{id}` (§6.5): `SessionSummary` plus `persona` and `feedback`. */
export const SessionDetailSchema = withIdAliases(
  z.looseObject({
    ...sessionSummaryShape,
    persona: z.looseObject({}).nullish(),
    feedback: SessionFeedbackSchema.nullish(),
  }),
);
export type SessionDetail = z.infer<typeof SessionDetailSchema>;

/** One page of `GET /api/v1/interview/sessions` (filters and paging [not found], §6.2). */
export const SessionListPageSchema = listPage(SessionSummarySchema);
export type SessionListPage = z.infer<typeof SessionListPageSchema>;

/** One transcript turn; the docs describe "turns with speaker and text" (§6.2). */
export const TranscriptTurnSchema = z.looseObject({
  speaker: z.string().nullish(),
  text: z.string().nullish(),
});
export type TranscriptTurn = z.infer<typeof TranscriptTurnSchema>;

/**
 * `GET /api/v1/interview/sessions/{id}/transcript` (§6.2): an opaque JSON document, e.g.
 * turns with speaker and text. `TranscriptResponse` is [not found]. Accepted: an object
 * (passed through; `turns`, when present, must be an array of objects) or a bare array,
 * which is wrapped as `{ turns: [...] }`.
 */
export const InterviewTranscriptSchema = z.preprocess(
  (raw) => (Array.isArray(raw) ? { turns: raw } : raw),
  z.looseObject({
    turns: z.array(TranscriptTurnSchema).optional(),
  }),
);
export type InterviewTranscript = z.infer<typeof InterviewTranscriptSchema>;
