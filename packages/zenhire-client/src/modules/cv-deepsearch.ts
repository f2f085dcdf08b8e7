import { randomUUID } from 'node:crypto';
import {
  CVDS_TERMINAL_STATUSES,
  CvdsCandidateListPageSchema,
  CvdsCandidateStatusDetailSchema,
  CvdsIngestResponseSchema,
  CvdsRunSchema,
  CvdsSearchResponseSchema,
  type CvdsCandidateListPage,
  type CvdsCandidateStatusDetail,
  type CvdsIngestResponse,
  type CvdsRun,
  type CvdsSearchResponse,
} from '../schemas/cvdeepsearch';
import { ZenHireLimitError } from '../errors';
import { listPages } from '../pagination';
import type { WaitOptions } from '../polling';
import { checkWebhookUrl } from './cv-deepmatch';
import { segment, submitVia, waitVia, type ModuleContext } from './context';

/** CV DeepSearch endpoints (zenhire-api.md §7.2; preview, not billed). */
export const CVDS_PATHS = {
  candidates: '/api/v1/cvds/candidates',
  candidate: '/api/v1/cvds/candidates/{external_id}',
  search: '/api/v1/cvds/search',
  run: '/api/v1/cvds/runs/{id}',
} as const;

/**
 * Ingest limits (§7.2): 1–500 candidates and about 10 MB per request. Batches are also cut
 * so that each JSON body stays under `maxBatchBytes` (9 MB, a margin under "about 10 MB").
 */
export const CVDS_LIMITS = {
  maxBatchCandidates: 500,
  maxBatchBytes: 9 * 1024 * 1024,
  topNMax: 1000,
} as const;

/** One candidate to ingest (§7.2). */
export interface CvdsCandidateInput {
  /** Unique within a corpus; re-ingesting the same id updates in place. */
  external_id: string;
  /** CV already parsed to JSON (object or array); ZenHire does not parse PDFs here. */
  parsed_cv: Record<string, unknown> | unknown[];
  /** Overrides the top-level `corpus_id`. */
  corpus_id?: string;
  tags?: string[];
  /** Your batch reference. */
  upload_id?: string;
}

/** Input of {@link CvDeepSearchApi.ingest}. */
export interface CvdsIngestInput {
  corpusId?: string;
  candidates: CvdsCandidateInput[];
  signal?: AbortSignal;
}

/** Result of an ingest split into several batches: rows concatenated, summaries summed. */
export interface CvdsIngestResult extends CvdsIngestResponse {
  /** Number of requests sent (batches of ≤ 500). */
  batches: number;
}

/** Input of {@link CvDeepSearchApi.search} (§7.2). */
export interface CvdsSearchInput {
  corpusId: string;
  positionId: string;
  /** Required non-empty object; same shape as the CV DeepMatch requirements config. */
  positionMetadata: Record<string, unknown>;
  /** Default 100 (server); values above 1000 are clamped by ZenHire. */
  topN?: number;
  /** Rebuild the cached search plan of this position. */
  jobUpdated?: boolean;
  webhookUrl?: string;
  /** A replay returns the existing run. Generated (UUID) when omitted. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

/** CV DeepSearch module (preview): ingest candidates, candidate status, search runs. */
export class CvDeepSearchApi {
  constructor(private readonly ctx: ModuleContext) {}

  /**
   * `POST /api/v1/cvds/candidates`, split into batches of ≤ 500 candidates (and ≤ 9 MB).
   * Upserts keyed by (`corpus_id`, `external_id`) are idempotent, so ambiguous failures are
   * resent. Returns 200 even when some candidates fail: check `summary.failed`.
   * @throws ZenHireLimitError when no candidates are given or one has no `corpus_id`
   *   (ZenHire would reject the whole batch with `MISSING_CORPUS_ID`)
   */
  async ingest(input: CvdsIngestInput): Promise<CvdsIngestResult> {
    if (input.candidates.length === 0)
      throw new ZenHireLimitError('candidates', 'at least 1 candidate', '0');
    input.candidates.forEach((candidate, index) => {
      if (!candidate.corpus_id && !input.corpusId) {
        throw new ZenHireLimitError(
          `candidates[${index}].corpus_id`,
          'a corpus_id (top level or per candidate)',
          'none',
        );
      }
    });
    const batches = splitIntoBatches(input.candidates);
    const merged: CvdsIngestResult = {
      results: [],
      summary: { accepted: 0, updated: 0, unchanged: 0, failed: 0 },
      batches: 0,
    };
    const { transport } = this.ctx;
    for (const candidates of batches) {
      const body: Record<string, unknown> = { candidates };
      if (input.corpusId) body.corpus_id = input.corpusId;
      const response = await submitVia(this.ctx, {
        endpoint: { method: 'POST', path: CVDS_PATHS.candidates },
        send: async () =>
          (
            await transport.request({
              module: 'cvdeepsearch',
              method: 'POST',
              endpoint: CVDS_PATHS.candidates,
              body,
              schema: CvdsIngestResponseSchema,
              signal: input.signal,
            })
          ).data,
        idempotent: true,
        signal: input.signal,
      });
      merged.results.push(...response.results);
      merged.summary.accepted += response.summary.accepted;
      merged.summary.updated += response.summary.updated;
      merged.summary.unchanged += response.summary.unchanged;
      merged.summary.failed += response.summary.failed;
      merged.batches++;
    }
    return merged;
  }

