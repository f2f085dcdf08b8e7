import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type InboundRequest, WebhookVerificationError } from '@zenhire-connect/core';
import { SECRETS, type TestConnector, makeConnector } from './__fixtures__/nock-greenhouse';
import { signGreenhouseBody } from './webhook-signature';

const FIXTURES = join(__dirname, '__fixtures__');
const fixtureFiles = ['webhooks', 'webhooks/history', 'zulip'].flatMap((dir) =>
  readdirSync(join(FIXTURES, dir))
    .filter((f) => f.endsWith('.json'))
    .map((f) => `${dir}/${f}`),
);
const raw = (file: string) => readFileSync(join(FIXTURES, file));

function request(
  body: Buffer | string,
  headers: Record<string, string> = {},
  secret = SECRETS.webhookSecret,
): InboundRequest {
  const rawBody = Buffer.isBuffer(body) ? body : Buffer.from(body);
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      signature: signGreenhouseBody(secret, rawBody),
      ...headers,
    },
    rawBody,
    receivedAt: Date.parse('2026-03-01T10:00:00Z'),
  };
}

let t: TestConnector;
beforeEach(() => {
  t = makeConnector();
});
afterEach(() => t.connector.close());

describe('signature (greenhouse-api.md §3.1)', () => {
  const body = raw('webhooks/candidate_stage_change.json');

  it('accepts "sha256 <hex>" of the raw bytes', async () => {
    await expect(t.connector.verifyWebhook(request(body))).resolves.toBeUndefined();
  });

  it('verifies the bytes as sent, not a re-serialised object (escaped unicode)', async () => {
    const escaped = Buffer.from('{"action":"ping","payload":{"name":"\\u003cb\\u003eJos\\u00e9"}}');
    await expect(t.connector.verifyWebhook(request(escaped))).resolves.toBeUndefined();
  });

  it.each([
    [
      'a tampered body',
      () => ({
        ...request(body),
        rawBody: Buffer.from(body.toString().replace('Assessment', 'Offer')),
      }),
      'SIGNATURE_INVALID',
    ],
    ['the wrong secret', () => request(body, {}, 'not-the-secret'), 'SIGNATURE_INVALID'],
    [
      'no Signature header',
      () => ({ ...request(body), headers: { 'content-type': 'application/json' } }),
      'SIGNATURE_MISSING',
    ],
    ['a header without the algorithm', () => request(body, { signature: 'deadbeef' }), 'MALFORMED'],
  ])('rejects %s with WebhookVerificationError', async (_name, make, code) => {
    const error = await t.connector.verifyWebhook(make()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect(error).toMatchObject({ code });
    expect(JSON.stringify([error, (error as Error).message])).not.toContain(SECRETS.webhookSecret);
  });
});

describe('parsing', () => {
  it('answers the ping with 200 and no events', async () => {
    const ping = JSON.stringify({
      action: 'ping',
      payload: {
        web_hook_id: 9590,
        name: 'ZenHire',
        endpoint_url: 'https://x',
        event: 'Candidate has been hired',
        active: true,
      },
    });
    await expect(t.connector.parseWebhook(request(ping))).resolves.toEqual({
      events: [],
      reply: { status: 200, body: { status: 'ok' } },
    });
  });

  it.each(fixtureFiles)('parses %s without throwing', async (file) => {
    const parsed = await t.connector.parseWebhook(
      request(raw(file), { 'greenhouse-event-id': `evt-${file}` }),
    );
    expect(parsed.reply.status).toBe(200);
    const { action } = JSON.parse(raw(file).toString()) as { action: string };
    const candidateEvent =
      /candidate|application|prospect/.test(action) && !/^(offer|job|scorecard)/.test(action);
    expect(parsed.events.length > 0).toBe(candidateEvent);
    for (const event of parsed.events) {
      expect(event.connector).toBe('greenhouse-eu');
      expect(event.record.candidateId).toMatch(/^\d+$/);
      expect(Number.isNaN(Date.parse(event.occurredAt))).toBe(false);
    }
  });

  it('candidate_stage_change → stage_entered with record, job, stage and candidate', async () => {
    const parsed = await t.connector.parseWebhook(
      request(raw('webhooks/candidate_stage_change.json'), { 'greenhouse-event-id': 'e-1' }),
    );
    expect(parsed.events).toEqual([
      {
        id: 'e-1',
        type: 'stage_entered',
        connector: 'greenhouse-eu',
        occurredAt: '2015-02-09T16:38:36Z',
        record: {
          connector: 'greenhouse-eu',
          candidateId: '265772',
          applicationId: '265277',
          jobId: '3485',
          stageId: '71416',
        },
        job: { id: '3485', name: 'Designer' },
        stage: { id: '71416', name: 'Assessment' },
        tags: ['Import from Previous ATS'],
        candidate: { name: 'Giuseppe Hurley', email: 'giuseppe.hurley@example.com' },
      },
    ]);
  });

  it('sets previousStage from the last stage seen for the application; a redelivery keeps it', async () => {
    const body = JSON.parse(raw('webhooks/candidate_stage_change.json').toString());
    await t.connector.parseWebhook(request(JSON.stringify(body)));
    body.payload.application.current_stage = { id: 71417, name: 'Face to Face', interviews: [] };
    const moved = await t.connector.parseWebhook(request(JSON.stringify(body)));
    expect(moved.events[0]!.previousStage).toEqual({ id: '71416', name: 'Assessment' });
    const again = await t.connector.parseWebhook(request(JSON.stringify(body)));
    expect(again.events[0]!.previousStage).toEqual({ id: '71416', name: 'Assessment' });
  });

  it('without Greenhouse-Event-ID the dedupe key hashes action, application, stage and last activity', async () => {
    const body = raw('webhooks/candidate_stage_change.json');
    const a = await t.connector.parseWebhook(request(body));
    const b = await t.connector.parseWebhook(request(body));
    const other = JSON.parse(body.toString());
    other.payload.application.last_activity_at = '2015-02-10T00:00:00Z';
    const c = await t.connector.parseWebhook(request(JSON.stringify(other)));
    expect(a.events[0]!.id).toBe(b.events[0]!.id);
    expect(c.events[0]!.id).not.toBe(a.events[0]!.id);
  });

  it.each([
    ['webhooks/application_created.json', 'application_created'],
    ['zulip/prospect_created.json', 'application_created'],
    ['webhooks/candidate_hired.json', 'hired'],
    ['webhooks/candidate_rejected.json', 'rejected'],
    ['webhooks/candidate_unhired.json', 'stage_entered'],
    ['webhooks/candidate_updated.json', 'candidate_updated'],
    ['webhooks/application_deleted.json', 'archived'],
    ['webhooks/candidate_deleted.json', 'archived'],
  ])('%s → %s', async (file, type) => {
    const parsed = await t.connector.parseWebhook(request(raw(file)));
    expect(parsed.events[0]!.type).toBe(type);
  });

  it('update_candidate raises tag_added for tags not seen before', async () => {
    const body = JSON.parse(raw('webhooks/candidate_updated.json').toString());
    const first = await t.connector.parseWebhook(
      request(JSON.stringify(body), { 'greenhouse-event-id': 'u1' }),
    );
    expect(first.events.map((e) => [e.type, e.tags])).toEqual([
      ['candidate_updated', ['foo', 'File Import']],
      ['tag_added', ['foo', 'File Import']],
    ]);
    body.payload.candidate.tags = ['foo', 'File Import', 'ZenHire invite'];
    const second = await t.connector.parseWebhook(
      request(JSON.stringify(body), { 'greenhouse-event-id': 'u2' }),
    );
    expect(second.events[1]).toMatchObject({
      id: 'u2:tag_added',
      type: 'tag_added',
      tags: ['ZenHire invite'],
    });
  });

  it('a body that is not JSON answers 400 without events', async () => {
    const parsed = await t.connector.parseWebhook(request('not json'));
    expect(parsed).toMatchObject({ events: [], reply: { status: 400 } });
  });
});
