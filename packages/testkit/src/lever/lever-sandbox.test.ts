import {
  LEVER_SANDBOX_API_KEY,
  LEVER_SANDBOX_OAUTH_TOKEN,
  LeverSandbox,
  type LeverFeedbackRecord,
  type LeverNoteRecord,
  type LeverOpportunity,
  type LeverSeeded,
} from './index';

interface Inspection {
  opportunity: LeverOpportunity;
  notes: LeverNoteRecord[];
  feedback: LeverFeedbackRecord[];
}

const BASIC = `Basic ${Buffer.from(`${LEVER_SANDBOX_API_KEY}:`).toString('base64')}`;
// Recorded fixture ids (see __fixtures__/SOURCES.md).
const OPP = '6408dc54-7015-4e5b-8d60-23afff2b1efc';
const ACTIVE_OPP = '90bb80d6-db1b-4ba8-9d4f-8bcb25b6c017';
const USER = 'be129d9b-50da-4485-9377-0d83e981f30b';
const TEMPLATE = '1c0d54d3-1aeb-4989-b616-d0a6025444e8';
const RATING_FIELD = 'e8373708-3e38-4ad1-b506-efdc27d36c51';
const HIRED = '0092d31b-502b-4f0d-b4da-3827e1a2991f';
const TIMING = 'c97322d4-a7f3-4008-948c-4f8e9c58d372';

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Headers;
}

