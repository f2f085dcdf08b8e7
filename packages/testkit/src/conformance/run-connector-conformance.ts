import { inspect } from 'node:util';
import {
  type AtsConnector,
  type ConnectorPlugin,
  type InboundRequest,
  type OperationOutcome,
  WRITE_OPERATION_KINDS,
  type WritePlan,
  connectorPluginProblem,
} from '@zenhire-connect/core';
import { buildConnectorFromPlugin, parseConnectorConfig } from './build-connector';
import { SAMPLE_OPERATIONS, probePlan } from './sample-operations';
import { type TestConnectorHost, createTestConnectorHost } from './test-connector-host';

/**
 * What a connector's test provides for one conformance test: a target the connector talks
 * to (a sandbox or a fake receiver on 127.0.0.1), a config pointing at it, and probes.
 * `setup` is called before every test, `teardown` after it.
 */
export interface ConformanceTarget {
  /** Raw instance config (the YAML keys without `type`), pointing at the target. Keep retry backoffs tiny. */
  config: Record<string, unknown>;
  /** A plan of declared operations for a record the target knows (`connector` = instance name). */
  samplePlan: WritePlan;
  /** How many writes the target has received so far (requests that create or change data). */
  writesObserved(): number | Promise<number>;
  /**
   * Makes the target answer every following write with `status` (e.g. 503, 422, 400);
   * `null` restores normal answers. When the target cannot be told to answer a status
   * (a sandbox without such a fault), return a plan that provokes it instead (e.g. a
   * `SetFields` on a field the sandbox rejects with 422): the error test applies that plan
   * rather than `samplePlan`.
   */
  failWritesWith(status: number | null): void | WritePlan | Promise<void | WritePlan>;
  /** Every secret value in `config` (API keys, client secrets, webhook secrets, tokens). */
  secrets: string[];
  /**
   * Required when the connector declares `capabilities.webhooks`: the raw body of a valid
   * webhook the ATS would send, and the headers (any case) the ATS would sign it with.
   */
  webhook?: {
    body: Buffer;
    signRequest(body: Buffer): Record<string, string>;
    /**
     * Requests that must be refused, in place of the default three (the signed body with a
     * byte appended, with one bit flipped mid-way, and the body without the signing
     * headers). Only for an ATS that signs part of the body rather than its raw bytes:
     * Lever signs `token + triggeredAt` inside the JSON (lever-api.md §4.3), so an appended
     * byte cannot be detected there (the connector re-reads the record instead). Give
     * bodies with a signed part altered and one without its signature.
     */
    forgeries?: { body: Buffer; headers: Record<string, string> }[];
  };
  teardown?(): Promise<void>;
}

/** Options of {@link runConnectorConformance}. */
export interface ConnectorConformanceOptions {
  /** The plugin under test, exactly as its package exports it. */
  plugin: ConnectorPlugin;
  /** Instance name the host gives the connector (default `conformance`). */
  instanceName?: string;
  /** Creates a fresh target (called before each test). */
  setup(): Promise<ConformanceTarget>;
  /** Statuses that must map to a retryable error (default `[503]`). */
  retryableStatuses?: number[];
  /** Statuses that must map to a permanent error (default `[422, 400]`). */
  permanentStatuses?: number[];
}

/** The error of a failed apply: thrown (`ConnectorError`) or a `failed` outcome. */
interface ApplyFailure {
  code: string;
  message: string;
  retryable: boolean;
  /** Everything that could leak: the error serialised every way a log or API would. */
  serialised: string;
}

function serialise(value: unknown): string {
  const parts = [inspect(value, { depth: 8 })];
  try {
    parts.push(JSON.stringify(value) ?? '');
  } catch {
    // circular: inspect covers it
  }
  if (value instanceof Error) parts.push(String(value), value.stack ?? '');
  return parts.join('\n');
}

function expectNoSecrets(text: string, secrets: readonly string[]): void {
  for (const secret of secrets) {
    if (secret.length > 0 && text.includes(secret)) {
      // Never print the secret itself in the failure.
      throw new Error(
        `a configured secret (${secret.length} characters) appears in an error or log`,
      );
    }
  }
}

async function applyFailure(connector: AtsConnector, plan: WritePlan): Promise<ApplyFailure> {
  let outcomes: OperationOutcome[];
  try {
    outcomes = (await connector.applyPlan(plan, { previousOutcomes: [] })).outcomes;
  } catch (error) {
    const e = error as { code?: unknown; message?: unknown; retryable?: unknown };
    if (typeof e?.retryable !== 'boolean' || typeof e.code !== 'string') {
      throw new Error(
        `applyPlan threw an error without a string \`code\` and a boolean \`retryable\` (throw ConnectorError): ${String(error)}`,
      );
    }
    return {
      code: e.code,
      message: String(e.message),
      retryable: e.retryable,
      serialised: serialise(error),
    };
  }
  const failed = outcomes.find((o) => o.status === 'failed');
  if (!failed?.error) {
    throw new Error(
      `applyPlan neither threw nor reported a failed outcome with an error: ${JSON.stringify(outcomes)}`,
    );
  }
  return { ...failed.error, serialised: serialise(outcomes) };
}

