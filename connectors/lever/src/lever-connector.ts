import {
  type ApplyContext,
  type ApplyResult,
  type AtsConnector,
  type ConnectorCache,
  type ConnectorCapabilities,
  ConnectorError,
  type ConnectorHost,
  type HttpCallPreview,
  type InboundRequest,
  type ParsedWebhook,
  type RecordRef,
  type ResolvedRecord,
  type WritePlan,
} from '@zenhire-connect/core';
import { type LeverConfig, type LeverSettings, leverConfigSchema, signatureTokens } from './config';
import { type CallMeter, LeverClient } from './lever-client';
import { leverError } from './lever-error';
import { LeverMetadata } from './lever-metadata';
import { type OpportunityState, opportunitySchema, readOpportunity } from './lever-records';
import { routes } from './lever-routes';
import type { PlanDependencies } from './plan-context';
import { PlanExecutor } from './plan-executor';
import { previewPlan } from './plan-preview';
import { parseLeverWebhook } from './webhook-events';
import { readWebhookBody, replayKey, verifyLeverWebhook } from './webhook-signature';

/** Test seams: backoff sleep, jitter source and the clock of the metadata caches. */
export interface LeverConnectorOptions {
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

/**
 * What a Lever instance declares to the planner: notes, tags, stage moves and rejections
 * always; `SetFields` (as a feedback form, every field type) only with `feedbackTemplate`,
 * since opportunities have no writable custom fields (lever-api.md §3.3).
 */
export function leverCapabilities(
  config: Pick<LeverConfig, 'feedbackTemplate'>,
): ConnectorCapabilities {
  const withFields = config.feedbackTemplate !== undefined;
  return {
    operations: [
      ...(withFields ? (['SetFields'] as const) : []),
      'AddNote',
      'AddTags',
      'RemoveTags',
      'MoveStage',
      'Reject',
    ],
    webhooks: true,
    fieldTypes: withFields ? ['number', 'text', 'single_select', 'date', 'yes_no'] : [],
  };
}

/**
 * One configured Lever instance (lever-api.md): API key or OAuth, signed webhooks with replay
 * protection in, WritePlans applied with the fewest calls (§5) under a client-side token
 * bucket, and metadata caches (stages, archive reasons, users, feedback templates).
 */
export class LeverConnector implements AtsConnector {
  readonly type = 'lever';
  readonly name: string;
  readonly capabilities: ConnectorCapabilities;
  /** The validated config without its secrets. */
  readonly config: LeverSettings;
  /** Webhook signature tokens, in an ES private field (never in JSON or `util.inspect`). */
  readonly #signatureTokens: string[];
  readonly client: LeverClient;
  readonly metadata: LeverMetadata;
  private readonly deps: PlanDependencies;
  /** The host's cache (the host itself is not kept: its `config` holds the secrets). */
  private readonly cache: ConnectorCache;

  constructor(host: ConnectorHost, options: LeverConnectorOptions = {}) {
    this.name = host.name;
    this.cache = host.cache;
    const {
      apiKey,
      accessToken,
      webhookSignatureToken: _tokens,
      ...config
    } = leverConfigSchema.parse(host.config);
    this.#signatureTokens = signatureTokens({ webhookSignatureToken: _tokens });
    this.config = config;
    this.capabilities = leverCapabilities(config);
    this.client = new LeverClient({
      baseUrl: config.baseUrl,
      credentials: apiKey !== undefined ? { apiKey } : { accessToken: accessToken! },
      rateLimit: config.rateLimit,
      timeoutMs: config.requestTimeoutSeconds * 1000,
      logger: host.logger,
      sleep: options.sleep,
      random: options.random,
    });
    this.metadata = new LeverMetadata(
      this.client,
      host.cache,
      config.cacheTtl.metadataSeconds * 1000,
      options.now,
    );
    this.deps = {
      client: this.client,
      metadata: this.metadata,
      config,
      logger: host.logger,
      cache: host.cache,
    };
  }

  /** See `verifyLeverWebhook`: signature over `token + triggeredAt`, freshness window, token replay. */
  async verifyWebhook(request: InboundRequest): Promise<void> {
    await verifyLeverWebhook(request, {
      signatureTokens: this.#signatureTokens,
      replayWindowSeconds: this.config.replayWindowSeconds,
      cache: this.cache,
    });
  }

