/**
 * The connector against the Greenhouse sandbox of @zenhire-connect/testkit over real HTTP
 * (loopback, random ports): OAuth, Harvest v3 reads and writes, signed webhooks and the
 * Assessment Partner flow with the sandbox in Greenhouse's seat. Call counts are read from
 * the sandbox's own call log.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AtsEvent, OperationOutcome } from '@zenhire-connect/core';
import {
  GREENHOUSE_SANDBOX_CLIENT,
  GreenhouseSandbox,
  type TestConnectorHost,
  createTestConnectorHost,
} from '@zenhire-connect/testkit';
import type { PartnerEndpoint } from './assessment-partner';
import { SECRETS, plan } from './__fixtures__/nock-greenhouse';
import { GreenhouseConnector } from './greenhouse-connector';

let gh: GreenhouseSandbox;
let connector: GreenhouseConnector;
let host: TestConnectorHost;
let sleeps: number[];
const servers: Server[] = [];
const none = { previousOutcomes: [] as OperationOutcome[] };

async function listen(
  handler: (req: IncomingMessage, body: Buffer, res: ServerResponse) => Promise<void>,
): Promise<string> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handler(req, Buffer.concat(chunks), res).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Harvest calls (not token, not partner callback) made since `from` in the sandbox log. */
const harvestCalls = (from: number) =>
  gh.calls.slice(from).filter((c) => c.path.startsWith('/v3/'));

beforeEach(async () => {
  gh = new GreenhouseSandbox({ timeScale: 0.001 });
  const url = await gh.start();
  sleeps = [];
  host = createTestConnectorHost({
    name: 'greenhouse-sandbox',
    config: {
      baseUrl: `${url}/v3`,
      tokenUrl: `${url}/token`,
      clientId: GREENHOUSE_SANDBOX_CLIENT.clientId,
      clientSecret: GREENHOUSE_SANDBOX_CLIENT.clientSecret,
      userId: 112,
      webhookSecret: SECRETS.webhookSecret,
      assessmentPartner: {
        partnerKey: SECRETS.partnerKey,
        tests: [
          {
            id: 'zh-english',
            name: 'ZenHire English interview',
            action: { kind: 'interview', personaId: 'p-1', consentMode: 'explicit' },
          },
        ],
      },
    },
  });

  connector = new GreenhouseConnector(host, { sleep: async (ms) => void sleeps.push(ms) });
});

