import { runConnectorConformance } from '@zenhire-connect/testkit';
import { genericPlugin } from './index';
import { signatureHeaderValue } from './signature';
import { samplePlan } from './__fixtures__/sample-plan';
import { startTestReceiver } from './__fixtures__/test-receiver';

const SECRET = 'conformance-secret-7f3a9c1e5b';

runConnectorConformance({
  plugin: genericPlugin,
  instanceName: 'hris',
  setup: async () => {
    const receiver = await startTestReceiver();
    const body = Buffer.from(
      JSON.stringify({
        event_id: 'evt-1',
        type: 'stage_entered',
        occurred_at: '2026-01-02T03:04:05Z',
        candidate: { id: 'c-42', name: 'Ada Lovelace' },
        application: { id: 'a-7' },
        stage: { id: 's-2', name: 'Language test' },
      }),
    );
    return {
      config: {
        secret: SECRET,
        webhook: {
          url: receiver.url,
          headers: { Authorization: 'Bearer receiver-token-91b2' },
          retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 2 },
        },
        // The receiver listens on loopback over http: both must be allowed explicitly.
        allowPrivateNetworks: true,
        allowHttp: true,
      },
      samplePlan: samplePlan('hris'),
      writesObserved: () => receiver.accepted(),
      failWritesWith: (status) => receiver.answerAlways(status),
      secrets: [SECRET, 'receiver-token-91b2', 't0p-path-token'],
      webhook: {
        body,
        signRequest: (raw) => ({
          'X-ZenHire-Connect-Signature': signatureHeaderValue(
            SECRET,
            Math.floor(Date.now() / 1000),
            raw,
          ),
        }),
      },
      teardown: () => receiver.close(),
    };
  },
});
