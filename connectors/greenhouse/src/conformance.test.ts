/**
 * The testkit's connector conformance suite, run against the Greenhouse sandbox behind a
 * loopback proxy that can make every write fail with a chosen status.
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  GREENHOUSE_SANDBOX_CLIENT,
  GreenhouseSandbox,
  runConnectorConformance,
  signGreenhouseWebhook,
} from '@zenhire-connect/testkit';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { greenhousePlugin } from './plugin';

const WEBHOOK_SECRET = 'conformance-webhook-secret';
const PARTNER_KEY = 'conformance-partner-key';

/** Forwards to the sandbox; answers writes with `failWith` when set. */
async function startProxy(target: string, state: { failWith: number | null }): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const isWrite = req.method !== 'GET' && (req.url ?? '').startsWith('/v3/');
      if (isWrite && state.failWith !== null) {
        res.writeHead(state.failWith, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            message: 'Validation error',
            errors: [{ message: 'injected failure', field: 'id' }],
          }),
        );
        return;
      }
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(
          ([k, v]) => k !== 'host' && k !== 'content-length' && typeof v === 'string',
        ),
      ) as Record<string, string>;
      fetch(`${target}${req.url ?? '/'}`, {
        method: req.method,
        headers,
        body: body.length ? body : undefined,
      })
        .then(async (answer) => {
          const out: Record<string, string> = {};
          answer.headers.forEach((value, key) => {
            if (!['content-length', 'transfer-encoding', 'connection'].includes(key))
              out[key] = value;
          });
          res.writeHead(answer.status, out);
          res.end(Buffer.from(await answer.arrayBuffer()));
        })
        .catch(() => {
          res.statusCode = 502;
          res.end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

const webhookBody = readFileSync(
  join(__dirname, '__fixtures__', 'webhooks', 'candidate_stage_change.json'),
);

runConnectorConformance({
  plugin: greenhousePlugin,
  retryableStatuses: [503, 429],
  permanentStatuses: [422, 400, 404],
  async setup() {
    const gh = new GreenhouseSandbox({ timeScale: 0.001 });
    const sandboxUrl = await gh.start();
    const state = { failWith: null as number | null };
    const proxy = await startProxy(sandboxUrl, state);
    const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
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
      failWritesWith: (status) => {
        state.failWith = status;
      },
      secrets: [GREENHOUSE_SANDBOX_CLIENT.clientSecret, WEBHOOK_SECRET, PARTNER_KEY],
      webhook: {
        body: webhookBody,
        signRequest: (body) => ({ Signature: signGreenhouseWebhook(body, WEBHOOK_SECRET) }),
      },
      async teardown() {
        await new Promise((resolve) => proxy.close(resolve));
        await gh.stop();
      },
    };
  },
});
