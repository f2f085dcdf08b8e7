import {
  type ApplyContext,
  type ApplyResult,
  type AtsConnector,
  type Clock,
  type ConnectorCapabilities,
  type ConnectorHost,
  type HttpCallPreview,
  type InboundRequest,
  type ParsedWebhook,
  type RecordRef,
  type ResolvedRecord,
  type WritePlan,
  systemClock,
} from '@zenhire-connect/core';
import { AssessmentPartnerApi, type AssessmentPartnerPorts } from './assessment-partner';
import { type GreenhouseConfig, greenhouseConfigSchema } from './config';
import { GreenhouseMetadata } from './greenhouse-metadata';
import { type CallMeter, HarvestClient } from './harvest-client';
import { greenhouseError } from './harvest-error';
import { readApplication, readCandidate } from './harvest-records';
import { routes } from './harvest-routes';
import { OAuthTokenSource } from './oauth-token';
import { PartnerInterviewLedger } from './partner-interviews';
import type { PlanDependencies } from './plan-context';
import { PlanExecutor } from './plan-executor';
import { previewPlan } from './plan-preview';
import { parseGreenhouseWebhook } from './webhook-events';
import { verifyGreenhouseSignature } from './webhook-signature';

/** Test seams: clock, sleep (backoff waits) and a token-request observer. */
export interface GreenhouseConnectorOptions {
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
  onTokenRequest?: () => void;
}

/** What the connector declares to the planner (DESIGN.md "Connector"). */
export const GREENHOUSE_CAPABILITIES: ConnectorCapabilities = {
  operations: [
    'SetFields',
    'AddNote',
    'AddTags',
    'RemoveTags',
    'MoveStage',
    'Reject',
    'CompleteAssessment',
  ],
  webhooks: true,
  fieldTypes: ['number', 'text', 'single_select', 'date', 'yes_no'],
};

/**
 * One configured Greenhouse instance: Harvest v3 over OAuth client credentials, signed
 * webhooks in, WritePlans applied with the fewest calls (greenhouse-api.md §5), and the
 * Assessment Partner endpoints (`assessmentPartner(ports)`).
 */
export class GreenhouseConnector implements AtsConnector {
  readonly type = 'greenhouse';
  readonly name: string;
  readonly capabilities = GREENHOUSE_CAPABILITIES;
  readonly config: GreenhouseConfig;
  readonly client: HarvestClient;
  readonly metadata: GreenhouseMetadata;
  private readonly tokens: OAuthTokenSource;
  private readonly partners: PartnerInterviewLedger;
  private readonly deps: PlanDependencies;

  constructor(
    private readonly host: ConnectorHost,
    options: GreenhouseConnectorOptions = {},
  ) {
    this.name = host.name;
    this.config = greenhouseConfigSchema.parse(host.config);
    const clock = options.clock ?? systemClock;
    const { config } = this;
    this.tokens = new OAuthTokenSource({
      tokenUrl: config.tokenUrl,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      userId: config.userId,
      refreshMarginSeconds: config.tokenRefreshMarginSeconds,
      timeoutMs: config.requestTimeoutSeconds * 1000,
      clock,
      onTokenRequest: options.onTokenRequest,
    });
    this.client = new HarvestClient({
      baseUrl: config.baseUrl,
      tokens: this.tokens,
      rateLimit: config.rateLimit,
      timeoutMs: config.requestTimeoutSeconds * 1000,
      logger: host.logger,
      clock,
      sleep: options.sleep,
    });
    this.metadata = new GreenhouseMetadata(
      this.client,
      host.cache,
      config.cacheTtl.metadataSeconds * 1000,
      clock,
    );
    this.partners = new PartnerInterviewLedger(host.cache, config.cacheTtl.partnerSeconds * 1000);
    this.deps = {
      client: this.client,
      metadata: this.metadata,
      cache: host.cache,
      partners: this.partners,
      config,
      logger: host.logger,
    };
  }

  async verifyWebhook(request: InboundRequest): Promise<void> {
    verifyGreenhouseSignature(request, this.config.webhookSecret);
  }

  parseWebhook(request: InboundRequest): Promise<ParsedWebhook> {
    return parseGreenhouseWebhook(request, {
      connector: this.name,
      cache: this.host.cache,
      lastSeenTtlMs: this.config.cacheTtl.lastSeenSeconds * 1000,
    });
  }

  /**
   * Reads the application (when `ref.applicationId` is set) and the candidate: 2 calls,
   * plus one for the job name when the application does not carry it.
   */
  async resolveRecord(ref: RecordRef): Promise<ResolvedRecord> {
    const meter: CallMeter = { calls: 0 };
    let application;
    if (ref.applicationId) {
      application = readApplication(
        await this.client.getById<unknown>(routes.applications, ref.applicationId, meter),
      );
    }
    const candidateId = application?.candidateId || ref.candidateId;
    if (!candidateId)
      throw greenhouseError('GREENHOUSE_RECORD_INCOMPLETE', 'record has no candidate id', false);
    const candidate = readCandidate(
      await this.client.getById<unknown>(routes.candidates, candidateId, meter),
    );
    const jobId = application?.jobId ?? ref.jobId;
    let jobName = application?.jobName;
    if (jobId && !jobName) {
      const job = await this.client.getById<{ name?: string }>(routes.jobs, jobId, meter);
      jobName = job.name;
    }
    const stageId = application?.stageId ?? ref.stageId;
    const stageName =
      application?.stageName ??
      (jobId && stageId
        ? this.metadata.peek.jobStages(jobId)?.find((s) => s.id === stageId)?.name
        : undefined);
    return {
      ref: {
        ...ref,
        candidateId,
        ...(jobId ? { jobId } : {}),
        ...(stageId ? { stageId } : {}),
      },
      candidate: {
        id: candidateId,
        ...(candidate.name ? { name: candidate.name } : {}),
        ...(candidate.email ? { email: candidate.email } : {}),
      },
      ...(application ? { application: { id: application.id, status: application.status } } : {}),
      ...(jobId ? { job: { id: jobId, ...(jobName ? { name: jobName } : {}) } } : {}),
      ...(stageId ? { stage: { id: stageId, ...(stageName ? { name: stageName } : {}) } } : {}),
    };
  }

  applyPlan(plan: WritePlan, context: ApplyContext): Promise<ApplyResult> {
    return new PlanExecutor(this.deps, plan, context).run();
  }

  previewPlan(plan: WritePlan): HttpCallPreview[] {
    return previewPlan(this.deps, plan);
  }

  /**
   * Reloads the metadata caches (custom fields and options, rejection reasons, tags, users,
   * and the stages of `jobIds` plus every job already cached). Returns the calls made.
   */
  refresh(jobIds: string[] = []): Promise<number> {
    return this.metadata.refresh(jobIds);
  }

  /**
   * The Assessment Partner endpoints of this instance (greenhouse-api.md §4), for the
   * server to mount. Throws `GREENHOUSE_PARTNER_NOT_CONFIGURED` without `assessmentPartner`.
   */
  assessmentPartner(ports: AssessmentPartnerPorts): AssessmentPartnerApi {
    if (!this.config.assessmentPartner) {
      throw greenhouseError(
        'GREENHOUSE_PARTNER_NOT_CONFIGURED',
        `connector ${this.name} has no assessmentPartner config`,
        false,
      );
    }
    return new AssessmentPartnerApi(
      this.config.assessmentPartner,
      this.partners,
      this.host.logger,
      ports,
    );
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