describe('LeverSandbox API', () => {
  let lever: LeverSandbox;
  let url: string;

  async function call(
    method: string,
    path: string,
    body?: unknown,
    auth: string | null = BASIC,
  ): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (auth) headers.authorization = auth;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${url}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  }

  beforeEach(async () => {
    lever = new LeverSandbox({ rateLimit: false, readOnlyApiKeys: ['read-only-key'] });
    url = await lever.start();
  });
  afterEach(async () => lever.stop());

  describe('auth', () => {
    it('accepts the API key as Basic username with an empty password, and a Bearer token', async () => {
      expect((await call('GET', '/v1/stages')).status).toBe(200);
      expect(
        (await call('GET', '/v1/stages', undefined, `Bearer ${LEVER_SANDBOX_OAUTH_TOKEN}`)).status,
      ).toBe(200);
    });

    it('answers 401 in Lever error shape without or with wrong credentials', async () => {
      for (const auth of [
        null,
        `Basic ${Buffer.from('wrong-key:').toString('base64')}`,
        'Bearer nope',
      ]) {
        const res = await call('GET', '/v1/stages', undefined, auth);
        expect(res.status).toBe(401);
        expect(res.body).toEqual({ code: 'UnauthorizedError', message: expect.any(String) });
      }
    });

    it('gives read-only keys 403 on writes but lets them read', async () => {
      const ro = `Basic ${Buffer.from('read-only-key:').toString('base64')}`;
      expect((await call('GET', `/v1/opportunities/${OPP}`, undefined, ro)).status).toBe(200);
      const res = await call('POST', `/v1/opportunities/${OPP}/addTags`, { tags: ['x'] }, ro);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('ForbiddenError');
      expect(lever.opportunity(OPP).tags).not.toContain('x');
    });

    it('keeps credentials out of the call log', async () => {
      await call('GET', '/v1/stages');
      expect(JSON.stringify(lever.calls)).not.toContain(
        Buffer.from(`${LEVER_SANDBOX_API_KEY}:`).toString('base64'),
      );
    });
  });

  describe('reads', () => {
    it('serves the recorded default data: stages, archive reasons, users, feedback templates, tags', async () => {
      const stages = await call('GET', '/v1/stages');
      expect(stages.body.data.map((s: { id: string }) => s.id).slice(0, 4)).toEqual([
        'lead-new',
        'lead-reached-out',
        'lead-responded',
        'applicant-new',
      ]);
      expect(stages.body).toEqual({ data: expect.any(Array), hasNext: false });
      const reasons = (await call('GET', '/v1/archive_reasons')).body.data;
      expect(reasons.filter((r: { type: string }) => r.type === 'hired')).toEqual([
        { id: HIRED, text: 'Hired', status: 'active', type: 'hired' },
      ]);
      const users = (await call('GET', '/v1/users')).body.data;
      expect(users).toContainEqual(
        expect.objectContaining({ id: USER, accessRole: 'interviewer' }),
      );
      const templates = (await call('GET', '/v1/feedback_templates')).body.data;
      expect(templates[0]).toEqual(expect.objectContaining({ id: TEMPLATE }));
      expect(templates[0].fields[0]).toEqual(
        expect.objectContaining({ id: RATING_FIELD, type: 'score-system' }),
      );
      const tags = (await call('GET', '/v1/tags')).body.data;
      expect(tags).toContainEqual({ count: 1, text: 'Nango Seed' });
    });

    it('gets an opportunity with expand and include, and 404s an unknown one', async () => {
      const res = await call('GET', `/v1/opportunities/${OPP}?expand=stage&expand=owner`);
      expect(res.body.data.stage).toEqual({ id: 'lead-reached-out', text: 'Reached out' });
      expect(res.body.data.owner).toEqual(
        expect.objectContaining({ id: '32bc4d3b-1aa6-4e2b-92d0-2e575047001e' }),
      );
      const slim = await call('GET', `/v1/opportunities/${OPP}?include=stage&include=tags`);
      expect(Object.keys(slim.body.data).sort()).toEqual(['id', 'stage', 'tags']);
      const missing = await call('GET', '/v1/opportunities/nope');
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({
        code: 'ResourceNotFound',
        message: 'opportunities nope was not found',
      });
    });

    it('expands applications and filters opportunities by posting', async () => {
      const posting = '75ff237f-c221-4c26-8b23-faf395f5ea1c';
      const res = await call('GET', `/v1/opportunities/${OPP}?expand=applications`);
      expect(res.body.data.applications).toEqual([
        expect.objectContaining({
          id: '7278da68-141b-4203-b209-8ca6c0fa1f2d',
          opportunityId: OPP,
          posting,
        }),
      ]);
      const byPosting = await call('GET', `/v1/opportunities?posting_id=${posting}`);
      expect(byPosting.body.data.map((o: LeverOpportunity) => o.id)).toEqual([OPP, ACTIVE_OPP]);
    });

    it('filters opportunities by email (case-insensitive), tag and archived', async () => {
      const byEmail = await call(
        'GET',
        '/v1/opportunities?email=Nango-Seed-Candidate-1@example.com',
      );
      expect(byEmail.body.data.map((o: LeverOpportunity) => o.id)).toEqual([OPP]);
      const byTag = await call('GET', '/v1/opportunities?tag=Test');
      expect(byTag.body.data.map((o: LeverOpportunity) => o.id)).toEqual([ACTIVE_OPP]);
      const active = await call('GET', '/v1/opportunities?archived=false');
      expect(active.body.data.map((o: LeverOpportunity) => o.id)).toEqual([ACTIVE_OPP]);
    });
  });

  describe('pagination', () => {
    beforeEach(() => {
      lever.seedData({
        opportunities: Array.from({ length: 7 }, (_, i) => ({
          name: `Paged ${i}`,
          tags: ['paged'],
        })),
      });
    });

    it('walks every page with sandbox-issued next tokens', async () => {
      const seen: string[] = [];
      let offset: string | undefined;
      let pages = 0;
      do {
        const res = await call(
          'GET',
          `/v1/opportunities?tag=paged&limit=3${offset ? `&offset=${encodeURIComponent(offset)}` : ''}`,
        );
        expect(res.status).toBe(200);
        pages++;
        seen.push(...res.body.data.map((o: LeverOpportunity) => o.name));
        offset = res.body.hasNext ? res.body.next : undefined;
        if (!res.body.hasNext) expect(res.body).not.toHaveProperty('next');
      } while (offset);
      expect(pages).toBe(3);
      expect(seen).toEqual(Array.from({ length: 7 }, (_, i) => `Paged ${i}`));
    });

    it('rejects limits outside 1-100 and offsets it did not issue', async () => {
      for (const limit of ['0', '101', 'abc']) {
        const res = await call('GET', `/v1/opportunities?limit=${limit}`);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('BadRequestError');
      }
      expect((await call('GET', '/v1/opportunities?offset=made-up-token')).status).toBe(400);
      const first = await call('GET', '/v1/opportunities?limit=1');
      // a token of the opportunities list is not valid for another list
      expect((await call('GET', `/v1/stages?offset=${first.body.next}`)).status).toBe(400);
    });
  });

  describe('writes', () => {
    it('changes the stage, records the stage change with perform_as, and 404s unknown stages', async () => {
      const res = await call('PUT', `/v1/opportunities/${ACTIVE_OPP}/stage?perform_as=${USER}`, {
        stage: 'offer',
      });
      expect(res.status).toBe(200);
      expect(res.body.data.stage).toBe('offer');
      expect(res.body.data.stageChanges.at(-1)).toEqual(
        expect.objectContaining({ toStageId: 'offer', toStageIndex: 9, userId: USER }),
      );
      expect(lever.opportunity(ACTIVE_OPP).stage).toBe('offer');
      const bad = await call('PUT', `/v1/opportunities/${ACTIVE_OPP}/stage`, {
        stage: 'no-such-stage',
      });
      expect(bad.status).toBe(404);
      expect(bad.body).toEqual({
        code: 'ResourceNotFound',
        message: 'stages no-such-stage was not found',
      });
      expect((await call('PUT', `/v1/opportunities/${ACTIVE_OPP}/stage`, {})).status).toBe(400);
    });

    it('validates perform_as against the users', async () => {
      const res = await call('PUT', `/v1/opportunities/${ACTIVE_OPP}/stage?perform_as=not-a-user`, {
        stage: 'offer',
      });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('perform_as');
      expect(lever.opportunity(ACTIVE_OPP).stage).toBe('lead-new');
      expect(lever.callsTo('PUT', `/v1/opportunities/${ACTIVE_OPP}/stage`)[0].query).toEqual({
        perform_as: 'not-a-user',
      });
    });

    it('archives with a reason, unarchives with null, and 404s unknown reasons', async () => {
      const archived = await call('PUT', `/v1/opportunities/${ACTIVE_OPP}/archived`, {
        reason: TIMING,
      });
      expect(archived.body.data.archived).toEqual({
        reason: TIMING,
        archivedAt: expect.any(Number),
      });
      const unarchived = await call('PUT', `/v1/opportunities/${ACTIVE_OPP}/archived`, {
        reason: null,
      });
      expect(unarchived.body.data.archived).toBeNull();
      expect(
        (await call('PUT', `/v1/opportunities/${ACTIVE_OPP}/archived`, { reason: 'nope' })).status,
      ).toBe(404);
    });

    it('adds and removes tags as sets', async () => {
      await call('POST', `/v1/opportunities/${ACTIVE_OPP}/addTags`, {
        tags: ['Assessment: passed', 'Score 87'],
      });
      const again = await call('POST', `/v1/opportunities/${ACTIVE_OPP}/addTags`, {
        tags: ['Score 87'],
      });
      expect(again.body.data.tags.filter((t: string) => t === 'Score 87')).toHaveLength(1);
      const removed = await call('POST', `/v1/opportunities/${ACTIVE_OPP}/removeTags`, {
        tags: ['Score 87'],
      });
      expect(removed.body.data.tags).toContain('Assessment: passed');
      expect(removed.body.data.tags).not.toContain('Score 87');
      expect(
        (await call('POST', `/v1/opportunities/${ACTIVE_OPP}/addTags`, { tags: 'x' })).status,
      ).toBe(400);
    });

    it('creates a note returning its id, updates it in place and keeps the edit history', async () => {
      const created = await call('POST', `/v1/opportunities/${OPP}/notes?perform_as=${USER}`, {
        value: 'ZenHire score 87/100',
        score: 3,
      });
      expect(created.status).toBe(201);
      const noteId = created.body.data.noteId;
      expect(created.body.data.id).toBe(noteId);
      expect(created.body.data.fields[0]).toEqual(
        expect.objectContaining({
          value: 'ZenHire score 87/100',
          score: 3,
          user: USER,
          stage: 'lead-reached-out',
        }),
      );
      const updated = await call('PUT', `/v1/opportunities/${OPP}/notes/${noteId}`, {
        values: [{ value: 'ZenHire score 91/100 (corrected)' }],
      });
      expect(updated.body).toEqual({ data: { noteId } });
      const listed = await call('GET', `/v1/opportunities/${OPP}/notes`);
      expect(listed.body.data).toHaveLength(1);
      expect(listed.body.data[0].fields[0].value).toBe('ZenHire score 91/100 (corrected)');
      const [record] = lever.notes(OPP);
      expect(record.history.map((h) => h.action)).toEqual(['created', 'updated']);
      expect(record.history[0].fields[0].value).toBe('ZenHire score 87/100');
    });

    it('refuses to update or delete notes written in the UI, and rejects future createdAt', async () => {
      const seeded = lever.seedData({ notes: [{ opportunityId: OPP, value: 'Recruiter note' }] });
      const noteId = seeded.notes[0].id;
      const res = await call('PUT', `/v1/opportunities/${OPP}/notes/${noteId}`, {
        values: [{ value: 'x' }],
      });
      expect(res.status).toBe(403);
      expect((await call('DELETE', `/v1/opportunities/${OPP}/notes/${noteId}`)).status).toBe(403);
      const future = await call('POST', `/v1/opportunities/${OPP}/notes`, {
        value: 'x',
        createdAt: Date.now() + 3_600_000,
      });
      expect(future.status).toBe(400);
    });

    it('deletes an API-created note with 204', async () => {
      const created = await call('POST', `/v1/opportunities/${OPP}/notes`, { value: 'temp' });
      const del = await call(
        'DELETE',
        `/v1/opportunities/${OPP}/notes/${created.body.data.noteId}`,
      );
      expect(del.status).toBe(204);
      expect(
        (await call('GET', `/v1/opportunities/${OPP}/notes/${created.body.data.noteId}`)).status,
      ).toBe(404);
    });

    it('creates feedback from a template, requiring perform_as and valid field values', async () => {
      const missing = await call('POST', `/v1/opportunities/${OPP}/feedback`, {
        baseTemplateId: TEMPLATE,
      });
      expect(missing.status).toBe(400);
      expect(missing.body.message).toContain('perform_as');
      const badValue = await call('POST', `/v1/opportunities/${OPP}/feedback?perform_as=${USER}`, {
        baseTemplateId: TEMPLATE,
        fieldValues: [{ id: RATING_FIELD, value: '5 - Legendary' }],
      });
      expect(badValue.status).toBe(400);
      const created = await call('POST', `/v1/opportunities/${OPP}/feedback?perform_as=${USER}`, {
        baseTemplateId: TEMPLATE,
        fieldValues: [{ id: RATING_FIELD, value: '3 - Hire' }],
      });
      expect(created.status).toBe(201);
      expect(created.body.data).toEqual(
        expect.objectContaining({ baseTemplateId: TEMPLATE, user: USER, deletedAt: null }),
      );
      expect(created.body.data.fields[0].value).toBe('3 - Hire');
      expect(lever.feedbackForms(OPP).map((f) => f.form.id)).toContain(created.body.data.id);
      const unknownTemplate = await call(
        'POST',
        `/v1/opportunities/${OPP}/feedback?perform_as=${USER}`,
        {
          baseTemplateId: 'nope',
        },
      );
      expect(unknownTemplate.status).toBe(404);
    });

    it('answers unknown routes and malformed JSON in Lever error shape', async () => {
      expect((await call('GET', '/v1/nothing-here')).body.code).toBe('ResourceNotFound');
      const res = await fetch(`${url}/v1/opportunities/${OPP}/addTags`, {
        method: 'POST',
        headers: { authorization: BASIC, 'content-type': 'application/json' },
        body: '{not json',
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { code: string }).code).toBe('BadRequestError');
    });
  });

  describe('faults and inspection', () => {
    it('renders injected 500/503 in Lever error shape', async () => {
      lever.faults.configure({ errorRates: { 503: 1 } });
      const res = await call('GET', '/v1/stages');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ code: 'ServiceUnavailableError', message: expect.any(String) });
      lever.faults.configure({ errorRates: { 500: 1 } });
      expect((await call('GET', '/v1/stages')).body.code).toBe('InternalServerError');
    });

    it('exposes opportunities, notes, seeding and UI stage changes over HTTP', async () => {
      await call('POST', `/v1/opportunities/${OPP}/notes`, { value: 'hello' });
      const inspected = (await (
        await fetch(`${url}/__sandbox/lever/opportunities/${OPP}`)
      ).json()) as Inspection;
      expect(inspected.opportunity.stage).toBe('lead-reached-out');
      expect(inspected.notes[0].note.fields[0].value).toBe('hello');
      const seeded = (await (
        await fetch(`${url}/__sandbox/lever/seed`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            opportunities: [{ name: 'Over HTTP', emails: ['http@example.com'] }],
          }),
        })
      ).json()) as LeverSeeded;
      const id = seeded.opportunities[0].id;
      const moved = await fetch(`${url}/__sandbox/lever/opportunities/${id}/stage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ stageId: 'offer' }),
      });
      expect(((await moved.json()) as LeverOpportunity).stage).toBe('offer');
      expect((await call('GET', `/v1/opportunities/${id}`)).body.data.stage).toBe('offer');
    });
  });
});
