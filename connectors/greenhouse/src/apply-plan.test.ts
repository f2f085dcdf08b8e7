import nock from 'nock';
import type { OperationOutcome, WriteOperation, WritePlan } from '@zenhire-connect/core';
import {
  HARVEST,
  SECRETS,
  type TestConnector,
  makeConnector,
  mockRefresh,
  mockToken,
  plan,
  warmCaches,
} from './__fixtures__/nock-greenhouse';

let t: TestConnector;

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());

beforeEach(async () => {
  t = makeConnector();
  mockToken(t.clock.now);
  await warmCaches(t);
});

it('refresh() reloads every metadata list: 5 calls, then writes need none', async () => {
  const fresh = makeConnector();
  mockToken(fresh.clock.now);
  mockRefresh();
  expect(await fresh.connector.refresh(['3485'])).toBe(5);
  expect(fresh.connector.metadata.peek.jobStages('3485')?.map((s) => s.name)).toEqual([
    'Application Review',
    'Assessment',
    'Face to Face',
    'Offer',
  ]);
  nock(HARVEST).post('/v3/applications/265277/reject', { rejection_reason_id: 15 }).reply(204);
  const result = await fresh.connector.applyPlan(
    plan([{ kind: 'Reject', reason: 'language level too low' }]),
    noPrevious,
  );
  expect(result.calls).toBe(1);
  await fresh.connector.close();
});

afterEach(async () => {
  // The token mock stays pending in tests that send nothing.
  const pending = nock.pendingMocks().filter((m) => !m.endsWith('/token'));
  nock.cleanAll();
  await t.connector.close();
  expect(pending).toEqual([]);
});

const noPrevious = { previousOutcomes: [] as OperationOutcome[] };
/** First attempt (no previous outcomes) of a plan of `operations` on the fixture record. */
const apply = (operations: WriteOperation[], record?: Partial<WritePlan['record']>) =>
  t.connector.applyPlan(plan(operations, record), noPrevious);
const app = (body: object) => ({
  id: 265277,
  candidate_id: 265772,
  status: 'active',
  jobs: [{ id: 3485, name: 'Designer' }],
  ...body,
});

