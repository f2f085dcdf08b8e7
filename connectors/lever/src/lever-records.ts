import { z } from 'zod';
import { leverError } from './lever-error';

/**
 * Lever objects as this connector reads them: only the fields it uses are checked, the rest
 * pass through. Shapes from recorded real Lever sandbox traffic (lever-api.md §3.1, §6;
 * NangoHQ recordings); timestamps are epoch milliseconds (§1.4).
 */

/** A pipeline stage; global per account, listed in pipeline order (`GET /stages`, §2). */
export const stageSchema = z.looseObject({ id: z.string().min(1), text: z.string() });
export type LeverStage = z.infer<typeof stageSchema>;

/** `hired` reasons mark a hire, `non-hired` a rejection (`GET /archive_reasons`, §3.1). */
export const archiveReasonSchema = z.looseObject({
  id: z.string().min(1),
  text: z.string(),
  status: z.enum(['active', 'inactive']).optional(),
  type: z.enum(['hired', 'non-hired']),
});
export type LeverArchiveReason = z.infer<typeof archiveReasonSchema>;

/** A Lever user (`GET /users`, §3.1); `deactivatedAt` set = cannot act as `perform_as`. */
export const userSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().nullish(),
  email: z.string().nullish(),
  accessRole: z.string().nullish(),
  deactivatedAt: z.number().nullish(),
});
export type LeverUser = z.infer<typeof userSchema>;

/** One field of a feedback template (§3.2 field types). */
export const feedbackFieldSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string(),
  text: z.string(),
  required: z.boolean().optional(),
  options: z.array(z.looseObject({ text: z.string() })).optional(),
});
export type LeverFeedbackField = z.infer<typeof feedbackFieldSchema>;

/** A feedback (scorecard) template (`GET /feedback_templates`, §3.1). */
export const feedbackTemplateSchema = z.looseObject({
  id: z.string().min(1),
  text: z.string(),
  fields: z.array(feedbackFieldSchema),
});
export type LeverFeedbackTemplate = z.infer<typeof feedbackTemplateSchema>;

/** An application inside an opportunity read with `expand=applications`. */
const expandedApplicationSchema = z.looseObject({
  id: z.string(),
  posting: z.string().nullish(),
});

/** An opportunity (one candidacy of a contact); the write-back target (§2, §3.1). */
export const opportunitySchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().nullish(),
  contact: z.string().nullish(),
  emails: z.array(z.string()).default([]),
  stage: z
    .union([z.string(), z.looseObject({ id: z.string(), text: z.string().optional() })])
    .nullish(),
  stageChanges: z
    .array(
      z.looseObject({
        toStageId: z.string(),
        toStageIndex: z.number().nullish(),
        updatedAt: z.number().nullish(),
        userId: z.string().nullish(),
      }),
    )
    .default([]),
  archived: z
    .looseObject({ reason: z.string().nullish(), archivedAt: z.number().nullish() })
    .nullish(),
  tags: z.array(z.string()).default([]),
  applications: z.array(z.union([z.string(), expandedApplicationSchema])).default([]),
  urls: z.looseObject({ show: z.string().optional() }).nullish(),
});
export type LeverOpportunityRecord = z.infer<typeof opportunitySchema>;

/** What this connector keeps of an opportunity. */
export interface OpportunityState {
  id: string;
  contactId?: string;
  name?: string;
  email?: string;
  stageId?: string;
  /** Stage before the current one, from `stageChanges` (trusted: read from the API). */
  previousStageId?: string;
  /** Archive reason id, or null while active. */
  archivedReason: string | null;
  tags: string[];
  /** Posting id of the application, when read with `expand=applications`. */
  postingId?: string;
  applicationIds: string[];
}

/** Reads an opportunity from a `data` payload; throws `LEVER_RESPONSE_INVALID` when it is not one. */
export function readOpportunity(data: unknown): OpportunityState {
  const parsed = opportunitySchema.safeParse(data);
  if (!parsed.success) {
    throw leverError(
      'LEVER_RESPONSE_INVALID',
      'Lever answered something that is not an opportunity',
      true,
    );
  }
  const opp = parsed.data;
  const stageId = typeof opp.stage === 'string' ? opp.stage : (opp.stage?.id ?? undefined);
  const changes = opp.stageChanges;
  const previous = changes.length >= 2 ? changes[changes.length - 2]!.toStageId : undefined;
  const expanded = opp.applications.find((a) => typeof a !== 'string');
  return {
    id: opp.id,
    ...(opp.contact ? { contactId: opp.contact } : {}),
    ...(opp.name ? { name: opp.name } : {}),
    ...(opp.emails[0] ? { email: opp.emails[0] } : {}),
    ...(stageId ? { stageId } : {}),
    ...(previous ? { previousStageId: previous } : {}),
    archivedReason: opp.archived?.reason ?? null,
    tags: [...opp.tags],
    ...(expanded && typeof expanded !== 'string' && expanded.posting
      ? { postingId: expanded.posting }
      : {}),
    applicationIds: opp.applications.map((a) => (typeof a === 'string' ? a : a.id)),
  };
}

/** The note id of a create-note answer: `{noteId}` (documented) or the full note plus `noteId` (recorded, §3.2). */
export function readNoteId(data: unknown): string {
  const value = data as { noteId?: unknown; id?: unknown } | null;
  const id =
    typeof value?.noteId === 'string'
      ? value.noteId
      : typeof value?.id === 'string'
        ? value.id
        : undefined;
  if (!id)
    throw leverError(
      'LEVER_RESPONSE_INVALID',
      'Lever did not return the id of the created note',
      false,
    );
  return id;
}

/** The id of a created feedback form (§3.2). */
export function readFeedbackId(data: unknown): string {
  const id = (data as { id?: unknown } | null)?.id;
  if (typeof id !== 'string' || !id) {
    throw leverError(
      'LEVER_RESPONSE_INVALID',
      'Lever did not return the id of the created feedback form',
      false,
    );
  }
  return id;
}

/** A note as `GET /opportunities/{id}/notes` lists it (recorded create-note response shape). */
export const noteSchema = z.looseObject({
  id: z.string(),
  fields: z.array(z.looseObject({ value: z.string().nullish() })).default([]),
  deletedAt: z.number().nullish(),
});

/** The body Lever POSTs to a webhook URL (lever-api.md §4.2). */
export const webhookBodySchema = z.looseObject({
  id: z.string().optional(),
  event: z.string().min(1),
  triggeredAt: z.number().int(),
  token: z.string().min(1),
  signature: z.string().optional(),
  data: z.record(z.string(), z.unknown()).nullish(),
});
export type LeverWebhookBody = z.infer<typeof webhookBodySchema>;

/** A webhook subscription (`GET`/`POST /webhooks`, §4.5); `signatureToken` only on creation. */
export const webhookSubscriptionSchema = z.looseObject({
  id: z.string().min(1),
  event: z.string().min(1),
  url: z.string(),
  configuration: z
    .looseObject({
      conditions: z.looseObject({ origins: z.array(z.string()) }).optional(),
      signatureToken: z.string().optional(),
    })
    .optional(),
  createdAt: z.number().optional(),
});

/** `{ data: [...], hasNext, next }` list page (§1.3); `hasNext`/`next` absent on some lists. */
export const listPageSchema = z.looseObject({
  data: z.array(z.unknown()),
  hasNext: z.boolean().optional(),
  next: z.string().optional(),
});
