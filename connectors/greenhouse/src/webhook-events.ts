import { createHash } from 'node:crypto';
import type {
  AtsEvent,
  AtsEventType,
  ConnectorCache,
  InboundRequest,
  NamedRef,
  ParsedWebhook,
  RecordRef,
} from '@zenhire-connect/core';
import { headerValue } from './webhook-signature';

type Json = Record<string, unknown>;
const obj = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
const idOf = (value: unknown): string | undefined =>
  typeof value === 'number' || (typeof value === 'string' && value !== '')
    ? String(value)
    : undefined;
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * Which core event a Greenhouse `action` becomes (greenhouse-api.md §3.2). Actions not
 * listed (jobs, offers, departments, offices, interviews, scorecards, `ping`) give no
 * events. Choices where the spec has no counterpart: `unreject_candidate` and
 * `unhire_candidate` put the application back into `current_stage`, so they are a
 * `stage_entered`; `application_updated` is a `candidate_updated` of that application;
 * `delete_application`, `delete_candidate` and `candidate_anonymized` are `archived`.
 */
export const ACTION_EVENTS: Readonly<Record<string, AtsEventType>> = {
  candidate_stage_change: 'stage_entered',
  unreject_candidate: 'stage_entered',
  unhire_candidate: 'stage_entered',
  new_candidate_application: 'application_created',
  new_prospect_application: 'application_created',
  reject_candidate: 'rejected',
  hire_candidate: 'hired',
  update_candidate: 'candidate_updated',
  merge_candidate: 'candidate_updated',
  application_updated: 'candidate_updated',
  delete_application: 'archived',
  delete_candidate: 'archived',
  candidate_anonymized: 'archived',
};

/** Last stages seen for one application (cache value). */
interface SeenStages {
  current: NamedRef;
  previous?: NamedRef;
}

export interface WebhookParseContext {
  /** Connector instance name. */
  connector: string;
  cache: ConnectorCache;
  /** How long last-seen stages and tags are kept (ms). */
  lastSeenTtlMs: number;
}

/** Cache key of the last seen stage of an application. */
export const lastStageKey = (applicationId: string) => `gh:last_stage:${applicationId}`;
const lastTagsKey = (candidateId: string) => `gh:last_tags:${candidateId}`;

/**
 * Parses a verified Greenhouse webhook (`{ action, payload }`, greenhouse-api.md §3) into
 * core events. `ping` → 200 and no events; unreadable JSON → 400 and no events; other
 * actions → 200 and the events of `ACTION_EVENTS`.
 *
 * - Event id: `Greenhouse-Event-ID`, or when absent the SHA-256 of
 *   (action, application.id, current_stage.id, last_activity_at) (§3.1 [INFERRED]).
 * - `previousStage`: Greenhouse sends only the new stage (§3.3); the last stage seen per
 *   application is kept in the ConnectorCache. A redelivery of the same stage keeps the
 *   previous stage of the first delivery.
 * - `tag_added` (extra event, id suffixed `:tag_added`): tags on the candidate not in the
 *   last seen set of `update_candidate` / application-created events (a candidate seen for
 *   the first time counts all its tags as added).
 */