describe('minimal call plans with warm caches (greenhouse-api.md §5)', () => {
  it('fields only: every SetFields of the plan in one PATCH, values coerced to the field types', async () => {
    const scope = nock(HARVEST)
      .patch('/v3/applications/265277', {
        custom_fields: [
          { id: 101, value: 87 },
          { id: 102, value: 903 },
          { id: 103, value: '2026-03-01' },
          { id: 104, value: true },
        ],
      })
      .matchHeader('authorization', `Bearer ${SECRETS.accessToken}`)
      .reply(200, app({}));
    const seen: OperationOutcome[] = [];
    const result = await t.connector.applyPlan(
      plan([
        {
          kind: 'SetFields',
          fields: [
            { field: 'zenhire_score', value: '87', type: 'number' },
            { field: 'cefr_level', value: 'b2', type: 'single_select' },
          ],
        },
        {
          kind: 'SetFields',
          fields: [
            { field: 'assessed_on', value: '2026-03-01T09:30:00Z', type: 'date' },
            { field: 'Passed', value: 'yes', type: 'yes_no' },
          ],
        },
      ]),
      { previousOutcomes: [], onOutcome: async (o) => void seen.push(o) },
    );
    expect(scope.isDone()).toBe(true);
    expect(result.calls).toBe(1);
    expect(result.outcomes.map((o) => o.status)).toEqual(['applied', 'applied']);
    expect(seen.map((o) => o.index).sort()).toEqual([0, 1]);
  });

  it('note: one POST /v3/notes, note id recorded in atsIds', async () => {
    nock(HARVEST)
      .post('/v3/notes', {
        candidate_id: 265772,
        application_id: 265277,
        user_id: 4080,
        body: 'Score 87 (B2)',
        visibility: 'private',
      })
      .reply(201, { id: 123, body: 'Score 87 (B2)' });
    const result = await apply([{ kind: 'AddNote', body: 'Score 87 (B2)', visibility: 'private' }]);
    expect(result.calls).toBe(1);
    expect(result.outcomes).toEqual([
      { index: 0, kind: 'AddNote', status: 'applied', atsIds: { noteId: '123' } },
    ]);
  });

  it('tag that exists: one POST /v3/applied_candidate_tags', async () => {
    nock(HARVEST)
      .post('/v3/applied_candidate_tags', { candidate_id: 265772, candidate_tag_id: 301 })
      .reply(201, { id: 5001, candidate_id: 265772, candidate_tag_id: 301 });
    const result = await apply([{ kind: 'AddTags', tags: ['zenhire ASSESSED'] }]);
    expect(result.calls).toBe(1);
    expect(result.outcomes[0]).toMatchObject({
      status: 'applied',
      atsIds: { 'tag:zenhire ASSESSED': '5001' },
    });
  });

  it('advance: one POST move with from_stage_id = the record stage', async () => {
    nock(HARVEST).post('/v3/applications/265277/move', { from_stage_id: 71416 }).reply(204);
    const result = await apply([{ kind: 'MoveStage', to: 'next' }]);
    expect(result.calls).toBe(1);
    expect(result.outcomes[0]!.status).toBe('applied');
  });

  it('full write-back (field + note + tag + advance) = 4 calls', async () => {
    nock(HARVEST)
      .patch('/v3/applications/265277', { custom_fields: [{ id: 101, value: 87 }] })
      .reply(200, app({}))
      .post('/v3/notes')
      .reply(201, { id: 124 })
      .post('/v3/applied_candidate_tags')
      .reply(201, { id: 5002 })
      .post('/v3/applications/265277/move', { from_stage_id: 71416 })
      .reply(204);
    const result = await apply([
      { kind: 'SetFields', fields: [{ field: 'zenhire_score', value: 87, type: 'number' }] },
      { kind: 'AddNote', body: 'ZenHire: 87', visibility: 'public' },
      { kind: 'AddTags', tags: ['ZenHire assessed'] },
      { kind: 'MoveStage', to: 'next' },
    ]);
    expect(result.calls).toBe(4);
    expect(result.outcomes.map((o) => o.status)).toEqual([
      'applied',
      'applied',
      'applied',
      'applied',
    ]);
  });

  it('reject + fields = 1 call: the fields ride on the reject', async () => {
    nock(HARVEST)
      .post('/v3/applications/265277/reject', {
        rejection_reason_id: 15,
        notes: 'CEFR A2 < B2',
        custom_fields: [
          { id: 101, value: 41 },
          { id: 102, value: 901 },
        ],
      })
      .reply(204);
    const result = await apply([
      {
        kind: 'SetFields',
        fields: [
          { field: 'zenhire_score', value: 41, type: 'number' },
          { field: 'cefr_level', value: 'A2', type: 'single_select' },
        ],
      },
      { kind: 'Reject', reason: 'Language level too low', note: 'CEFR A2 < B2' },
    ]);
    expect(result.calls).toBe(1);
    expect(result.outcomes.map((o) => [o.kind, o.status])).toEqual([
      ['SetFields', 'applied'],
      ['Reject', 'applied'],
    ]);
  });
});