  /**
   * `GET /api/v1/cvds/candidates/{external_id}` (`CvdsCandidateStatusDetail`).
   * `corpus_id` is sent as a query parameter (its name is [inferred] from the body field).
   * @throws ZenHireNotFoundError when not in the corpus or not yours
   */
  async getCandidate(
    externalId: string,
    options: { corpusId?: string; signal?: AbortSignal } = {},
  ): Promise<CvdsCandidateStatusDetail> {
    const result = await this.ctx.transport.request({
      module: 'cvdeepsearch',
      method: 'GET',
      endpoint: CVDS_PATHS.candidate,
      path: `/api/v1/cvds/candidates/${segment(externalId)}`,
      query: { corpus_id: options.corpusId },
      schema: CvdsCandidateStatusDetailSchema,
      signal: options.signal,
    });
    return result.data;
  }

  /** `GET /api/v1/cvds/candidates` as pages (parameters [not found]; `corpus_id` [inferred]). */
  async *listCandidatePages(
    options: { corpusId?: string; limit?: number; maxPages?: number; signal?: AbortSignal } = {},
  ): AsyncGenerator<CvdsCandidateListPage, void, undefined> {
    yield* listPages(this.ctx.transport, {
      module: 'cvdeepsearch',
      endpoint: CVDS_PATHS.candidates,
      schema: CvdsCandidateListPageSchema,
      query: { corpus_id: options.corpusId },
      keyset: false,
      limit: options.limit,
      maxPages: options.maxPages,
      idOf: (row) => `${row.corpus_id ?? ''}/${row.external_id}`,
      signal: options.signal,
    });
  }

  /**
   * `POST /api/v1/cvds/search` → `{id:"cvds_…", status:"pending"}`. Always sends an
   * `idempotency_key`, so ambiguous failures are resent safely.
   * @throws ZenHireLimitError for an empty `positionMetadata` or a non-https webhook URL
   */
  async search(input: CvdsSearchInput): Promise<CvdsSearchResponse> {
    if (!input.positionMetadata || Object.keys(input.positionMetadata).length === 0) {
      throw new ZenHireLimitError('position_metadata', 'a non-empty object', 'empty');
    }
    checkWebhookUrl(input.webhookUrl);
    const body: Record<string, unknown> = {
      corpus_id: input.corpusId,
      position_id: input.positionId,
      position_metadata: input.positionMetadata,
      idempotency_key: input.idempotencyKey ?? randomUUID(),
    };
    if (input.topN !== undefined) body.top_n = input.topN;
    if (input.jobUpdated !== undefined) body.job_updated = input.jobUpdated;
    if (input.webhookUrl !== undefined) body.webhook_url = input.webhookUrl;
    const { transport } = this.ctx;
    return submitVia(this.ctx, {
      endpoint: { method: 'POST', path: CVDS_PATHS.search },
      send: async () =>
        (
          await transport.request({
            module: 'cvdeepsearch',
            method: 'POST',
            endpoint: CVDS_PATHS.search,
            body,
            schema: CvdsSearchResponseSchema,
            signal: input.signal,
          })
        ).data,
      idempotent: true,
      signal: input.signal,
    });
  }

  /** `GET /api/v1/cvds/runs/{id}` (`CvdsRun`; `results` is `null` while `results_pending`). */
  async getRun(id: string, options: { signal?: AbortSignal } = {}): Promise<CvdsRun> {
    const result = await this.ctx.transport.request({
      module: 'cvdeepsearch',
      method: 'GET',
      endpoint: CVDS_PATHS.run,
      path: `/api/v1/cvds/runs/${segment(id)}`,
      schema: CvdsRunSchema,
      signal: options.signal,
    });
    return result.data;
  }

  /**
   * Polls the run until a terminal status (`CVDS_TERMINAL_STATUSES`; names [not found]).
   * Cadence of §4 (≥ 10 s per id).
   * @throws ZenHirePollTimeoutError after `budgetMs` (default 20 min); the id stays valid
   * @throws ZenHireAbortedError when `signal` fires
   */
  async waitForTerminal(
    run: string | { id: string },
    options: WaitOptions<CvdsRun> = {},
  ): Promise<CvdsRun> {
    const id = typeof run === 'string' ? run : run.id;
    return waitVia<CvdsRun>(
      this.ctx,
      {
        id,
        fetch: async (signal) => {
          const current = await this.getRun(id, { signal });
          return { run: current, status: current.status };
        },
        isTerminal: (status) => CVDS_TERMINAL_STATUSES.includes(status),
      },
      options,
    );
  }
}

/** Splits candidates into batches of ≤ 500 and ≤ 9 MB of JSON each (order kept). */
export function splitIntoBatches<T>(
  candidates: readonly T[],
  maxCount: number = CVDS_LIMITS.maxBatchCandidates,
  maxBytes: number = CVDS_LIMITS.maxBatchBytes,
): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const candidate of candidates) {
    const size = Buffer.byteLength(JSON.stringify(candidate), 'utf8') + 1;
    if (size > maxBytes) {
      throw new ZenHireLimitError(
        'candidates[]',
        `one candidate of at most ${maxBytes} bytes as JSON`,
        `${size} bytes`,
      );
    }
    if (current.length >= maxCount || (current.length > 0 && bytes + size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(candidate);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