afterEach(async () => {
  await connector.close();
  await gh.stop();
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

it('10 parallel calls share one token request', async () => {
  await Promise.all(
    Array.from({ length: 10 }, () =>
      connector.client.request({ method: 'GET', path: '/applications/265277' }),
    ),
  );
  expect(gh.tokenRequests).toHaveLength(1);
  expect(gh.tokenRequests[0]).toMatchObject({
    grantType: 'client_credentials',
    sub: 112,
    status: 200,
  });
});

it('follows cursor pages; follow-up requests carry only the cursor (the sandbox refuses anything else)', async () => {
  const meter = { calls: 0 };
  const stages = await connector.client.listAll<{ id: number }>(
    '/job_interview_stages',
    { per_page: 2 },
    meter,
  );
  expect(stages.length).toBe(gh.store.stages.size);
  expect(meter.calls).toBe(Math.ceil(gh.store.stages.size / 2));
  const pages = gh.callsTo('GET', '/v3/job_interview_stages');
  expect(pages.slice(1).every((c) => Object.keys(c.query).join() === 'cursor')).toBe(true);
});

it('an expired token is refreshed once after the 401', async () => {
  await connector.client.request({ method: 'GET', path: '/applications/265277' });
  gh.expireTokens();
  await connector.client.request({ method: 'GET', path: '/applications/265277' });
  expect(gh.tokenRequests).toHaveLength(2);
});

it.each([
  [
    'fields only',
    { kind: 'SetFields', fields: [{ field: 'assessment_score', value: 90, type: 'number' }] },
  ],
  ['note', { kind: 'AddNote', body: 'ZenHire: 90', visibility: 'public' }],
  ['tag (exists)', { kind: 'AddTags', tags: ['Rails'] }],
  ['advance', { kind: 'MoveStage', to: 'next' }],
] as const)('%s = 1 Harvest call with warm caches', async (_name, operation) => {
  await connector.refresh(['3485']);
  const from = gh.calls.length;
  const result = await connector.applyPlan(
    plan([structuredClone(operation) as never], { connector: 'greenhouse-sandbox' }),
    none,
  );
  expect(result.outcomes[0]!.status).toBe('applied');
  expect(result.calls).toBe(1);
  expect(harvestCalls(from)).toHaveLength(1);
});

it('full write-back = 4 Harvest calls, and Greenhouse shows every write', async () => {
  await connector.refresh(['3485']);
  const from = gh.calls.length;
  const result = await connector.applyPlan(
    plan(
      [
        {
          kind: 'SetFields',
          fields: [
            { field: 'assessment_score', value: 87, type: 'number' },
            { field: 'cefr_level', value: 'B2', type: 'single_select' },
            { field: 'assessment_date', value: '2026-03-01T09:30:00Z', type: 'date' },
            { field: 'assessment_passed', value: true, type: 'yes_no' },
          ],
        },
        {
          kind: 'AddNote',
          body: 'ZenHire English interview: 87/100, CEFR B2',
          visibility: 'private',
        },
        { kind: 'AddTags', tags: ['Ruby'] },
        { kind: 'MoveStage', to: 'next' },
      ],
      { connector: 'greenhouse-sandbox' },
    ),
    none,
  );
  expect(result.outcomes.map((o) => o.status)).toEqual([
    'applied',
    'applied',
    'applied',
    'applied',
  ]);
  expect(result.calls).toBe(4);
  expect(harvestCalls(from).map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([
    'PATCH /v3/applications/265277 200',
    'POST /v3/notes 201',
    'POST /v3/applied_candidate_tags 201',
    'POST /v3/applications/265277/move 204',
  ]);
  const app = gh.application(265277);
  expect(app.custom_fields).toMatchObject({
    assessment_score: 87,
    cefr_level: 'B2',
    assessment_date: '2026-03-01',
    assessment_passed: true,
  });
  expect(app.current_stage?.name).toBe('Cultural Fit Interview');
  const noteId = result.outcomes[1]!.atsIds!.noteId!;
  expect(gh.notes({ applicationId: 265277 }).map((n) => String(n.id))).toContain(noteId);
  expect(gh.appliedTags(265772).map((t) => t.name)).toContain('Ruby');

  // Retry after a lost response: the same plan again, with the outcomes the ledger holds for
  // the first three operations (the move's answer was lost): the note is not posted again
  // and the move is found already done.
  const notesBefore = gh.notes({ applicationId: 265277 }).length;
  const retry = await connector.applyPlan(
    plan(
      [
        { kind: 'SetFields', fields: [{ field: 'assessment_score', value: 87, type: 'number' }] },
        {
          kind: 'AddNote',
          body: 'ZenHire English interview: 87/100, CEFR B2',
          visibility: 'private',
        },
        { kind: 'AddTags', tags: ['Ruby'] },
        { kind: 'MoveStage', to: 'next' },
      ],
      { connector: 'greenhouse-sandbox' },
    ),
    { previousOutcomes: result.outcomes.slice(0, 3) },
  );
  expect(retry.outcomes.map((o) => o.status)).toEqual([
    'applied',
    'applied',
    'applied',
    'already_applied',
  ]);
  expect(gh.notes({ applicationId: 265277 })).toHaveLength(notesBefore);
  expect(gh.application(265277).current_stage?.name).toBe('Cultural Fit Interview');
});

describe('a note whose outcome was lost is not posted twice', () => {
  const note = {
    kind: 'AddNote' as const,
    body: 'ZenHire English interview: 91/100, CEFR C1',
    visibility: 'private' as const,
  };
  const notePlan = () =>
    plan([note, { kind: 'AddTags', tags: ['Ruby'] }], { connector: 'greenhouse-sandbox' });
  const calls = (from: number) => harvestCalls(from).map((c) => `${c.method} ${c.path}`);

  it('the process dies after the POST: the retry finds the note (1 GET) and adopts it', async () => {
    await connector.refresh(['3485']);
    const notesBefore = gh.notes({ applicationId: 265277 }).length;
    let from = gh.calls.length;
    // Attempt 1: Greenhouse creates the note, then saving its outcome fails (the process
    // "dies" before the ledger holds the note id).
    const crash = new Error('store unavailable: process dies');
    await expect(
      connector.applyPlan(notePlan(), {
        previousOutcomes: [],
        attempt: 1,
        onOutcome: async () => {
          throw crash;
        },
      }),
    ).rejects.toBe(crash);
    expect(calls(from)).toEqual(['POST /v3/notes']); // the first attempt never looks first
    const posted = gh.notes({ applicationId: 265277 });
    expect(posted).toHaveLength(notesBefore + 1);
    const noteId = String(posted[posted.length - 1]!.id);

    // Attempt 2: the ledger holds nothing for the note.
    from = gh.calls.length;
    const retry = await connector.applyPlan(notePlan(), { previousOutcomes: [], attempt: 2 });
    expect(retry.outcomes).toEqual([
      { index: 0, kind: 'AddNote', status: 'already_applied', atsIds: { noteId } },
      expect.objectContaining({ index: 1, kind: 'AddTags', status: 'applied' }),
    ]);
    expect(calls(from)).toEqual([
      'GET /v3/notes', // the one extra call of a retry
      'POST /v3/applied_candidate_tags',
    ]);
    expect(retry.calls).toBe(2);
    const bodies = gh.notes({ applicationId: 265277 }).map((n) => n.body);
    expect(bodies.filter((b) => b === note.body)).toHaveLength(1);
  });

  it('a retry whose note was never posted looks once, then posts it: one note', async () => {
    await connector.refresh(['3485']);
    const from = gh.calls.length;
    const blocked = {
      index: 0,
      kind: 'AddNote' as const,
      status: 'skipped' as const,
      error: { code: 'BLOCKED', message: 'not attempted', retryable: true },
    };
    const retry = await connector.applyPlan(notePlan(), {
      previousOutcomes: [blocked],
      attempt: 3,
    });
    expect(retry.outcomes[0]).toMatchObject({
      status: 'applied',
      atsIds: { noteId: expect.any(String) },
    });
    expect(calls(from)).toEqual([
      'GET /v3/notes',
      'POST /v3/notes',
      'POST /v3/applied_candidate_tags',
    ]);
    expect(gh.notes({ applicationId: 265277 }).filter((n) => n.body === note.body)).toHaveLength(1);
  });

  it('a note with the same text by another user is not adopted', async () => {
    await connector.refresh(['3485']);
    const other = [...gh.notes({ applicationId: 265277 })];
    const otherUser = 712; // John Doe; the connector writes as 112
    // Seed through the sandbox's own API as a different author.
    gh.addNote(
      { application_id: 265277, body: note.body, visibility: 'private', user_id: otherUser },
      otherUser,
    );
    expect(gh.notes({ applicationId: 265277 })).toHaveLength(other.length + 1);
    const retry = await connector.applyPlan(notePlan(), { previousOutcomes: [], attempt: 2 });
    expect(retry.outcomes[0]).toMatchObject({ status: 'applied' });
    expect(gh.notes({ applicationId: 265277 }).filter((n) => n.body === note.body)).toHaveLength(2);
  });
});

it('reject + fields = 1 Harvest call', async () => {
  await connector.refresh(['274075']);
  const from = gh.calls.length;
  const result = await connector.applyPlan(
    plan(
      [
        {
          kind: 'SetFields',
          fields: [
            { field: 'assessment_score', value: 41, type: 'number' },
            { field: 'cefr_level', value: 'A2', type: 'single_select' },
          ],
        },
        { kind: 'Reject', reason: 'Not qualified', note: 'CEFR A2 below B2' },
      ],
      {
        connector: 'greenhouse-sandbox',
        candidateId: String(gh.application(71980812).candidate_id),
        applicationId: '71980812',
        jobId: '274075',
        stageId: undefined,
      },
    ),
    none,
  );
  expect(result.outcomes.map((o) => o.status)).toEqual(['applied', 'applied']);
  expect(harvestCalls(from).map((c) => `${c.method} ${c.path}`)).toEqual([
    'POST /v3/applications/71980812/reject',
  ]);
  const app = gh.application(71980812);
  expect(app.status).toBe('rejected');
  expect(app.custom_fields).toMatchObject({ assessment_score: 41, cefr_level: 'A2' });
  expect(app.rejection?.reason?.name).toBe('Not qualified');
});

it('from_stage_id conflict: a recruiter moved the candidate meanwhile; the move starts from the current stage', async () => {
  await connector.refresh(['3485']);
  const stages = [...gh.store.stages.values()]
    .filter((s) => s.job_id === 3485)
    .sort((a, b) => a.priority - b.priority);
  gh.moveApplication(265277, stages[2]!.id);
  const result = await connector.applyPlan(
    plan([{ kind: 'MoveStage', to: { stage: 'Offer' } }], { connector: 'greenhouse-sandbox' }),
    none,
  );
  expect(result.outcomes[0]!.status).toBe('applied');
  expect(result.calls).toBe(3);
  expect(gh.application(265277).current_stage?.name).toBe('Offer');
});

it('a rate-limit storm is waited out with Retry-After, without a burst of retries', async () => {
  await connector.client.request({ method: 'GET', path: '/applications/265277' });
  gh.faults.configure({ rateLimitStorm: { count: 2, retryAfterSeconds: 3 } });
  const from = gh.calls.length;
  await connector.client.request({ method: 'GET', path: '/applications/265277' });
  expect(sleeps).toEqual([3000, 3000]);
  expect(gh.calls.length - from).toBe(3);
});

it('signed webhooks from the sandbox verify and parse, with previousStage', async () => {
  const events: AtsEvent[] = [];
  const receiver = await listen(async (req, rawBody, res) => {
    const request = {
      method: req.method ?? 'POST',
      headers: req.headers,
      rawBody,
      receivedAt: Date.now(),
    };
    try {
      await connector.verifyWebhook(request);
    } catch {
      res.statusCode = 401;
      res.end();
      return;
    }
    const parsed = await connector.parseWebhook(request);
    events.push(...parsed.events);
    res.statusCode = parsed.reply.status;
    res.end(JSON.stringify(parsed.reply.body ?? {}));
  });
  await gh.registerWebhook({
    event: 'candidate_stage_change',
    url: `${receiver}/webhooks/greenhouse-sandbox`,
    secret: SECRETS.webhookSecret,
  });
  const stages = [...gh.store.stages.values()]
    .filter((s) => s.job_id === 3485)
    .sort((a, b) => a.priority - b.priority);
  gh.moveApplication(265277, stages[2]!.id);
  gh.moveApplication(265277, stages[3]!.id);
  await gh.webhooks.idle();
  expect(events.map((e) => [e.type, e.stage?.name, e.previousStage?.name])).toEqual([
    ['stage_entered', stages[2]!.name, undefined],
    ['stage_entered', stages[3]!.name, stages[2]!.name],
  ]);
  expect(new Set(events.map((e) => e.id)).size).toBe(2);
});

it('Assessment Partner: Greenhouse lists tests, sends one, we complete it, Greenhouse reads the result', async () => {
  const api = connector.assessmentPartner({
    launcher: { launch: async () => ({ partnerInterviewId: 'zh-int-1' }) },
    status: { status: async () => undefined },
  });
  const partnerUrl = await listen(async (req, body, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname.slice(1) as PartnerEndpoint;
    const response = await api.handle({
      method: req.method ?? 'GET',
      path,
      headers: req.headers,
      query: Object.fromEntries(url.searchParams),
      body: body.length ? JSON.parse(body.toString()) : undefined,
    });
    res.writeHead(response.status, { 'content-type': 'application/json', ...response.headers });
    res.end(JSON.stringify(response.body));
  });
  const endpoints = {
    listTests: `${partnerUrl}/list_tests`,
    sendTest: `${partnerUrl}/send_test`,
    testStatus: `${partnerUrl}/test_status`,
    responseError: `${partnerUrl}/response_error`,
  };
  await expect(gh.partner.listTests(endpoints, SECRETS.partnerKey)).resolves.toEqual([
    { partner_test_id: 'zh-english', partner_test_name: 'ZenHire English interview' },
  ]);
  const sent = await gh.partner.sendTest(endpoints, SECRETS.partnerKey, {
    partnerTestId: 'zh-english',
    applicationId: 265277,
  });
  expect(sent.partnerInterviewId).toBe('zh-int-1');
  const result = await connector.applyPlan(
    plan(
      [
        {
          kind: 'CompleteAssessment',
          partnerInterviewId: 'zh-int-1',
          status: 'complete',
          score: 81,
          profileUrl: 'https://app.zenhire.ai/r/1',
          metadata: { CEFR: 'B2', Fluency: 4.2 },
        },
      ],
      { connector: 'greenhouse-sandbox' },
    ),
    none,
  );
  expect(result).toMatchObject({ calls: 1, outcomes: [{ status: 'applied' }] });
  await gh.partner.idle();
  expect(gh.partner.completions).toHaveLength(1);
  expect(gh.partner.completions[0]).toMatchObject({
    status: 200,
    statusResult: { httpStatus: 200, errors: [] },
  });
  expect(gh.partner.completions[0]!.statusResult!.body).toEqual({
    partner_status: 'complete',
    partner_profile_url: 'https://app.zenhire.ai/r/1',
    partner_score: 81,
    metadata: { CEFR: 'B2', Fluency: 4.2 },
  });
  await expect(gh.partner.listTests(endpoints, 'wrong-key')).rejects.toMatchObject({ status: 401 });
});

it('resolveRecord reads the application and the candidate', async () => {
  const resolved = await connector.resolveRecord({
    connector: 'greenhouse-sandbox',
    candidateId: '265772',
    applicationId: '265277',
  });
  expect(resolved).toMatchObject({
    candidate: { id: '265772', name: 'Giuseppe Hurley', email: 'giuseppe.hurley@example.com' },
    application: { id: '265277', status: 'active' },
    job: { id: '3485', name: 'Designer' },
    stage: { name: 'Assessment' },
  });
});