describe('each write operation', () => {
  it('creates a missing organisation tag once and caches its id', async () => {
    nock(HARVEST)
      .post('/v3/candidate_tags', { name: 'English B2+' })
      .reply(201, { id: 303, name: 'English B2+' })
      .post('/v3/applied_candidate_tags', { candidate_id: 265772, candidate_tag_id: 303 })
      .twice()
      .reply(201, { id: 5003 });
    const first = await apply([{ kind: 'AddTags', tags: ['English B2+'] }]);
    const second = await apply([{ kind: 'AddTags', tags: ['English B2+'] }], {
      candidateId: '265772',
    });
    expect([first.calls, second.calls]).toEqual([2, 1]);
  });

  it('a tag already on the candidate (422) is already_applied after a re-read', async () => {
    nock(HARVEST)
      .post('/v3/applied_candidate_tags')
      .reply(422, {
        message: 'Validation error',
        errors: [{ message: 'has already been taken', field: 'candidate_tag_id' }],
      })
      .get('/v3/applied_candidate_tags')
      .query({ per_page: 500, candidate_ids: '265772' })
      .reply(200, [{ id: 5009, candidate_id: 265772, candidate_tag_id: 301 }]);
    const result = await apply([{ kind: 'AddTags', tags: ['ZenHire assessed'] }]);
    expect(result.outcomes[0]).toMatchObject({
      status: 'already_applied',
      atsIds: { 'tag:ZenHire assessed': '5009' },
    });
  });

  it('removes a tag through its applied row: cached id → 1 DELETE, else list + DELETE', async () => {
    nock(HARVEST)
      .post('/v3/applied_candidate_tags')
      .reply(201, { id: 5004 })
      .delete('/v3/applied_candidate_tags/5004')
      .reply(204)
      .get('/v3/applied_candidate_tags')
      .query(true)
      .reply(200, [{ id: 5005, candidate_id: 265772, candidate_tag_id: 302 }])
      .delete('/v3/applied_candidate_tags/5005')
      .reply(204);
    await apply([{ kind: 'AddTags', tags: ['ZenHire assessed'] }]);
    const cached = await apply([{ kind: 'RemoveTags', tags: ['ZenHire assessed'] }]);
    const listed = await apply([{ kind: 'RemoveTags', tags: ['Needs review', 'Not a tag'] }]);
    expect([cached.calls, listed.calls]).toEqual([1, 2]);
    expect(listed.outcomes[0]!.status).toBe('applied');
  });

  it('moves to a named stage with from_stage_id and to_stage_id', async () => {
    nock(HARVEST)
      .post('/v3/applications/265277/move', { from_stage_id: 71416, to_stage_id: 71418 })
      .reply(204);
    const result = await apply([{ kind: 'MoveStage', to: { stage: 'offer' } }]);
    expect(result.outcomes[0]!.status).toBe('applied');
  });

  it('an unknown stage name fails permanently, naming the stage', async () => {
    nock(HARVEST).get('/v3/job_interview_stages').query(true).reply(200, []);
    const result = await apply([{ kind: 'MoveStage', to: { stage: 'Hiring Manager Chat' } }]);
    expect(result.outcomes[0]).toMatchObject({
      status: 'failed',
      error: { code: 'GREENHOUSE_STAGE_UNKNOWN', retryable: false },
    });
    expect(result.outcomes[0]!.error!.message).toContain('Hiring Manager Chat');
  });

  it('sets candidate-level custom fields with PATCH /v3/candidates/{id}', async () => {
    nock(HARVEST)
      .patch('/v3/candidates/265772', {
        custom_fields: [{ id: 201, value: 'https://app.zenhire.ai/r/1' }],
      })
      .reply(200, {});
    const result = await apply([
      {
        kind: 'SetFields',
        fields: [{ field: 'zenhire_profile', value: 'https://app.zenhire.ai/r/1', type: 'text' }],
      },
    ]);
    expect(result).toMatchObject({ calls: 1, outcomes: [{ status: 'applied' }] });
  });

  it('null clears a field with delete_value "true"', async () => {
    nock(HARVEST)
      .patch('/v3/applications/265277', { custom_fields: [{ id: 105, delete_value: 'true' }] })
      .reply(200, {});
    const result = await apply([
      { kind: 'SetFields', fields: [{ field: 'summary', value: null, type: 'text' }] },
    ]);
    expect(result.outcomes[0]!.status).toBe('applied');
  });
});

