import {
  type ApplyContext,
  type ApplyResult,
  type AtsConnector,
  type Clock,
  type ConnectorCapabilities,
  type ConnectorHost,
  FIELD_TYPES,
  type HttpCallPreview,
  type InboundRequest,
  isOutcomeDone,
  type OperationOutcome,
  type ParsedWebhook,
  type RecordRef,
  type ResolvedRecord,
  type WritePlan,
  WebhookVerificationError,
  recordKey,
  systemClock,
} from '@zenhire-connect/core';
import {
  BodyTemplate,
  BodyTemplateError,
  type DeliveryTemplateContext,
  deliveryContext,
} from './body-template';
import { type GenericConfig, genericConfigSchema } from './config';
import { csvHeader, csvLine } from './csv-line';
import { destinationOrigin } from './destination-guard';
import { FileSink, FileSinkError } from './file-sink';
import { genericError } from './generic-error';
import { inboundEventSchema, toAtsEvent } from './inbound-event';
import { SIGNATURE_HEADER, checkSignature } from './signature';
import { WebhookSender } from './webhook-sender';

/** Test seams. */
export interface GenericConnectorOptions {
  clock?: Clock;
  /** Jitter source in [0, 1) for retry backoff. */
  random?: () => number;
}

/** How long a delivered id is remembered in the host cache (30 days, ms). */
const DELIVERED_TTL_MS = 30 * 24 * 3600 * 1000;
/** How long candidate/job/stage names from inbound events are kept for `resolveRecord` (ms). */
const RECORD_TTL_MS = 180 * 24 * 3600 * 1000;

