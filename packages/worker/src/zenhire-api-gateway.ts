import { createHash } from 'node:crypto';
import {
  ZenHireConnectError,
  type ActionInputs,
  type CorrelationFields,
  type ObservedRun,
  type RunModule,
  type RunRef,
  type StartedRun,
  type ZenHireAction,
  toObservedRun,
  type ZenHireGateway,
} from '@zenhire-connect/core';
import {
  ZenHireClient,
  ZenHireRateLimitError,
  type CvDeepMatchConfig,
  type SpeechRunFilters,
  type ZenHireClientOptions,
  type ZenHireLogger,
} from '@zenhire-connect/zenhire-client';
import type { Metrics } from './metrics';

/** Error of {@link ZenHireApiGateway} with a stable `code`. */
export class ZenHireGatewayError extends ZenHireConnectError {
  constructor(
    code: 'LIST_NOT_SUPPORTED' | 'ACTION_INPUT_MISSING' | 'RUN_NOT_FOUND',
    message: string,
    readonly retryable = false,
  ) {
    super(code, message);
    this.name = 'ZenHireGatewayError';
  }
}

/**
 * Listing query of {@link ZenHireApiGateway.listRuns}: the core port's `createdAfter` /
 * `status` plus `createdBefore` (ISO 8601; speech §5.7 documents it) and `pageSize`
 * (`limit`, default 100). Rows are newest first.
 */
export interface RunListQuery {
  createdAfter?: string;
  createdBefore?: string;
  status?: string;
  pageSize?: number;
}

/** The gateway the collectors need: core's port, with the wider listing query. */
export interface CollectorGateway extends ZenHireGateway {
  listRuns(module: RunModule, query: RunListQuery): AsyncIterable<ObservedRun>;
}

/** Options of {@link ZenHireApiGateway}. */
export interface ZenHireApiGatewayOptions {
  /** Counts ZenHire calls and 429s (see {@link Metrics.zenhireClientHooks}). */
  metrics?: Metrics;
  /**
   * `webhook_url` sent with CV DeepMatch submits (the server's `X-CVDM-Signature` endpoint,
   * §7.1); omit for polling only.
   */
  cvDeepMatchWebhookUrl?: string;
  /**
   * Before chaining a session into speech analysis, look for a speech run already submitted
   * for it (`?externalId=` + `zc_parent_run`), so a crash between submit and saving the link
   * never submits twice (one list call per chain). Default true.
   */
  lookupBeforeChain?: boolean;
  /** Page size of listings (`limit`, [inferred] §5.7; the sandbox takes 1–100). Default 100. */
  pageSize?: number;
}

function chainIdempotencyKey(parts: string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}

/**
 * Core's `ZenHireGateway` over `@zenhire-connect/zenhire-client`.
 *
 * - `start`: interview session from a persona (`candidate_ref`, `metadata`, `tags` from the
 *   link codec, §6.4); speech submit (`externalId`, the file from `inputs`, §5.3); CV
 *   DeepMatch (`position_id`, an `idempotency_key` derived from the link so a re-trigger
 *   within 24 h is a replay, §7.1); AI interview and soft skills (§12, product pages).
 * - `getRun`: one read per module (speech poll §5.5, session §6.5, CV DeepMatch §7.1, CV
 *   DeepSearch run §7.2, AI interview §12). Soft-skills results come back from the scoring
 *   call itself; they are kept in memory for `getRun` (lost on restart).
 * - `listRuns`: speech `GET /api/v1/speech/runs` with `createdAfter`/`createdBefore`/`status`
 *   (§5.7); sessions `GET /api/v1/interview/sessions` and CV DeepMatch
 *   `GET /api/v1/cvdeepmatch/requests` whose filters are [not found], so `createdAfter` /
 *   `createdBefore` / `status` are applied here and paging stops at the first page whose rows
 *   are all older than `createdAfter` (newest-first order assumed, as documented for speech).
 *   Speech rows are summaries (`RunSummary`, no scores): fetch terminal ones with `getRun`.
 * - `analyseRecording`: downloads the session's `audio/wav` recording (§6.2) and submits it to
 *   speech analysis with the correlation carried over (`zc_parent_run` = session id).
 *
 * @throws the client's errors (`ZenHireApiError` subclasses with `retryable`, …;
 *   `ZenHireLimitError` `LIMIT_EXCEEDED` when a recording exceeds the speech upload limit,
 *   §5.2); `ZenHireGatewayError` `LIST_NOT_SUPPORTED`, `ACTION_INPUT_MISSING`, `RUN_NOT_FOUND`.
 */
