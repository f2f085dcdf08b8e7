import { INSPECTION_PREFIX } from '../sandbox/sandbox-server';
import { GreenhouseApiError } from './errors';
import type { GreenhouseSandbox } from './greenhouse-sandbox';
import type { ApplicationSeed, GreenhouseSeed } from './store';
import type { GreenhouseWebhookConfig } from './webhook-dispatcher';
import type { PartnerEndpoints } from './assessment-partner';

/** Prefix of the Greenhouse inspection API (no auth, no faults, not in the call log). */
export const GREENHOUSE_INSPECTION_PREFIX = `${INSPECTION_PREFIX}/greenhouse`;

/**
 * Inspection over HTTP, mirroring the in-process methods of {@link GreenhouseSandbox}:
 *
 * | Route | Answer |
 * |---|---|
 * | `GET  …/applications`, `GET …/applications/:id` | {@link ApplicationInspection} (stage, status, custom field values, rejection) |
 * | `GET  …/notes?candidate_id=&application_id=` | stored notes |
 * | `GET  …/candidates/:id/applied-tags` | `[{id, candidate_tag_id, name}]` |
 * | `GET  …/token-requests` | every `POST /token` (no secrets) |
 * | `POST …/expire-tokens` | every token expires now |
 * | `GET  …/webhooks`, `POST …/webhooks` `{event, url, secret, name?}` | registered webhooks; register (+ ping) |
 * | `POST …/webhooks/:id/enable` | re-enable after a failed ping |
 * | `GET  …/webhook-deliveries` | deliveries with attempts |
 * | `POST …/applications/:id/move` `{stage_id}`, `…/hire`, `…/reject` `{rejection_reason_id, notes?}` | recruiter actions in the UI (fire webhooks) |
 * | `POST …/applications` | add an application (fires `new_candidate_application`) |
 * | `POST …/seed`, `POST …/reset` | load data / back to the fixture data (`{data: 'empty'}` to empty) |
 * | `GET  …/partner/sent-tests`, `…/partner/completions`, `…/partner/status-results`, `…/partner/response-errors` | Assessment Partner flow |
 * | `POST …/partner/send-test` `{endpoints, apiKey, partnerTestId, applicationId, sentBy?}` | a recruiter clicks "Send Test" |
 *
 * Errors: `{message}` / Greenhouse's 422 shape with the same status as the in-process call.
 */
export function registerInspectionRoutes(gh: GreenhouseSandbox): void {
  const p = GREENHOUSE_INSPECTION_PREFIX;
  const { app } = gh;
  const num = (v: unknown) => (v === undefined ? undefined : Number(v));
  const id = (params: unknown) => Number((params as { id: string }).id);

  app.get(`${p}/applications`, async () =>
    [...gh.store.applications.keys()].map((a) => gh.application(a)),
  );
  app.get(`${p}/applications/:id`, async (r) => gh.application(id(r.params)));
  app.post(`${p}/applications`, async (r, reply) => {
    const a = gh.addApplication(r.body as ApplicationSeed);
    return reply.code(201).send(gh.application(a.id));
  });
  app.post(`${p}/applications/:id/move`, async (r) => {
    gh.moveApplication(id(r.params), Number((r.body as { stage_id?: unknown })?.stage_id));
    return gh.application(id(r.params));
  });
  app.post(`${p}/applications/:id/hire`, async (r) => {
    gh.hireApplication(id(r.params));
    return gh.application(id(r.params));
  });
  app.post(`${p}/applications/:id/reject`, async (r) => {
    const b = (r.body ?? {}) as { rejection_reason_id?: unknown; notes?: string };
    gh.rejectApplication(id(r.params), Number(b.rejection_reason_id), b.notes);
    return gh.application(id(r.params));
  });
  app.get(`${p}/notes`, async (r) => {
    const q = r.query as Record<string, string | undefined>;
    return gh.notes({ candidateId: num(q.candidate_id), applicationId: num(q.application_id) });
  });
  app.get(`${p}/candidates/:id/applied-tags`, async (r) => {
    if (!gh.store.candidates.has(id(r.params))) throw GreenhouseApiError.notFound('Candidate');
    return gh.appliedTags(id(r.params));
  });
  app.get(`${p}/token-requests`, async () => gh.tokenRequests);
  app.post(`${p}/expire-tokens`, async () => {
    gh.expireTokens();
    return { ok: true };
  });
  app.get(`${p}/webhooks`, async () => gh.webhooks.webhooks);
  app.post(`${p}/webhooks`, async (r, reply) =>
    reply.code(201).send(await gh.registerWebhook(r.body as GreenhouseWebhookConfig)),
  );
  app.post(`${p}/webhooks/:id/enable`, async (r) => {
    gh.webhooks.enable(id(r.params));
    return gh.webhooks.webhooks.find((w) => w.id === id(r.params)) ?? null;
  });
  app.get(`${p}/webhook-deliveries`, async () => gh.webhooks.deliveries);
  app.post(`${p}/seed`, async (r) => {
    gh.seedData(r.body as GreenhouseSeed);
    return { ok: true };
  });
  app.post(`${p}/reset`, async (r) => {
    const b = (r.body ?? {}) as { data?: 'fixtures' | 'empty' | GreenhouseSeed };
    gh.reset(b.data ?? 'fixtures');
    return { ok: true };
  });
  app.get(`${p}/partner/sent-tests`, async () => gh.partner.sentTests);
  app.get(`${p}/partner/completions`, async () => gh.partner.completions);
  app.get(`${p}/partner/status-results`, async () => gh.partner.statusResults);
  app.get(`${p}/partner/response-errors`, async () => gh.partner.responseErrors);
  app.post(`${p}/partner/send-test`, async (r, reply) => {
    const b = r.body as {
      endpoints: PartnerEndpoints;
      apiKey: string;
      partnerTestId: string;
      applicationId: number;
      sentBy?: string;
    };
    const sent = await gh.partner.sendTest(b.endpoints, b.apiKey, {
      partnerTestId: b.partnerTestId,
      applicationId: b.applicationId,
      sentBy: b.sentBy,
    });
    return reply.code(201).send(sent);
  });
}
