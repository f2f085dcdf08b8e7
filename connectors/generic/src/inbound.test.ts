import type { InboundRequest } from '@zenhire-connect/core';
import { signatureHeaderValue } from './signature';
import { genericConnector } from './__fixtures__/connector';

const SECRET = 'whsec-inbound-0123456789';
const NOW = Date.parse('2026-03-01T12:00:00Z');

function request(
  body: unknown,
  options: { secret?: string; signedAt?: number; receivedAt?: number; header?: string | null } = {},
): InboundRequest {
  const raw = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const signedAt = Math.floor((options.signedAt ?? NOW) / 1000);
  const header =
    options.header === undefined
      ? signatureHeaderValue(options.secret ?? SECRET, signedAt, raw)
      : options.header;
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(header !== null ? { 'x-zenhire-connect-signature': header } : {}),
    },
    rawBody: raw,
    receivedAt: options.receivedAt ?? NOW,
  };
}

const stageEntered = {
  event_id: 'evt-100',
  type: 'stage_entered',
  occurred_at: '2026-03-01T11:59:00+01:00',
  candidate: { id: 'c-42', name: 'Ada Lovelace', email: 'ada@example.com' },
  application: { id: 'a-7' },
  job: { id: 'j-3', name: 'Support Agent' },
  stage: { id: 's-2', name: 'Language test' },
};

function connector(secret: string | null = SECRET) {
  return genericConnector({
    ...(secret ? { secret } : {}),
    file: { path: '/tmp/zc-generic-inbound-unused.ndjson' },
  }).connector;
}

describe('inbound endpoint', () => {
  it('accepts a signed stage_entered event and produces the AtsEvent', async () => {
    const c = connector();
    const req = request(stageEntered);
    await expect(c.verifyWebhook(req)).resolves.toBeUndefined();
    const parsed = await c.parseWebhook(req);
    expect(parsed.reply).toEqual({ status: 202, body: { received: 'evt-100' } });
    expect(parsed.events).toEqual([
      {
        id: 'evt-100',
        type: 'stage_entered',
        connector: 'hris',
        occurredAt: '2026-03-01T10:59:00.000Z',
        record: {
          connector: 'hris',
          candidateId: 'c-42',
          applicationId: 'a-7',
          jobId: 'j-3',
          stageId: 's-2',
        },
        job: { id: 'j-3', name: 'Support Agent' },
        stage: { id: 's-2', name: 'Language test' },
        candidate: { name: 'Ada Lovelace', email: 'ada@example.com' },
      },
    ]);
    // The names are remembered for resolveRecord (no API to read them from).
    const resolved = await c.resolveRecord({
      connector: 'hris',
      candidateId: 'c-42',
      applicationId: 'a-7',
    });
    expect(resolved.candidate).toEqual({
      id: 'c-42',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
    });
    expect(resolved.stage).toEqual({ id: 's-2', name: 'Language test' });
  });

  it('accepts application_created and tag_added with numeric ids', async () => {
    const c = connector();
    const created = await c.parseWebhook(
      request({
        event_id: 'evt-1',
        type: 'application_created',
        occurred_at: '2026-03-01T11:00:00Z',
        candidate: { id: 42 },
        application: { id: 7 },
      }),
    );
    expect(created.events[0]).toMatchObject({
      type: 'application_created',
      record: { candidateId: '42', applicationId: '7' },
    });
    const tagged = await c.parseWebhook(
      request({
        event_id: 'evt-2',
        type: 'tag_added',
        occurred_at: '2026-03-01T11:00:00Z',
        candidate: { id: 'c-1' },
        tags: ['english'],
      }),
    );
    expect(tagged.events[0]).toMatchObject({ type: 'tag_added', tags: ['english'] });
  });

  it.each([
    ['a tampered body', request(stageEntered, {}), 'SIGNATURE_INVALID', true],
    [
      'another secret',
      request(stageEntered, { secret: 'not-the-secret-0000' }),
      'SIGNATURE_INVALID',
      false,
    ],
    ['no header', request(stageEntered, { header: null }), 'SIGNATURE_MISSING', false],
    [
      'a malformed header',
      request(stageEntered, { header: 'sha256=deadbeef' }),
      'MALFORMED',
      false,
    ],
    [
      'a signature older than 5 minutes',
      request(stageEntered, { signedAt: NOW - 301_000 }),
      'SIGNATURE_EXPIRED',
      false,
    ],
    [
      'a signature more than 5 minutes ahead',
      request(stageEntered, { signedAt: NOW + 301_000 }),
      'SIGNATURE_EXPIRED',
      false,
    ],
  ])('rejects %s', async (_label, req, code, tamper) => {
    const sent = tamper
      ? { ...req, rawBody: Buffer.from(req.rawBody.toString().replace('c-42', 'c-43')) }
      : req;
    await expect(connector().verifyWebhook(sent)).rejects.toMatchObject({
      name: 'WebhookVerificationError',
      code,
    });
  });

  it('accepts a signature 4 minutes old', async () => {
    await expect(
      connector().verifyWebhook(request(stageEntered, { signedAt: NOW - 240_000 })),
    ).resolves.toBeUndefined();
  });

  it('refuses every request when no secret is configured', async () => {
    const c = connector(null);
    expect(c.capabilities.webhooks).toBe(false);
    await expect(c.verifyWebhook(request(stageEntered))).rejects.toMatchObject({
      code: 'SIGNATURE_MISSING',
    });
  });

  it('answers 400 without events to a body that is not JSON or not an event', async () => {
    const c = connector();
    const notJson = await c.parseWebhook(request('{"event_id":'));
    expect(notJson).toEqual({
      events: [],
      reply: { status: 400, body: { error: 'body is not JSON' } },
    });
    const noStage = await c.parseWebhook(request({ ...stageEntered, stage: undefined }));
    expect(noStage.events).toEqual([]);
    expect(noStage.reply.status).toBe(400);
    expect(JSON.stringify(noStage.reply.body)).toContain('stage');
    const typo = await c.parseWebhook(request({ ...stageEntered, candiate: { id: 'x' } }));
    expect(typo.reply.status).toBe(400);
    const badType = await c.parseWebhook(request({ ...stageEntered, type: 'hired' }));
    expect(badType.reply.status).toBe(400);
  });
});
