import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { deliveryIdempotencyKey, type ConnectorError } from '@zenhire-connect/core';
import { checkSignature } from './signature';
import { retryDelayMs } from './webhook-sender';
import { genericConnector, loopbackConfig } from './__fixtures__/connector';
import { samplePlan } from './__fixtures__/sample-plan';
import { type TestReceiver, startTestReceiver } from './__fixtures__/test-receiver';

const SECRET = 'whsec-test-0123456789abcdef';

async function failureOf(promise: Promise<unknown>): Promise<ConnectorError> {
  return promise.then(
    () => {
      throw new Error('expected the delivery to fail');
    },
    (error: ConnectorError) => error,
  );
}

describe('webhook delivery', () => {
  let receiver: TestReceiver;
  beforeEach(async () => {
    receiver = await startTestReceiver();
  });
  afterEach(async () => {
    await receiver.close();
  });

  it('posts the default envelope once for the whole plan, with every operation applied', async () => {
    const plan = samplePlan('hris');
    const { connector } = genericConnector(loopbackConfig(receiver.url));
    const result = await connector.applyPlan(plan, { previousOutcomes: [] });
    await connector.close();

    expect(receiver.requests).toHaveLength(1);
    const deliveryId = deliveryIdempotencyKey(plan);
    expect(result.calls).toBe(1);
    expect(result.outcomes).toEqual(
      plan.operations.map((op, index) => ({
        index,
        kind: op.kind,
        status: 'applied',
        atsIds: { deliveryId },
      })),
    );
    const { headers, body } = receiver.requests[0];
    expect(headers['content-type']).toBe('application/json');
    expect(headers['x-zenhire-connect-delivery']).toBe(deliveryId);
    expect(JSON.parse(body.toString())).toEqual({
      delivery_id: deliveryId,
      connector: 'hris',
      mapping: 'speech-to-hris',
      plan_hash: plan.hash,
      run: { id: 'run_sample_1' },
      record: {
        connector: 'hris',
        candidate_id: 'c-42',
        application_id: 'a-7',
        job_id: 'j-3',
        stage_id: null,
      },
      operations: plan.operations,
      skipped: [],
      assessment: null,
    });
    // Compact JSON on one line, even though the note holds a line break.
    expect(body.toString()).not.toContain('\n');
  });

  it('retries 503, 429 and 408 with the same delivery id and a fresh valid signature', async () => {
    receiver.enqueue(
      { status: 503 },
      { status: 429, headers: { 'retry-after': '0' } },
      { status: 408 },
    );
    const plan = samplePlan('hris');
    const { connector, host } = genericConnector(loopbackConfig(receiver.url));
    const result = await connector.applyPlan(plan, { previousOutcomes: [] });
    await connector.close();

    expect(receiver.requests.map((r) => r.status)).toEqual([503, 429, 408, 200]);
    expect(result.calls).toBe(4);
    const ids = new Set(receiver.requests.map((r) => r.headers['x-zenhire-connect-delivery']));
    expect([...ids]).toEqual([deliveryIdempotencyKey(plan)]);
    expect(receiver.requests.map((r) => r.headers['x-zenhire-connect-attempt'])).toEqual([
      '1',
      '2',
      '3',
      '4',
    ]);
    const bodies = new Set(receiver.requests.map((r) => r.body.toString()));
    expect(bodies.size).toBe(1);
    for (const r of receiver.requests) {
      const header = r.headers['x-zenhire-connect-signature'] as string;
      expect(checkSignature(header, r.body, [SECRET], Date.now())).toBeUndefined();
    }
    expect(host.logs.filter((l) => l.msg === 'generic webhook delivery retried')).toHaveLength(3);
  });

  it('keeps the delivery id when the worker retries the delivery later', async () => {
    receiver.answerAlways(503);
    const plan = samplePlan('hris');
    const first = genericConnector(loopbackConfig(receiver.url));
    const error = await failureOf(first.connector.applyPlan(plan, { previousOutcomes: [] }));
    await first.connector.close();
    expect(error).toMatchObject({ code: 'GENERIC_SERVER_ERROR', retryable: true, status: 503 });
    expect(receiver.requests).toHaveLength(4); // 1 + maxRetries 3

    receiver.answerAlways(null);
    const second = genericConnector(loopbackConfig(receiver.url));
    await second.connector.applyPlan(plan, { previousOutcomes: [] });
    await second.connector.close();
    const ids = new Set(receiver.requests.map((r) => r.headers['x-zenhire-connect-delivery']));
    expect(ids.size).toBe(1);
    expect(receiver.requests).toHaveLength(5);
  });

  it('does not send again when the delivery was already made (ledger or instance cache)', async () => {
    const plan = samplePlan('hris');
    const { connector } = genericConnector(loopbackConfig(receiver.url));
    const first = await connector.applyPlan(plan, { previousOutcomes: [] });
    const fromLedger = await connector.applyPlan(plan, { previousOutcomes: first.outcomes });
    const fromCache = await connector.applyPlan(plan, { previousOutcomes: [] });
    await connector.close();
    expect(receiver.requests).toHaveLength(1);
    expect(fromLedger).toEqual({ calls: 0, outcomes: first.outcomes });
    expect(fromCache.calls).toBe(0);
    expect(fromCache.outcomes.map((o) => o.status)).toEqual([
      'already_applied',
      'already_applied',
      'already_applied',
    ]);
  });

  it.each([400, 401, 404, 409, 422])('treats %i as permanent without retrying', async (status) => {
    receiver.answerAlways(status);
    const { connector } = genericConnector(loopbackConfig(receiver.url));
    const error = await failureOf(
      connector.applyPlan(samplePlan('hris'), { previousOutcomes: [] }),
    );
    await connector.close();
    expect(error).toMatchObject({ code: 'GENERIC_REJECTED', retryable: false, status });
    expect(receiver.requests).toHaveLength(1);
  });

  it('does not follow redirects (they could lead to a refused address)', async () => {
    receiver.answerAlways(302, { location: 'http://169.254.169.254/latest/meta-data' });
    const { connector } = genericConnector(loopbackConfig(receiver.url));
    const error = await failureOf(
      connector.applyPlan(samplePlan('hris'), { previousOutcomes: [] }),
    );
    await connector.close();
    expect(error).toMatchObject({ code: 'GENERIC_REJECTED', retryable: false, status: 302 });
    expect(receiver.requests).toHaveLength(1);
  });

  it('stops at once when Retry-After exceeds maxRetryAfterSeconds, passing it on to the worker', async () => {
    receiver.answerAlways(429, { 'retry-after': '120' });
    const { connector } = genericConnector(loopbackConfig(receiver.url));
    const error = await failureOf(
      connector.applyPlan(samplePlan('hris'), { previousOutcomes: [] }),
    );
    await connector.close();
    expect(error).toMatchObject({
      code: 'GENERIC_RATE_LIMITED',
      retryable: true,
      retryAfterMs: 120_000,
    });
    expect(receiver.requests).toHaveLength(1);
  });

  it('reports a refused connection as a retryable network error without the URL path', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const url = `http://127.0.0.1:${port}/secret-path-token`;
    const { connector, host } = genericConnector(
      loopbackConfig(url, {
        webhook: { url, retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 1 } },
      }),
    );
    const error = await failureOf(
      connector.applyPlan(samplePlan('hris'), { previousOutcomes: [] }),
    );
    await connector.close();
    expect(error).toMatchObject({ code: 'GENERIC_NETWORK', retryable: true });
    expect(error.message).toContain(`http://127.0.0.1:${port}`);
    expect(JSON.stringify([error, error.message, host.logs])).not.toContain('secret-path-token');
  });

  it('renders a custom body template', async () => {
    const template =
      '{"candidate": {{ record.candidate_id | json }}, "kinds": [{% for op in operations %}{{ op.kind | json }}{% unless forloop.last %},{% endunless %}{% endfor %}]}';
    const config = loopbackConfig(receiver.url);
    const { connector } = genericConnector({
      ...config,
      webhook: { ...config.webhook!, template },
    });
    await connector.applyPlan(samplePlan('hris'), { previousOutcomes: [] });
    await connector.close();
    expect(JSON.parse(receiver.requests[0].body.toString())).toEqual({
      candidate: 'c-42',
      kinds: ['SetFields', 'AddNote', 'AddTags'],
    });
  });

  it('previews one POST to the origin only, sending nothing', () => {
    const { connector } = genericConnector(loopbackConfig(receiver.url));
    const preview = connector.previewPlan(samplePlan('hris'));
    expect(preview).toHaveLength(1);
    expect(preview[0].method).toBe('POST');
    expect(preview[0].url).toBe(`http://127.0.0.1:${receiver.port}/…`);
    expect(receiver.requests).toHaveLength(0);
  });
});

describe('retryDelayMs', () => {
  const retry = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 4_000, maxRetryAfterSeconds: 60 };

  it('honours Retry-After when the receiver sent one', () => {
    expect(retryDelayMs(retry, 1, 7_000, () => 0.5)).toBe(7_000);
  });

  it('backs off exponentially with full jitter, capped at maxDelayMs', () => {
    expect(retryDelayMs(retry, 1, 0, () => 0.999)).toBe(499);
    expect(retryDelayMs(retry, 3, 0, () => 0.999)).toBe(1_998);
    expect(retryDelayMs(retry, 6, 0, () => 0.999)).toBe(3_996);
    expect(retryDelayMs(retry, 3, 0, () => 0)).toBe(0);
  });
});
