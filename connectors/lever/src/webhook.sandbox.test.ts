import { WebhookVerificationError } from '@zenhire-connect/core';
import type { LeverSandbox } from '@zenhire-connect/testkit';
import type { LeverConnector } from './lever-connector';
import { ACTIVE_OPPORTUNITY, startLever, startReceiver } from './__fixtures__/sandbox-harness';

const HM_REVIEW = '49422c7e-5b86-4a06-9386-d432f6e98d57';
const TIMING = 'c97322d4-a7f3-4008-948c-4f8e9c58d372';
const HIRED = '0092d31b-502b-4f0d-b4da-3827e1a2991f';

describe('Lever webhooks from the sandbox, over HTTP', () => {
  let sandbox: LeverSandbox;
  let connector: LeverConnector;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeEach(async () => {
    ({ sandbox, connector } = await startLever());
    receiver = await startReceiver();
    sandbox.addWebhookEndpoint({ url: receiver.url });
  });
  afterEach(async () => {
    await sandbox.stop();
    await receiver.close();
  });

  const delivered = async () => {
    await sandbox.settleWebhooks();
    return receiver.received.splice(0);
  };

  it('turns candidateStageChange into stage_entered with the previous stage, after re-reading the opportunity', async () => {
    sandbox.changeStage(ACTIVE_OPPORTUNITY, 'applicant-new');
    sandbox.changeStage(ACTIVE_OPPORTUNITY, HM_REVIEW);
    const [, second] = await delivered();
    await connector.verifyWebhook(second!);
    const before = sandbox.calls.length;
    const parsed = await connector.parseWebhook(second!);
    expect(parsed.reply.status).toBe(200);
    expect(parsed.events).toEqual([
      expect.objectContaining({
        type: 'stage_entered',
        connector: 'lever-main',
        record: expect.objectContaining({
          applicationId: ACTIVE_OPPORTUNITY,
          candidateId: sandbox.opportunity(ACTIVE_OPPORTUNITY).contact,
        }),
        stage: { id: HM_REVIEW, name: 'HM Review' },
        previousStage: { id: 'applicant-new', name: 'New applicant' },
        candidate: { name: 'Nango Test Candidate', email: 'test@nango.dev' },
      }),
    ]);
    expect(sandbox.calls.slice(before).map((c) => `${c.method} ${c.path}`)).toEqual([
      `GET /v1/opportunities/${ACTIVE_OPPORTUNITY}`,
      'GET /v1/stages',
    ]);
  });

  it('takes the stage from the re-read, not from the unsigned data (tampered or stale payload)', async () => {
    sandbox.changeStage(ACTIVE_OPPORTUNITY, 'offer');
    const [request] = await delivered();
    const body = JSON.parse(request!.rawBody.toString()) as { data: Record<string, unknown> };
    expect(body.data).toMatchObject({ fromStageId: 'lead-new', toStageId: 'offer' });
    body.data.toStageId = HM_REVIEW; // still validly signed: data is not part of the signature
    const tampered = { ...request!, rawBody: Buffer.from(JSON.stringify(body)) };
    await connector.verifyWebhook(tampered);
    const parsed = await connector.parseWebhook(tampered);
    expect(parsed.events[0]!.stage).toEqual({ id: 'offer', name: 'Offer' });
  });

  it('a delivered body verifies once; the identical body again is REPLAYED', async () => {
    sandbox.changeStage(ACTIVE_OPPORTUNITY, 'offer');
    const [request] = await delivered();
    await connector.verifyWebhook(request!);
    await expect(connector.verifyWebhook(request!)).rejects.toMatchObject({ code: 'REPLAYED' });
    await expect(connector.verifyWebhook(request!)).rejects.toBeInstanceOf(
      WebhookVerificationError,
    );
  });

  it('archive with a non-hired reason → rejected; with a hired reason → archived + hired; unarchive → nothing', async () => {
    sandbox.archive(ACTIVE_OPPORTUNITY, TIMING);
    const rejected = await delivered();
    const events = [];
    for (const r of rejected) {
      await connector.verifyWebhook(r);
      events.push(...(await connector.parseWebhook(r)).events);
    }
    expect(events.map((e) => e.type)).toEqual(['rejected']);

    sandbox.archive(ACTIVE_OPPORTUNITY, null);
    const unarchived = await delivered();
    expect(unarchived).toHaveLength(1);
    await connector.verifyWebhook(unarchived[0]!);
    expect((await connector.parseWebhook(unarchived[0]!)).events).toEqual([]);

    sandbox.archive(ACTIVE_OPPORTUNITY, HIRED);
    const hired = await delivered();
    const types: string[] = [];
    for (const r of hired) {
      await connector.verifyWebhook(r);
      types.push(...(await connector.parseWebhook(r)).events.map((e) => e.type));
    }
    expect(types.sort()).toEqual(['archived', 'hired']);
  });

  it('applicationCreated → application_created with the posting as job', async () => {
    const posting = '75ff237f-c221-4c26-8b23-faf395f5ea1c';
    const [fresh] = sandbox.seedData({
      opportunities: [{ name: 'Ada Lovelace', emails: ['ada@example.com'] }],
    }).opportunities;
    sandbox.createApplication(fresh!.id, posting);
    const [request] = await delivered();
    await connector.verifyWebhook(request!);
    const { events } = await connector.parseWebhook(request!);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'application_created',
        job: { id: posting },
        record: expect.objectContaining({ applicationId: fresh!.id, jobId: posting }),
        candidate: { name: 'Ada Lovelace', email: 'ada@example.com' },
      }),
    ]);
  });

  it('the UI test ping and a deleted opportunity yield no events and a 200', async () => {
    const [endpoint] = sandbox.webhookEndpoints();
    sandbox.sendTestWebhook(endpoint!.id);
    const [ping] = await delivered();
    await connector.verifyWebhook(ping!);
    expect(await connector.parseWebhook(ping!)).toMatchObject({
      events: [],
      reply: { status: 200 },
    });

    sandbox.changeStage(ACTIVE_OPPORTUNITY, 'offer');
    const [change] = await delivered();
    sandbox.deleteOpportunity(ACTIVE_OPPORTUNITY);
    await delivered();
    await connector.verifyWebhook(change!);
    expect((await connector.parseWebhook(change!)).events).toEqual([]);
  });

  it('when the re-read fails, the token is forgotten so Lever can redeliver', async () => {
    sandbox.changeStage(ACTIVE_OPPORTUNITY, 'offer');
    const [request] = await delivered();
    await connector.verifyWebhook(request!);
    sandbox.faults.configure({ errorRates: { 503: 1 } });
    await expect(connector.parseWebhook(request!)).rejects.toMatchObject({
      code: 'LEVER_SERVER_ERROR',
      retryable: true,
    });
    sandbox.faults.configure({});
    await connector.verifyWebhook(request!);
    expect((await connector.parseWebhook(request!)).events).toHaveLength(1);
  });
});
