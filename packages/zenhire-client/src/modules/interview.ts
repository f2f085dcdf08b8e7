import type { Readable } from 'node:stream';
import {
  InterviewTranscriptSchema,
  PersonaDetailSchema,
  PersonaListSchema,
  PersonaSchema,
  SESSION_TERMINAL_STATUSES,
  SessionCreateResponseSchema,
  SessionDetailSchema,
  SessionListPageSchema,
  type ConsentMode,
  type InterviewTranscript,
  type Persona,
  type PersonaDetail,
  type SessionCreateResponse,
  type SessionDetail,
  type SessionListPage,
  type SessionSummary,
} from '../schemas/interview';
import { validateCorrelation } from '../correlation';
import { ZenHireLimitError } from '../errors';
import { normaliseTags } from '../multipart';
import { listPages, type ListOptions } from '../pagination';
import type { WaitOptions } from '../polling';
import { segment, submitVia, waitVia, type ModuleContext } from './context';

/** Interview endpoints (zenhire-api.md §6.2). */
export const INTERVIEW_PATHS = {
  personas: '/api/v1/interview/personas',
  persona: '/api/v1/interview/personas/{personaId}',
  sessionsOfPersona: '/api/v1/interview/personas/{personaId}/sessions',
  sessions: '/api/v1/interview/sessions',
  session: '/api/v1/interview/sessions/{sessionId}',
  recording: '/api/v1/interview/sessions/{sessionId}/recording',
  transcript: '/api/v1/interview/sessions/{sessionId}/transcript',
} as const;

/** Persona field limits (§6.3). */
export const PERSONA_LIMITS = {
  roleNameMaxChars: 200,
  languageMaxChars: 64,
  systemPromptMaxChars: 20_000,
} as const;

/** `POST /personas` body (§6.3). */
export interface PersonaCreateInput {
  /** Required, ≤ 200 chars. */
  role_name: string;
  /** Required, ≤ 64 chars, e.g. `en`, `de`; one language per persona. */
  language: string;
  /** ≤ 20,000 chars; ZenHire generates one from its v1 template when omitted. */
  system_prompt?: string;
  /** Replaces the behavioural base layer; `null` inherits the default. */
  base_prompt_override?: string | null;
}

/** `POST /personas/{personaId}/sessions` body (§6.4). */
export interface SessionCreateInput {
  /** `explicit`: ZenHire shows a consent gate; `integrator`: you captured consent. */
  consent_mode: ConsentMode;
  /** Your candidate reference, ≤ 256 chars (refused here rather than truncated by ZenHire). */
  candidate_ref?: string | null;
  /** String/number/boolean values; limits of §2. */
  metadata?: Record<string, string | number | boolean> | null;
  /** ≤ 20 distinct tags of 1–40 chars. */
  tags?: string[] | null;
}

/** The recording of a completed session. */
export interface InterviewRecording {
  /** Raw `audio/wav` bytes, streamed (the platform proxies it; no presigned URL). */
  stream: Readable;
  contentType: string;
  /** Bytes, when the response declares it. */
  contentLength: number | null;
}

/** AI voice interview module: personas, sessions, recording, transcript. */
export class InterviewApi {
  constructor(private readonly ctx: ModuleContext) {}

  /**
   * `POST /api/v1/interview/personas` (201, §6.3). Not resent after an ambiguous failure
   * (no way to look it up by a key): `ZenHireSubmitOutcomeUnknownError`; list personas to check.
   * @throws ZenHireLimitError when a field exceeds its limit
   */
  async createPersona(
    input: PersonaCreateInput,
    options: { signal?: AbortSignal } = {},
  ): Promise<Persona> {
    checkLength('role_name', input.role_name, 1, PERSONA_LIMITS.roleNameMaxChars);
    checkLength('language', input.language, 1, PERSONA_LIMITS.languageMaxChars);
    if (input.system_prompt !== undefined) {
      checkLength('system_prompt', input.system_prompt, 0, PERSONA_LIMITS.systemPromptMaxChars);
    }
    const { transport } = this.ctx;
    return submitVia(this.ctx, {
      endpoint: { method: 'POST', path: INTERVIEW_PATHS.personas },
      send: async () =>
        (
          await transport.request({
            module: 'interview',
            method: 'POST',
            endpoint: INTERVIEW_PATHS.personas,
            body: input,
            schema: PersonaSchema,
            signal: options.signal,
          })
        ).data,
      noLookupReason: 'personas have no client-side key to look them up by',
      signal: options.signal,
    });
  }

  /** `GET /api/v1/interview/personas` → `{ data: Persona[] }` (§6.2); returns the rows. */
  async listPersonas(options: { signal?: AbortSignal } = {}): Promise<Persona[]> {
    const result = await this.ctx.transport.request({
      module: 'interview',
      method: 'GET',
      endpoint: INTERVIEW_PATHS.personas,
      schema: PersonaListSchema,
      signal: options.signal,
    });
    return result.data.items;
  }