  /**
   * See `parseLeverWebhook` (re-reads the opportunity: 1 call, plus the stage / archive
   * reason lists when their caches are cold). When parsing fails (Lever unreachable), the
   * delivery token is forgotten so Lever's retry of the same delivery is accepted.
   */
  async parseWebhook(request: InboundRequest): Promise<ParsedWebhook> {
    const body = readWebhookBody(request.rawBody);
    const meter: CallMeter = { calls: 0 };
    try {
      return await parseLeverWebhook(body, {
        connector: this.name,
        readOpportunity: (id) => this.readOpportunity(id, meter),
        stages: () => this.metadata.get('stages', meter),
        archiveReasons: () => this.metadata.get('archiveReasons', meter),
      });
    } catch (error) {
      await this.cache.delete(replayKey(body.token));
      throw error;
    }
  }

  /**
   * Reads the opportunity (`ref.applicationId`, else `ref.candidateId` taken as an
   * opportunity id; when that is unknown, the contact's opportunities are listed and the
   * newest active one is used). 1 call (2 in the fallback), plus the stages list when cold.
   */
  async resolveRecord(ref: RecordRef): Promise<ResolvedRecord> {
    const meter: CallMeter = { calls: 0 };
    let opp = await this.readOpportunity(ref.applicationId ?? ref.candidateId, meter);
    if (!opp && !ref.applicationId) {
      const { body } = await this.client.request<unknown>(
        {
          method: 'GET',
          path: routes.opportunities(),
          query: { contact_id: ref.candidateId, expand: ['applications'] },
        },
        meter,
      );
      const list = ((body as { data?: unknown[] } | undefined)?.data ?? []).flatMap((item) =>
        opportunitySchema.safeParse(item).success ? [readOpportunity(item)] : [],
      );
      opp = list.filter((o) => o.archivedReason === null).at(-1) ?? list.at(-1);
    }
    if (!opp)
      throw leverError(
        'LEVER_NOT_FOUND',
        `no Lever opportunity for ${ref.applicationId ?? ref.candidateId}`,
        false,
      );
    const stage = opp.stageId
      ? (await this.metadata.get('stages', meter)).find((s) => s.id === opp.stageId)
      : undefined;
    const status =
      opp.archivedReason === null ? 'active' : await this.archiveStatus(opp.archivedReason, meter);
    return {
      ref: {
        ...ref,
        candidateId: opp.contactId ?? ref.candidateId,
        applicationId: opp.id,
        ...(opp.postingId ? { jobId: opp.postingId } : {}),
        ...(opp.stageId ? { stageId: opp.stageId } : {}),
      },
      candidate: {
        id: opp.contactId ?? opp.id,
        ...(opp.name ? { name: opp.name } : {}),
        ...(opp.email ? { email: opp.email } : {}),
      },
      application: { id: opp.id, status },
      ...(opp.postingId ? { job: { id: opp.postingId } } : {}),
      ...(opp.stageId
        ? { stage: { id: opp.stageId, ...(stage ? { name: stage.text } : {}) } }
        : {}),
    };
  }

  async applyPlan(plan: WritePlan, context: ApplyContext): Promise<ApplyResult> {
    return new PlanExecutor(this.deps, plan, context).run();
  }

  previewPlan(plan: WritePlan): HttpCallPreview[] {
    return previewPlan(this.deps, plan);
  }

  /**
   * Re-reads the metadata caches (stages, archive reasons, users, and feedback templates
   * when `feedbackTemplate` is set). Returns the number of calls made.
   */
  refresh(): Promise<number> {
    return this.metadata.refreshAll(this.config.feedbackTemplate !== undefined);
  }

  /** A safe summary for logs and serialisation: no config values (they hold secrets). */
  toJSON(): { name: string; type: string; capabilities: ConnectorCapabilities } {
    return { name: this.name, type: this.type, capabilities: this.capabilities };
  }

  /** `GET /opportunities/{id}?expand=applications`; undefined when Lever answers 404. */
  private async readOpportunity(
    id: string,
    meter: CallMeter,
  ): Promise<OpportunityState | undefined> {
    try {
      const { data } = await this.client.request<unknown>(
        { method: 'GET', path: routes.opportunity(id), query: { expand: ['applications'] } },
        meter,
      );
      return readOpportunity(data);
    } catch (error) {
      if (error instanceof ConnectorError && error.code === 'LEVER_NOT_FOUND') return undefined;
      throw error;
    }
  }

  private async archiveStatus(reasonId: string, meter: CallMeter): Promise<string> {
    const reason = (await this.metadata.get('archiveReasons', meter)).find(
      (r) => r.id === reasonId,
    );
    return reason?.type === 'hired' ? 'hired' : reason ? 'rejected' : 'archived';
  }
}
