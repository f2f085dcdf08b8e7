import { z } from 'zod';
import type { AtsEvent } from '@zenhire-connect/core';

const id = z.union([z.string().min(1).max(200), z.number().int().nonnegative()]).transform(String);
const named = z.object({ id, name: z.string().max(500).optional() }).strict();

/**
 * The JSON body any system may POST to a generic instance's inbound endpoint to raise an
 * event, signed like outbound deliveries (`X-ZenHire-Connect-Signature`):
 *
 * ```json
 * { "event_id": "evt-1", "type": "stage_entered", "occurred_at": "2026-01-02T03:04:05Z",
 *   "candidate": { "id": "c-1", "name": "Ada", "email": "ada@example.com" },
 *   "application": { "id": "a-1" }, "job": { "id": "j-1", "name": "Support" },
 *   "stage": { "id": "s-2", "name": "Language test" }, "tags": ["english"] }
 * ```
 *
 * `event_id` is the dedupe key (send the same id when re-sending one event); ids may be
 * strings or integers. `stage` is required for `stage_entered`, `tags` for `tag_added`.
 * Unknown keys are rejected so typos are seen.
 */
export const inboundEventSchema = z
  .object({
    event_id: z.string().min(1).max(200),
    type: z.enum(['stage_entered', 'application_created', 'tag_added']),
    occurred_at: z.iso.datetime({ offset: true }),
    candidate: z
      .object({ id, name: z.string().max(500).optional(), email: z.string().max(320).optional() })
      .strict(),
    application: z.object({ id }).strict().optional(),
    job: named.optional(),
    stage: named.optional(),
    tags: z.array(z.string().min(1).max(200)).max(100).optional(),
  })
  .strict()
  .superRefine((event, ctx) => {
    if (event.type === 'stage_entered' && !event.stage) {
      ctx.addIssue({ code: 'custom', path: ['stage'], message: 'stage_entered needs `stage`' });
    }
    if (event.type === 'tag_added' && !event.tags?.length) {
      ctx.addIssue({ code: 'custom', path: ['tags'], message: 'tag_added needs `tags`' });
    }
  });

export type InboundEvent = z.infer<typeof inboundEventSchema>;

/** The neutral event of an inbound body for instance `connector`. */
export function toAtsEvent(event: InboundEvent, connector: string): AtsEvent {
  const candidate = {
    ...(event.candidate.name !== undefined ? { name: event.candidate.name } : {}),
    ...(event.candidate.email !== undefined ? { email: event.candidate.email } : {}),
  };
  return {
    id: event.event_id,
    type: event.type,
    connector,
    occurredAt: new Date(event.occurred_at).toISOString(),
    record: {
      connector,
      candidateId: event.candidate.id,
      ...(event.application ? { applicationId: event.application.id } : {}),
      ...(event.job ? { jobId: event.job.id } : {}),
      ...(event.stage ? { stageId: event.stage.id } : {}),
    },
    ...(event.job ? { job: event.job } : {}),
    ...(event.stage ? { stage: event.stage } : {}),
    ...(event.tags ? { tags: event.tags } : {}),
    ...(Object.keys(candidate).length ? { candidate } : {}),
  };
}