describe('values that cannot fit', () => {
  it.each([
    ['cefr_level', 'Z9', 'CEFR level'],
    ['zenhire_score', 'eighty', 'ZenHire score'],
    ['assessed_on', '31/02/2026', 'Assessed on'],
    ['passed', 'maybe', 'Passed'],
  ])(
    '%s = %s is a permanent failure naming the field, and nothing is sent',
    async (field, value, label) => {
      const result = await apply([
        { kind: 'SetFields', fields: [{ field, value, type: 'text' }] },
        { kind: 'AddNote', body: 'x', visibility: 'private' },
      ]);
      expect(result.calls).toBe(0);
      expect(result.outcomes[0]).toMatchObject({
        status: 'failed',
        error: { code: 'GREENHOUSE_FIELD_VALUE_INVALID', retryable: false },
      });
      expect(result.outcomes[0]!.error!.message).toContain(`"${label}"`);
      expect(result.outcomes[1]!.status).toBe('skipped');
    },
  );

  it('an unknown field reloads the definitions once, then fails', async () => {
    nock(HARVEST)
      .get('/v3/custom_fields')
      .query(true)
      .reply(200, [
        {
          id: 1,
          name: 'Other',
          name_key: 'other',
          field_type: 'application',
          value_type: 'number',
        },
      ]);
    const result = await apply([
      { kind: 'SetFields', fields: [{ field: 'speech_score', value: 3, type: 'number' }] },
    ]);
    expect(result.calls).toBe(1);
    expect(result.outcomes[0]!.error).toMatchObject({
      code: 'GREENHOUSE_FIELD_UNKNOWN',
      retryable: false,
    });
  });
});

describe('idempotent retries', () => {
  it('a note already applied by an earlier attempt is not posted again', async () => {
    nock(HARVEST).post('/v3/applications/265277/move').reply(204);
    const previous: OperationOutcome[] = [
      { index: 0, kind: 'AddNote', status: 'applied', atsIds: { noteId: '123' } },
    ];
    const result = await t.connector.applyPlan(
      plan([
        { kind: 'AddNote', body: 'Score 87', visibility: 'private' },
        { kind: 'MoveStage', to: 'next' },
      ]),
      { previousOutcomes: previous },
    );
    expect(result.calls).toBe(1);
    expect(result.outcomes[0]).toEqual(previous[0]);
  });

  it('a retry without an application looks for the note on the candidate, ignoring other authors', async () => {
    nock(HARVEST)
      .get('/v3/notes')
      .query({ per_page: 500, candidate_ids: '265772' })
      .reply(200, [
        { id: 7, body: 'Score 87', user_id: 999, candidate_id: 265772 },
        { id: 8, body: 'Score 87 ', user_id: 4080, candidate_id: 265772 },
        { id: 9, body: 'Score 87', user: { id: 4080 }, candidate_id: 265772 },
      ]);
    const result = await t.connector.applyPlan(
      plan([{ kind: 'AddNote', body: 'Score 87', visibility: 'private' }], {
        applicationId: undefined,
      }),
      { previousOutcomes: [], attempt: 2 },
    );
    expect(result.calls).toBe(1);
    expect(result.outcomes[0]).toEqual({
      index: 0,
      kind: 'AddNote',
      status: 'already_applied',
      atsIds: { noteId: '9' },
    });
  });

  it('a move whose success was not seen: 422, re-read shows the target stage → already_applied', async () => {
    nock(HARVEST)
      .post('/v3/applications/265277/move', { from_stage_id: 71416 })
      .reply(422, {
        message: 'Validation error',
        errors: [{ message: 'from_stage_id is not the current stage', field: 'from_stage_id' }],
      })
      .get('/v3/applications')
      .query({ ids: '265277' })
      .reply(200, [app({ current_stage: { id: 71417, name: 'Face to Face' } })]);
    const result = await apply([{ kind: 'MoveStage', to: 'next' }]);
    expect(result.calls).toBe(2);
    expect(result.outcomes[0]!.status).toBe('already_applied');
  });

  it('a reject whose success was not seen: 422, application already rejected → already_applied, fields set', async () => {
    nock(HARVEST)
      .post('/v3/applications/265277/reject')
      .reply(422, {
        message: 'Validation error',
        errors: [{ message: 'Application is not active', field: 'status' }],
      })
      .get('/v3/applications')
      .query({ ids: '265277' })
      .reply(200, [app({ status: 'rejected' })])
      .patch('/v3/applications/265277', { custom_fields: [{ id: 101, value: 41 }] })
      .reply(200, {});
    const result = await apply([
      { kind: 'SetFields', fields: [{ field: 'zenhire_score', value: 41, type: 'number' }] },
      { kind: 'Reject', reason: '15' },
    ]);
    expect(result.outcomes.map((o) => o.status)).toEqual(['applied', 'already_applied']);
  });
});