/** `value` when it is a plan (has an `operations` array), else `fallback`. */
function planOr(value: unknown, fallback: WritePlan): WritePlan {
  const plan = value as { operations?: unknown } | null | undefined;
  return plan && typeof plan === 'object' && Array.isArray(plan.operations)
    ? (value as WritePlan)
    : fallback;
}

function inbound(body: Buffer, headers: Record<string, string>): InboundRequest {
  return {
    method: 'POST',
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
    rawBody: body,
    receivedAt: Date.now(),
  };
}

/**
 * Registers the connector conformance suite (jest `describe`/`it`) for `plugin`; call it at
 * the top level of a `*.test.ts` file. Every test builds the connector from the plugin as
 * the host does (config through `configSchema`, inversify child container, `ConnectorHost`
 * bound, `containerModule` loaded, `AtsConnector` resolved) against a fresh target, and
 * checks:
 *
 * - plugin shape; config accepted, an unknown key rejected, issues without secret values;
 * - the built connector's `name`/`type`; declared capabilities are known kinds and types;
 * - every operation kind NOT declared is refused (failed outcome or permanent error), with no
 *   write reaching the target;
 * - webhooks (when declared): a signed request verifies and parses to a 2xx reply, a
 *   tampered body and a missing signature (or the target's `webhook.forgeries`) are
 *   refused with `WebhookVerificationError`;
 * - the sample plan applies (an outcome per operation, none failed, writes observed), and
 *   applying it again with the first outcomes as `previousOutcomes` writes nothing more;
 * - `previewPlan` writes nothing;
 * - `retryableStatuses` → `retryable: true`, `permanentStatuses` → `retryable: false`;
 * - no configured secret appears in any thrown error, failed outcome, preview or log line.
 */
