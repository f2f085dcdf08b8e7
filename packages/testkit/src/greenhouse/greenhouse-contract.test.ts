/**
 * Fixture contract: every real Greenhouse payload (grnhse/greenhouse-api-docs examples, copied
 * into `__fixtures__/`) is either compared with what the sandbox produces — same fields,
 * nesting and JSON types, nothing extra unless listed — or listed as not reproduced, with the
 * reason. A new fixture file fails the test until it is classified.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { compareJsonShape, formatShapeDifferences } from '../contract/json-shape';
import { GreenhouseSandbox } from './index';

const COPY = join(__dirname, '__fixtures__');
const SHARED = resolve(__dirname, '../../../../../shared/fixtures/greenhouse/greenhouse-api-docs');

const fixture = (rel: string): unknown => JSON.parse(readFileSync(join(COPY, rel), 'utf8'));

/** Fixtures the sandbox does not produce, and why. */
const NOT_REPRODUCED: Record<string, string> = {
  'harvest/get_application_current_offer.response.json': 'offers are not modelled',
  'harvest/get_close_reasons__list.response.json': 'close reasons are not modelled',
  'harvest/get_scheduled_interview__retrieve.response.json':
    'scheduled interviews are not modelled',
  'harvest/get_scorecard__retrieve.response.json': 'scorecards are read-only and not modelled',
  'harvest/get_sources__list.response.json': 'sources are not served (applications embed them)',
  'harvest/patch_candidate.request.json': 'PATCH candidate is not implemented',
  'harvest/patch_candidate.response.json': 'PATCH candidate is not implemented',
  'harvest/post_candidate.request.json': 'POST candidate is not implemented',
  'harvest/post_candidate.response.json': 'POST candidate is not implemented',
  'harvest/patch_application_rejection_reason.request.json':
    'v3 moved it to PATCH /v3/rejection_details/{id}, not implemented',
  'harvest/post_application_hire.request.json':
    'the hire endpoint is not implemented (UI hire only)',
  'harvest/post_application_transfer_job.request.json':
    'v1 body {new_job_id, new_stage_id}; v3 uses move with to_job_id (tested in harvest tests)',
  'harvest/post_application_advance.request.json':
    'v1 advance; v3 move with from_stage_id only (tested in harvest tests)',
  'webhooks/application_deleted.json': 'deleting applications is not modelled',
  'webhooks/candidate_deleted.json': 'deleting candidates is not modelled',
  'webhooks/department_deleted.json': 'organisation events are not sent',
  'webhooks/office_deleted.json': 'organisation events are not sent',
  'webhooks/job_approved.json': 'job events are not sent',
  'webhooks/job_created.json': 'job events are not sent',
  'webhooks/job_deleted.json': 'job events are not sent',
  'webhooks/job_updated.json': 'job events are not sent',
  'webhooks/job_post_created.json': 'job post events are not sent',
  'webhooks/job_post_deleted.json': 'job post events are not sent',
  'webhooks/job_stage_deleted.json': 'job events are not sent',
  'webhooks/offer_approved.json': 'offers are not modelled',
  'webhooks/offer_created.json': 'offers are not modelled',
  'webhooks/offer_deleted.json': 'offers are not modelled',
  'webhooks/scorecard_deleted.json': 'scorecards are not modelled',
};

const WEBHOOK_OPAQUE = [
  '$.payload.application.custom_fields',
  '$.payload.application.candidate.custom_fields',
  '$.payload.application.jobs[].custom_fields',
  '$.payload.application.job.custom_fields',
  '$.payload.application.offer.custom_fields',
  '$.payload.application.rejection_details.custom_fields',
  '$.payload.candidate.custom_fields',
];

function listFixtures(dir: string): string[] {
  return ['harvest', 'webhooks']
    .filter((sub) => existsSync(join(dir, sub)))
    .flatMap((sub) =>
      readdirSync(join(dir, sub))
        .filter((f) => f.endsWith('.json'))
        .map((f) => `${sub}/${f}`),
    )
    .sort();
}

/** Checks every custom field map entry is `{name, type, value}` (maps are opaque above). */
function keyedFieldProblems(value: unknown, path = '$'): string[] {
  if (!value || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => keyedFieldProblems(v, `${path}[${i}]`));
  const out: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (k === 'custom_fields' && v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [key, entry] of Object.entries(v)) {
        const keys = entry && typeof entry === 'object' ? Object.keys(entry).sort().join(',') : '';
        if (keys !== 'name,type,value') out.push(`${path}.custom_fields.${key}: ${keys}`);
      }
    } else out.push(...keyedFieldProblems(v, `${path}.${k}`));
  }
  return out;
}