export class ZenHireApiGateway implements CollectorGateway {
  readonly #client: ZenHireClient;
  readonly #options: ZenHireApiGatewayOptions;
  readonly #softSkills = new Map<string, ObservedRun>();

  constructor(client: ZenHireClient, options: ZenHireApiGatewayOptions = {}) {
    this.#client = client;
    this.#options = options;
  }

  /**
   * A gateway with its own client whose calls and retried 429s are counted on `metrics`.
   * `clientOptions.apiKey` is required; `onRequest`/`logger` given there are still called.
   */
  static create(
    clientOptions: ZenHireClientOptions,
    options: ZenHireApiGatewayOptions = {},
  ): ZenHireApiGateway {
    const metrics = options.metrics;
    if (!metrics) return new ZenHireApiGateway(new ZenHireClient(clientOptions), options);
    const hooks = metrics.zenhireClientHooks<ZenHireLogger>(clientOptions.logger);
    const client = new ZenHireClient({
      ...clientOptions,
      logger: hooks.logger,
      onRequest: (info) => {
        hooks.onRequest(info);
        clientOptions.onRequest?.(info);
      },
    });
    return new ZenHireApiGateway(client, options);
  }

  /** The underlying client (e.g. for `explain` or the CLI). */
  get client(): ZenHireClient {
    return this.#client;
  }

