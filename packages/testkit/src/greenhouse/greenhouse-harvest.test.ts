import { request } from 'node:http';
import { GreenhouseSandbox, type GreenhouseSandboxOptions } from './index';

interface Answer {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function openHarvest(options: GreenhouseSandboxOptions = {}) {
  const gh = new GreenhouseSandbox({ rateLimit: false, ...options });
  const url = await gh.start();
  const tokenRes = await fetch(`${url}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from('gh-sandbox-client:gh-sandbox-secret').toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials&sub=112',
  });
  const { access_token } = (await tokenRes.json()) as { access_token: string };
  const call = async (method: string, path: string, body?: unknown): Promise<Answer> => {
    const res = await fetch(path.startsWith('http') ? path : `${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${access_token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };
  return { gh, url, call, bearer: `Bearer ${access_token}` };
}

const nextLink = (headers: Headers) =>
  /<([^>]+)>;\s*rel="next"/.exec(headers.get('link') ?? '')?.[1];

describe('GreenhouseSandbox Harvest v3 reads', () => {
  let h: Awaited<ReturnType<typeof openHarvest>>;
  beforeAll(async () => {
    h = await openHarvest();
  });
  afterAll(async () => h.gh.stop());

  it('serves the fixture applications with stage, jobs and custom fields', async () => {
    const { status, body } = await h.call('GET', '/v3/applications/265277');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: 265277,
      candidate_id: 265772,
      status: 'active',
      current_stage: { id: 71416, name: 'Assessment' },
      jobs: [{ id: 3485, name: 'Designer' }],
      custom_fields: { custom_application_field: 'Example', assessment_score: null },
      keyed_custom_fields: {
        custom_application_field: {
          name: 'Custom Application Field',
          type: 'short_text',
          value: 'Example',
        },
      },
    });
    expect((await h.call('GET', '/v3/applications/1')).status).toBe(404);
  });

  it('lists job stages of a job in priority order and custom fields by field_type', async () => {
    const stages = await h.call('GET', '/v3/job_interview_stages?job_ids=3485');
    expect(stages.body.map((s: { name: string }) => s.name)).toEqual([
      'Application Review',
      'Assessment',
      'Cultural Fit Interview',
      'Executive Interview',
      'Offer',
    ]);
    const fields = await h.call('GET', '/v3/custom_fields?field_type=application');
    expect(fields.body.map((f: { name_key: string }) => f.name_key)).toContain('cefr_level');
    expect(fields.body.every((f: { field_type: string }) => f.field_type === 'application')).toBe(
      true,
    );
    const options = await h.call('GET', '/v3/custom_field_options?custom_field_ids=4007');
    expect(options.body.map((o: { name: string }) => o.name)).toEqual([
      'A1',
      'A2',
      'B1',
      'B2',
      'C1',
      'C2',
    ]);
  });

  it('filters applications by candidate_ids and applied tags by candidate_ids', async () => {
    const apps = await h.call('GET', '/v3/applications?candidate_ids=265788');
    expect(apps.body.map((a: { id: number }) => a.id)).toEqual([265293]);
    const tags = await h.call('GET', '/v3/applied_candidate_tags?candidate_ids=60304594');
    expect(tags.body).toHaveLength(2);
    expect(tags.body[0]).toEqual(
      expect.objectContaining({
        id: expect.any(Number),
        candidate_id: 60304594,
        candidate_tag_id: 365,
      }),
    );
  });

  it('paginates with a cursor in Link rel="next" until the last page, which has no Link', async () => {
    const seen: number[] = [];
    let page = await h.call('GET', '/v3/applications?per_page=2&status=active');
    seen.push(...page.body.map((a: { id: number }) => a.id));
    const link = nextLink(page.headers);
    expect(link).toMatch(/\/v3\/applications\?cursor=[^&]+$/);
    page = await h.call('GET', link!);
    seen.push(...page.body.map((a: { id: number }) => a.id));
    expect(nextLink(page.headers)).toBeUndefined();
    expect(seen).toEqual([265277, 65153308, 71980812]);
  });

  it('answers 403 to a GET that carries a body (greenhouse-api.md §1.4)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${h.url}/v3/users`,
        {
          method: 'GET',
          headers: {
            authorization: h.bearer,
            'content-type': 'application/json',
            'content-length': '7',
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end('{"a":1}');
    });
    expect(status).toBe(403);
  });

  it('answers 422 when a cursor comes with other query parameters, and for more than 50 ids', async () => {
    const first = await h.call('GET', '/v3/candidates?per_page=1');
    const link = nextLink(first.headers)!;
    const mixed = await h.call('GET', `${link}&per_page=1`);
    expect(mixed.status).toBe(422);
    expect(mixed.body).toEqual({
      message: 'Validation error',
      errors: [{ message: 'cursor must be the only query parameter', field: 'cursor' }],
    });
    const many = Array.from({ length: 51 }, (_, i) => i + 1).join(',');
    expect((await h.call('GET', `/v3/candidates?ids=${many}`)).status).toBe(422);
    expect((await h.call('GET', '/v3/candidates?per_page=501')).status).toBe(422);
  });
});

