/**
 * The server with the real Greenhouse connector over real HTTP on loopback: the testkit's
 * Greenhouse sandbox registers a webhook (ping), a recruiter moves a candidate, and the
 * signed `candidate_stage_change` goes through verify → record → 200 → trigger.
 */
import { GreenhouseConnector } from '@zenhire-connect/connector-greenhouse';
import {
  createUseCases,
  MapConnectorRegistry,
  systemClock,
  type UseCaseTrigger,
} from '@zenhire-connect/core';
import { InMemoryStore } from '@zenhire-connect/core/testing';
import {
  createTestConnectorHost,
  GREENHOUSE_SANDBOX_CLIENT,
  GreenhouseSandbox,
} from '@zenhire-connect/testkit';
import { Registry } from 'prom-client';
import { captureLogger, FakeGateway } from './__fixtures__/harness';
import { createServer, type ConnectServer } from './create-server';

const WEBHOOK_SECRET = 'gh_SECRET_webhook_e1a9';

let gh: GreenhouseSandbox;
let connector: GreenhouseConnector;
let server: ConnectServer;

afterEach(async () => {
  await server?.close();
  await connector?.close();
  await gh?.stop();
});

it('a stage change Greenhouse delivers twice starts the trigger once; each delivery gets exactly 200', async () => {
  gh = new GreenhouseSandbox({ timeScale: 0.001 });
  const ghUrl = await gh.start();
  connector = new GreenhouseConnector(
    createTestConnectorHost({
      name: 'greenhouse-eu',
      config: {
        baseUrl: `${ghUrl}/v3`,
        tokenUrl: `${ghUrl}/token`,
        clientId: GREENHOUSE_SANDBOX_CLIENT.clientId,
        clientSecret: GREENHOUSE_SANDBOX_CLIENT.clientSecret,
        userId: 112,
        webhookSecret: WEBHOOK_SECRET,
      },
    }),
  );
  const application = gh.store.applications.get(265277)!;
  const stages = [...gh.store.stages.values()]
    .filter((s) => s.job_id === application.job_id)
    .sort((a, b) => a.priority - b.priority);
  const target = stages.find((s) => s.id !== application.current_stage_id)!;
  const trigger: UseCaseTrigger = {
    name: 'invite',
    connector: 'greenhouse-eu',
    matches: (event) => event.type === 'stage_entered' && event.stage?.id === String(target.id),
    action: { kind: 'interview', personaId: 'persona-1', consentMode: 'explicit' },
  };
  const store = new InMemoryStore();
  const gateway = new FakeGateway();
  const registry = MapConnectorRegistry.of(connector);
  const { logger, text: logs } = captureLogger();
  server = createServer({
    registry,
    store,
    useCases: createUseCases({
      store,
      gateway,
      connectors: registry,
      clock: systemClock,
      rules: { triggers: [trigger], mappings: [], linkRules: [] },
    }),
    metricsRegistry: new Registry(),
    logger,
  });
  const url = await server.listen({ host: '127.0.0.1', port: 0 });

  const webhook = await gh.registerWebhook({
    event: 'candidate_stage_change',
    url: `${url}/webhooks/greenhouse-eu`,
    secret: WEBHOOK_SECRET,
  });
  expect(webhook).toMatchObject({ active: true, ping: { status: 200 } });

  gh.faults.configure({ webhooks: { duplicateRate: 1 } }); // Greenhouse sends the event twice
  gh.moveApplication(265277, target.id);
  await gh.webhooks.idle();
  await server.idle();

  expect(
    gh.webhooks.deliveries.map((d) => [d.action, d.state, d.attempts.map((a) => a.status)]),
  ).toEqual([
    ['candidate_stage_change', 'delivered', [200]],
    ['candidate_stage_change', 'delivered', [200]],
  ]);
  expect(new Set(gh.webhooks.deliveries.map((d) => d.eventId)).size).toBe(1);
  expect(gateway.started).toHaveLength(1);
  expect(gateway.started[0]!.correlation.metadata).toMatchObject({
    zc_connector: 'greenhouse-eu',
    zc_application: '265277',
  });
  expect(await store.listUnprocessedEvents(10)).toEqual([]);

  // The delivered body carried the candidate's e-mail and name; the log has neither, nor the secret.
  const candidate = gh.store.candidates.get(application.candidate_id)!;
  const email = candidate.email_addresses[0]!.value;
  expect(gh.webhooks.deliveries[0]!.body).toContain(email);
  expect(logs()).toContain('webhook accepted');
  expect(logs()).not.toContain(email);
  expect(logs()).not.toContain(candidate.last_name);
  expect(logs()).not.toContain(WEBHOOK_SECRET);
});
