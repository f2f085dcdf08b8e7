import {
  SPEECH_TERMINAL_STATUSES,
  SpeechRunListPageSchema,
  SpeechRunSchema,
  SpeechSubmitResponseSchema,
  type SpeechRun,
  type SpeechRunListPage,
  type SpeechRunSummary,
  type SpeechServiceType,
  type SpeechStatus,
  type SpeechSubmitResponse,
} from '../schemas/speech';
import { validateCorrelation } from '../correlation';
import { ZenHireLimitError } from '../errors';
import { FormData, appendField, appendFile, appendTags, normaliseTags } from '../multipart';
import { listPages } from '../pagination';
import type { PollObservation, WaitOptions } from '../polling';
import { prepareUpload, type FileInput } from '../uploads';
import { isoDate, segment, submitVia, waitVia, type ModuleContext } from './context';

/** Speech endpoints (zenhire-api.md §5.1). */
export const SPEECH_PATHS = {
  submit: '/api/v1/speech/analyze',
  poll: '/api/v1/speech/analyze/{id}',
  list: '/api/v1/speech/runs',
} as const;

/** Largest audio upload: 25 MB (§5.2). */
export const SPEECH_MAX_AUDIO_BYTES = 25 * 1024 * 1024;

/** Input of {@link SpeechApi.submit}. */
export interface SpeechSubmitInput {
  /** MP3, WAV, M4A, WebM, OGG or FLAC; 3–45 min; ≤ 25 MB (§5.2). */
  audio: FileInput;
  /** 2-letter ISO 639-1 code (§5.3); non-English needs multilingual access. Every documented example sends `en`. */
  language?: string;
  /** Your reference, 1–255 chars (§2). Strongly recommended: it is what makes a safe retry possible. */
  externalId?: string;
  /** ≤ 50 keys, keys ≤ 40 chars, values ≤ 500 chars, ≤ 8 KB; sent as a JSON string (§2). */
  metadata?: Record<string, string | number | boolean>;
  /** ≤ 20 tags of 1–40 chars; encoding per `MULTIPART_TAGS_ENCODING` (JSON string; [not found]). */
  tags?: string[];
  /** Extra form fields (e.g. the cut-setting parameters whose names are [not found]). */
  extraFields?: Record<string, string>;
  signal?: AbortSignal;
}

/** Filters of {@link SpeechApi.listRunPages} (§5.7). */
export interface SpeechRunFilters {
  externalId?: string;
  /** One of the run statuses (`INVALID_STATUS` otherwise). */
  status?: SpeechStatus | 'finished';
  /** ISO 8601 or Date (`INVALID_DATE` otherwise). */
  createdAfter?: Date | string;
  createdBefore?: Date | string;
  /** `speech` | `cv_deepmatch` (`INVALID_SERVICE_TYPE` otherwise). */
  serviceType?: SpeechServiceType;
  /** Page size; parameter name `limit` is [inferred]; default 20. */
  limit?: number;
  /** Stop after this many pages. */
  maxPages?: number;
  signal?: AbortSignal;
}

/** Speech analysis module: submit audio, poll a run, list runs. */
export class SpeechApi {
  constructor(private readonly ctx: ModuleContext) {}

  /**
   * `POST /api/v1/speech/analyze` (multipart, §5.3). Returns the 202 body
   * (`status` `queued` or `processing`). Limits are checked before sending.
   *
   * Failures: a 429/503 is resent after `Retry-After`; a timeout / reset / 5xx is ambiguous,
   * so the run is first looked up by `externalId` (list endpoint, created since shortly
   * before the first attempt) and resent only when none exists — never a double charge.
   * Without `externalId` an ambiguous failure throws `ZenHireSubmitOutcomeUnknownError`.
   * When an existing run is found, its poll state is returned (same `id`).
   *
   * @throws ZenHireLimitError for correlation, language or file-size limits
   * @throws ZenHireApiError subclasses (e.g. `ZenHireCreditsError` with `details{cost, available}`)
   */
  async submit(input: SpeechSubmitInput): Promise<SpeechSubmitResponse> {
    validateCorrelation({
      externalId: input.externalId,
      metadata: input.metadata,
      tags: input.tags,
    });
    if (input.language !== undefined && !/^[A-Za-z]{2}$/.test(input.language)) {
      throw new ZenHireLimitError('language', 'a 2-letter ISO 639-1 code', input.language);
    }
    const upload = await prepareUpload(input.audio, {
      field: 'audio',
      maxBytes: SPEECH_MAX_AUDIO_BYTES,
      defaultFilename: 'audio.wav',
    });
    const tags = normaliseTags(input.tags);
    const { transport } = this.ctx;
    const firstAttemptAt = transport.now();
    const send = async (): Promise<SpeechSubmitResponse> => {
      const form = new FormData();
      appendFile(form, 'audio', upload);
      appendField(form, 'language', input.language);
      appendField(form, 'externalId', input.externalId);
      appendField(form, 'metadata', input.metadata);
      appendTags(form, tags);
      for (const [key, value] of Object.entries(input.extraFields ?? {}))
        appendField(form, key, value);
      const result = await transport.request({
        module: 'speech',
        method: 'POST',
        endpoint: SPEECH_PATHS.submit,
        body: form,
        headers: form.getHeaders(),
        schema: SpeechSubmitResponseSchema,
        signal: input.signal,
      });
      return result.data;
    };
    const externalId = input.externalId;
    return submitVia(this.ctx, {
      endpoint: { method: 'POST', path: SPEECH_PATHS.submit },
      send,
      lookup: externalId
        ? async () => {
            const found = await this.findRecentRun(
              externalId,
              new Date(firstAttemptAt - this.ctx.lookupWindowMs),
              input.signal,
            );
            if (!found) return null;
            const parsed = SpeechSubmitResponseSchema.safeParse(found);
            // A listed row whose status is outside the speech enum still proves the run exists.
            return parsed.success
              ? parsed.data
              : ({ ...found, status: 'queued' } as SpeechSubmitResponse);
          }
        : undefined,
      noLookupReason: 'no externalId to look the run up by',
      signal: input.signal,
    });
  }

