import { randomUUID } from 'node:crypto';
import {
  CVDM_TERMINAL_STATUSES,
  CvDeepMatchConfigSchema,
  CvDeepMatchListPageSchema,
  CvDeepMatchRequestSchema,
  CvDeepMatchSubmitResponseSchema,
  type CvDeepMatchConfig,
  type CvDeepMatchListPage,
  type CvDeepMatchRequest,
  type CvDeepMatchRequestSummary,
  type CvDeepMatchSubmitResponse,
} from '../schemas/cvdeepmatch';
import { validateCorrelation } from '../correlation';
import { ZenHireLimitError } from '../errors';
import { FormData, appendField, appendFile, appendTags, normaliseTags } from '../multipart';
import { listPages, type ListOptions } from '../pagination';
import type { PollObservation, WaitOptions } from '../polling';
import { prepareUpload, type FileInput } from '../uploads';
import { segment, submitVia, waitVia, type ModuleContext } from './context';

/** CV DeepMatch endpoints (zenhire-api.md §7.1). */
export const CVDM_PATHS = {
  submit: '/api/v1/cvdeepmatch/submit',
  poll: '/api/v1/cvdeepmatch/{id}',
  list: '/api/v1/cvdeepmatch/requests',
} as const;

/** Field limits of a CV DeepMatch submit (§7.1). */
export const CVDM_LIMITS = {
  cvMaxBytes: 5 * 1024 * 1024,
  positionIdPattern: /^[A-Za-z0-9._-]{1,28}$/,
  idempotencyKeyPattern: /^[A-Za-z0-9._-]{1,128}$/,
} as const;

/** Input of {@link CvDeepMatchApi.submit}. */
export interface CvDeepMatchSubmitInput {
  /** The CV: PDF only, ≤ 5 MB, must start with `%PDF-`; the file name must end in `.pdf`. */
  cv: FileInput;
  /** Your job id, `^[A-Za-z0-9._-]{1,28}$`. */
  positionId: string;
  /** Free text, or an object (sent as a JSON string, which ZenHire reads as an object). */
  jobDescription: string | Record<string, unknown>;
  /** Requirements config; importances are integers 1–5 (checked before sending). */
  config: CvDeepMatchConfig;
  /** `https://` only, not private/loopback (§7.1). Omit for poll-only use. */
  webhookUrl?: string;
  /**
   * `^[A-Za-z0-9._-]{1,128}$`; replays within 24 h return the original `id`. Generated
   * (random UUID) when omitted, so a resend after an ambiguous failure is never a second match.
   */
  idempotencyKey?: string;
  metadata?: Record<string, string | number | boolean>;
  /** Encoding per `MULTIPART_TAGS_ENCODING` ([not found]; the schema page was cut off). */
  tags?: string[];
  signal?: AbortSignal;
}

/** CV DeepMatch module: submit a CV against a job, poll, list. */
export class CvDeepMatchApi {
  constructor(private readonly ctx: ModuleContext) {}

  /**
   * `POST /api/v1/cvdeepmatch/submit` (multipart; 202 new, 200 idempotent replay).
   * Always sends an `idempotency_key`, so ambiguous failures (timeout, reset, 500) are
   * resent with the same key (up to the retry cap); 429/502/503 after `Retry-After`.
   * @throws ZenHireLimitError for file, id, config, webhook URL or correlation limits
   * @throws ZenHireCreditsError (`details{required, balance}`)
   */
  async submit(input: CvDeepMatchSubmitInput): Promise<CvDeepMatchSubmitResponse> {
    if (!CVDM_LIMITS.positionIdPattern.test(input.positionId)) {
      throw new ZenHireLimitError('position_id', '^[A-Za-z0-9._-]{1,28}$', input.positionId);
    }
    const idempotencyKey = input.idempotencyKey ?? randomUUID();
    if (!CVDM_LIMITS.idempotencyKeyPattern.test(idempotencyKey)) {
      throw new ZenHireLimitError('idempotency_key', '^[A-Za-z0-9._-]{1,128}$', idempotencyKey);
    }
    checkWebhookUrl(input.webhookUrl);
    validateCorrelation({ metadata: input.metadata, tags: input.tags });
    const config = CvDeepMatchConfigSchema.safeParse(input.config);
    if (!config.success) {
      const issue = config.error.issues[0];
      throw new ZenHireLimitError(
        `config.${issue?.path.map(String).join('.') ?? ''}`,
        issue?.message ?? 'invalid config',
      );
    }
    const upload = await prepareUpload(input.cv, {
      field: 'cv_file',
      maxBytes: CVDM_LIMITS.cvMaxBytes,
      defaultFilename: 'cv.pdf',
      magic: Buffer.from('%PDF-'),
    });
    if (!upload.filename.toLowerCase().endsWith('.pdf')) {
      throw new ZenHireLimitError('cv_file', 'a file name ending in .pdf', upload.filename);
    }
    const tags = normaliseTags(input.tags);
    const { transport } = this.ctx;
    return submitVia(this.ctx, {
      endpoint: { method: 'POST', path: CVDM_PATHS.submit },
      send: async () => {
        const form = new FormData();
        appendFile(form, 'cv_file', { ...upload, contentType: 'application/pdf' });
        appendField(form, 'position_id', input.positionId);
        appendField(form, 'job_description', input.jobDescription);
        appendField(form, 'config', input.config);
        appendField(form, 'webhook_url', input.webhookUrl);
        appendField(form, 'idempotency_key', idempotencyKey);
        appendField(form, 'metadata', input.metadata);
        appendTags(form, tags);
        return (
          await transport.request({
            module: 'cvdeepmatch',
            method: 'POST',
            endpoint: CVDM_PATHS.submit,
            body: form,
            headers: form.getHeaders(),
            schema: CvDeepMatchSubmitResponseSchema,
            signal: input.signal,
          })
        ).data;
      },
      idempotent: true,
      signal: input.signal,
    });
  }

