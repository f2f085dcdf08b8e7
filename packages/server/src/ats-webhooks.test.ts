import { ConnectorError } from '@zenhire-connect/core';
import { InMemoryStore } from '@zenhire-connect/core/testing';
import { closeServers, createHarness, postFake, request, signFake } from './__fixtures__/harness';

afterEach(closeServers);

const EMAIL = 'giuseppe.hurley@example.org';
const BODY_SECRET = 'body_SECRET_token_51f0';

it('a bad signature gets 401 {error:{code}}, nothing recorded, and the body never reaches the log', async () => {
  const h = createHarness();
  const res = await postFake(
    h.server,
    { action: 'stage_change', eventId: 'e-1', email: EMAIL, note: BODY_SECRET },
    { signature: signFake('something else') },
  );
  expect(res.statusCode).toBe(401);
  expect(res.json()).toEqual({
    error: { code: 'SIGNATURE_INVALID', message: 'webhook signature verification failed' },
  });
  expect(await h.store.listUnprocessedEvents(10)).toEqual([]);
  const line = h
    .logs()
    .split('\n')
    .find((l) => l.includes('signature verification failed'));
  expect(JSON.parse(line!)).toMatchObject({
    connector: 'fake-eu',
    code: 'SIGNATURE_INVALID',
    reqId: res.headers['x-request-id'],
    headerNames: expect.arrayContaining(['content-type', 'x-fake-signature']),
  });
  expect(h.logs()).not.toContain(EMAIL);
  expect(h.logs()).not.toContain(BODY_SECRET);
  expect(h.logs()).not.toContain(signFake('something else'));
});

it('a missing signature is SIGNATURE_MISSING', async () => {
  const h = createHarness();
  const res = await request(h.server, {
    method: 'POST',
    url: '/webhooks/fake-eu',
    headers: { 'content-type': 'application/json' },
    payload: '{"action":"stage_change"}',
  });
  expect(res.statusCode).toBe(401);
  expect(res.json().error.code).toBe('SIGNATURE_MISSING');
});

it('an unknown connector instance is 404', async () => {
  const h = createHarness();
  const res = await postFake(h.server, { action: 'stage_change' }, { instance: 'lever-us' });
  expect(res.statusCode).toBe(404);
  expect(res.json().error.code).toBe('CONNECTOR_NOT_FOUND');
});

it('records the event before answering 200 and runs the trigger only after the answer', async () => {
  const h = createHarness();
  h.gateway.hold();
  const res = await postFake(h.server, { action: 'stage_change', eventId: 'e-1' });

  expect(res.statusCode).toBe(200);
  // At response time: durably recorded, not processed, no ZenHire call made yet.
  const pending = await h.store.listUnprocessedEvents(10);
  expect(pending.map((e) => e.id)).toEqual(['e-1']);
  expect(h.gateway.started).toHaveLength(0);

  h.gateway.release();
  await h.server.idle();
  expect(await h.store.listUnprocessedEvents(10)).toEqual([]);
  expect(h.gateway.started).toHaveLength(1);
  expect(h.gateway.started[0]!.action).toMatchObject({ kind: 'interview' });
  expect((h.store as InMemoryStore).eventResult('fake-eu', 'e-1')).toEqual({
    outcomes: [{ trigger: 'invite', status: 'started', runId: 'run-1', module: 'interview' }],
  });
});

it('a duplicate delivery is answered 200 and processed once', async () => {
  const h = createHarness();
  const first = await postFake(h.server, { action: 'stage_change', eventId: 'e-7' });
  await h.server.idle();
  const second = await postFake(h.server, { action: 'stage_change', eventId: 'e-7' });
  await h.server.idle();

  expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
  expect(h.gateway.started).toHaveLength(1);
  const metrics = await h.metricsRegistry.metrics();
  expect(metrics).toContain('zc_webhooks_received_total{connector="fake-eu",outcome="accepted"} 1');
  expect(metrics).toContain(
    'zc_webhooks_received_total{connector="fake-eu",outcome="duplicate"} 1',
  );
});

it('two deliveries of one event arriving together start one run', async () => {
  const h = createHarness();
  h.gateway.hold();
  const answers = await Promise.all([
    postFake(h.server, { action: 'stage_change', eventId: 'e-8' }),
    postFake(h.server, { action: 'stage_change', eventId: 'e-8' }),
  ]);
  h.gateway.release();
  await h.server.idle();
  expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);
  expect(h.gateway.started).toHaveLength(1);
});

it('a ping is answered 200 and records nothing', async () => {
  const h = createHarness();
  const res = await postFake(h.server, { action: 'ping' });
  expect(res.statusCode).toBe(200);
  expect(await h.store.listUnprocessedEvents(10)).toEqual([]);
  expect(await h.metricsRegistry.metrics()).toContain(
    'zc_webhooks_received_total{connector="fake-eu",outcome="ignored"} 1',
  );
});

it('answers 503 (so the ATS retries) when the event cannot be recorded', async () => {
  const store = new InMemoryStore();
  store.recordEvent = async () => {
    throw new Error('disk I/O error');
  };
  const h = createHarness({ store });
  const res = await postFake(h.server, { action: 'stage_change', eventId: 'e-2' });
  await h.server.idle();
  expect(res.statusCode).toBe(503);
  expect(res.json().error.code).toBe('EVENT_NOT_RECORDED');
  expect(h.gateway.started).toHaveLength(0);
});

it('an event whose processing fails (ZenHire down) stays recorded and recovery processes it', async () => {
  const h = createHarness();
  h.gateway.failWith = new ConnectorError('ZENHIRE_UNAVAILABLE', 'ZenHire 503', true);
  const res = await postFake(h.server, { action: 'stage_change', eventId: 'e-3' });
  await h.server.idle();
  expect(res.statusCode).toBe(200);
  expect((await h.store.listUnprocessedEvents(10)).map((e) => e.id)).toEqual(['e-3']);

  h.gateway.failWith = undefined;
  expect(await h.server.recoverPending()).toEqual({
    scanned: 1,
    processed: 1,
    failed: 0,
    inFlight: 0,
  });
  expect(await h.store.listUnprocessedEvents(10)).toEqual([]);
  expect(h.gateway.started).toHaveLength(1);
  expect(await h.metricsRegistry.metrics()).toContain(
    'zc_webhook_events_processed_total{connector="fake-eu",result="error"} 1',
  );
});

it('keeps the raw bytes: a body re-serialised differently would not verify', async () => {
  const h = createHarness();
  // Same JSON value, different bytes (spacing, escaped "<"): signed over these exact bytes.
  const payload = '{ "action" : "stage_change", "eventId":"e-9", "note":"\\u003cb\\u003e" }';
  const res = await request(h.server, {
    method: 'POST',
    url: '/webhooks/fake-eu',
    headers: { 'content-type': 'text/plain', 'x-fake-signature': signFake(payload) },
    payload,
  });
  expect(res.statusCode).toBe(200);
  expect(h.connector.verified).toBe(1);
});
