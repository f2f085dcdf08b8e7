import { GreenhouseConnector, type PartnerCandidate } from '@zenhire-connect/connector-greenhouse';
import { createTestConnectorHost } from '@zenhire-connect/testkit';
import { closeServers, createHarness, request } from './__fixtures__/harness';

afterEach(closeServers);

const PARTNER_KEY = 'pk_SECRET_partner_31c4';
const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

function greenhousePartnerApi() {
  const launches: PartnerCandidate[] = [];
  const host = createTestConnectorHost({
    name: 'greenhouse-eu',
    config: {
      clientId: 'client',
      clientSecret: 'cs_SECRET_never_used',
      userId: '4080',
      webhookSecret: 'wh_SECRET_never_used',
      assessmentPartner: {
        partnerKey: PARTNER_KEY,
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
  const connector = new GreenhouseConnector(host);
  const api = connector.assessmentPartner({
    launcher: {
      async launch(_test, candidate) {
        launches.push(candidate);
        return { partnerInterviewId: `pi-${launches.length}` };
      },
    },
    status: { status: async () => undefined },
  });
  return { api, launches, connector };
}

it('routes the four Assessment Partner endpoints of an instance to its handler', async () => {
  const { api, launches, connector } = greenhousePartnerApi();
  const h = createHarness({ partnerApis: new Map([['greenhouse-eu', api]]) });
  const auth = { authorization: basic(PARTNER_KEY) };

  const tests = await request(h.server, {
    url: '/partner/greenhouse-eu/list_tests',
    headers: auth,
  });
  expect(tests.statusCode).toBe(200);
  expect(tests.json()).toEqual([
    { partner_test_id: 'zh-english', partner_test_name: 'ZenHire English interview' },
  ]);

  const sent = await request(h.server, {
    method: 'POST',
    url: '/partner/greenhouse-eu/send_test',
    headers: { ...auth, 'content-type': 'application/json' },
    payload: JSON.stringify({
      partner_test_id: 'zh-english',
      candidate: {
        first_name: 'Giuseppe',
        last_name: 'Hurley',
        preferred_name: 'Giuseppe',
        email: 'giuseppe.hurley@example.org',
        greenhouse_profile_url: 'https://app.greenhouse.io/people/265772?application_id=265277',
      },
      url: 'https://app.greenhouse.io/integrations/testing_partners/take_home_tests/12345',
    }),
  });
  expect(sent.statusCode).toBe(200);
  expect(sent.json()).toEqual({ partner_interview_id: 'pi-1' });
  expect(launches).toEqual([
    expect.objectContaining({ candidateId: '265772', applicationId: '265277' }),
  ]);

  const status = await request(h.server, {
    url: '/partner/greenhouse-eu/test_status?partner_interview_id=pi-1',
    headers: auth,
  });
  expect(status.statusCode).toBe(200);
  expect(status.json()).toEqual({ partner_status: 'pending' });

  const reported = await request(h.server, {
    method: 'POST',
    url: '/partner/greenhouse-eu/response_error',
    headers: { ...auth, 'content-type': 'application/json' },
    payload: JSON.stringify({ api_call: 'test_status', errors: ['missing partner_profile_url'] }),
  });
  expect(reported.statusCode).toBe(200);
  expect(reported.json()).toEqual({ status: 200 });
  expect(h.logs()).not.toContain('giuseppe.hurley@example.org');
  expect(h.logs()).not.toContain(PARTNER_KEY);
  await connector.close();
});

it('passes the handler 401 (wrong key) through with its WWW-Authenticate header', async () => {
  const { api, connector } = greenhousePartnerApi();
  const h = createHarness({ partnerApis: new Map([['greenhouse-eu', api]]) });
  const res = await request(h.server, {
    url: '/partner/greenhouse-eu/list_tests',
    headers: { authorization: basic('wrong') },
  });
  expect(res.statusCode).toBe(401);
  expect(res.headers['www-authenticate']).toContain('Basic');
  await connector.close();
});

it('an instance without partner endpoints is 404; a POST body that is not JSON is 400', async () => {
  const { api, connector } = greenhousePartnerApi();
  const h = createHarness({ partnerApis: new Map([['greenhouse-eu', api]]) });
  const unknown = await request(h.server, { url: '/partner/lever-us/list_tests' });
  expect(unknown.statusCode).toBe(404);
  expect(unknown.json().error.code).toBe('PARTNER_API_NOT_FOUND');
  const notJson = await request(h.server, {
    method: 'POST',
    url: '/partner/greenhouse-eu/send_test',
    headers: { authorization: basic(PARTNER_KEY), 'content-type': 'application/json' },
    payload: '{not json',
  });
  expect(notJson.statusCode).toBe(400);
  expect(notJson.json().error.code).toBe('BODY_NOT_JSON');
  await connector.close();
});
