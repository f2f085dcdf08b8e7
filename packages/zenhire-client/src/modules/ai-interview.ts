import {
  AI_INTERVIEW_TERMINAL_STATUSES,
  AiInterviewCreateResponseSchema,
  AiInterviewResultSchema,
  SoftSkillsScoreResultSchema,
  type AiInterviewCreateResponse,
  type AiInterviewResult,
  type SoftSkillsScoreResult,
} from '../schemas/ai-interview';
import { validateCorrelation } from '../correlation';
import { FormData, appendField, appendFile, appendTags, normaliseTags } from '../multipart';
import type { WaitOptions } from '../polling';
import { prepareUpload, type FileInput } from '../uploads';
import { SPEECH_MAX_AUDIO_BYTES } from './speech';
import { segment, submitVia, waitVia, type ModuleContext } from './context';

/**
 * Paths of the product-page endpoints (zenhire-api.md §12): `/v1/interviews` and
 * `/v1/soft-skills-score` are named only on marketing pages, not in the platform docs.
 * Override them with the client option `paths`.
 */
export interface ProductPagePaths {
  aiInterviews: string;
  softSkillsScore: string;
}

export const DEFAULT_PRODUCT_PAGE_PATHS: ProductPagePaths = {
  aiInterviews: '/v1/interviews',
  softSkillsScore: '/v1/soft-skills-score',
};

/**
 * Body of `POST /v1/interviews`. DOCUMENTED ONLY BY THE PRODUCT PAGE (§12, seed 002):
 * "POST your question set and channel (browser or phone)". Field names other than those of
 * the example response are [not found]; extra fields pass through as given.
 */
export interface AiInterviewCreateInput {
  /** `phone` or `browser`/`web`. */
  channel?: string;
  /** Your question set. */
  questions?: unknown[];
  /** The page promises "an externalId plus up to 50 metadata keys and 20 tags per run". */
  externalId?: string;
  metadata?: Record<string, string | number | boolean>;
  tags?: string[];
  [field: string]: unknown;
}

/**
 * AI interview API (`/v1/interviews`). DOCUMENTED ONLY BY PRODUCT PAGES (§12): shapes are
 * taken from the page's example JSON and may differ from the real service.
 */
export class AiInterviewApi {
  constructor(
    private readonly ctx: ModuleContext,
    private readonly path: string,
  ) {}

  /**
   * `POST /v1/interviews` → interview id and join link. Not resent after an ambiguous
   * failure (no documented lookup): `ZenHireSubmitOutcomeUnknownError`.
   * @throws ZenHireLimitError for correlation limits
   */
  async create(
    input: AiInterviewCreateInput,
    options: { signal?: AbortSignal } = {},
  ): Promise<AiInterviewCreateResponse> {
    validateCorrelation({
      externalId: input.externalId,
      metadata: input.metadata,
      tags: input.tags,
    });
    const { transport } = this.ctx;
    return submitVia(this.ctx, {
      endpoint: { method: 'POST', path: this.path },
      send: async () =>
        (
          await transport.request({
            module: 'ai_interview',
            method: 'POST',
            endpoint: this.path,
            body: input,
            schema: AiInterviewCreateResponseSchema,
            signal: options.signal,
          })
        ).data,
      noLookupReason: 'the product page documents no lookup for /v1/interviews',
      signal: options.signal,
    });
  }

