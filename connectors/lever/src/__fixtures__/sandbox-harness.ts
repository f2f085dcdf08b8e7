import { type Server, createServer } from 'node:http';
import type { InboundRequest } from '@zenhire-connect/core';
import {
  LEVER_SANDBOX_API_KEY,
  LeverSandbox,
  type LeverSandboxOptions,
  createTestConnectorHost,
} from '@zenhire-connect/testkit';
import type { LeverConfigInput } from '../config';
import { LeverConnector, type LeverConnectorOptions } from '../lever-connector';

/** Recorded user ids of the sandbox's default data (testkit README "Lever sandbox / Data"). */
export const USERS = {
  seedUser: 'be129d9b-50da-4485-9377-0d83e981f30b',
  superAdmin: '32bc4d3b-1aa6-4e2b-92d0-2e575047001e',
};
/** The active opportunity of the default data (`lead-new`). */
export const ACTIVE_OPPORTUNITY = '90bb80d6-db1b-4ba8-9d4f-8bcb25b6c017';
export const FEEDBACK_TEMPLATE = '1c0d54d3-1aeb-4989-b616-d0a6025444e8';

/** A started Lever sandbox and a connector pointed at it (API key auth, account signing token). */
export async function startLever(
  config: Partial<LeverConfigInput> = {},
  sandboxOptions: LeverSandboxOptions = {},
  connectorOptions: LeverConnectorOptions = {},
) {
  const sandbox = new LeverSandbox(sandboxOptions);
  const url = await sandbox.start();
  const host = createTestConnectorHost({
    name: 'lever-main',
    config: {
      baseUrl: `${url}/v1`,
      apiKey: LEVER_SANDBOX_API_KEY,
      webhookSignatureToken: sandbox.signatureToken!,
      performAs: USERS.seedUser,
      ...config,
    },
  });
  const connector = new LeverConnector(host, { sleep: async () => undefined, ...connectorOptions });
  return { sandbox, host, connector, url };
}

/** A loopback HTTP server that answers 200 and keeps each request as an `InboundRequest`. */
export async function startReceiver(): Promise<{ url: string; received: InboundRequest[]; close(): Promise<void> }> {
  const received: InboundRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? 'POST', headers: { ...req.headers }, rawBody: Buffer.concat(chunks), receivedAt: Date.now() });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}/webhooks/lever`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
