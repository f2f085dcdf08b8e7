import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GreenhouseSandbox } from './index';

interface Received {
  raw: Buffer;
  headers: IncomingHttpHeaders;
}

/** A webhook receiver on loopback answering statuses from a script (then 200). */
async function receiver(statuses: number[] = []) {
  const received: Received[] = [];
  const script = [...statuses];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ raw: Buffer.concat(chunks), headers: req.headers });
      res.statusCode = script.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/greenhouse`;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  const events = () => received.filter((r) => !r.raw.toString().startsWith('{"action":"ping"'));
  return { url, received, events, close };
}

const SECRET = 'whsec-sandbox-test';

describe('GreenhouseSandbox outgoing webhooks (greenhouse-api.md §3)', () => {
  let gh: GreenhouseSandbox;
  let rx: Awaited<ReturnType<typeof receiver>>;
  afterEach(async () => {
    await gh?.stop();
    await rx?.close();
  });

  it('pings on registration with the UI event label, and keeps a webhook whose ping failed disabled', async () => {
    rx = await receiver([500]);
    gh = new GreenhouseSandbox();
    const failed = await gh.registerWebhook({
      event: 'candidate_stage_change',
      url: rx.url,
      secret: SECRET,
    });
    expect(failed.active).toBe(false);
    const ping = JSON.parse(rx.received[0].raw.toString());
    expect(ping).toEqual({
      action: 'ping',
      payload: {
        web_hook_id: failed.id,
        name: 'Sandbox candidate_stage_change',
        endpoint_url: rx.url,
        event: 'Candidate or Prospect changed stage',
        active: true,
        'content-type': 'application/json',
        created_at: expect.any(String),
        updated_at: expect.any(String),
      },
    });
    gh.moveApplication(265277, 6001);
    await gh.webhooks.idle();
    expect(rx.events()).toHaveLength(0);
    gh.webhooks.enable(failed.id);
    gh.moveApplication(265277, 6002);
    await gh.webhooks.idle();
    expect(rx.events()).toHaveLength(1);
  });

  it('signs the raw body: Signature = "sha256 " + hex HMAC-SHA256(secret, body); sends event id, content type, user agent', async () => {
    rx = await receiver();
    gh = new GreenhouseSandbox();
    await gh.registerWebhook({ event: 'candidate_stage_change', url: rx.url, secret: SECRET });
    gh.moveApplication(265277, 6001);
    await gh.webhooks.idle();
    const [event] = rx.events();
    const expected = createHmac('sha256', SECRET).update(event.raw).digest('hex');
    expect(event.headers.signature).toBe(`sha256 ${expected}`);
    expect(event.headers['greenhouse-event-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.headers['content-type']).toBe('application/json');
    expect(event.headers['user-agent']).toBeTruthy();
    const body = JSON.parse(event.raw.toString());
    expect(body.action).toBe('candidate_stage_change');
    expect(body.payload.application).toMatchObject({
      id: 265277,
      status: 'active',
      current_stage: { id: 6001, name: 'Cultural Fit Interview' },
      candidate: { id: 265772, first_name: 'Giuseppe' },
      jobs: [{ id: 3485, name: 'Designer' }],
    });
    expect(body.payload.application).not.toHaveProperty('from_stage');
  });

  it('escapes <, >, & and non-ASCII as \\uXXXX before signing, like Greenhouse', async () => {
    rx = await receiver();
    gh = new GreenhouseSandbox();
    gh.seedData({
      candidates: [{ id: 265772, first_name: 'José <b>', last_name: 'Müller & Søn' }],
    });
    await gh.registerWebhook({ event: 'candidate_updated', url: rx.url, secret: SECRET });
    gh.candidateUpdated(265772);
    await gh.webhooks.idle();
    const raw = rx.events()[0].raw;
    const text = raw.toString('utf8');
    expect([...raw].every((byte) => byte < 0x80)).toBe(true);
    expect(text).toContain('Jos\\u00e9 \\u003cb\\u003e');
    expect(text).toContain('M\\u00fcller \\u0026 S\\u00f8n');
    expect(rx.events()[0].headers.signature).toBe(
      `sha256 ${createHmac('sha256', SECRET).update(raw).digest('hex')}`,
    );
    expect(JSON.parse(text).payload.candidate.first_name).toBe('José <b>');
  });

  it('fires candidate_stage_change for a move through the API', async () => {
    rx = await receiver();
    gh = new GreenhouseSandbox({ rateLimit: false });
    const url = await gh.start();
    await gh.registerWebhook({ event: 'candidate_stage_change', url: rx.url, secret: SECRET });
    const token = await fetch(`${url}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('gh-sandbox-client:gh-sandbox-secret').toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    const { access_token } = (await token.json()) as { access_token: string };
    const res = await fetch(`${url}/v3/applications/71980812/move`, {
      method: 'POST',
      headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ from_stage_id: 2944102 }),
    });
    expect(res.status).toBe(204);
    await gh.webhooks.idle();
    const body = JSON.parse(rx.events()[0].raw.toString());
    expect(body.payload.application.current_stage).toMatchObject({
      id: 2944103,
      name: 'Assessment',
    });
  });

  it('retries every non-200 answer (even 202 and 204) on the scaled schedule, keeping the event id, up to 7 attempts', async () => {
    rx = await receiver([200, 500, 202, 204]); // the ping gets the first 200
    // 1 documented minute = 6 real ms at scale 0.0001
    gh = new GreenhouseSandbox({ timeScale: 0.0001 });
    await gh.registerWebhook({ event: 'hire_candidate', url: rx.url, secret: SECRET });
    gh.hireApplication(265277);
    await gh.webhooks.idle();
    const [delivery] = gh.webhooks.deliveries;
    expect(delivery.state).toBe('delivered');
    expect(delivery.attempts.map((a) => a.status)).toEqual([500, 202, 204, 200]);
    const gaps = delivery.attempts.slice(1).map((a, i) => a.at - delivery.attempts[i].at);
    expect(gaps[0]).toBeGreaterThanOrEqual(60_000); // ≈1 documented minute
    expect(gaps[1]).toBeGreaterThanOrEqual(900_000); // ≈15 documented minutes
    expect(gaps[2]).toBeGreaterThanOrEqual(3_600_000); // ≈60 documented minutes
    const ids = new Set(rx.events().map((r) => r.headers['greenhouse-event-id']));
    expect(ids.size).toBe(1);
  });

  it('gives up after 7 failed attempts', async () => {
    rx = await receiver([200, ...Array(7).fill(503)]);
    gh = new GreenhouseSandbox({ webhooks: { retryDelaysMs: [1, 1, 1, 1, 1, 1] } });
    await gh.registerWebhook({ event: 'reject_candidate', url: rx.url, secret: SECRET });
    gh.rejectApplication(265277, 815);
    await gh.webhooks.idle();
    expect(gh.webhooks.deliveries[0].state).toBe('failed');
    expect(gh.webhooks.deliveries[0].attempts).toHaveLength(7);
    expect(rx.events()).toHaveLength(7);
  });

  it('fault knobs drop or duplicate deliveries (duplicates share the event id)', async () => {
    rx = await receiver();
    gh = new GreenhouseSandbox({ faults: { webhooks: { duplicateRate: 1 } } });
    await gh.registerWebhook({ event: 'candidate_stage_change', url: rx.url, secret: SECRET });
    gh.moveApplication(265277, 6001);
    await gh.webhooks.idle();
    expect(rx.events()).toHaveLength(2);
    expect(rx.events()[0].headers['greenhouse-event-id']).toBe(
      rx.events()[1].headers['greenhouse-event-id'],
    );
    expect(rx.events()[0].raw.equals(rx.events()[1].raw)).toBe(true);

    gh.faults.configure({ webhooks: { dropRate: 1 } });
    gh.moveApplication(265277, 6002);
    await gh.webhooks.idle();
    expect(rx.events()).toHaveLength(2);
    expect(gh.webhooks.deliveries.at(-1)?.state).toBe('dropped');
  });

  it('registers webhooks and lists deliveries over the HTTP inspection API (no secret shown)', async () => {
    rx = await receiver();
    gh = new GreenhouseSandbox();
    const url = await gh.start();
    const reg = await fetch(`${url}/__sandbox/greenhouse/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event: 'application_created', url: rx.url, secret: SECRET }),
    });
    expect(reg.status).toBe(201);
    expect(await reg.json()).toMatchObject({ action: 'new_candidate_application', active: true });
    const add = await fetch(`${url}/__sandbox/greenhouse/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ candidate_id: 53883394, job_id: 3485 }),
    });
    expect(await add.json()).toMatchObject({
      current_stage: { id: 71415, name: 'Application Review' },
    });
    await gh.webhooks.idle();
    const deliveries = await (await fetch(`${url}/__sandbox/greenhouse/webhook-deliveries`)).text();
    expect(JSON.parse(deliveries)).toEqual([
      expect.objectContaining({ action: 'new_candidate_application', state: 'delivered' }),
    ]);
    const listed = await (await fetch(`${url}/__sandbox/greenhouse/webhooks`)).text();
    expect(listed + deliveries).not.toContain(SECRET);
  });
});
