import { InMemoryStore } from '@zenhire-connect/core/testing';
import { Counter, Registry } from 'prom-client';
import { closeServers, createHarness, postFake, request } from './__fixtures__/harness';

afterEach(closeServers);

it('/healthz answers 200 while the process serves', async () => {
  const h = createHarness();
  const res = await request(h.server, { url: '/healthz' });
  expect(res.statusCode).toBe(200);
  expect(res.json()).toEqual({ status: 'ok' });
});

it('/readyz is 200 when the store and every configured check answer', async () => {
  const h = createHarness({ readinessChecks: [{ name: 'zenhire', check: async () => {} }] });
  const res = await request(h.server, { url: '/readyz' });
  expect(res.statusCode).toBe(200);
  expect(res.json()).toEqual({
    status: 'ready',
    checks: [
      { name: 'store', ok: true },
      { name: 'zenhire', ok: true },
    ],
  });
});

it('/readyz is 503 naming the store when its ping fails', async () => {
  const store = new InMemoryStore();
  await store.close(); // ping now throws
  const h = createHarness({ store });
  const res = await request(h.server, { url: '/readyz' });
  expect(res.statusCode).toBe(503);
  expect(res.json()).toMatchObject({
    status: 'not_ready',
    error: { code: 'NOT_READY', message: 'failed: store' },
    checks: [{ name: 'store', ok: false, error: 'UNEXPECTED_ERROR' }],
  });
});

it('/readyz is 503 with `timeout` for a vendor check that does not answer in time', async () => {
  let aborted = false;
  const h = createHarness({
    readinessTimeoutMs: 20,
    readinessChecks: [
      async function greenhouse(signal: AbortSignal) {
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
        aborted = true;
      },
    ],
  });
  const res = await request(h.server, { url: '/readyz' });
  expect(res.statusCode).toBe(503);
  expect(res.json().checks).toEqual([
    { name: 'store', ok: true },
    { name: 'greenhouse', ok: false, error: 'timeout' },
  ]);
  expect(aborted).toBe(true);
});

it('/metrics exposes the webhook counters and whatever else is on the injected registry', async () => {
  const metricsRegistry = new Registry();
  // What the worker registers on the same registry.
  new Counter({
    name: 'zc_deliveries_total',
    help: 'Delivery attempts by outcome.',
    labelNames: ['outcome'],
    registers: [metricsRegistry],
  }).inc({ outcome: 'succeeded' });
  const h = createHarness({ metricsRegistry });
  await postFake(h.server, { action: 'stage_change', eventId: 'm-1' });
  await postFake(h.server, { action: 'stage_change', eventId: 'm-2' }, { signature: 'ab' });
  await h.server.idle();

  const res = await request(h.server, { url: '/metrics' });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toContain('text/plain');
  expect(res.body).toContain(
    'zc_webhooks_received_total{connector="fake-eu",outcome="accepted"} 1',
  );
  expect(res.body).toContain(
    'zc_webhooks_received_total{connector="fake-eu",outcome="rejected"} 1',
  );
  expect(res.body).toContain(
    'zc_webhooks_rejected_total{connector="fake-eu",code="SIGNATURE_INVALID"} 1',
  );
  expect(res.body).toContain(
    'zc_webhook_events_processed_total{connector="fake-eu",result="processed"} 1',
  );
  expect(res.body).toContain('zc_deliveries_total{outcome="succeeded"} 1');
});

it('a second server on the same registry reuses the counters', async () => {
  const metricsRegistry = new Registry();
  const a = createHarness({ metricsRegistry });
  const b = createHarness({ metricsRegistry });
  await postFake(a.server, { action: 'ping' });
  await postFake(b.server, { action: 'ping' });
  expect(await metricsRegistry.metrics()).toContain(
    'zc_webhooks_received_total{connector="fake-eu",outcome="ignored"} 2',
  );
});

it('a body over the limit gets 413 in the error shape and is not processed', async () => {
  const h = createHarness({ bodyLimitBytes: 256 });
  const res = await postFake(h.server, {
    action: 'stage_change',
    eventId: 'big',
    note: 'x'.repeat(300),
  });
  expect(res.statusCode).toBe(413);
  expect(res.json()).toEqual({
    error: { code: 'PAYLOAD_TOO_LARGE', message: 'request body exceeds 256 bytes' },
  });
  expect(await h.store.listUnprocessedEvents(10)).toEqual([]);
});

it('the default body limit is 1 MB', async () => {
  const h = createHarness();
  const ok = await postFake(h.server, { action: 'ping', note: 'x'.repeat(1000_000) });
  const tooBig = await postFake(h.server, { action: 'ping', note: 'x'.repeat(1024 * 1024) });
  expect([ok.statusCode, tooBig.statusCode]).toEqual([200, 413]);
});

it('unknown routes are 404 in the error shape', async () => {
  const h = createHarness();
  const res = await request(h.server, { url: '/nope' });
  expect(res.statusCode).toBe(404);
  expect(res.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'no such route' } });
});
