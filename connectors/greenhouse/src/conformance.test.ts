/**
 * The testkit's connector conformance suite, run against the Greenhouse sandbox behind a
 * loopback proxy (testkit `startWriteFaultProxy`) that can make every Harvest write fail with
 * a chosen status.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  GREENHOUSE_SANDBOX_CLIENT,
  GreenhouseSandbox,
  runConnectorConformance,
  signGreenhouseWebhook,
  startWriteFaultProxy,
} from '@zenhire-connect/testkit';
import { greenhousePlugin } from './plugin';

const WEBHOOK_SECRET = 'conformance-webhook-secret';
const PARTNER_KEY = 'conformance-partner-key';

const webhookBody = readFileSync(
  join(__dirname, '__fixtures__', 'webhooks', 'candidate_stage_change.json'),
);

runConnectorConformance({
  plugin: greenhousePlugin,
  retryableStatuses: [503, 429],
  permanentStatuses: [422, 400, 404],
  async setup() {
    const gh = new GreenhouseSandbox({ timeScale: 0.001 });
    // Harvest writes fail on demand; the OAuth token request (POST /token) is always forwarded.
    const proxy = await startWriteFaultProxy({
      target: await gh.start(),
      isWrite: (method, path) => method !== 'GET' && path.startsWith('/v3/'),
      errorBody: () => ({
        message: 'Validation error',
        errors: [{ message: 'injected failure', field: 'id' }],
      }),
    });
    const url = proxy.url;
    const writes = () =>
      gh.calls.filter((c) => c.method !== 'GET' && c.path.startsWith('/v3/')).length;
    return {
      config: {
        baseUrl: `${url}/v3`,
        tokenUrl: `${url}/token`,
        clientId: GREENHOUSE_SANDBOX_CLIENT.clientId,
        clientSecret: GREENHOUSE_SANDBOX_CLIENT.clientSecret,
        userId: '112',
        webhookSecret: WEBHOOK_SECRET,
        rateLimit: { maxRetries: 1, baseBackoffMs: 1, maxRetryAfterSeconds: 1 },
        assessmentPartner: { partnerKey: PARTNER_KEY, tests: [] },
      },
      samplePlan: {
        runId: 'run-conformance',
        connector: 'conformance',
        mapping: 'conformance',
        record: {
          connector: 'conformance',
          candidateId: '265772',
          applicationId: '265277',
          jobId: '3485',
          stageId: '71416',
        },
        operations: [
          { kind: 'SetFields', fields: [{ field: 'assessment_score', value: 77, type: 'number' }] },
          { kind: 'AddNote', body: 'ZenHire: 77', visibility: 'private' },
          { kind: 'AddTags', tags: ['Ruby'] },
        ],
        hash: 'conformance',
      },
      writesObserved: writes,
      failWritesWith: (status) => proxy.failWritesWith(status),
      secrets: [GREENHOUSE_SANDBOX_CLIENT.clientSecret, WEBHOOK_SECRET, PARTNER_KEY],
      webhook: {
        body: webhookBody,
        signRequest: (body) => ({ Signature: signGreenhouseWebhook(body, WEBHOOK_SECRET) }),
      },
      async teardown() {
        await proxy.close();
        await gh.stop();
      },
    };
  },
});