describe('from_stage_id conflicts', () => {
  it('the stage changed since the trigger: re-read and move from the current stage', async () => {
    nock(HARVEST)
      .post('/v3/applications/265277/move', { from_stage_id: 71415, to_stage_id: 71418 })
      .reply(422, {
        message: 'Validation error',
        errors: [{ message: 'stale', field: 'from_stage_id' }],
      })
      .get('/v3/applications')
      .query({ ids: '265277' })
      .reply(200, [app({ current_stage: { id: 71416, name: 'Assessment' } })])
      .post('/v3/applications/265277/move', { from_stage_id: 71416, to_stage_id: 71418 })
      .reply(204);
    const result = await apply([{ kind: 'MoveStage', to: { stage: 'Offer' } }], {
      stageId: '71415',
    });
    expect(result.calls).toBe(3);
    expect(result.outcomes[0]!.status).toBe('applied');
  });

  it('without a stage in the record: last stage seen by webhook, else a GET', async () => {
    nock(HARVEST)
      .get('/v3/applications')
      .query({ ids: '265277' })
      .reply(200, [app({ current_stage: { id: 71417, name: 'Face to Face' } })])
      .post('/v3/applications/265277/move', { from_stage_id: 71417 })
      .reply(204);
    const result = await apply([{ kind: 'MoveStage', to: 'next' }], { stageId: undefined });
    expect(result.calls).toBe(2);
  });

  it('a rejected application cannot be moved: permanent failure', async () => {
    nock(HARVEST)
      .post('/v3/applications/265277/move')
      .reply(422, { message: 'Validation error', errors: [{ message: 'not active' }] })
      .get('/v3/applications')
      .query({ ids: '265277' })
      .reply(200, [app({ status: 'rejected', current_stage: { id: 71416 } })]);
    const result = await apply([{ kind: 'MoveStage', to: 'next' }]);
    expect(result.outcomes[0]).toMatchObject({
      status: 'failed',
      error: { code: 'GREENHOUSE_STAGE_CONFLICT', retryable: false },
    });
  });
});

describe('failures', () => {
  it('a 5xx on POST note is not retried (could double-post) and is retryable for the delivery', async () => {
    nock(HARVEST).post('/v3/notes').reply(503);
    const result = await apply([
      { kind: 'AddNote', body: 'x', visibility: 'private' },
      { kind: 'AddTags', tags: ['ZenHire assessed'] },
    ]);
    expect(result.calls).toBe(1);
    expect(result.outcomes[0]).toMatchObject({
      status: 'failed',
      error: { code: 'GREENHOUSE_SERVER_ERROR', retryable: true },
    });
    expect(result.outcomes[1]).toMatchObject({ status: 'skipped', error: { retryable: true } });
  });

  it('a 422 surfaces the validation body in the outcome', async () => {
    nock(HARVEST)
      .patch('/v3/applications/265277')
      .reply(422, {
        message: 'Validation error',
        errors: [{ message: 'is not a valid option', field: 'custom_fields' }],
      });
    const result = await apply([
      { kind: 'SetFields', fields: [{ field: 'zenhire_score', value: 1, type: 'number' }] },
    ]);
    expect(result.outcomes[0]!.error!.message).toContain('custom_fields: is not a valid option');
  });
});

describe('CompleteAssessment (greenhouse-api.md §4.3)', () => {
  it('PATCHes the send_test callback URL with no body and the partner key', async () => {
    await t.connector['partners'].saveInterview({
      partnerInterviewId: 'pi-1',
      partnerTestId: 'zh-english-b2',
      callbackUrl: 'https://app.greenhouse.io/integrations/testing_partners/take_home_tests/12345',
      candidateEmail: 'c@example.com',
      sentAt: 0,
    });
    const basic = `Basic ${Buffer.from(`${SECRETS.partnerKey}:`).toString('base64')}`;
    const scope = nock('https://app.greenhouse.io')
      .patch(
        '/integrations/testing_partners/take_home_tests/12345',
        (body) => body === '' || body === undefined || Object.keys(body).length === 0,
      )
      .matchHeader('authorization', basic)
      .reply(200);
    const result = await apply([
      {
        kind: 'CompleteAssessment',
        partnerInterviewId: 'pi-1',
        status: 'complete',
        score: 81,
        profileUrl: 'https://app.zenhire.ai/r/1',
        metadata: { CEFR: 'B2' },
      },
    ]);
    expect(scope.isDone()).toBe(true);
    expect(result).toMatchObject({ calls: 1, outcomes: [{ status: 'applied' }] });
  });

  it('an interview without a recorded callback fails permanently', async () => {
    const result = await apply([
      {
        kind: 'CompleteAssessment',
        partnerInterviewId: 'nope',
        status: 'complete',
        score: 1,
        profileUrl: null,
        metadata: {},
      },
    ]);
    expect(result.outcomes[0]!.error).toMatchObject({
      code: 'GREENHOUSE_PARTNER_INTERVIEW_UNKNOWN',
      retryable: false,
    });
  });
});