describe('Greenhouse fixture contract', () => {
  let gh: GreenhouseSandbox;
  let url: string;
  let bearer: string;
  let receiver: Server;
  let receiverUrl: string;
  const bodies: string[] = [];

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: bearer,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined };
  };

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        bodies.push(Buffer.concat(chunks).toString());
        res.end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => receiver.close(() => r()));
  });
  beforeEach(async () => {
    gh = new GreenhouseSandbox({ rateLimit: false });
    url = await gh.start();
    const res = await fetch(`${url}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('gh-sandbox-client:gh-sandbox-secret').toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials&sub=112',
    });
    bearer = `Bearer ${((await res.json()) as { access_token: string }).access_token}`;
    bodies.length = 0;
  });
  afterEach(async () => gh.stop());

  it('the copied fixtures are byte-identical to shared/fixtures when that folder is present', () => {
    const copies = listFixtures(COPY);
    expect(copies.length).toBeGreaterThan(40);
    if (!existsSync(SHARED)) return;
    expect(copies).toEqual(listFixtures(SHARED));
    for (const f of copies)
      expect(readFileSync(join(COPY, f))).toEqual(readFileSync(join(SHARED, f)));
  });

  /** Harvest responses: fixture → how to get the sandbox's counterpart, extra fields allowed. */
  const HARVEST: Record<
    string,
    { get: () => Promise<unknown>; opaque?: string[]; extra?: string[] }
  > = {
    'harvest/get_applications__list.response.json': {
      get: async () => (await call('GET', '/v3/applications')).json,
      opaque: ['$[].custom_fields', '$[].keyed_custom_fields'],
    },
    'harvest/get_candidates__list.response.json': {
      get: async () => (await call('GET', '/v3/candidates')).json,
      opaque: ['$[].custom_fields', '$[].keyed_custom_fields'],
    },
    'harvest/get_job__retrieve.response.json': {
      get: async () => (await call('GET', '/v3/jobs/6404')).json,
      opaque: ['$.custom_fields', '$.keyed_custom_fields'],
    },
    'harvest/get_job_stages__list.response.json': {
      get: async () => (await call('GET', '/v3/job_interview_stages?job_ids=3485')).json,
      extra: ['$[].active'],
    },
    'harvest/get_job_stage__retrieve.response.json': {
      get: async () => (await call('GET', '/v3/job_interview_stages/6001')).json,
      extra: ['$.active'],
    },
    'harvest/get_custom_fields__list.response.json': {
      get: async () => (await call('GET', '/v3/custom_fields?field_type=job')).json,
    },
    'harvest/get_custom_field_options__list.response.json': {
      get: async () => (await call('GET', '/v3/custom_field_options?custom_field_ids=4002')).json,
      extra: ['$[].custom_field_id'],
    },
    'harvest/get_candidate_tags.response.json': {
      get: async () => (await call('GET', '/v3/candidate_tags')).json,
    },
    'harvest/get_tags_candidate__list.response.json': {
      get: async () => (await call('GET', '/v3/candidate_tags')).json,
    },
    'harvest/get_users__list.response.json': {
      get: async () => (await call('GET', '/v3/users')).json,
    },
    'harvest/patch_application.response.json': {
      get: async () => {
        const res = await call('PATCH', '/v3/applications/265277', {
          ...(fixture('harvest/patch_application.request.json') as object),
          custom_fields: [{ name_key: 'application_custom_test', value: 'Option B' }],
        });
        expect(res.status).toBe(200);
        return res.json;
      },
      opaque: ['$.custom_fields', '$.keyed_custom_fields'],
    },
    'harvest/post_candidate_note.response.json': {
      get: async () => {
        const res = await call('POST', '/v3/notes', {
          candidate_id: 265772,
          body: 'Note',
          visibility: 'admin_only',
        });
        expect(res.status).toBe(201);
        return res.json;
      },
      extra: ['$.candidate_id', '$.application_id', '$.type', '$.updated_at'],
    },
    // v1 returns the application after these actions; v3 answers 204, so the application read
    // after the action is compared.
    'harvest/post_application_advance.response.json': {
      get: async () => {
        expect(
          (await call('POST', '/v3/applications/265277/move', { from_stage_id: 71416 })).status,
        ).toBe(204);
        return (await call('GET', '/v3/applications/265277')).json;
      },
      opaque: ['$.custom_fields', '$.keyed_custom_fields'],
    },
    'harvest/post_application_transfer_job.response.json': {
      get: async () => {
        const res = await call('POST', '/v3/applications/265277/move', {
          from_stage_id: 71416,
          to_job_id: 274075,
        });
        expect(res.status).toBe(204);
        return (await call('GET', '/v3/applications/265277')).json;
      },
      opaque: ['$.custom_fields', '$.keyed_custom_fields'],
    },
    'harvest/post_application_hire.response.json': {
      get: async () => {
        gh.hireApplication(265277);
        return (await call('GET', '/v3/applications/265277')).json;
      },
      opaque: ['$.custom_fields', '$.keyed_custom_fields'],
    },
    'harvest/post_application_unreject.response.json': {
      get: async () => {
        expect((await call('POST', '/v3/applications/265293/unreject', {})).status).toBe(204);
        return (await call('GET', '/v3/applications/265293')).json;
      },
      opaque: ['$.custom_fields', '$.keyed_custom_fields'],
    },
    'harvest/post_application_reject.request.json': {
      // the documented request body is accepted as is (reason 815 exists in the default data)
      get: async () => {
        const res = await call(
          'POST',
          '/v3/applications/265277/reject',
          fixture('harvest/post_application_reject.request.json'),
        );
        expect(res.status).toBe(204);
        expect(gh.application(265277).rejection?.rejection_email).toEqual({
          send_email_at: '2014-03-26T20:11:39Z',
          email_template_id: 42,
        });
        return fixture('harvest/post_application_reject.request.json');
      },
    },
    'harvest/patch_application.request.json': {
      get: async () => {
        const res = await call(
          'PATCH',
          '/v3/applications/265277',
          fixture('harvest/patch_application.request.json'),
        );
        expect(res.status).toBe(200);
        return fixture('harvest/patch_application.request.json');
      },
    },
  };

  /** Webhook fixtures: the action that makes the sandbox send its counterpart. */
  const WEBHOOKS: Record<string, { event: string; act: () => void }> = {
    'webhooks/candidate_stage_change.json': {
      event: 'candidate_stage_change',
      act: () => gh.moveApplication(265277, 6001),
    },
    'webhooks/application_created.json': {
      event: 'application_created',
      act: () => gh.addApplication({ candidate_id: 60304594, job_id: 3485 }),
    },
    'webhooks/candidate_rejected.json': {
      event: 'candidate_rejected',
      act: () => gh.rejectApplication(265277, 14),
    },
    'webhooks/candidate_hired.json': {
      event: 'candidate_hired',
      act: () => gh.hireApplication(265277),
    },
    'webhooks/candidate_unhired.json': {
      event: 'candidate_unhired',
      act: () => {
        gh.hireApplication(265277);
        gh.unhireApplication(265277);
      },
    },
    'webhooks/candidate_updated.json': {
      event: 'candidate_updated',
      act: () => gh.candidateUpdated(265772),
    },
  };

  it('classifies every fixture file (compared or listed as not reproduced)', () => {
    const classified = new Set([
      ...Object.keys(HARVEST),
      ...Object.keys(WEBHOOKS),
      ...Object.keys(NOT_REPRODUCED),
    ]);
    expect(listFixtures(COPY).filter((f) => !classified.has(f))).toEqual([]);
    expect([...classified].filter((f) => !listFixtures(COPY).includes(f))).toEqual([]);
  });

  it.each(Object.keys(HARVEST))('Harvest %s: same shape as the real payload', async (name) => {
    const c = HARVEST[name];
    const ours = await c.get();
    const diffs = compareJsonShape(fixture(name), ours, {
      opaquePaths: c.opaque,
      reportExtra: true,
    }).filter((d) => !(d.problem === 'extra' && c.extra?.includes(d.path)));
    expect(formatShapeDifferences(diffs)).toBe('');
    if (Array.isArray(ours)) expect(ours.length).toBeGreaterThan(0);
  });

  it.each(Object.keys(WEBHOOKS))(
    'webhook %s: same action and shape as the real payload',
    async (name) => {
      const w = WEBHOOKS[name];
      await gh.registerWebhook({ event: w.event, url: receiverUrl, secret: 's' });
      w.act();
      await gh.webhooks.idle();
      const events = bodies
        .map((b) => JSON.parse(b) as { action: string })
        .filter((b) => b.action !== 'ping');
      expect(events).toHaveLength(1);
      const real = fixture(name) as { action: string };
      expect(events[0].action).toBe(real.action);
      const diffs = compareJsonShape(real, events[0], {
        opaquePaths: WEBHOOK_OPAQUE,
        reportExtra: true,
      });
      expect(formatShapeDifferences(diffs)).toBe('');
      expect(keyedFieldProblems(events[0])).toEqual([]);
    },
  );
});
