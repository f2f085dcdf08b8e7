import { encodeLink } from '@zenhire-connect/core';
import { signWebhookPayload } from '@zenhire-connect/zenhire-client';
import { closeServers, createHarness, request } from './__fixtures__/harness';

afterEach(closeServers);

const SECRET = 'zh_SECRET_cvdm_2b7d';
const NOW_MS = Date.UTC(2026, 10, 21, 14, 0, 0);
const NOW_S = NOW_MS / 1000;

const link = encodeLink({
  module: 'cv_deepmatch',
  record: { connector: 'fake-eu', candidateId: 'c-1', applicationId: 'a-1' },
  triggerId: 'invite',
});

/** A finished CV DeepMatch request as the poll returns it, minus `cv_parser_result` (§7.1). */
const finished = {
  id: 'cvdm_1',
  position_id: 'pos-1',
  status: 'finished',
  created_at: '2026-11-21T13:58:00Z',
  processing_completed_at: '2026-11-21T13:59:30Z',
  cv2jd_result: { overall_score: 0.82, breakdown: { skills: 0.9, workExperience: 0.7 } },
  metadata: link.metadata,
  tags: link.tags,
  externalId: link.externalId,
};

function post(
  server: ReturnType<typeof createHarness>['server'],
  body: unknown,
  options: { path?: string; signedAt?: number; secret?: string } = {},
) {
  const payload = JSON.stringify(body);
  return request(server, {
    method: 'POST',
    url: options.path ?? '/zenhire/webhooks/cvdeepmatch',
    headers: {
      'content-type': 'application/json',
      'x-cvdm-signature': signWebhookPayload(
        payload,
        options.secret ?? SECRET,
        options.signedAt ?? NOW_S,
      ),
    },
    payload,
  });
}

const harness = () => createHarness({ zenhire: { webhookSecret: SECRET }, now: () => NOW_MS });

it('a signed, full CV DeepMatch webhook is collected from its payload, with its link', async () => {
  const h = harness();
  const res = await post(h.server, finished);
  expect(res.statusCode).toBe(200);
  // Recorded (open) at answer time at the latest; collect turns it terminal afterwards.
  await h.server.idle();
  const run = await h.store.getRun('cvdm_1');
  expect(run).toMatchObject({
    id: 'cvdm_1',
    module: 'cv_deepmatch',
    status: 'finished',
    terminal: true,
  });
  expect(await h.store.findLink('cvdm_1')).toMatchObject({
    record: { connector: 'fake-eu', applicationId: 'a-1' },
  });
  expect(h.gateway.getRunCalls).toEqual([]); // the payload was the full object: no poll
});

it('records the run as open before answering, so the worker collects it if the server dies', async () => {
  const h = harness();
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const original = h.store.saveRun.bind(h.store);
  let calls = 0;
  h.store.saveRun = async (run) => {
    calls += 1;
    if (calls > 1) await gate; // hold the collect step's save, not the recording
    return original(run);
  };
  const res = await post(h.server, finished);
  expect(res.statusCode).toBe(200);
  expect(await h.store.listOpenRuns('cv_deepmatch', 10)).toEqual([
    expect.objectContaining({ id: 'cvdm_1' }),
  ]);
  release();
  await h.server.idle();
  expect(await h.store.listOpenRuns('cv_deepmatch', 10)).toEqual([]);
});

it('polls the run through the gateway when the payload is not the full object', async () => {
  const h = harness();
  h.gateway.runs.set('cvdm_2', {
    module: 'cv_deepmatch',
    id: 'cvdm_2',
    status: 'finished',
    terminal: true,
    externalId: link.externalId ?? null,
    metadata: link.metadata,
    tags: link.tags,
    body: { ...finished, id: 'cvdm_2' },
  });
  const res = await post(h.server, { event: 'cvdeepmatch.finished', data: { id: 'cvdm_2' } });
  await h.server.idle();
  expect(res.statusCode).toBe(200);
  expect(h.gateway.getRunCalls).toEqual([{ module: 'cv_deepmatch', id: 'cvdm_2' }]);
  expect(await h.store.getRun('cvdm_2')).toMatchObject({ terminal: true });
});

it('a CV DeepSearch webhook is always polled (results not released, §7.2)', async () => {
  const h = harness();
  h.gateway.runs.set('cvds_1', {
    module: 'cv_deepsearch',
    id: 'cvds_1',
    status: 'pending',
    terminal: false,
    metadata: {},
    tags: [],
    body: { id: 'cvds_1', status: 'pending' },
  });
  const res = await post(
    h.server,
    { id: 'cvds_1', status: 'pending' },
    { path: '/zenhire/webhooks/cvdeepsearch' },
  );
  await h.server.idle();
  expect(res.statusCode).toBe(200);
  expect(h.gateway.getRunCalls).toEqual([{ module: 'cv_deepsearch', id: 'cvds_1' }]);
});

it('a run already collected is answered 200 and not collected again', async () => {
  const h = harness();
  await post(h.server, finished);
  await h.server.idle();
  const saves = jest.spyOn(h.store, 'saveRun');
  const again = await post(h.server, finished);
  await h.server.idle();
  expect(again.statusCode).toBe(200);
  expect(saves).not.toHaveBeenCalled();
  expect(await h.metricsRegistry.metrics()).toContain(
    'zc_webhooks_received_total{connector="zenhire:cvdeepmatch",outcome="duplicate"} 1',
  );
});

it.each([
  ['a wrong secret', { secret: 'other' }, 'WEBHOOK_SIGNATURE_MISMATCH'],
  [
    'a signature older than 5 minutes',
    { signedAt: NOW_S - 301 },
    'WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE',
  ],
])('%s → 401 with the code, nothing recorded, body not logged', async (_name, options, code) => {
  const h = harness();
  const res = await post(h.server, { ...finished, note: 'body_SECRET_9911' }, options);
  expect(res.statusCode).toBe(401);
  expect(res.json().error.code).toBe(code);
  expect(await h.store.getRun('cvdm_1')).toBeUndefined();
  expect(h.logs()).toContain(code);
  expect(h.logs()).not.toContain('body_SECRET_9911');
  expect(h.logs()).not.toContain(SECRET);
  expect(await h.metricsRegistry.metrics()).toContain(
    `zc_webhooks_rejected_total{connector="zenhire:cvdeepmatch",code="${code}"} 1`,
  );
});

it('a body without a run id is 400', async () => {
  const h = harness();
  const res = await post(h.server, { hello: 'world' });
  expect(res.statusCode).toBe(400);
  expect(res.json().error.code).toBe('WEBHOOK_INVALID');
});

it('without a configured secret the ZenHire webhook routes answer 404', async () => {
  const h = createHarness();
  const res = await post(h.server, finished);
  expect(res.statusCode).toBe(404);
  expect(res.json().error.code).toBe('ZENHIRE_WEBHOOKS_DISABLED');
});
