import { ContainerModule } from 'inversify';
import { z } from 'zod';
import {
  AtsConnector,
  ConnectorHost,
  type ApplyResult,
  type ConnectorPlugin,
  type HttpCallPreview,
  type ParsedWebhook,
  type ResolvedRecord,
} from '../connector';
import type { RecordRef } from '../../model/record-ref';
import type { WritePlan } from '../../model/write-plan';

/** Config of the fake ATS: a base URL and a secret token (must never leak in errors). */
export const fakeConfigSchema = z
  .object({ baseUrl: z.url(), apiToken: z.string().min(8), pageSize: z.number().int().default(50) })
  .strict();
export type FakeConfig = z.output<typeof fakeConfigSchema>;

/** Another service the plugin binds, to test `registry.resolve`. */
export const FakeGreeting = Symbol('FakeGreeting');

export class FakeConnector implements AtsConnector {
  readonly type = 'fake';
  readonly capabilities = {
    operations: ['AddNote' as const],
    webhooks: false,
    fieldTypes: [],
  };
  closed = false;
  constructor(readonly host: ConnectorHost) {}
  get name(): string {
    return this.host.name;
  }
  get config(): FakeConfig {
    return this.host.config as FakeConfig;
  }
  async verifyWebhook(): Promise<void> {}
  async parseWebhook(): Promise<ParsedWebhook> {
    return { events: [], reply: { status: 200 } };
  }
  async resolveRecord(ref: RecordRef): Promise<ResolvedRecord> {
    return { ref, candidate: { id: ref.candidateId } };
  }
  async applyPlan(plan: WritePlan): Promise<ApplyResult> {
    return {
      outcomes: plan.operations.map((op, index) => ({ index, kind: op.kind, status: 'applied' })),
      calls: plan.operations.length,
    };
  }
  previewPlan(): HttpCallPreview[] {
    return [];
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

export const fakePlugin: ConnectorPlugin<FakeConfig> = {
  type: 'fake',
  configSchema: fakeConfigSchema as unknown as z.ZodType<FakeConfig>,
  containerModule: new ContainerModule(({ bind }) => {
    bind<AtsConnector>(AtsConnector)
      .toDynamicValue((context) => new FakeConnector(context.get<ConnectorHost>(ConnectorHost)))
      .inSingletonScope();
    bind<string>(FakeGreeting).toDynamicValue(
      (context) => `hello from ${context.get<ConnectorHost>(ConnectorHost).name}`,
    );
  }),
};

export default fakePlugin;
