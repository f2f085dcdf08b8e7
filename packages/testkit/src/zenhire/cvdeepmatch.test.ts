import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  cvDeepMatchConfig,
  cvDeepMatchForm,
  ZenHireSandbox,
  type CvDeepMatchSubmitInput,
  type ZenHireSandboxOptions,
} from './index';
import { callSandbox, type SandboxCall } from './__fixtures__/sandbox-http';

interface Received {
  headers: Record<string, string | string[] | undefined>;
  raw: string;
}

/** A webhook receiver on loopback answering with the given statuses in turn (then 200). */
async function receiver(
  statuses: number[] = [],
): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, raw: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/cvdm`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Verifies `t=<unix>,v1=<hex>` exactly as the spec describes (§10), independently of the sandbox. */
function verify(secret: string, header: string, raw: string): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=') as [string, string]));
  const expected = createHmac('sha256', secret).update(`${parts.t}.${raw}`).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const SECRET = 'whsec_test_secret_123';

describe('ZenHireSandbox · CV DeepMatch', () => {
  let sandbox: ZenHireSandbox;
  let url: string;
  const closers: (() => Promise<void>)[] = [];
  const boot = async (options: ZenHireSandboxOptions = {}) => {
    sandbox = new ZenHireSandbox({
      timeScale: 1000,
      webhookSecret: SECRET,
      allowInsecureWebhooks: true,
      allowPrivateWebhooks: true,
      ...options,
    });
    url = await sandbox.start();
  };
  afterEach(async () => {
    await sandbox?.stop();
    while (closers.length) await closers.pop()!();
  });

  const call = (path: string, init?: SandboxCall) => callSandbox(url, path, init);
  const submit = (input: CvDeepMatchSubmitInput = {}, key?: string | null) =>
    call('/api/v1/cvdeepmatch/submit', {
      method: 'POST',
      form: cvDeepMatchForm({ position_id: 'JOB-42', ...input }),
      key,
    });

  it('finishes a match, charges 3 credits and posts a webhook whose signature verifies', async () => {
    await boot({ timeScale: 0.001, initialBalance: 10 });
    const hook = await receiver();
    closers.push(hook.close);
    const sub = await submit({
      webhook_url: hook.url,
      metadata: { ats: 'gh' },
      tags: ['x', ' x '],
    });
    expect(sub.status).toBe(202);
    expect(sub.body).toEqual({
      id: expect.any(String),
      status: 'processing',
      message: expect.any(String),
      estimated_time: '1-3 minutes',
    });

    for (let i = 0; i < 250 && hook.received.length === 0; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(hook.received).toHaveLength(1);
    const { headers, raw } = hook.received[0];
    const signature = String(headers['x-cvdm-signature']);
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verify(SECRET, signature, raw)).toBe(true);
    expect(verify('wrong-secret', signature, raw)).toBe(false);
    expect(Math.abs(Number(/t=(\d+)/.exec(signature)![1]) - Date.now() / 1000)).toBeLessThan(300);

    const payload = JSON.parse(raw);
    expect(payload).not.toHaveProperty('cv_parser_result');
    expect(payload).toMatchObject({
      id: sub.body.id,
      position_id: 'JOB-42',
      status: 'finished',
      metadata: { ats: 'gh' },
      tags: ['x'],
      error: null,
    });
    expect(payload.cv2jd_result.overall_score).toBeGreaterThanOrEqual(0);
    expect(payload.cv2jd_result.overall_score).toBeLessThanOrEqual(1);
    expect(Object.keys(payload.cv2jd_result.breakdown).sort()).toEqual([
      'skills',
      'workExperience',
    ]);

    const polled = await call(`/api/v1/cvdeepmatch/${sub.body.id}`);
    expect(polled.body.cv_parser_result).toEqual(
      expect.objectContaining({ skills: ['Zendesk', 'Empathy'] }),
    );
    expect(sandbox.credits()).toMatchObject({ balance: 7, held: 0, usage: { cvdeepmatch: 3 } });
  });

  it('retries a webhook on non-2xx and honours drop/duplicate fault knobs', async () => {
    await boot({ timeScale: 0.001, webhookRetry: { backoffSeconds: [5] } });
    const flaky = await receiver([500, 503]);
    closers.push(flaky.close);
    const a = await submit({ webhook_url: flaky.url });
    sandbox.advanceTime(180_000);
    await sandbox.webhooksIdle();
    expect(
      sandbox.webhookDeliveries.filter((d) => d.subject === a.body.id).map((d) => d.outcome),
    ).toEqual(['rejected', 'rejected', 'delivered']);
    expect(flaky.received).toHaveLength(3);

    const hook = await receiver();
    closers.push(hook.close);
    sandbox.faults.configure({ webhooks: { duplicateRate: 1 } });
    await submit({ webhook_url: hook.url });
    sandbox.advanceTime(180_000);
    await sandbox.webhooksIdle();
    expect(hook.received).toHaveLength(2);
    expect(hook.received[0].raw).toBe(hook.received[1].raw);

    sandbox.faults.configure({ webhooks: { dropRate: 1 } });
    const dropped = await submit({ webhook_url: hook.url });
    sandbox.advanceTime(180_000);
    await sandbox.webhooksIdle();
    expect(hook.received).toHaveLength(2);
    expect(sandbox.webhookDeliveries.find((d) => d.subject === dropped.body.id)?.outcome).toBe(
      'dropped',
    );
  });

  it('parks webhook retries on a frozen clock until advanceTime reaches the backoff', async () => {
    await boot();
    const hook = await receiver([500]);
    closers.push(hook.close);
    await submit({ webhook_url: hook.url });
    sandbox.advanceTime(180_000);
    await sandbox.webhooksIdle();
    expect(hook.received).toHaveLength(1);
    expect(sandbox.webhooks.pendingRetryCount).toBe(1);
    sandbox.advanceTime(29_000);
    await sandbox.webhooksIdle();
    expect(hook.received).toHaveLength(1);
    sandbox.advanceTime(1_000);
    await sandbox.webhooksIdle();
    expect(hook.received).toHaveLength(2);
    expect(sandbox.webhookDeliveries.map((d) => [d.attempt, d.outcome])).toEqual([
      [1, 'rejected'],
      [2, 'delivered'],
    ]);
  });

  it('replays an idempotency_key with 200, the original id and idempotent_replay: true', async () => {
    await boot();
    const first = await submit({ idempotency_key: 'gh-app-1' });
    const again = await submit({ idempotency_key: 'gh-app-1' });
    expect(first.status).toBe(202);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, idempotent_replay: true });
    expect(first.body).not.toHaveProperty('idempotent_replay');
    expect(sandbox.cvDeepMatches()).toHaveLength(1);
    expect(sandbox.credits().held).toBe(3);
  });

  it('rate-limits polls while processing with 429 RATE_LIMITED (Retry-After ≤ 10), not once finished', async () => {
    await boot();
    const { body } = await submit();
    expect((await call(`/api/v1/cvdeepmatch/${body.id}`)).body.status).toBe('processing');
    const fast = await call(`/api/v1/cvdeepmatch/${body.id}`);
    expect(fast.status).toBe(429);
    expect(Number(fast.headers.get('retry-after'))).toBeLessThanOrEqual(10);
    expect(fast.body.error).toMatchObject({
      code: 'RATE_LIMITED',
      details: { retry_after_seconds: 10 },
      retryAfterSeconds: 10,
    });
    sandbox.forceOutcome(body.id, 'failed');
    sandbox.advanceTime(180_000);
    const failed = await call(`/api/v1/cvdeepmatch/${body.id}`);
    expect(failed.body).toMatchObject({
      status: 'failed',
      error: { code: expect.any(String) },
      cv2jd_result: null,
    });
    expect((await call(`/api/v1/cvdeepmatch/${body.id}`)).status).toBe(200);
    expect(sandbox.credits()).toMatchObject({ balance: 1000, held: 0 });
    expect((await call('/api/v1/cvdeepmatch/nope')).body.error.code).toBe('REQUEST_NOT_FOUND');
  });

  it('validates fields (INVALID_INPUT details.fields), PDF magic bytes and webhook URLs', async () => {
    await boot({ allowInsecureWebhooks: false, allowPrivateWebhooks: false });
    const fields = async (input: CvDeepMatchSubmitInput) =>
      Object.keys((await submit(input)).body.error.details.fields);
    expect(await fields({ position_id: 'has spaces!' })).toEqual(['position_id']);
    expect(await fields({ cv: null })).toEqual(['cv_file']);
    expect(
      await fields({
        cv: Buffer.from('PK\u0003\u0004docx'),
        filename: 'cv.docx',
        mimetype: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      }),
    ).toEqual(['cv_file']);
    expect(await fields({ config: { requirements: { skills: {} } } })).toEqual([
      'config.requirements.workExperience',
    ]);
    expect(await fields({ config: cvDeepMatchConfig({ workExperience: 2.5, skill: 6 }) })).toEqual([
      'config.requirements.workExperience.importance',
      'config.requirements.skills.hard_skills[0].importance',
    ]);
    expect(await fields({ idempotency_key: 'bad key' })).toEqual(['idempotency_key']);
    const notPdf = await submit({ cv: Buffer.from('hello, not a pdf') });
    expect(notPdf.body.error.code).toBe('INVALID_FILE_CONTENT');
    expect((await submit({ webhook_url: 'http://hooks.example.com/x' })).body.error.code).toBe(
      'INSECURE_WEBHOOK_URL',
    );
    expect((await submit({ webhook_url: 'https://127.0.0.1/x' })).body.error.code).toBe(
      'PRIVATE_WEBHOOK_URL',
    );
    expect((await submit({ webhook_url: 'https://10.1.2.3/x' })).body.error.code).toBe(
      'PRIVATE_WEBHOOK_URL',
    );
    expect((await submit({ webhook_url: 'https://hooks.example.invalid/x' })).status).toBe(202);
  });

  it('answers 402 with {required, balance}; uses MISSING_PERMISSION / UNAUTHENTICATED for bad keys', async () => {
    await boot({ initialBalance: 2 });
    const refused = await submit();
    expect(refused.status).toBe(402);
    expect(refused.body.error).toMatchObject({
      code: 'INSUFFICIENT_CREDITS',
      details: { required: 3, balance: 2 },
    });
    const noKey = await submit({}, null);
    expect(noKey.status).toBe(403);
    expect(noKey.body.error.code).toBe('MISSING_PERMISSION');
    expect(noKey.body.error).not.toHaveProperty('requestId');
    const read = await call('/api/v1/cvdeepmatch/requests', { key: 'zh_live_unknown' });
    expect(read.status).toBe(401);
    expect(read.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('lists matches newest first, and through the runs endpoint with serviceType=cv_deepmatch', async () => {
    await boot();
    const a = await submit({ position_id: 'A' });
    sandbox.advanceTime(1000);
    const b = await submit({ position_id: 'B' });
    const list = await call('/api/v1/cvdeepmatch/requests');
    expect(list.body.data.map((m: { id: string }) => m.id)).toEqual([b.body.id, a.body.id]);
    expect(list.body.data[0]).not.toHaveProperty('cv_parser_result');
    expect((await call('/api/v1/cvdeepmatch/requests?position_id=A')).body.data).toHaveLength(1);
    const runs = await call('/api/v1/speech/runs?serviceType=cv_deepmatch&status=processing');
    expect(
      runs.body.data.map((r: { id: string; serviceType: string }) => [r.id, r.serviceType]),
    ).toEqual([
      [b.body.id, 'cv_deepmatch'],
      [a.body.id, 'cv_deepmatch'],
    ]);
  });
});
