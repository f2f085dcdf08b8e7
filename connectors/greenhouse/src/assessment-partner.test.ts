import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  PartnerCandidate,
  PartnerRequest,
  PartnerStatus,
  PartnerTestLauncher,
} from './assessment-partner';
import { SECRETS, type TestConnector, makeConnector } from './__fixtures__/nock-greenhouse';
import type { PartnerTest } from './config';

const FIXTURES = join(__dirname, '__fixtures__', 'assessment');
const basic = (key: string, password = '') =>
  `Basic ${Buffer.from(`${key}:${password}`).toString('base64')}`;
const auth = { authorization: basic(SECRETS.partnerKey) };

const sendTestBody = {
  partner_test_id: 'zh-english-b2',
  candidate: {
    first_name: 'Harry',
    last_name: 'Potter',
    preferred_name: 'Harry',
    email: 'hpotter@example.com',
    phone_number: '555-555-5555',
    resume_url: 'https://example.com/resume.pdf',
    greenhouse_profile_url: 'https://app.greenhouse.io/people/17681532?application_id=26234709',
  },
  sent_by: 'recruiter@example.com',
  url: 'https://app.greenhouse.io/integrations/testing_partners/take_home_tests/12345',
};

let t: TestConnector;
let launched: { test: PartnerTest; candidate: PartnerCandidate; callbackUrl: string }[];
let statuses: Map<string, PartnerStatus>;
let reported: unknown[];
let launcher: PartnerTestLauncher;

function api() {
  return t.connector.assessmentPartner({
    launcher,
    status: { status: async (id) => statuses.get(id) },
    onResponseError: (r) => void reported.push(r),
  });
}
const call = (path: PartnerRequest['path'], method: string, rest: Partial<PartnerRequest> = {}) =>
  api().handle({ path, method, headers: auth, query: {}, body: undefined, ...rest });

beforeEach(() => {
  t = makeConnector();
  launched = [];
  statuses = new Map();
  reported = [];
  launcher = {
    launch: async (test, candidate, context) => {
      launched.push({ test, candidate, callbackUrl: context.callbackUrl });
      return { partnerInterviewId: 'pi-77' };
    },
  };
});
afterEach(() => t.connector.close());

describe('Basic auth (greenhouse-api.md §4.1)', () => {
  it.each([
    ['no header', {}],
    ['a wrong key', { authorization: basic('pk_other') }],
    ['a key prefix', { authorization: basic(SECRETS.partnerKey.slice(0, -1)) }],
    ['a bearer token', { authorization: `Bearer ${SECRETS.partnerKey}` }],
  ])('%s → 401, and the key is not logged', async (_name, headers) => {
    const response = await api().handle({
      path: 'list_tests',
      method: 'GET',
      headers,
      query: {},
      body: undefined,
    });
    expect(response.status).toBe(401);
    expect(JSON.stringify([response, t.host.logs])).not.toContain(SECRETS.partnerKey);
  });

  it('the configured key as username with an empty password is accepted', async () => {
    expect((await call('list_tests', 'GET')).status).toBe(200);
  });
});

describe('list_tests', () => {
  it('lists the configured tests in the documented shape', async () => {
    const response = await call('list_tests', 'GET');
    const documented = JSON.parse(
      readFileSync(join(FIXTURES, 'list_tests.response.json'), 'utf8'),
    ) as object[];
    expect(Object.keys(documented[0]!).sort()).toEqual(['partner_test_id', 'partner_test_name']);
    expect(response).toEqual({
      status: 200,
      body: [
        {
          partner_test_id: 'zh-english-b2',
          partner_test_name: 'ZenHire English speaking interview',
        },
      ],
    });
  });
});

