import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { compareJsonShape, formatShapeDifferences } from '../contract/json-shape';
import { GreenhousePartnerCallError, GreenhouseSandbox } from './index';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(__dirname, '__fixtures__/assessment', name), 'utf8'));

const API_KEY = 'zh_partner_key_for_acme';

/** A fake assessment partner answering with the documented example bodies. */
async function fakePartner() {
  const requests: { method: string; url: string; headers: IncomingHttpHeaders; body: unknown }[] =
    [];
  const state = {
    status: { partner_status: 'in_progress' } as Record<string, unknown>,
    sendTestStatus: 200,
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString();
      requests.push({
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        body: text ? JSON.parse(text) : undefined,
      });
      res.setHeader('content-type', 'application/json');
      const path = req.url!.split('?')[0];
      if (req.headers.authorization !== `Basic ${Buffer.from(`${API_KEY}:`).toString('base64')}`) {
        res.statusCode = 401;
        return res.end('{}');
      }
      if (path === '/gh/list_tests')
        return res.end(JSON.stringify(fixture('list_tests.response.json')));
      if (path === '/gh/send_test') {
        res.statusCode = state.sendTestStatus;
        return res.end(JSON.stringify(fixture('send_test.response.json')));
      }
      if (path === '/gh/test_status') return res.end(JSON.stringify(state.status));
      if (path === '/gh/response_error')
        return res.end(JSON.stringify(fixture('request_errors.response.json')));
      res.statusCode = 404;
      res.end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/gh`;
  return { base, requests, state, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('GreenhouseSandbox as Greenhouse towards an assessment partner (greenhouse-api.md §4)', () => {
  let gh: GreenhouseSandbox;
  let partner: Awaited<ReturnType<typeof fakePartner>>;
  beforeEach(async () => {
    partner = await fakePartner();
    gh = new GreenhouseSandbox();
    await gh.start();
  });
  afterEach(async () => {
    await gh.stop();
    await partner.close();
  });

  it('lists tests with Basic base64("<api key>:")', async () => {
    expect(await gh.partner.listTests(partner.base, API_KEY)).toEqual(
      fixture('list_tests.response.json'),
    );
    expect(partner.requests[0]).toMatchObject({ method: 'GET', url: '/gh/list_tests' });
    await expect(gh.partner.listTests(partner.base, 'wrong')).rejects.toBeInstanceOf(
      GreenhousePartnerCallError,
    );
  });

  it('sends a test with the documented candidate payload and a callback URL on the sandbox', async () => {
    const sent = await gh.partner.sendTest(partner.base, API_KEY, {
      partnerTestId: '12345',
      applicationId: 71980812,
      sentBy: 'recruiter@example.org',
    });
    expect(sent.partnerInterviewId).toBe('98765');
    expect(sent.callbackUrl).toBe(
      `${gh.url}/integrations/testing_partners/take_home_tests/${sent.takeHomeTestId}`,
    );
    expect(partner.requests[0]).toMatchObject({ method: 'POST', url: '/gh/send_test' });
    expect(partner.requests[0].body).toEqual({
      partner_test_id: '12345',
      candidate: {
        first_name: 'Jane',
        last_name: 'Smith',
        preferred_name: 'Jane',
        email: 'person@work.com',
        phone_number: '555-555-5555',
        resume_url: 'https://prod-heroku.s3.amazonaws.com/...',
        greenhouse_profile_url: 'https://app.greenhouse.io/people/60304594?application_id=71980812',
      },
      sent_by: 'recruiter@example.org',
      url: sent.callbackUrl,
    });
  });

  it('accepts the completion PATCH (same key), then fetches test_status and records both', async () => {
    const sent = await gh.partner.sendTest(partner.base, API_KEY, {
      partnerTestId: '12345',
      applicationId: 265277,
    });
    partner.state.status = {
      partner_status: 'complete',
      partner_profile_url: 'https://partner.example/results/98765',
      partner_score: 81,
      metadata: { 'CEFR level': 'B2' },
    };
    const wrongKey = await fetch(sent.callbackUrl, {
      method: 'PATCH',
      headers: { authorization: `Basic ${Buffer.from('other:').toString('base64')}` },
    });
    expect(wrongKey.status).toBe(401);
    const ok = await fetch(sent.callbackUrl, {
      method: 'PATCH',
      headers: {
        authorization: `Basic ${Buffer.from(`${API_KEY}:`).toString('base64')}`,
        'content-type': 'application/json',
      },
    });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('');
    const unknown = await fetch(`${gh.url}/integrations/testing_partners/take_home_tests/1`, {
      method: 'PATCH',
    });
    expect(unknown.status).toBe(404);
    await gh.partner.idle();
    expect(gh.partner.completions.map((c) => c.status)).toEqual([401, 200, 404]);
    expect(gh.partner.completions[1].statusResult).toEqual({
      partnerInterviewId: '98765',
      httpStatus: 200,
      body: partner.state.status,
      errors: [],
    });
    expect(partner.requests.at(-1)).toMatchObject({
      method: 'GET',
      url: '/gh/test_status?partner_interview_id=98765',
    });
    const overHttp = await (
      await fetch(`${gh.url}/__sandbox/greenhouse/partner/completions`)
    ).json();
    expect(overHttp).toHaveLength(3);
  });

  it('reports a complete status without partner_profile_url to response_error in the documented shape', async () => {
    await gh.partner.listTests(partner.base, API_KEY);
    await gh.partner.sendTest(partner.base, API_KEY, {
      partnerTestId: '12345',
      applicationId: 265277,
    });
    partner.state.status = { partner_status: 'complete', partner_score: 50 };
    const result = await gh.partner.testStatus('98765');
    expect(result.errors).toEqual([
      "partner_status is 'complete' but partner_profile url is missing",
    ]);
    const report = partner.requests.find((r) => r.url === '/gh/response_error');
    expect(report?.body).toEqual({
      api_call: 'test_status',
      errors: ["partner_status is 'complete' but partner_profile url is missing"],
      partner_test_id: '12345',
      partner_test_name: 'My First Test',
      partner_interview_id: '98765',
      candidate_email: 'giuseppe.hurley@example.com',
    });
    const real = fixture('request_errors.request.json');
    const diffs = compareJsonShape(real, report?.body, { reportExtra: true });
    expect(formatShapeDifferences(diffs)).toBe('');
  });

  it('fails send_test when the partner answers non-2xx', async () => {
    partner.state.sendTestStatus = 500;
    await expect(
      gh.partner.sendTest(partner.base, API_KEY, { partnerTestId: '12345', applicationId: 265277 }),
    ).rejects.toMatchObject({
      code: 'GREENHOUSE_PARTNER_CALL_FAILED',
      apiCall: 'send_test',
      status: 500,
    });
    expect(gh.partner.sentTests).toHaveLength(0);
  });
});