function header(request: InboundRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * One configured generic instance (DESIGN.md "Connector"): applies a whole WritePlan as ONE
 * signed webhook POST (or one line in a file), and accepts signed events from any system.
 * Operations are not interpreted: the receiver does the writes it wants with them.
 */
export class GenericConnector implements AtsConnector {
  readonly type = 'generic';
  readonly name: string;
  readonly capabilities: ConnectorCapabilities;
  readonly config: GenericConfig;
  private readonly clock: Clock;
  private readonly template: BodyTemplate;
  private readonly sender?: WebhookSender;
  private readonly sink?: FileSink;

  /** @throws ZodError when `host.config` is not a valid generic config (the host validates first). */
  constructor(
    private readonly host: ConnectorHost,
    options: GenericConnectorOptions = {},
  ) {
    this.name = host.name;
    this.config = genericConfigSchema.parse(host.config);
    this.clock = options.clock ?? systemClock;
    const { config } = this;
    this.capabilities = {
      operations: [...config.operations],
      webhooks: config.secret !== undefined,
      // Values are passed through uninterpreted: every field type core knows.
      fieldTypes: [...FIELD_TYPES],
    };
    this.template = new BodyTemplate(config.webhook?.template ?? config.file?.template);
    if (config.webhook) {
      this.sender = new WebhookSender({
        webhook: config.webhook,
        // The schema requires a secret with a webhook.
        secret: config.secret as string,
        policy: config,
        logger: host.logger,
        clock: this.clock,
        random: options.random,
      });
    }
    if (config.file) {
      this.sink = new FileSink({
        path: config.file.path,
        staleMs: config.file.staleLockSeconds * 1000,
        fsync: config.file.fsync,
      });
    }
  }

  /**
   * Checks `X-ZenHire-Connect-Signature` on the raw body with `secret`, within
   * `toleranceSeconds` of `request.receivedAt`.
   * @throws WebhookVerificationError `SIGNATURE_MISSING`, `MALFORMED`, `SIGNATURE_INVALID`,
   *   `SIGNATURE_EXPIRED`; also `SIGNATURE_MISSING` when no `secret` is configured.
   */
  async verifyWebhook(request: InboundRequest): Promise<void> {
    if (!this.config.secret) {
      throw new WebhookVerificationError(
        'SIGNATURE_MISSING',
        `connector ${this.name} has no secret: its inbound endpoint is disabled`,
      );
    }
    const problem = checkSignature(
      header(request, SIGNATURE_HEADER),
      request.rawBody,
      [this.config.secret],
      request.receivedAt,
      this.config.toleranceSeconds,
    );
    if (problem) {
      const messages = {
        SIGNATURE_MISSING: `missing ${SIGNATURE_HEADER} header`,
        MALFORMED: `${SIGNATURE_HEADER} is not "t=<seconds>,v1=<hex>"`,
        SIGNATURE_INVALID: 'signature does not match the body',
        SIGNATURE_EXPIRED: `signature timestamp is more than ${this.config.toleranceSeconds} s from now`,
      } as const;
      throw new WebhookVerificationError(problem, messages[problem]);
    }
  }

  /**
   * Parses a verified inbound body (`inboundEventSchema`) into one `AtsEvent`; answers 202.
   * A body that is not JSON or does not match the schema yields no event and a 400 naming
   * the invalid paths. Remembers candidate, job and stage names for `resolveRecord`.
   */
  async parseWebhook(request: InboundRequest): Promise<ParsedWebhook> {
    let json: unknown;
    try {
      json = JSON.parse(request.rawBody.toString('utf8'));
    } catch {
      return { events: [], reply: { status: 400, body: { error: 'body is not JSON' } } };
    }
    const parsed = inboundEventSchema.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues.map(
        (i) => `${i.path.join('.') || '(root)'}: ${i.message}`,
      );
      return { events: [], reply: { status: 400, body: { error: 'invalid event', issues } } };
    }
    const event = toAtsEvent(parsed.data, this.name);
    const seen: ResolvedRecord = {
      ref: event.record,
      candidate: { id: event.record.candidateId, ...event.candidate },
      ...(event.record.applicationId
        ? { application: { id: event.record.applicationId, status: 'active' } }
        : {}),
      ...(event.job ? { job: event.job } : {}),
      ...(event.stage ? { stage: event.stage } : {}),
    };
    await this.host.cache.set(`record:${recordKey(event.record)}`, seen, RECORD_TTL_MS);
    return { events: [event], reply: { status: 202, body: { received: event.id } } };
  }

  /**
   * The record as the last inbound event described it, or just the ids of `ref` (the generic
   * connector has no API to read from). `application.status` is `active` when known from an
   * event (the generic endpoint has no rejected/hired events), else no `application` object.
   */
  async resolveRecord(ref: RecordRef): Promise<ResolvedRecord> {
    const seen = await this.host.cache.get<ResolvedRecord>(`record:${recordKey(ref)}`);
    if (seen) return { ...seen, ref };
    return {
      ref,
      candidate: { id: ref.candidateId },
      ...(ref.jobId ? { job: { id: ref.jobId } } : {}),
      ...(ref.stageId ? { stage: { id: ref.stageId } } : {}),
    };
  }

  /**
   * Applies the whole plan as one delivery: one signed POST (webhook) or one appended line
   * (file). Outcomes: every operation `applied` with `atsIds.deliveryId`; `already_applied`
   * when the instance's cache remembers the delivery id; nothing is sent when
   * `previousOutcomes` already cover every operation. An operation kind outside
   * `operations` fails the plan before anything is sent (`GENERIC_UNSUPPORTED_OPERATION`,
   * permanent, reported as `failed` outcomes).
   *
   * @throws ConnectorError `GENERIC_*` codes (see `generic-error.ts`), with `retryable`.
   */
  async applyPlan(plan: WritePlan, context: ApplyContext): Promise<ApplyResult> {
    const unsupported = plan.operations
      .map((op, index) => ({ op, index }))
      .filter(({ op }) => !this.capabilities.operations.includes(op.kind));
    if (unsupported.length > 0) {
      return {
        calls: 0,
        outcomes: unsupported.map(({ op, index }) => ({
          index,
          kind: op.kind,
          status: 'failed',
          error: {
            code: 'GENERIC_UNSUPPORTED_OPERATION',
            message: `connector ${this.name} does not accept ${op.kind} (configure \`operations\`)`,
            retryable: false,
          },
        })),
      };
    }
    const previous = new Map(
      context.previousOutcomes.filter((o) => isOutcomeDone(o)).map((o) => [o.index, o]),
    );
    if (plan.operations.every((_, index) => previous.has(index))) {
      return { calls: 0, outcomes: plan.operations.map((_, index) => previous.get(index)!) };
    }

    const ctx = deliveryContext(plan);
    const deliveryId = ctx.delivery_id;
    const cacheKey = `delivered:${deliveryId}`;
    let calls = 0;
    let status: OperationOutcome['status'] = 'applied';
    if (await this.host.cache.get<{ at: number }>(cacheKey)) {
      status = 'already_applied';
    } else {
      calls = await this.deliver(ctx, context.signal);
      await this.host.cache.set(cacheKey, { at: this.clock.now() }, DELIVERED_TTL_MS);
    }
    const outcomes: OperationOutcome[] = [];
    for (const [index, op] of plan.operations.entries()) {
      const done = previous.get(index);
      if (done) {
        outcomes.push(done);
        continue;
      }
      const outcome: OperationOutcome = { index, kind: op.kind, status, atsIds: { deliveryId } };
      outcomes.push(outcome);
      await context.onOutcome?.(outcome);
    }
    return { calls, outcomes };
  }

  /** Sends one delivery; returns the number of HTTP attempts (1 for a file append). */
  private async deliver(ctx: DeliveryTemplateContext, signal?: AbortSignal): Promise<number> {
    const logger = this.host.logger;
    const body = this.render(ctx);
    if (this.sender) {
      const result = await this.sender.send(body, ctx.delivery_id, signal).catch((error) => {
        logger.warn(
          { deliveryId: ctx.delivery_id, destination: this.sender?.origin, code: error.code },
          'generic webhook delivery failed',
        );
        throw error;
      });
      logger.info(
        {
          deliveryId: ctx.delivery_id,
          destination: this.sender.origin,
          status: result.status,
          attempts: result.attempts,
        },
        'generic webhook delivered',
      );
      return result.attempts;
    }
    const sink = this.sink as FileSink;
    const csv = this.config.file?.format === 'csv';
    try {
      if (csv) await sink.append(csvLine(ctx), csvHeader());
      else await sink.append(body);
    } catch (error) {
      const message = error instanceof FileSinkError ? error.message : 'append failed';
      logger.warn({ deliveryId: ctx.delivery_id, file: sink.path }, message);
      throw genericError('GENERIC_FILE_APPEND_FAILED', message, true);
    }
    logger.info({ deliveryId: ctx.delivery_id, file: sink.path }, 'generic file delivery appended');
    return 1;
  }

  private render(ctx: DeliveryTemplateContext): string {
    try {
      return this.template.render(ctx);
    } catch (error) {
      throw genericError(
        'GENERIC_TEMPLATE_FAILED',
        error instanceof BodyTemplateError ? error.message : 'body template failed',
        false,
      );
    }
  }

  /**
   * The one call `applyPlan` would make. The URL is shown as its origin followed by `/…`
   * (paths and queries of webhook URLs often hold tokens); the file sink shows
   * `APPEND file://<path>`. Unsupported operations yield no call.
   */
  previewPlan(plan: WritePlan): HttpCallPreview[] {
    if (plan.operations.some((op) => !this.capabilities.operations.includes(op.kind))) return [];
    if (plan.operations.length === 0) return [];
    const ctx = deliveryContext(plan);
    const note = `delivery ${ctx.delivery_id}: ${plan.operations.length} operation(s) in one call`;
    if (this.config.file?.format === 'csv') {
      return [
        { method: 'APPEND', url: `file://${this.config.file.path}`, body: csvLine(ctx), note },
      ];
    }
    const body: unknown = JSON.parse(this.render(ctx));
    if (this.config.file) {
      return [{ method: 'APPEND', url: `file://${this.config.file.path}`, body, note }];
    }
    return [
      { method: 'POST', url: `${destinationOrigin(this.config.webhook!.url)}/…`, body, note },
    ];
  }

  async close(): Promise<void> {
    this.sender?.close();
  }
}