  /** `GET /api/v1/interview/personas/{personaId}` (`PersonaDetail`; path [inferred], §6.2). */
  async getPersona(
    personaId: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<PersonaDetail> {
    const result = await this.ctx.transport.request({
      module: 'interview',
      method: 'GET',
      endpoint: INTERVIEW_PATHS.persona,
      path: `/api/v1/interview/personas/${segment(personaId)}`,
      schema: PersonaDetailSchema,
      signal: options.signal,
    });
    return result.data;
  }

  /**
   * `POST /api/v1/interview/personas/{personaId}/sessions` (201, §6.4): mints a candidate
   * link (`https://interview.zenhire.ai/#t=<token>`, valid 7 days unused). The token is only
   * returned here, so after an ambiguous failure the session is created once more (an unused
   * session is never charged, §8); a 429/503 is resent after `Retry-After`.
   * @throws ZenHireLimitError for `candidate_ref` > 256 chars, metadata or tag limits
   * @throws ZenHireCreditsError when the balance is below the session minimum
   */
  async createSession(
    personaId: string,
    input: SessionCreateInput,
    options: { signal?: AbortSignal } = {},
  ): Promise<SessionCreateResponse> {
    validateCorrelation({
      candidateRef: input.candidate_ref,
      metadata: input.metadata,
      tags: input.tags,
    });
    const { transport } = this.ctx;
    const body: Record<string, unknown> = { consent_mode: input.consent_mode };
    if (input.candidate_ref !== undefined) body.candidate_ref = input.candidate_ref;
    if (input.metadata !== undefined) body.metadata = input.metadata;
    if (input.tags !== undefined)
      body.tags = input.tags === null ? null : normaliseTags(input.tags);
    const path = `/api/v1/interview/personas/${segment(personaId)}/sessions`;
    return submitVia(this.ctx, {
      endpoint: { method: 'POST', path },
      send: async () =>
        (
          await transport.request({
            module: 'interview',
            method: 'POST',
            endpoint: INTERVIEW_PATHS.sessionsOfPersona,
            path,
            body,
            schema: SessionCreateResponseSchema,
            signal: options.signal,
          })
        ).data,
      resendOnceWhenAmbiguous: true,
      signal: options.signal,
    });
  }

  /**
   * `GET /api/v1/interview/sessions` as an async iterator over pages (filters and paging
   * [not found], §6.2; see `LIST_PAGING`). `query` is passed through as query parameters.
   */
  async *listSessionPages(
    options: ListOptions = {},
  ): AsyncGenerator<SessionListPage, void, undefined> {
    yield* listPages(this.ctx.transport, {
      module: 'interview',
      endpoint: INTERVIEW_PATHS.sessions,
      schema: SessionListPageSchema,
      query: options.query,
      limit: options.limit,
      maxPages: options.maxPages,
      idOf: (row) => row.id,
      createdAtOf: (row) => row.created_at,
      signal: options.signal,
    });
  }

  /** Rows of {@link listSessionPages}. */
  async *listSessions(options: ListOptions = {}): AsyncGenerator<SessionSummary, void, undefined> {
    for await (const page of this.listSessionPages(options)) yield* page.items;
  }

  /** `GET /api/v1/interview/sessions/{sessionId}` (`SessionSummary` + `persona`, `feedback`, §6.5). */
  async getSession(
    sessionId: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<SessionDetail> {
    const result = await this.ctx.transport.request({
      module: 'interview',
      method: 'GET',
      endpoint: INTERVIEW_PATHS.session,
      path: `/api/v1/interview/sessions/${segment(sessionId)}`,
      schema: SessionDetailSchema,
      signal: options.signal,
    });
    return result.data;
  }

  /**
   * Polls the session until `completed` or `failed` (§6.6). Sessions wait for the candidate,
   * so pass a `budgetMs` that fits your invitation window; the cadence is that of §4.
   * @throws ZenHirePollTimeoutError after `budgetMs` (default 20 min); the id stays valid
   * @throws ZenHireAbortedError when `signal` fires
   */
  async waitForTerminal(
    sessionId: string,
    options: WaitOptions<SessionDetail> = {},
  ): Promise<SessionDetail> {
    return waitVia<SessionDetail>(
      this.ctx,
      {
        id: sessionId,
        fetch: async (signal) => {
          const run = await this.getSession(sessionId, { signal });
          return { run, status: run.status };
        },
        isTerminal: (status) => (SESSION_TERMINAL_STATUSES as readonly string[]).includes(status),
      },
      options,
    );
  }

  /**
   * `GET /api/v1/interview/sessions/{sessionId}/recording` → raw `audio/wav` stream (§6.2).
   * @throws ZenHireArtifactNotReadyError (`ARTIFACT_NOT_READY`, `details.status`) before `completed`
   */
  async getRecording(
    sessionId: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<InterviewRecording> {
    const result = await this.ctx.transport.request<Readable>({
      module: 'interview',
      method: 'GET',
      endpoint: INTERVIEW_PATHS.recording,
      path: `/api/v1/interview/sessions/${segment(sessionId)}/recording`,
      headers: { Accept: 'audio/wav' },
      responseType: 'stream',
      signal: options.signal,
    });
    const length = Number(result.headers['content-length']);
    return {
      stream: result.data,
      contentType: result.headers['content-type'] ?? 'audio/wav',
      contentLength:
        Number.isFinite(length) && result.headers['content-length'] !== undefined ? length : null,
    };
  }

  /**
   * `GET /api/v1/interview/sessions/{sessionId}/transcript` → JSON document (§6.2).
   * @throws ZenHireArtifactNotReadyError before `completed`
   */
  async getTranscript(
    sessionId: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<InterviewTranscript> {
    const result = await this.ctx.transport.request({
      module: 'interview',
      method: 'GET',
      endpoint: INTERVIEW_PATHS.transcript,
      path: `/api/v1/interview/sessions/${segment(sessionId)}/transcript`,
      schema: InterviewTranscriptSchema,
      signal: options.signal,
    });
    return result.data;
  }
}

function checkLength(field: string, value: string, min: number, max: number): void {
  if (typeof value !== 'string' || value.length < min || value.length > max) {
    throw new ZenHireLimitError(
      field,
      `${min}–${max} characters`,
      `${typeof value === 'string' ? value.length : 0} characters`,
    );
  }
}