  /** `GET /v1/interviews/{id}` ([inferred] from "Poll or receive a webhook"): the scored result. */
  async get(
    interviewId: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<AiInterviewResult> {
    const result = await this.ctx.transport.request({
      module: 'ai_interview',
      method: 'GET',
      endpoint: `${this.path}/{id}`,
      path: `${this.path}/${segment(interviewId)}`,
      schema: AiInterviewResultSchema,
      signal: options.signal,
    });
    return result.data;
  }

  /**
   * Polls until `completed`, `partial`, `low_confidence` or `failed` (cadence of §4).
   * @throws ZenHirePollTimeoutError after `budgetMs` (default 20 min); the id stays valid
   * @throws ZenHireAbortedError when `signal` fires
   */
  async waitForTerminal(
    interviewId: string,
    options: WaitOptions<AiInterviewResult> = {},
  ): Promise<AiInterviewResult> {
    return waitVia<AiInterviewResult>(
      this.ctx,
      {
        id: interviewId,
        fetch: async (signal) => {
          const run = await this.get(interviewId, { signal });
          return { run, status: run.status };
        },
        isTerminal: (status) => AI_INTERVIEW_TERMINAL_STATUSES.includes(status),
      },
      options,
    );
  }
}

/**
 * Input of `POST /v1/soft-skills-score`. DOCUMENTED ONLY BY THE PRODUCT PAGE (§12, seed 004):
 * "Pass a role benchmark such as customer_support or sales … Upload the candidate's recorded
 * response". Sent as multipart: `audio` (file), `role_benchmark`, optional `language`,
 * `externalId`, `metadata` (JSON string), `tags` (per `MULTIPART_TAGS_ENCODING`); field
 * names other than `role_benchmark` are [not found].
 */
export interface SoftSkillsScoreInput {
  audio: FileInput;
  /** e.g. `customer_support`, `sales`. */
  roleBenchmark: string;
  language?: string;
  externalId?: string;
  metadata?: Record<string, string | number | boolean>;
  tags?: string[];
  extraFields?: Record<string, string>;
  signal?: AbortSignal;
}

/** Soft-skills scoring (`/v1/soft-skills-score`). DOCUMENTED ONLY BY PRODUCT PAGES (§12). */
export class SoftSkillsApi {
  constructor(
    private readonly ctx: ModuleContext,
    private readonly path: string,
  ) {}

  /**
   * Scores one recorded answer; the page says it "returns in milliseconds", so the result is
   * the response itself (0–100 dimensions, `benchmark_percentile`, `fraud_signals`).
   * Not resent after an ambiguous failure (`ZenHireSubmitOutcomeUnknownError`).
   * @throws ZenHireLimitError for correlation limits or audio over 25 MB (`SPEECH_MAX_AUDIO_BYTES`)
   */
  async score(input: SoftSkillsScoreInput): Promise<SoftSkillsScoreResult> {
    validateCorrelation({
      externalId: input.externalId,
      metadata: input.metadata,
      tags: input.tags,
    });
    const upload = await prepareUpload(input.audio, {
      field: 'audio',
      maxBytes: SPEECH_MAX_AUDIO_BYTES,
      defaultFilename: 'answer.wav',
    });
    const tags = normaliseTags(input.tags);
    const { transport } = this.ctx;
    return submitVia(this.ctx, {
      endpoint: { method: 'POST', path: this.path },
      send: async () => {
        const form = new FormData();
        appendFile(form, 'audio', upload);
        appendField(form, 'role_benchmark', input.roleBenchmark);
        appendField(form, 'language', input.language);
        appendField(form, 'externalId', input.externalId);
        appendField(form, 'metadata', input.metadata);
        appendTags(form, tags);
        for (const [key, value] of Object.entries(input.extraFields ?? {}))
          appendField(form, key, value);
        return (
          await transport.request({
            module: 'soft_skills',
            method: 'POST',
            endpoint: this.path,
            body: form,
            headers: form.getHeaders(),
            schema: SoftSkillsScoreResultSchema,
            signal: input.signal,
          })
        ).data;
      },
      noLookupReason: 'the product page documents no lookup for /v1/soft-skills-score',
      signal: input.signal,
    });
  }

  /** `GET /v1/soft-skills-score/{id}` ([inferred]; for async scoring). */
  async get(id: string, options: { signal?: AbortSignal } = {}): Promise<SoftSkillsScoreResult> {
    const result = await this.ctx.transport.request({
      module: 'soft_skills',
      method: 'GET',
      endpoint: `${this.path}/{id}`,
      path: `${this.path}/${segment(id)}`,
      schema: SoftSkillsScoreResultSchema,
      signal: options.signal,
    });
    return result.data;
  }
}