  async start(
    action: ZenHireAction,
    correlation: CorrelationFields,
    inputs?: ActionInputs,
  ): Promise<StartedRun> {
    return this.#counted(async () => {
      const externalId = correlation.externalId ?? undefined;
      const { metadata, tags } = correlation;
      switch (action.kind) {
        case 'interview': {
          const created = await this.#client.interview.createSession(action.personaId, {
            consent_mode: action.consentMode,
            candidate_ref: externalId ?? null,
            metadata,
            tags,
          });
          return {
            module: 'interview',
            id: created.id,
            status: 'initiated',
            candidateLink: created.candidate_link,
          };
        }
        case 'speech': {
          const file = this.#file(action.kind, inputs);
          const submitted = await this.#client.speech.submit({
            audio: file,
            language: action.language,
            externalId,
            metadata,
            tags,
          });
          return { module: 'speech', id: submitted.id, status: submitted.status };
        }
        case 'cv_deepmatch': {
          const file = this.#file(action.kind, inputs);
          const submitted = await this.#client.cvDeepMatch.submit({
            cv: {
              ...file,
              filename: file.filename.toLowerCase().endsWith('.pdf') ? file.filename : 'cv.pdf',
            },
            positionId: action.positionId,
            jobDescription: action.jobDescription,
            config: { requirements: action.requirements } as CvDeepMatchConfig,
            webhookUrl: this.#options.cvDeepMatchWebhookUrl,
            idempotencyKey: chainIdempotencyKey([externalId ?? '', action.positionId]),
            metadata,
            tags,
          });
          return { module: 'cv_deepmatch', id: submitted.id, status: submitted.status };
        }
        case 'ai_interview': {
          const created = await this.#client.aiInterview.create({
            ...(action.channel ? { channel: action.channel } : {}),
            ...(action.personaId ? { persona_id: action.personaId } : {}),
            externalId,
            metadata,
            tags,
          });
          return {
            module: 'ai_interview',
            id: created.interview_id,
            status: created.status ?? 'pending',
            ...(created.join_link ? { candidateLink: created.join_link } : {}),
          };
        }
        case 'soft_skills': {
          const file = this.#file(action.kind, inputs);
          const result = await this.#client.softSkills.score({
            audio: file,
            roleBenchmark: action.roleBenchmark ?? 'customer_support',
            externalId,
            metadata,
            tags,
          });
          const id =
            result.id ??
            `soft_${chainIdempotencyKey([externalId ?? '', JSON.stringify(metadata)]).slice(0, 24)}`;
          const observed = toObservedRun('soft_skills', { ...result, id });
          this.#softSkills.set(id, observed);
          return { module: 'soft_skills', id, status: observed.status };
        }
      }
    });
  }

  async getRun(ref: RunRef): Promise<ObservedRun> {
    return this.#counted(async () => {
      switch (ref.module) {
        case 'speech':
          return toObservedRun('speech', await this.#client.speech.get(ref.id));
        case 'interview':
          return toObservedRun('interview', await this.#client.interview.getSession(ref.id));
        case 'cv_deepmatch':
          return toObservedRun('cv_deepmatch', await this.#client.cvDeepMatch.get(ref.id));
        case 'cv_deepsearch':
          return toObservedRun('cv_deepsearch', await this.#client.cvDeepSearch.getRun(ref.id));
        case 'ai_interview':
          return toObservedRun('ai_interview', await this.#client.aiInterview.get(ref.id));
        case 'soft_skills': {
          const run = this.#softSkills.get(ref.id);
          if (!run) {
            throw new ZenHireGatewayError(
              'RUN_NOT_FOUND',
              `soft-skills result ${ref.id} is not held by this process (results are returned by the scoring call only, zenhire-api.md §12)`,
            );
          }
          return run;
        }
      }
    });
  }

  async *listRuns(module: RunModule, query: RunListQuery = {}): AsyncIterable<ObservedRun> {
    const limit = query.pageSize ?? this.#options.pageSize ?? 100;
    const after = query.createdAfter ? Date.parse(query.createdAfter) : undefined;
    const before = query.createdBefore ? Date.parse(query.createdBefore) : undefined;
    const inWindow = (run: ObservedRun) => {
      const at = run.createdAt ? Date.parse(run.createdAt) : NaN;
      if (Number.isNaN(at)) return true;
      return (after === undefined || at >= after) && (before === undefined || at <= before);
    };
    try {
      if (module === 'speech') {
        for await (const page of this.#client.speech.listRunPages({
          createdAfter: query.createdAfter,
          createdBefore: query.createdBefore,
          status: query.status as SpeechRunFilters['status'],
          serviceType: 'speech',
          limit,
        })) {
          for (const row of page.items) yield toObservedRun('speech', row);
        }
        return;
      }
      let pages: AsyncIterable<{ items: object[] }>;
      if (module === 'interview') pages = this.#client.interview.listSessionPages({ limit });
      else if (module === 'cv_deepmatch') pages = this.#client.cvDeepMatch.listPages({ limit });
      else {
        throw new ZenHireGatewayError(
          'LIST_NOT_SUPPORTED',
          `ZenHire documents no list endpoint for ${module} runs; poll them one by one`,
        );
      }
      for await (const page of pages) {
        const runs = page.items.map((row) => toObservedRun(module, row));
        for (const run of runs) {
          if (inWindow(run) && (query.status === undefined || run.status === query.status)) {
            yield run;
          }
        }
        const allOlder =
          after !== undefined &&
          runs.length > 0 &&
          runs.every((r) => r.createdAt !== undefined && Date.parse(r.createdAt) < after);
        if (allOlder) return;
      }
    } catch (error) {
      this.#count429(error);
      throw error;
    }
  }

  async analyseRecording(
    sessionId: string,
    correlation: CorrelationFields,
    language: string,
  ): Promise<StartedRun> {
    return this.#counted(async () => {
      const metadata = { ...correlation.metadata, zc_parent_run: sessionId };
      const externalId = correlation.externalId ?? undefined;
      if (externalId && this.#options.lookupBeforeChain !== false) {
        for await (const row of this.#client.speech.listRuns({
          externalId,
          serviceType: 'speech',
          maxPages: 1,
          limit: 100,
        })) {
          if (row.metadata.zc_parent_run === sessionId) {
            return { module: 'speech', id: row.id, status: row.status };
          }
        }
      }
      const recording = await this.#client.interview.getRecording(sessionId);
      // The client buffers the stream once, capped at the speech upload limit (§5.2).
      const submitted = await this.#client.speech.submit({
        audio: {
          data: recording.stream,
          filename: `${sessionId}.wav`,
          contentType: recording.contentType,
        },
        language,
        externalId,
        metadata,
        tags: correlation.tags,
      });
      return { module: 'speech', id: submitted.id, status: submitted.status };
    });
  }

  #file(kind: string, inputs?: ActionInputs): NonNullable<ActionInputs['file']> {
    if (!inputs?.file) {
      throw new ZenHireGatewayError(
        'ACTION_INPUT_MISSING',
        `the ${kind} action needs a file (ActionInputs.file) fetched from the ATS`,
      );
    }
    return inputs.file;
  }

  #count429(error: unknown): void {
    if (error instanceof ZenHireRateLimitError) this.#options.metrics?.rateLimited('zenhire');
  }

  async #counted<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      this.#count429(error);
      throw error;
    }
  }
}