  /**
   * `GET /api/v1/cvdeepmatch/{id}` (`CvDeepMatchRequest`): `cv2jd_result.overall_score` is 0–1.
   * @throws ZenHireNotFoundError (`REQUEST_NOT_FOUND`)
   */
  async get(id: string, options: { signal?: AbortSignal } = {}): Promise<CvDeepMatchRequest> {
    return (await this.poll(id, options.signal)).run;
  }

  /** One poll with the `Retry-After` hint (seconds, null when absent). */
  async poll(id: string, signal?: AbortSignal): Promise<PollObservation<CvDeepMatchRequest>> {
    const result = await this.ctx.transport.request({
      module: 'cvdeepmatch',
      method: 'GET',
      endpoint: CVDM_PATHS.poll,
      path: `/api/v1/cvdeepmatch/${segment(id)}`,
      schema: CvDeepMatchRequestSchema,
      signal,
    });
    return {
      run: result.data,
      status: result.data.status,
      retryAfterSeconds: result.retryAfterSeconds,
    };
  }

  /**
   * Polls until `finished` or `failed` at the cadence of §4 (≥ 10 s per id).
   * @throws ZenHirePollTimeoutError after `budgetMs` (default 20 min); the id stays valid
   * @throws ZenHireAbortedError when `signal` fires
   */
  async waitForTerminal(
    run: string | { id: string; status?: string },
    options: WaitOptions<CvDeepMatchRequest> = {},
  ): Promise<CvDeepMatchRequest> {
    const id = typeof run === 'string' ? run : run.id;
    return waitVia<CvDeepMatchRequest>(
      this.ctx,
      {
        id,
        fetch: (signal) => this.poll(id, signal),
        isTerminal: (status) => (CVDM_TERMINAL_STATUSES as readonly string[]).includes(status),
        // A submit response (always `processing`) waits before its first poll; a terminal
        // poll state (it carries `position_id`) is returned as it is.
        initial:
          typeof run === 'string'
            ? undefined
            : {
                run: run as CvDeepMatchRequest,
                status: 'position_id' in run ? (run.status ?? 'processing') : 'processing',
              },
      },
      options,
    );
  }

  /**
   * `GET /api/v1/cvdeepmatch/requests`, newest first, as pages (parameters [not found];
   * `query` passes through, paging per `LIST_PAGING`).
   */
  async *listPages(
    options: ListOptions = {},
  ): AsyncGenerator<CvDeepMatchListPage, void, undefined> {
    yield* listPages(this.ctx.transport, {
      module: 'cvdeepmatch',
      endpoint: CVDM_PATHS.list,
      schema: CvDeepMatchListPageSchema,
      query: options.query,
      limit: options.limit,
      maxPages: options.maxPages,
      idOf: (row) => row.id,
      createdAtOf: (row) => row.created_at,
      signal: options.signal,
    });
  }

  /** Rows of {@link listPages}. */
  async *list(
    options: ListOptions = {},
  ): AsyncGenerator<CvDeepMatchRequestSummary, void, undefined> {
    for await (const page of this.listPages(options)) yield* page.items;
  }
}

/**
 * `webhook_url` must be `https://` (`INSECURE_WEBHOOK_URL`, §3.1). Private addresses are
 * checked by ZenHire (`PRIVATE_WEBHOOK_URL`); this only rejects literal loopback hosts.
 */
export function checkWebhookUrl(url: string | undefined): void {
  if (url === undefined) return;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ZenHireLimitError('webhook_url', 'an absolute https:// URL', 'not a URL');
  }
  if (parsed.protocol !== 'https:')
    throw new ZenHireLimitError('webhook_url', 'an https:// URL', parsed.protocol);
  if (['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname)) {
    throw new ZenHireLimitError('webhook_url', 'a public host', parsed.hostname);
  }
}
