import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  LEVER_SANDBOX_API_KEY,
  LeverSandbox,
  type LeverApiWebhook,
  type LeverWebhookBody,
} from './index';

const BASIC = `Basic ${Buffer.from(`${LEVER_SANDBOX_API_KEY}:`).toString('base64')}`;
const ACTIVE_OPP = '90bb80d6-db1b-4ba8-9d4f-8bcb25b6c017';
const CONTACT = '1419004b-c860-4c8f-a46a-4a5a9cccdee6';
const HIRED = '0092d31b-502b-4f0d-b4da-3827e1a2991f';
const TIMING = 'c97322d4-a7f3-4008-948c-4f8e9c58d372';

/** A webhook receiver on loopback that answers with the queued statuses, then 200. */
class Receiver {
  readonly received: { headers: IncomingHttpHeaders; body: LeverWebhookBody }[] = [];
  statuses: number[] = [];
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        this.received.push({ headers: req.headers, body: JSON.parse(raw) });
        const status = this.statuses.shift() ?? 200;
        res.writeHead(status, status === 302 ? { location: 'http://127.0.0.1:1/' } : {}).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/lever`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

/** Lever's documented check (lever-api.md §4.3), written independently of the sandbox code. */
function expectedSignature(signatureToken: string, body: LeverWebhookBody): string {
  return createHmac('sha256', signatureToken)
    .update(body.token + String(body.triggeredAt))
    .digest('hex');
}

describe('LeverSandbox webhooks', () => {
  let lever: LeverSandbox;
  let receiver: Receiver;
  let receiverUrl: string;

  beforeEach(async () => {
    receiver = new Receiver();
    receiverUrl = await receiver.start();
  });
  afterEach(async () => {
    await lever?.stop();
    await receiver.stop();
  });

  async function start(
    options: ConstructorParameters<typeof LeverSandbox>[0] = {},
  ): Promise<string> {
    lever = new LeverSandbox({ timeScale: 0.0001, rateLimit: false, ...options });
    return lever.start();
  }

  it('sends a signed candidateStageChange with from/to stage ids when the API changes the stage', async () => {
    const url = await start();
    lever.addWebhookEndpoint({ url: receiverUrl });
    await fetch(`${url}/v1/opportunities/${ACTIVE_OPP}/stage`, {
      method: 'PUT',
      headers: { authorization: BASIC, 'content-type': 'application/json' },
      body: JSON.stringify({ stage: 'offer' }),
    });
    await lever.settleWebhooks();
    expect(receiver.received).toHaveLength(1);
    const { headers, body } = receiver.received[0];
    expect(headers['user-agent']).toBe('Lever-Webhooks');
    expect(headers['content-type']).toBe('application/json');
    expect(Object.keys(body).sort()).toEqual([
      'data',
      'event',
      'id',
      'signature',
      'token',
      'triggeredAt',
    ]);
    expect(body.event).toBe('candidateStageChange');
    expect(body.data).toEqual({
      opportunityId: ACTIVE_OPP,
      candidateId: ACTIVE_OPP,
      contactId: CONTACT,
      fromStageId: 'lead-new',
      toStageId: 'offer',
    });
    expect(body.token).toMatch(/^[0-9a-f]{48}$/);
    expect(typeof body.triggeredAt).toBe('number');
    expect(body.signature).toBe(expectedSignature(lever.signatureToken!, body));
    // a tampered token no longer verifies
    expect(body.signature).not.toBe(
      expectedSignature(lever.signatureToken!, { ...body, token: body.token + '0' }),
    );
  });

  it('fires on a recruiter stage change in the UI, with a fresh token per delivery', async () => {
    await start();
    lever.addWebhookEndpoint({ url: receiverUrl, events: ['candidateStageChange'] });
    lever.changeStage(ACTIVE_OPP, 'applicant-new');
    lever.changeStage(ACTIVE_OPP, 'applicant-new'); // no change, no webhook
    lever.changeStage(ACTIVE_OPP, 'offer');
    await lever.settleWebhooks();
    const bodies = receiver.received.map((r) => r.body);
    expect(bodies.map((b) => [b.data.fromStageId, b.data.toStageId])).toEqual([
      ['lead-new', 'applicant-new'],
      ['applicant-new', 'offer'],
    ]);
    expect(bodies[0].token).not.toBe(bodies[1].token);
    expect(lever.opportunity(ACTIVE_OPP).stageChanges.at(-1)!.userId).toBe(
      '32bc4d3b-1aa6-4e2b-92d0-2e575047001e',
    );
  });

  it('sends candidateArchiveChange and candidateHired for a hire, and candidateArchiveChange for unarchive', async () => {
    await start();
    lever.addWebhookEndpoint({ url: receiverUrl });
    lever.archive(ACTIVE_OPP, TIMING);
    lever.archive(ACTIVE_OPP, HIRED);
    lever.archive(ACTIVE_OPP, null);
    await lever.settleWebhooks();
    const bodies = receiver.received.map((r) => r.body);
    expect(bodies.map((b) => b.event)).toEqual([
      'candidateArchiveChange',
      'candidateArchiveChange',
      'candidateHired',
      'candidateArchiveChange',
    ]);
    expect(bodies[0].data.fromArchived).toBeNull();
    expect(bodies[0].data.toArchived).toEqual({ reason: TIMING, archivedAt: expect.any(Number) });
    expect(bodies[3].data.toArchived).toBeNull();
    expect(bodies[2].data).toEqual({
      opportunityId: ACTIVE_OPP,
      candidateId: ACTIVE_OPP,
      contactId: CONTACT,
    });
  });

  it('retries non-2xx answers (3xx included) with the same body until a 2xx', async () => {
    await start();
    receiver.statuses = [500, 302];
    lever.addWebhookEndpoint({ url: receiverUrl });
    lever.changeStage(ACTIVE_OPP, 'offer');
    await lever.settleWebhooks();
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.body.token)).size).toBe(1);
    const [delivery] = lever.webhooksSent('candidateStageChange');
    expect(delivery.attempts.map((a) => a.status)).toEqual([500, 302, 200]);
    expect(delivery.outcome).toBe('delivered');
  });

  it('gives up after five retries', async () => {
    await start();
    receiver.statuses = Array(10).fill(503);
    lever.addWebhookEndpoint({ url: receiverUrl });
    lever.changeStage(ACTIVE_OPP, 'offer');
    await lever.settleWebhooks();
    expect(receiver.received).toHaveLength(6);
    expect(lever.webhooksSent()[0].outcome).toBe('failed');
  });

  it('drops or duplicates deliveries with the webhook fault knobs', async () => {
    await start({ faults: { webhooks: { dropRate: 1 } } });
    lever.addWebhookEndpoint({ url: receiverUrl });
    lever.changeStage(ACTIVE_OPP, 'offer');
    await lever.settleWebhooks();
    expect(receiver.received).toHaveLength(0);
    expect(lever.webhooksSent()[0].outcome).toBe('dropped');

    lever.faults.configure({ webhooks: { duplicateRate: 1 } });
    lever.changeStage(ACTIVE_OPP, 'lead-new');
    await lever.settleWebhooks();
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[0].body).toEqual(receiver.received[1].body);
  });

  it('signs API-created webhooks with their own signatureToken and applies origin conditions', async () => {
    const url = await start();
    const create = async (event: string, origins?: string[]) =>
      (
        (await (
          await fetch(`${url}/v1/webhooks`, {
            method: 'POST',
            headers: { authorization: BASIC, 'content-type': 'application/json' },
            body: JSON.stringify({
              url: receiverUrl,
              event,
              ...(origins ? { configuration: { conditions: { origins } } } : {}),
            }),
          })
        ).json()) as { data: LeverApiWebhook }
      ).data;
    const webhook = await create('candidateStageChange');
    await create('candidateStageChange', ['applied']); // ACTIVE_OPP is `sourced`: filtered out
    expect(webhook.configuration.signatureToken).toMatch(/^[0-9a-f]{48}$/);
    const listed = (await (
      await fetch(`${url}/v1/webhooks`, { headers: { authorization: BASIC } })
    ).json()) as { data: unknown[] };
    expect(listed.data).toHaveLength(2);
    expect(JSON.stringify(listed)).not.toContain(webhook.configuration.signatureToken);

    lever.changeStage(ACTIVE_OPP, 'offer');
    await lever.settleWebhooks();
    expect(receiver.received).toHaveLength(1);
    const { body } = receiver.received[0];
    expect(body.signature).toBe(expectedSignature(webhook.configuration.signatureToken, body));

    const del = await fetch(`${url}/v1/webhooks/${webhook.id}`, {
      method: 'DELETE',
      headers: { authorization: BASIC },
    });
    expect(del.status).toBe(204);
  });

  it('sends no signature when the account has no signing token, and omits id when configured', async () => {
    await start({ signatureToken: null, webhookEventIds: false });
    lever.addWebhookEndpoint({ url: receiverUrl });
    lever.changeStage(ACTIVE_OPP, 'offer');
    await lever.settleWebhooks();
    expect(Object.keys(receiver.received[0].body).sort()).toEqual([
      'data',
      'event',
      'token',
      'triggeredAt',
    ]);
  });

  it('sends applicationCreated and the UI test ping', async () => {
    await start();
    const endpoint = lever.addWebhookEndpoint({ url: receiverUrl });
    const application = lever.createApplication(ACTIVE_OPP, '75ff237f-c221-4c26-8b23-faf395f5ea1c');
    lever.sendTestWebhook(endpoint.id);
    await lever.settleWebhooks();
    const [created, ping] = receiver.received.map((r) => r.body);
    expect(created.event).toBe('applicationCreated');
    expect(created.data).toEqual(
      expect.objectContaining({ applicationId: application.id, opportunityId: ACTIVE_OPP }),
    );
    expect(ping.event).toBe('candidateHired');
    expect(ping.data).toEqual({});
    expect(ping.signature).toBe(expectedSignature(lever.signatureToken!, ping));
  });

  it('cancels pending retries on stop', async () => {
    await start({ timeScale: 1 }); // first retry would wait a real minute
    receiver.statuses = [500];
    lever.addWebhookEndpoint({ url: receiverUrl });
    lever.changeStage(ACTIVE_OPP, 'offer');
    while (!receiver.received.length) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 20));
    await lever.stop();
    await lever.settleWebhooks();
    expect(lever.webhooksSent()[0].outcome).toBe('failed');
    expect(receiver.received).toHaveLength(1);
  });

  it('lists deliveries over HTTP without exposing the signing token', async () => {
    const url = await start();
    lever.addWebhookEndpoint({ url: receiverUrl });
    lever.changeStage(ACTIVE_OPP, 'offer');
    await fetch(`${url}/__sandbox/lever/webhooks/settle`, { method: 'POST' });
    const sent = await (await fetch(`${url}/__sandbox/lever/webhooks`)).json();
    expect(sent).toEqual([
      expect.objectContaining({ event: 'candidateStageChange', outcome: 'delivered' }),
    ]);
    const endpoints = await (await fetch(`${url}/__sandbox/lever/webhook-endpoints`)).text();
    expect(endpoints).not.toContain(lever.signatureToken!);
  });
});