describe('send_test', () => {
  it('starts the configured action, records the callback URL and answers partner_interview_id', async () => {
    const response = await call('send_test', 'POST', { body: sendTestBody });
    const documented = JSON.parse(
      readFileSync(join(FIXTURES, 'send_test.response.json'), 'utf8'),
    ) as object;
    expect(Object.keys(response.body as object)).toEqual(Object.keys(documented));
    expect(response).toEqual({ status: 200, body: { partner_interview_id: 'pi-77' } });
    expect(launched).toHaveLength(1);
    expect(launched[0]!.test.action).toEqual({
      kind: 'interview',
      personaId: 'persona-1',
      consentMode: 'explicit',
    });
    expect(launched[0]!.candidate).toMatchObject({
      email: 'hpotter@example.com',
      candidateId: '17681532',
      applicationId: '26234709',
    });
    expect(launched[0]!.callbackUrl).toBe(sendTestBody.url);
  });

  it('an invalid body → 400 naming the fields; an unknown test → 404; nothing launched', async () => {
    const bad = await call('send_test', 'POST', {
      body: {
        ...sendTestBody,
        url: undefined,
        candidate: { ...sendTestBody.candidate, email: 'nope' },
      },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/candidate\.email/);
    expect(JSON.stringify(bad.body)).toMatch(/url/);
    const unknown = await call('send_test', 'POST', {
      body: { ...sendTestBody, partner_test_id: 'other' },
    });
    expect(unknown.status).toBe(404);
    expect(launched).toHaveLength(0);
  });

  it('a launcher failure answers 503', async () => {
    launcher = {
      launch: async () =>
        Promise.reject(Object.assign(new Error('zenhire down'), { code: 'ZENHIRE_UNAVAILABLE' })),
    };
    const response = await call('send_test', 'POST', { body: sendTestBody });
    expect(response.status).toBe(503);
  });
});

describe('test_status', () => {
  it('answers from the status source: complete with score, profile URL and flat metadata', async () => {
    statuses.set('pi-77', {
      status: 'complete',
      score: 81,
      profileUrl: 'https://app.zenhire.ai/r/pi-77',
      metadata: { CEFR: 'B2', 'Fluency (0-5)': 4.1, Notes: null },
    });
    const response = await call('test_status', 'GET', { query: { partner_interview_id: 'pi-77' } });
    expect(response).toEqual({
      status: 200,
      body: {
        partner_status: 'complete',
        partner_profile_url: 'https://app.zenhire.ai/r/pi-77',
        partner_score: 81,
        metadata: { CEFR: 'B2', 'Fluency (0-5)': 4.1 },
      },
    });
  });

  it('a sent test without a result is pending; an unknown id is 404; no id is 400', async () => {
    await call('send_test', 'POST', { body: sendTestBody });
    expect(await call('test_status', 'GET', { query: { partner_interview_id: 'pi-77' } })).toEqual({
      status: 200,
      body: { partner_status: 'pending' },
    });
    expect(
      (await call('test_status', 'GET', { query: { partner_interview_id: 'zzz' } })).status,
    ).toBe(404);
    expect((await call('test_status', 'GET')).status).toBe(400);
  });
});

describe('response_error', () => {
  it('logs without the candidate e-mail, surfaces the report and answers 200 {status: 200}', async () => {
    const body = JSON.parse(
      readFileSync(join(FIXTURES, 'request_errors.request.json'), 'utf8'),
    ) as unknown;
    const documented = JSON.parse(
      readFileSync(join(FIXTURES, 'request_errors.response.json'), 'utf8'),
    ) as unknown;
    const response = await call('response_error', 'POST', { body });
    expect(response).toEqual({ status: 200, body: documented });
    expect(reported).toEqual([
      {
        apiCall: 'test_status',
        errors: ["partner_status is 'complete' but partner_profile url is missing"],
        partnerTestId: '12345',
        partnerTestName: 'Personality Test',
        partnerInterviewId: '299506',
      },
    ]);
    expect(JSON.stringify(t.host.logs)).not.toContain('hpotter@hogwarts.edu');
  });
});

it('a wrong method answers 405', async () => {
  expect((await call('send_test', 'GET')).status).toBe(405);
});
