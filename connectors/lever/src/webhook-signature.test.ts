import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { type InboundRequest, WebhookVerificationError } from '@zenhire-connect/core';
import { createTestConnectorHost } from '@zenhire-connect/testkit';
import { LeverConnector } from './lever-connector';
import { signLeverWebhook } from './webhook-signature';

const SIGNING_TOKEN = 'f3c1a9e07b2d4c56a8e9f0b1c2d3e4f5a6b7c8d9e0f1a2b3';
const OTHER_TOKEN = '0123456789abcdef0123456789abcdef0123456789abcdef';
const NOW = 1_782_974_000_000;

function connector(extra: Record<string, unknown> = {}) {
  const host = createTestConnectorHost({
    name: 'lever-main',
    config: {
      apiKey: 'lever-api-key-not-used-here',
      webhookSignatureToken: SIGNING_TOKEN,
      ...extra,
    },
  });
  return { host, lever: new LeverConnector(host) };
}

function delivery(
  options: { key?: string; triggeredAt?: number; token?: string; receivedAt?: number } = {},
) {
  const triggeredAt = options.triggeredAt ?? NOW - 2_000;
  const token = options.token ?? randomBytes(24).toString('hex');
  const body = {
    id: 'evt-1',
    event: 'candidateStageChange',
    triggeredAt,
    token,
    signature: signLeverWebhook(options.key ?? SIGNING_TOKEN, token, triggeredAt),
    data: {
      opportunityId: '90bb80d6-db1b-4ba8-9d4f-8bcb25b6c017',
      fromStageId: 'lead-new',
      toStageId: 'offer',
    },
  };
  return { body, request: request(body, options.receivedAt) };
}

function request(body: unknown, receivedAt = NOW): InboundRequest {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'Lever-Webhooks' },
    rawBody: Buffer.from(JSON.stringify(body)),
    receivedAt,
  };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebhookVerificationError);
  return (error as WebhookVerificationError).code;
}

describe('Lever webhook verification (lever-api.md §4.3)', () => {
  it('accepts a body signed with HMAC-SHA256(signature token, token + triggeredAt)', async () => {
    const { lever } = connector();
    await expect(lever.verifyWebhook(delivery().request)).resolves.toBeUndefined();
  });

  it('rejects the same token twice as REPLAYED', async () => {
    const { lever } = connector();
    const { request: first } = delivery();
    await lever.verifyWebhook(first);
    expect(await codeOf(lever.verifyWebhook(first))).toBe('REPLAYED');
  });

  it('rejects a triggeredAt outside the window as SIGNATURE_EXPIRED (default 5 min, configurable)', async () => {
    const { lever } = connector();
    expect(
      await codeOf(lever.verifyWebhook(delivery({ triggeredAt: NOW - 301_000 }).request)),
    ).toBe('SIGNATURE_EXPIRED');
    expect(
      await codeOf(lever.verifyWebhook(delivery({ triggeredAt: NOW + 301_000 }).request)),
    ).toBe('SIGNATURE_EXPIRED');
    await expect(
      lever.verifyWebhook(delivery({ triggeredAt: NOW - 299_000 }).request),
    ).resolves.toBeUndefined();
    const { lever: strict } = connector({ replayWindowSeconds: 60 });
    expect(
      await codeOf(strict.verifyWebhook(delivery({ triggeredAt: NOW - 61_000 }).request)),
    ).toBe('SIGNATURE_EXPIRED');
  });

  it('rejects a tampered signature, token or triggeredAt as SIGNATURE_INVALID', async () => {
    const { lever } = connector();
    const { body } = delivery();
    const flipped = body.signature.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    expect(await codeOf(lever.verifyWebhook(request({ ...body, signature: flipped })))).toBe(
      'SIGNATURE_INVALID',
    );
    expect(
      await codeOf(
        lever.verifyWebhook(
          request({
            ...body,
            token: `${body.token.slice(0, -1)}${body.token.endsWith('0') ? '1' : '0'}`,
          }),
        ),
      ),
    ).toBe('SIGNATURE_INVALID');
    expect(
      await codeOf(lever.verifyWebhook(request({ ...body, triggeredAt: body.triggeredAt + 1 }))),
    ).toBe('SIGNATURE_INVALID');
    expect(await codeOf(lever.verifyWebhook(delivery({ key: OTHER_TOKEN }).request))).toBe(
      'SIGNATURE_INVALID',
    );
    expect(await codeOf(lever.verifyWebhook(request({ ...body, signature: 'abc' })))).toBe(
      'SIGNATURE_INVALID',
    );
  });

  it('a rejected delivery does not burn its token: the genuine one still passes afterwards', async () => {
    const { lever } = connector();
    const { body, request: genuine } = delivery();
    await codeOf(lever.verifyWebhook(request({ ...body, signature: '0'.repeat(64) })));
    await expect(lever.verifyWebhook(genuine)).resolves.toBeUndefined();
  });

  it('accepts any of several configured tokens (API-created webhooks have one each)', async () => {
    const { lever } = connector({ webhookSignatureToken: [SIGNING_TOKEN, OTHER_TOKEN] });
    await expect(
      lever.verifyWebhook(delivery({ key: OTHER_TOKEN }).request),
    ).resolves.toBeUndefined();
    await expect(
      lever.verifyWebhook(delivery({ key: SIGNING_TOKEN }).request),
    ).resolves.toBeUndefined();
  });

  it('answers MALFORMED for non-JSON or a body without token/triggeredAt, SIGNATURE_MISSING without signature', async () => {
    const { lever } = connector();
    const raw: InboundRequest = {
      method: 'POST',
      headers: {},
      rawBody: Buffer.from('not json'),
      receivedAt: NOW,
    };
    expect(await codeOf(lever.verifyWebhook(raw))).toBe('MALFORMED');
    expect(await codeOf(lever.verifyWebhook(request({ event: 'candidateHired', data: {} })))).toBe(
      'MALFORMED',
    );
    const { signature: _s, ...unsigned } = delivery().body;
    expect(await codeOf(lever.verifyWebhook(request(unsigned)))).toBe('SIGNATURE_MISSING');
    const { lever: noToken } = connector({ webhookSignatureToken: undefined });
    expect(await codeOf(noToken.verifyWebhook(delivery().request))).toBe('SIGNATURE_MISSING');
  });

  it('keeps the signature token, the delivery token and the expected signature out of errors and logs', async () => {
    const { lever, host } = connector();
    const { body } = delivery();
    const errors: unknown[] = [];
    for (const tampered of [
      { ...body, signature: '0'.repeat(64) },
      { ...body, triggeredAt: NOW - 10_000_000 },
    ]) {
      errors.push(await lever.verifyWebhook(request(tampered)).catch((e: unknown) => e));
    }
    await lever.verifyWebhook(request(body));
    errors.push(await lever.verifyWebhook(request(body)).catch((e: unknown) => e));
    const text =
      JSON.stringify(errors) +
      errors.map((e) => (e as Error).message).join() +
      JSON.stringify(host.logs) +
      JSON.stringify([...host.cacheEntries.keys()]) +
      JSON.stringify(lever) +
      inspect(lever, { depth: 6 });
    for (const secret of [SIGNING_TOKEN, body.token, body.signature])
      expect(text).not.toContain(secret);
  });
});