  /**
   * `GET /api/v1/speech/analyze/{id}` (§5.5): the run in its current state. Do not call
   * more often than every 10 s per id (429 `POLL_RATE_LIMITED`); prefer {@link waitForTerminal}.
   * @throws ZenHireNotFoundError for an unknown id or another client's id
   */
  async get(id: string, options: { signal?: AbortSignal } = {}): Promise<SpeechRun> {
    return (await this.poll(id, options.signal)).run;
  }

  /** One poll with the cadence hints (`pollIntervalSeconds`, `Retry-After`). */
  async poll(id: string, signal?: AbortSignal): Promise<PollObservation<SpeechRun>> {
    const result = await this.ctx.transport.request({
      module: 'speech',
      method: 'GET',
      endpoint: SPEECH_PATHS.poll,
      path: `/api/v1/speech/analyze/${segment(id)}`,
      schema: SpeechRunSchema,
      signal,
    });
    return {
      run: result.data,
      status: result.data.status,
      pollIntervalSeconds: result.data.pollIntervalSeconds ?? null,
      retryAfterSeconds: result.retryAfterSeconds,
    };
  }

  /**
   * Polls until `success`, `partial` or `failed` at the documented cadence (§4) and returns
   * the terminal run. Accepts an id, a submit response or an earlier poll state; given an
   * object, the first poll waits for its `pollIntervalSeconds` (≥ 10 s); a terminal state
   * is returned as it is.
   * @throws ZenHirePollTimeoutError after `budgetMs` (default 20 min); the id stays valid
   * @throws ZenHireAbortedError when `signal` fires
   */
  async waitForTerminal(
    run: string | { id: string; status: string; pollIntervalSeconds?: number | null },
    options: WaitOptions<SpeechRun> = {},
  ): Promise<SpeechRun> {
    const id = typeof run === 'string' ? run : run.id;
    return waitVia<SpeechRun>(
      this.ctx,
      {
        id,
        fetch: (signal) => this.poll(id, signal),
        isTerminal: (status) => (SPEECH_TERMINAL_STATUSES as readonly string[]).includes(status),
        initial:
          typeof run === 'string'
            ? undefined
            : {
                run: run as SpeechRun,
                status: run.status,
                pollIntervalSeconds: run.pollIntervalSeconds ?? null,
              },
      },
      options,
    );
  }

  /**
   * `GET /api/v1/speech/runs` (§5.7), newest first, as an async iterator over pages.
   * Paging is [not found]; see `LIST_PAGING` (cursor if the response has one, else stop on a
   * short page, else keyset on `createdBefore`).
   */
  async *listRunPages(
    filters: SpeechRunFilters = {},
  ): AsyncGenerator<SpeechRunListPage, void, undefined> {
    yield* listPages(this.ctx.transport, {
      module: 'speech',
      endpoint: SPEECH_PATHS.list,
      schema: SpeechRunListPageSchema,
      query: {
        externalId: filters.externalId,
        status: filters.status,
        createdAfter: isoDate(filters.createdAfter),
        createdBefore: isoDate(filters.createdBefore),
        serviceType: filters.serviceType,
      },
      limit: filters.limit,
      maxPages: filters.maxPages,
      idOf: (row) => row.id,
      createdAtOf: (row) =>
        row.createdAt ?? (typeof row.created_at === 'string' ? row.created_at : null),
      signal: filters.signal,
    });
  }

  /** Rows of {@link listRunPages}, one by one. */
  async *listRuns(
    filters: SpeechRunFilters = {},
  ): AsyncGenerator<SpeechRunSummary, void, undefined> {
    for await (const page of this.listRunPages(filters)) yield* page.items;
  }

  /**
   * Newest run with this `externalId` created after `since` (first page only), or null.
   * Used after an ambiguous submit failure.
   */
  async findRecentRun(
    externalId: string,
    since: Date,
    signal?: AbortSignal,
  ): Promise<SpeechRunSummary | null> {
    for await (const page of this.listRunPages({
      externalId,
      createdAfter: since,
      serviceType: 'speech',
      maxPages: 1,
      signal,
    })) {
      const match = page.items.find((row) => {
        if (row.externalId !== null && row.externalId !== externalId) return false;
        const created = row.createdAt ? Date.parse(row.createdAt) : NaN;
        return Number.isNaN(created) || created >= since.getTime();
      });
      return match ?? null;
    }
    return null;
  }
}