describe('GreenhouseSandbox Harvest v3 writes', () => {
  let h: Awaited<ReturnType<typeof openHarvest>>;
  beforeEach(async () => {
    h = await openHarvest();
  });
  afterEach(async () => h.gh.stop());

  it('PATCH application sets custom fields by id or name_key, converts option names, clears with delete_value', async () => {
    const res = await h.call('PATCH', '/v3/applications/265277', {
      custom_fields: [
        { name_key: 'assessment_score', value: '87.5' },
        { id: 4007, value: 'B2' },
        { name_key: 'assessment_passed', value: true },
        { name_key: 'assessment_date', value: '2026-11-20' },
        { name_key: 'custom_application_field', delete_value: 'true' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.custom_fields).toMatchObject({
      assessment_score: 87.5,
      cefr_level: 'B2',
      assessment_passed: true,
      custom_application_field: null,
    });
    expect(h.gh.application(265277).custom_fields).toEqual({
      assessment_score: 87.5,
      cefr_level: 'B2',
      assessment_passed: true,
      assessment_date: '2026-11-20',
    });
    // an option id works too
    await h.call('PATCH', '/v3/applications/265277', {
      custom_fields: [{ id: 4007, value: 4076 }],
    });
    expect(h.gh.application(265277).custom_fields.cefr_level).toBe('C2');
  });

  it('PATCH application refuses unknown fields, bad values and null with a 422 and changes nothing', async () => {
    const res = await h.call('PATCH', '/v3/applications/265277', {
      custom_fields: [
        { name_key: 'assessment_score', value: 90 },
        { name_key: 'no_such_field', value: 'x' },
        { name_key: 'cefr_level', value: 'D1' },
        { name_key: 'assessment_score', value: 'ninety' },
        { name_key: 'assessment_result', value: null },
        { name_key: 'assessment_result', delete_value: true },
        { id: 4011, value: 'Blue' },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.body.message).toBe('Validation error');
    expect(res.body.errors).toEqual([
      { message: 'Custom field no_such_field does not exist', field: 'custom_fields[1]' },
      { message: '"D1" is not an option of cefr_level', field: 'custom_fields[2]' },
      { message: 'value must be numeric for a number field', field: 'custom_fields[3]' },
      { message: expect.stringContaining('must not be null'), field: 'custom_fields[4]' },
      { message: 'delete_value must be the string "true"', field: 'custom_fields[5]' },
      // a candidate field is not an application field
      { message: 'Custom field 4011 does not exist', field: 'custom_fields[6]' },
    ]);
    expect(h.gh.application(265277).custom_fields).toEqual({ custom_application_field: 'Example' });
  });

  it('move: from_stage_id required and must be the current stage; to_stage_id of the same job; none = next stage; 204', async () => {
    const noFrom = await h.call('POST', '/v3/applications/265277/move', { to_stage_id: 6001 });
    expect(noFrom.status).toBe(422);
    expect(noFrom.body.errors[0].field).toBe('from_stage_id');
    const stale = await h.call('POST', '/v3/applications/265277/move', {
      from_stage_id: 71415,
      to_stage_id: 6001,
    });
    expect(stale.status).toBe(422);
    expect(stale.body.errors).toEqual([
      {
        field: 'from_stage_id',
        message: 'from_stage_id does not match the current stage of the application',
      },
    ]);
    const otherJob = await h.call('POST', '/v3/applications/265277/move', {
      from_stage_id: 71416,
      to_stage_id: 2944103,
    });
    expect(otherJob.status).toBe(422);
    expect(h.gh.application(265277).current_stage?.id).toBe(71416);

    const advance = await h.call('POST', '/v3/applications/265277/move', { from_stage_id: 71416 });
    expect(advance.status).toBe(204);
    expect(advance.body).toBeUndefined();
    expect(h.gh.application(265277).current_stage).toEqual({
      id: 6001,
      name: 'Cultural Fit Interview',
    });
    const jump = await h.call('POST', '/v3/applications/265277/move', {
      from_stage_id: 6001,
      to_stage_id: 2708728,
    });
    expect(jump.status).toBe(204);
    const last = await h.call('POST', '/v3/applications/265277/move', { from_stage_id: 2708728 });
    expect(last.status).toBe(422);
    // a rejected application cannot move
    const rejected = await h.call('POST', '/v3/applications/265293/move', {
      from_stage_id: 2708728,
      to_stage_id: 71415,
    });
    expect(rejected.status).toBe(422);
  });

  it('reject: reason required, custom_fields in the same call, only active; unreject only rejected', async () => {
    const noReason = await h.call('POST', '/v3/applications/265277/reject', { notes: 'x' });
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors[0].field).toBe('rejection_reason_id');
    const badField = await h.call('POST', '/v3/applications/265277/reject', {
      rejection_reason_id: 815,
      custom_fields: [{ name_key: 'nope', value: 1 }],
    });
    expect(badField.status).toBe(422);
    expect(h.gh.application(265277).status).toBe('active');

    const ok = await h.call('POST', '/v3/applications/265277/reject', {
      rejection_reason_id: 815,
      notes: 'Assessment score 41/100',
      custom_fields: [{ name_key: 'assessment_score', value: 41 }],
    });
    expect(ok.status).toBe(204);
    expect(h.gh.application(265277)).toMatchObject({
      status: 'rejected',
      custom_fields: { assessment_score: 41 },
      rejection: { reason: { id: 815, name: 'Not qualified' }, notes: 'Assessment score 41/100' },
    });
    const again = await h.call('POST', '/v3/applications/265277/reject', {
      rejection_reason_id: 815,
    });
    expect(again.status).toBe(422);
    expect((await h.call('GET', '/v3/applications/265277')).body.rejection_reason).toEqual({
      id: 815,
      name: 'Not qualified',
      type: { id: 1, name: 'We rejected them' },
    });

    expect((await h.call('POST', '/v3/applications/265277/unreject', {})).status).toBe(204);
    expect(h.gh.application(265277)).toMatchObject({ status: 'active', rejection: null });
    expect((await h.call('POST', '/v3/applications/265277/unreject', {})).status).toBe(422);
  });

  it('notes: application_id or candidate_id, body, visibility → 201 with the note; invalid → 422', async () => {
    const created = await h.call('POST', '/v3/notes', {
      application_id: 265277,
      body: 'ZenHire assessment: 87/100 (B2)',
      visibility: 'private',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.any(Number),
      candidate_id: 265772,
      application_id: 265277,
      body: 'ZenHire assessment: 87/100 (B2)',
      visibility: 'private',
      type: 'NOTE',
      user: { id: 112, name: 'Juliet Burke' },
    });
    const list = await h.call('GET', '/v3/notes?application_ids=265277');
    expect(list.body.map((n: { id: number }) => n.id)).toEqual([created.body.id]);
    const bad = await h.call('POST', '/v3/notes', {
      candidate_id: 265772,
      body: '',
      visibility: 'everyone',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['body', 'visibility']);
    expect(h.gh.notes({ candidateId: 265772 })).toHaveLength(1);
  });

  it('candidate tags: create is case-insensitive (201 new, 200 existing, same body); applying twice returns the same row', async () => {
    const created = await h.call('POST', '/v3/candidate_tags', { name: 'ZenHire: B2' });
    expect(created.status).toBe(201);
    const again = await h.call('POST', '/v3/candidate_tags', { name: 'zenhire: b2' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(created.body);

    const applied = await h.call('POST', '/v3/applied_candidate_tags', {
      candidate_id: 265772,
      candidate_tag_id: created.body.id,
    });
    expect(applied.status).toBe(201);
    expect(applied.body).toEqual(
      expect.objectContaining({
        id: expect.any(Number),
        candidate_id: 265772,
        candidate_tag_id: created.body.id,
      }),
    );
    const twice = await h.call('POST', '/v3/applied_candidate_tags', {
      candidate_id: 265772,
      candidate_tag_id: created.body.id,
    });
    expect(twice.status).toBe(200);
    expect(twice.body.id).toBe(applied.body.id);
    expect(h.gh.appliedTags(265772).map((t) => t.name)).toEqual([
      'Import from Previous ATS',
      'ZenHire: B2',
    ]);
    expect((await h.call('GET', '/v3/candidates/265772')).body.tags).toEqual([
      'Import from Previous ATS',
      'ZenHire: B2',
    ]);

    expect((await h.call('DELETE', `/v3/applied_candidate_tags/${applied.body.id}`)).status).toBe(
      204,
    );
    expect((await h.call('DELETE', `/v3/applied_candidate_tags/${applied.body.id}`)).status).toBe(
      404,
    );
    expect(h.gh.appliedTags(265772).map((t) => t.name)).toEqual(['Import from Previous ATS']);
    const unknown = await h.call('POST', '/v3/applied_candidate_tags', {
      candidate_id: 1,
      candidate_tag_id: 365,
    });
    expect(unknown.status).toBe(422);
  });

  it('exposes the same state over the HTTP inspection API', async () => {
    await h.call('POST', '/v3/applications/265277/move', { from_stage_id: 71416 });
    const res = await fetch(`${h.url}/__sandbox/greenhouse/applications/265277`);
    expect(await res.json()).toMatchObject({ current_stage: { id: 6001 }, status: 'active' });
    const tokens = await (await fetch(`${h.url}/__sandbox/greenhouse/token-requests`)).json();
    expect(tokens).toHaveLength(1);
  });

  it("answers injected faults in Greenhouse's error shape", async () => {
    h.gh.faults.configure({ errorRates: { 503: 1 } });
    const res = await h.call('GET', '/v3/jobs/3485');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ message: 'Service Unavailable' });
    h.gh.faults.configure({ rateLimitStorm: { count: 1, retryAfterSeconds: 9 } });
    const storm = await h.call('GET', '/v3/jobs/3485');
    expect(storm.status).toBe(429);
    expect(storm.headers.get('retry-after')).toBe('9');
    expect((await h.call('GET', '/v3/jobs/3485')).status).toBe(200);
  });
});