export async function parseGreenhouseWebhook(
  request: InboundRequest,
  context: WebhookParseContext,
): Promise<ParsedWebhook> {
  let body: Json;
  try {
    body = obj(JSON.parse(request.rawBody.toString('utf8')));
  } catch {
    return { events: [], reply: { status: 400, body: { error: 'body is not JSON' } } };
  }
  const action = str(body.action);
  const ok: ParsedWebhook['reply'] = { status: 200, body: { status: 'ok' } };
  if (!action || action === 'ping') return { events: [], reply: ok };
  const type = ACTION_EVENTS[action];
  if (!type) return { events: [], reply: ok };

  const payload = obj(body.payload);
  const application = obj(payload.application);
  const candidate = obj(application.candidate ?? payload.candidate ?? payload.person);
  const candidateId = idOf(candidate.id) ?? idOf(application.candidate_id);
  if (!candidateId) return { events: [], reply: ok };

  const applicationId = idOf(application.id);
  const jobs = Array.isArray(application.jobs) ? application.jobs.map(obj) : [];
  const jobJson = jobs[0] ?? obj(application.job);
  const jobId = idOf(jobJson.id) ?? idOf(application.job_id);
  const stageJson = obj(application.current_stage);
  const stage: NamedRef | undefined = idOf(stageJson.id)
    ? { id: idOf(stageJson.id)!, ...(str(stageJson.name) ? { name: str(stageJson.name) } : {}) }
    : undefined;
  const lastActivity = str(application.last_activity_at);
  const eventId =
    headerValue(request.headers, 'greenhouse-event-id') ??
    `gh-${createHash('sha256')
      .update(
        JSON.stringify([
          action,
          applicationId ?? candidateId,
          stage?.id ?? null,
          lastActivity ?? null,
        ]),
      )
      .digest('hex')}`;

  const record: RecordRef = {
    connector: context.connector,
    candidateId,
    ...(applicationId ? { applicationId } : {}),
    ...(jobId ? { jobId } : {}),
    ...(stage ? { stageId: stage.id } : {}),
  };
  const occurredAt =
    lastActivity ??
    str(application.rejected_at) ??
    str(candidate.updated_at) ??
    new Date(request.receivedAt).toISOString();
  const name = [str(candidate.first_name), str(candidate.last_name)].filter(Boolean).join(' ');
  const emails = Array.isArray(candidate.email_addresses) ? candidate.email_addresses.map(obj) : [];
  const email = str(emails[0]?.value);
  const tags = Array.isArray(candidate.tags)
    ? candidate.tags.filter((t): t is string => typeof t === 'string')
    : undefined;

  const event: AtsEvent = {
    id: eventId,
    type,
    connector: context.connector,
    occurredAt,
    record,
    ...(jobId
      ? { job: { id: jobId, ...(str(jobJson.name) ? { name: str(jobJson.name) } : {}) } }
      : {}),
    ...(stage ? { stage } : {}),
    ...(tags ? { tags } : {}),
    ...(name || email
      ? { candidate: { ...(name ? { name } : {}), ...(email ? { email } : {}) } }
      : {}),
  };

  if (applicationId && stage) {
    const previous = await rememberStage(context, applicationId, stage);
    if (previous && type === 'stage_entered') event.previousStage = previous;
  }
  const events = [event];
  if (tags && (action === 'update_candidate' || type === 'application_created')) {
    const added = await newTags(context, candidateId, tags);
    if (added.length > 0)
      events.push({ ...event, id: `${eventId}:tag_added`, type: 'tag_added', tags: added });
  } else if (tags) {
    await context.cache.set(lastTagsKey(candidateId), tags, context.lastSeenTtlMs);
  }
  return { events, reply: ok };
}

/** Stores `stage` as the application's current stage; returns the stage before it. */
async function rememberStage(
  context: WebhookParseContext,
  applicationId: string,
  stage: NamedRef,
): Promise<NamedRef | undefined> {
  const key = lastStageKey(applicationId);
  const seen = await context.cache.get<SeenStages>(key);
  if (seen && seen.current.id === stage.id) return seen.previous;
  await context.cache.set<SeenStages>(
    key,
    { current: stage, ...(seen ? { previous: seen.current } : {}) },
    context.lastSeenTtlMs,
  );
  return seen?.current;
}

/** Tags not in the last seen set (case-insensitive); stores the new set. */
async function newTags(
  context: WebhookParseContext,
  candidateId: string,
  tags: string[],
): Promise<string[]> {
  const key = lastTagsKey(candidateId);
  const seen = (await context.cache.get<string[]>(key)) ?? [];
  await context.cache.set(key, tags, context.lastSeenTtlMs);
  const known = new Set(seen.map((t) => t.toLowerCase()));
  return tags.filter((t) => !known.has(t.toLowerCase()));
}

/** The last stage seen for an application through webhooks, if any. */
export async function lastSeenStage(
  cache: ConnectorCache,
  applicationId: string,
): Promise<NamedRef | undefined> {
  return (await cache.get<SeenStages>(lastStageKey(applicationId)))?.current;
}