export function runConnectorConformance(options: ConnectorConformanceOptions): void {
  const { plugin } = options;
  const name = options.instanceName ?? 'conformance';
  const retryableStatuses = options.retryableStatuses ?? [503];
  const permanentStatuses = options.permanentStatuses ?? [422, 400];

  describe(`connector conformance: ${plugin?.type ?? '(invalid plugin)'}`, () => {
    let target: ConformanceTarget;
    let host: TestConnectorHost;
    let connector: AtsConnector;

    beforeEach(async () => {
      target = await options.setup();
      const config = parseConnectorConfig(plugin, target.config);
      host = createTestConnectorHost({ name, config });
      connector = (await buildConnectorFromPlugin(plugin, host)).connector;
    });

    afterEach(async () => {
      try {
        await connector?.close?.();
        expectNoSecrets(serialise(host?.logs ?? []), target?.secrets ?? []);
      } finally {
        await target?.teardown?.();
      }
    });

    describe('plugin and config', () => {
      it('exports a ConnectorPlugin (type, zod configSchema, inversify ContainerModule)', () => {
        expect(connectorPluginProblem(plugin)).toBeUndefined();
      });

      it('accepts the valid config and rejects an unknown key without echoing secrets', () => {
        expect(plugin.configSchema.safeParse(target.config).success).toBe(true);
        const withTypo = plugin.configSchema.safeParse({
          ...target.config,
          conformanceUnknownKey: true,
        });
        expect(withTypo.success).toBe(false);
        expectNoSecrets(serialise(withTypo.error?.issues ?? []), target.secrets);
      });

      it('builds an AtsConnector carrying the instance name and the plugin type', () => {
        expect(connector.name).toBe(name);
        expect(connector.type).toBe(plugin.type);
      });
    });

    describe('capabilities', () => {
      it('declares known operation kinds and field types, and whether it takes webhooks', () => {
        const { capabilities } = connector;
        expect(capabilities.operations.length).toBeGreaterThan(0);
        for (const kind of capabilities.operations) expect(WRITE_OPERATION_KINDS).toContain(kind);
        for (const type of capabilities.fieldTypes) {
          expect(['number', 'text', 'single_select', 'date', 'yes_no']).toContain(type);
        }
        expect(typeof capabilities.webhooks).toBe('boolean');
        for (const op of target.samplePlan.operations) {
          expect(capabilities.operations).toContain(op.kind);
        }
      });

      it('refuses every operation kind it does not declare, writing nothing', async () => {
        const undeclared = WRITE_OPERATION_KINDS.filter(
          (kind) => !connector.capabilities.operations.includes(kind),
        );
        const before = await target.writesObserved();
        for (const kind of undeclared) {
          const plan = probePlan(target.samplePlan, [SAMPLE_OPERATIONS[kind]]);
          const failure = await applyFailure(connector, plan);
          expect({ kind, retryable: failure.retryable }).toEqual({ kind, retryable: false });
          expectNoSecrets(failure.serialised, target.secrets);
        }
        expect(await target.writesObserved()).toBe(before);
      });
    });

    describe('webhooks', () => {
      it('verifies and parses a correctly signed webhook', async () => {
        if (!connector.capabilities.webhooks) return;
        expect(target.webhook).toBeDefined();
        const { body, signRequest } = target.webhook!;
        const request = inbound(body, signRequest(body));
        await expect(connector.verifyWebhook(request)).resolves.toBeUndefined();
        const parsed = await connector.parseWebhook(request);
        expect(parsed.reply.status).toBeGreaterThanOrEqual(200);
        expect(parsed.reply.status).toBeLessThan(300);
        expect(Array.isArray(parsed.events)).toBe(true);
      });

      it('rejects a tampered body and a missing signature with WebhookVerificationError', async () => {
        if (!connector.capabilities.webhooks) return;
        expect(target.webhook).toBeDefined();
        const { body, signRequest, forgeries } = target.webhook!;
        const headers = signRequest(body);
        const flipped = Buffer.from(body);
        flipped[Math.floor(flipped.length / 2)] ^= 0x01;
        const attempts = forgeries?.map((f) => inbound(f.body, f.headers)) ?? [
          inbound(Buffer.concat([body, Buffer.from(' ')]), headers),
          inbound(flipped, headers),
          inbound(body, { 'content-type': 'application/json' }),
        ];
        expect(attempts.length).toBeGreaterThan(0);
        for (const request of attempts) {
          const error = await connector.verifyWebhook(request).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(error).toBeInstanceOf(Error);
          expect((error as Error).name).toBe('WebhookVerificationError');
          expect(typeof (error as { code?: unknown }).code).toBe('string');
          expectNoSecrets(serialise(error), target.secrets);
        }
      });
    });

    describe('apply', () => {
      it('applies the sample plan: one non-failed outcome per operation, writes reach the target', async () => {
        const before = await target.writesObserved();
        const reported: OperationOutcome[] = [];
        const result = await connector.applyPlan(target.samplePlan, {
          previousOutcomes: [],
          onOutcome: async (outcome) => {
            reported.push(outcome);
          },
        });
        const indexes = result.outcomes.map((o) => o.index).sort((a, b) => a - b);
        expect(indexes).toEqual(target.samplePlan.operations.map((_, i) => i));
        for (const outcome of result.outcomes) {
          expect(['applied', 'already_applied', 'skipped']).toContain(outcome.status);
          expect(outcome.kind).toBe(target.samplePlan.operations[outcome.index].kind);
        }
        expect(await target.writesObserved()).toBeGreaterThan(before);
        expectNoSecrets(serialise(result), target.secrets);
      });

      it('is idempotent: a repeated delivery with the first outcomes writes nothing more', async () => {
        const first = await connector.applyPlan(target.samplePlan, { previousOutcomes: [] });
        const afterFirst = await target.writesObserved();
        const second = await connector.applyPlan(target.samplePlan, {
          previousOutcomes: first.outcomes,
        });
        expect(await target.writesObserved()).toBe(afterFirst);
        for (const outcome of second.outcomes) expect(outcome.status).not.toBe('failed');
        const covered = new Set([...first.outcomes, ...second.outcomes].map((o) => o.index));
        expect(covered.size).toBe(target.samplePlan.operations.length);
      });

      it('previews the plan without writing and without secrets', async () => {
        const before = await target.writesObserved();
        const preview = connector.previewPlan(target.samplePlan);
        expect(preview.length).toBeGreaterThan(0);
        expect(await target.writesObserved()).toBe(before);
        expectNoSecrets(serialise(preview), target.secrets);
      });
    });

    describe('errors', () => {
      it.each(retryableStatuses)('maps a %i answer to a retryable error', async (status) => {
        const plan = planOr(await target.failWritesWith(status), target.samplePlan);
        const failure = await applyFailure(connector, plan);
        expect(failure.retryable).toBe(true);
        expect(failure.code).toMatch(/\S/);
        expectNoSecrets(failure.serialised, target.secrets);
      });

      it.each(permanentStatuses)('maps a %i answer to a permanent error', async (status) => {
        const plan = planOr(await target.failWritesWith(status), target.samplePlan);
        const failure = await applyFailure(connector, plan);
        expect(failure.retryable).toBe(false);
        expect(failure.code).toMatch(/\S/);
        expectNoSecrets(failure.serialised, target.secrets);
      });
    });
  });
}
