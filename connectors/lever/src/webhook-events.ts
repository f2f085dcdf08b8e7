import type { AtsEvent, AtsEventType, NamedRef, ParsedWebhook } from '@zenhire-connect/core';
import type {
  LeverArchiveReason,
  LeverStage,
  LeverWebhookBody,
  OpportunityState,
} from './lever-records';

/** Events this connector turns into `AtsEvent`s (lever-api.md §4.1); others are acknowledged and ignored. */
export const HANDLED_EVENTS = [
  'candidateStageChange',
  'applicationCreated',
  'candidateArchiveChange',
  'candidateHired',
] as const;

export interface WebhookEventDeps {
  /** Connector instance name. */
  connector: string;
  /** Re-reads the opportunity from the API (`GET /opportunities/{id}`); undefined when deleted (404). */
  readOpportunity(id: string): Promise<OpportunityState | undefined>;
  stages(): Promise<LeverStage[]>;
  archiveReasons(): Promise<LeverArchiveReason[]>;
}

/**
 * Turns a verified Lever webhook into events. Lever does not sign `data` (lever-api.md §4.3),
 * so only the opportunity id is taken from it: the opportunity is re-read and the event's
 * stage, archive state, tags and candidate come from that read. Mapping:
 *
 * - `candidateStageChange` → `stage_entered`: `stage` = the opportunity's current stage,
 *   `previousStage` = the stage before it in `stageChanges` (falls back to the payload's
 *   `fromStageId` when the history is shorter);
 * - `applicationCreated` → `application_created`;
 * - `candidateArchiveChange` → `rejected` when now archived with a non-hired reason,
 *   `archived` when archived with a hired reason (the hire itself comes as `candidateHired`),
 *   nothing when unarchived;
 * - `candidateHired` → `hired`.
 *
 * No events (reply 200) for other events, the UI test ping (`data: {}`), or an opportunity
 * that no longer exists. Event ids: `lever:<id>` when Lever sends the event `id`, else
 * `lever:token:<token>`.
 */
export async function parseLeverWebhook(
  body: LeverWebhookBody,
  deps: WebhookEventDeps,
): Promise<ParsedWebhook> {
  const none: ParsedWebhook = { events: [], reply: { status: 200, body: { ok: true, events: 0 } } };
  if (!(HANDLED_EVENTS as readonly string[]).includes(body.event)) return none;
  const data = body.data ?? {};
  const opportunityId = stringOf(data.opportunityId) ?? stringOf(data.candidateId);
  if (!opportunityId) return none;
  const opp = await deps.readOpportunity(opportunityId);
  if (!opp) return none;

  const named = async (id: string | undefined): Promise<NamedRef | undefined> => {
    if (!id) return undefined;
    const stage = (await deps.stages()).find((s) => s.id === id);
    return { id, ...(stage ? { name: stage.text } : {}) };
  };
  let type: AtsEventType | undefined;
  let previousStage: NamedRef | undefined;
  switch (body.event) {
    case 'candidateStageChange':
      type = 'stage_entered';
      previousStage = await named(opp.previousStageId ?? stringOf(data.fromStageId));
      break;
    case 'applicationCreated':
      type = 'application_created';
      break;
    case 'candidateHired':
      type = 'hired';
      break;
    case 'candidateArchiveChange': {
      if (opp.archivedReason === null) return none;
      const reason = (await deps.archiveReasons()).find((r) => r.id === opp.archivedReason);
      type = reason?.type === 'hired' ? 'archived' : 'rejected';
      break;
    }
  }
  if (!type) return none;
  const stage = await named(opp.stageId);
  const event: AtsEvent = {
    id: body.id ? `lever:${body.id}` : `lever:token:${body.token}`,
    type,
    connector: deps.connector,
    occurredAt: new Date(body.triggeredAt).toISOString(),
    record: {
      connector: deps.connector,
      candidateId: opp.contactId ?? opp.id,
      applicationId: opp.id,
      ...(opp.postingId ? { jobId: opp.postingId } : {}),
      ...(opp.stageId ? { stageId: opp.stageId } : {}),
    },
    ...(opp.postingId ? { job: { id: opp.postingId } } : {}),
    ...(stage ? { stage } : {}),
    ...(previousStage ? { previousStage } : {}),
    tags: [...opp.tags],
    candidate: {
      ...(opp.name ? { name: opp.name } : {}),
      ...(opp.email ? { email: opp.email } : {}),
    },
  };
  return { events: [event], reply: { status: 200, body: { ok: true, events: 1 } } };
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
