import { createHmac, timingSafeEqual } from 'node:crypto';
import { ContainerModule } from 'inversify';
import { z } from 'zod';
import {
  type ApplyContext,
  type ApplyResult,
  AtsConnector,
  ConnectorError,
  ConnectorHost,
  type ConnectorPlugin,
  type InboundRequest,
  type OperationOutcome,
  WebhookVerificationError,
  type WritePlan,
} from '@zenhire-connect/core';
import { createTestConnectorHost } from './test-connector-host';
import { runConnectorConformance } from './run-connector-conformance';

/**
 * A complete minimal connector, the shape docs/writing-a-connector.md walks through: an
 * in-memory "ATS" (one per `ats` id) that counts writes and can be told to fail.
 */
interface MemoryAts {
  writes: number;
  failWith: number | null;
}
const atsById = new Map<string, MemoryAts>();

const memoryConfigSchema = z
  .object({ ats: z.string().min(1), apiKey: z.string().min(8), webhookSecret: z.string().min(8) })
  .strict();
type MemoryConfig = z.infer<typeof memoryConfigSchema>;

class MemoryConnector implements AtsConnector {
  readonly type = 'memory';
  readonly name: string;
  readonly capabilities = {
    operations: ['AddNote' as const, 'AddTags' as const],
    webhooks: true,
    fieldTypes: [],
  };
  private readonly config: MemoryConfig;

  constructor(host: ConnectorHost) {
    this.name = host.name;
    this.config = host.config as MemoryConfig;
  }

  async verifyWebhook(request: InboundRequest): Promise<void> {
    const given = Buffer.from(String(request.headers['x-memory-signature'] ?? ''), 'hex');
    const expected = createHmac('sha256', this.config.webhookSecret)
      .update(request.rawBody)
      .digest();
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new WebhookVerificationError('SIGNATURE_INVALID', 'signature does not match');
    }
  }

  async parseWebhook() {
    return { events: [], reply: { status: 200 } };
  }

  async resolveRecord(ref: WritePlan['record']) {
    return { ref, candidate: { id: ref.candidateId } };
  }

  async applyPlan(plan: WritePlan, context: ApplyContext): Promise<ApplyResult> {
    const ats = atsById.get(this.config.ats)!;
    const outcomes: OperationOutcome[] = [];
    let calls = 0;
    for (const [index, op] of plan.operations.entries()) {
      const done = context.previousOutcomes.find((o) => o.index === index && o.status !== 'failed');
      if (done) {
        outcomes.push(done);
        continue;
      }
      if (!this.capabilities.operations.includes(op.kind as 'AddNote')) {
        outcomes.push({
          index,
          kind: op.kind,
          status: 'failed',
          error: {
            code: 'MEMORY_UNSUPPORTED',
            message: `${op.kind} unsupported`,
            retryable: false,
          },
        });
        continue;
      }
      calls++;
      if (ats.failWith !== null) {
        const status = ats.failWith;
        throw new ConnectorError('MEMORY_HTTP', `write failed (${status})`, status >= 500, {
          status,
        });
      }
      ats.writes++;
      outcomes.push({ index, kind: op.kind, status: 'applied' });
    }
    return { outcomes, calls };
  }

  previewPlan(plan: WritePlan) {
    return plan.operations.map((op) => ({ method: 'POST', url: `memory://${op.kind}` }));
  }
}

const memoryPlugin: ConnectorPlugin<MemoryConfig> = {
  type: 'memory',
  configSchema: memoryConfigSchema,
  containerModule: new ContainerModule(({ bind }) => {
    bind<AtsConnector>(AtsConnector)
      .toDynamicValue((context) => new MemoryConnector(context.get<ConnectorHost>(ConnectorHost)))
      .inSingletonScope();
  }),
};

let nextAts = 0;
runConnectorConformance({
  plugin: memoryPlugin,
  setup: async () => {
    const id = `ats-${++nextAts}`;
    const ats: MemoryAts = { writes: 0, failWith: null };
    atsById.set(id, ats);
    const webhookSecret = 'memory-webhook-secret';
    return {
      config: { ats: id, apiKey: 'memory-api-key-123', webhookSecret },
      samplePlan: {
        runId: 'run_1',
        connector: 'conformance',
        mapping: 'm',
        record: { connector: 'conformance', candidateId: 'c-1' },
        operations: [
          { kind: 'AddNote', body: 'hello', visibility: 'private' },
          { kind: 'AddTags', tags: ['x'] },
        ],
        hash: 'h',
      },
      writesObserved: () => ats.writes,
      failWritesWith: (status) => {
        ats.failWith = status;
      },
      secrets: ['memory-api-key-123', webhookSecret],
      webhook: {
        body: Buffer.from('{"event":"ping"}'),
        signRequest: (body) => ({
          'X-Memory-Signature': createHmac('sha256', webhookSecret).update(body).digest('hex'),
        }),
      },
      teardown: async () => {
        atsById.delete(id);
      },
    };
  },
});

describe('createTestConnectorHost', () => {
  it('keeps cache values as copies until their TTL passes, and captures logs', async () => {
    let now = 1_000;
    const host = createTestConnectorHost({ name: 'x', config: {}, now: () => now });
    const value = { a: [1] };
    await host.cache.set('k', value, 500);
    value.a.push(2);
    expect(await host.cache.get('k')).toEqual({ a: [1] });
    now = 1_500;
    expect(await host.cache.get('k')).toBeUndefined();
    await host.cache.set('forever', 1);
    now = 10 ** 12;
    expect(await host.cache.get('forever')).toBe(1);
    await host.cache.delete('forever');
    expect(await host.cache.get('forever')).toBeUndefined();
    host.logger.warn({ id: 1 }, 'retry');
    host.logger.info({ id: 2 });
    expect(host.logs).toEqual([
      { level: 'warn', obj: { id: 1 }, msg: 'retry' },
      { level: 'info', obj: { id: 2 } },
    ]);
  });
});
