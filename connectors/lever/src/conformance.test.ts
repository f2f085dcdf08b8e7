/**
 * The testkit's connector conformance suite, run against the Lever sandbox behind a loopback
 * proxy (testkit `startWriteFaultProxy`) that can answer every write with a chosen status.
 */
import type { WriteOperation } from '@zenhire-connect/core';
import {
  LEVER_SANDBOX_API_KEY,
  LeverSandbox,
  runConnectorConformance,
  startWriteFaultProxy,
} from '@zenhire-connect/testkit';
import { leverPlugin } from './plugin';
import { signLeverWebhook } from './webhook-signature';
import { ACTIVE_OPPORTUNITY, USERS } from './__fixtures__/sandbox-harness';

/** A `candidateStageChange` delivery as Lever sends it (lever-api.md §4.2), signed in the body. */
function stageChangeBody(signatureToken: string) {
  const token = 'conformance-delivery-token';
  const triggeredAt = Date.now();
  return {
    id: 'conformance-event',
    event: 'candidateStageChange',
    triggeredAt,
    token,
    signature: signLeverWebhook(signatureToken, token, triggeredAt),
    data: { opportunityId: ACTIVE_OPPORTUNITY, fromStageId: 'lead-new', toStageId: 'offer' },
  };
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

/**
 * Note, tags and a stage move: the suite's "a repeated delivery writes nothing more" check
 * proves a retried delivery never re-sends its applied note (README "Write-back").
 */
const SAMPLE_OPERATIONS: WriteOperation[] = [
  { kind: 'AddNote', body: 'ZenHire conformance note', visibility: 'private' },
  { kind: 'AddTags', tags: ['zenhire-conformance'] },
  { kind: 'MoveStage', to: { stage: 'HM Review' } },
];

runConnectorConformance({
  plugin: leverPlugin,
  retryableStatuses: [503, 429],
  permanentStatuses: [422, 400, 404],
  async setup() {
    const lever = new LeverSandbox({ timeScale: 0.001 });
    const proxy = await startWriteFaultProxy({
      target: await lever.start(),
      errorBody: () => ({ code: 'InjectedError', message: 'injected failure' }),
    });
    const signatureToken = lever.signatureToken!;
    const body = stageChangeBody(signatureToken);
    return {
      config: {
        baseUrl: `${proxy.url}/v1`,
        apiKey: LEVER_SANDBOX_API_KEY,
        webhookSignatureToken: signatureToken,
        performAs: USERS.seedUser,
        rateLimit: { maxRetries: 1, baseBackoffMs: 1, maxBackoffMs: 2 },
      },
      samplePlan: {
        runId: 'run-conformance',
        connector: 'conformance',
        mapping: 'conformance',
        record: {
          connector: 'conformance',
          candidateId: 'contact',
          applicationId: ACTIVE_OPPORTUNITY,
        },
        operations: SAMPLE_OPERATIONS,
        hash: 'conformance',
      },
      writesObserved: () =>
        lever.calls.filter((c) => c.method !== 'GET' && c.path.startsWith('/v1/')).length,
      failWritesWith: (status) => proxy.failWritesWith(status),
      secrets: [LEVER_SANDBOX_API_KEY, signatureToken],
      webhook: {
        body: json(body),
        signRequest: () => ({}), // Lever signs inside the body
        // Lever signs `token + triggeredAt`, not the raw bytes (lever-api.md §4.3): alter a
        // signed field, or drop the signature.
        forgeries: [
          { body: json({ ...body, token: `${body.token}x` }), headers: {} },
          { body: json({ ...body, triggeredAt: body.triggeredAt + 1 }), headers: {} },
          { body: json({ ...body, signature: undefined }), headers: {} },
        ],
      },
      async teardown() {
        await proxy.close();
        await lever.stop();
      },
    };
  },
});