describe('previewPlan', () => {
  it('lists the exact calls of the full write-back from caches only, sending nothing', () => {
    const calls = t.connector.previewPlan(
      plan([
        {
          kind: 'SetFields',
          fields: [{ field: 'cefr_level', value: 'B2', type: 'single_select' }],
        },
        { kind: 'AddNote', body: 'B2', visibility: 'private' },
        { kind: 'AddTags', tags: ['ZenHire assessed'] },
        { kind: 'MoveStage', to: 'next' },
      ]),
    );
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      `PATCH ${HARVEST}/v3/applications/265277`,
      `POST ${HARVEST}/v3/notes`,
      `POST ${HARVEST}/v3/applied_candidate_tags`,
      `POST ${HARVEST}/v3/applications/265277/move`,
    ]);
    expect(calls[0]!.body).toEqual({ custom_fields: [{ id: 102, value: 903 }] });
    expect(calls[2]!.body).toEqual({ candidate_id: 265772, candidate_tag_id: 301 });
    expect(calls[3]!.body).toEqual({ from_stage_id: 71416 });
  });

  it('reject + fields previews one call; a value that cannot fit is flagged', () => {
    const calls = t.connector.previewPlan(
      plan([
        { kind: 'SetFields', fields: [{ field: 'passed', value: 'perhaps', type: 'yes_no' }] },
        { kind: 'Reject', reason: 'Language level too low' },
      ]),
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body).toMatchObject({ rejection_reason_id: 15 });
    expect(calls[0]!.note).toMatch(/^would fail: custom field "Passed"/);
  });

  it('resolves a rejection reason the way applyPlan does (name as Greenhouse stores it, padded)', async () => {
    await t.connector.metadata.forget('rejectionReasons');
    await t.host.cache.set(
      'gh:rejection_reasons',
      [{ id: 16, name: 'Position filled ' }],
      3600_000,
    );
    await t.connector.metadata.rejectionReasons();
    const rejectPlan = plan([{ kind: 'Reject', reason: 'position filled' }]);
    const calls = t.connector.previewPlan(rejectPlan);
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      `POST ${HARVEST}/v3/applications/265277/reject`,
    ]);
    expect(calls[0]!.body).toEqual({ rejection_reason_id: 16 });
    nock(HARVEST).post('/v3/applications/265277/reject', { rejection_reason_id: 16 }).reply(204);
    const result = await t.connector.applyPlan(rejectPlan, noPrevious);
    expect(result.outcomes[0]!.status).toBe('applied');
  });
});

it('outcomes and logs of failed writes carry no secret', async () => {
  nock(HARVEST)
    .post('/v3/notes')
    .reply(401, { message: 'nope' })
    .post('/v3/notes')
    .reply(401, { message: 'nope' });
  mockToken(t.clock.now);
  const result = await apply([
    { kind: 'AddNote', body: 'x', visibility: 'private' },
    {
      kind: 'CompleteAssessment',
      partnerInterviewId: 'p',
      status: 'complete',
      score: 1,
      profileUrl: null,
      metadata: {},
    },
  ]);
  expect(result.outcomes[0]!.error).toMatchObject({
    code: 'GREENHOUSE_UNAUTHORIZED',
    retryable: false,
  });
  const text = JSON.stringify([result, t.host.logs]);
  for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
});
