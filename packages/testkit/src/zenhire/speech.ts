import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RollingWindowRateLimiter } from '../sandbox/rate-limit';
import { seededHex, seededInt } from '../sandbox/seeded';
import { detectAudioFormat, readWavInfo, type AudioFormat } from './audio';
import { metadataProblem, normaliseTags, tagsFromFormFields } from './correlation';
import { ZenHireSandboxError } from './errors';
import { field, readMultipartForm, type FormFile, type MultipartForm } from './multipart-form';
import type { ForcedOutcome, ZenHireRuntime } from './runtime';
import { assessSpeech, type SpeechAssessment } from './speech-scoring';

/** Speech run statuses (zenhire-api.md §5.5). */
export type SpeechRunStatus = 'queued' | 'processing' | 'success' | 'partial' | 'failed';
export const SPEECH_TERMINAL: readonly SpeechRunStatus[] = ['success', 'partial', 'failed'];

/** Limits of §5.2 / §4. Durations in documented ms. */
export const SPEECH_LIMITS = {
  maxFileBytes: 25 * 1024 * 1024,
  minDurationMs: 3 * 60_000,
  maxDurationMs: 45 * 60_000,
  pollMinIntervalMs: 10_000,
  rateWindowMs: 60_000,
};

/** A Speech run as the sandbox stores it (inspect with `sandbox.speechRuns()`). */
export interface SpeechRun {
  id: string;
  clientId: string;
  externalId: string | null;
  metadata: Record<string, string>;
  tags: string[];
  language: string;
  format: AudioFormat;
  audioDurationMs: number;
  /** sha256 of the audio, hex. */
  audioSha256: string;
  /** RMS level of WAV audio 0–1 (undefined for other formats). */
  audioLevel?: number;
  /** Credits held at submit: audio minutes rounded up, minimum 1 (§8). */
  cost: number;
  status: SpeechRunStatus;
  /** Documented epoch ms. */
  createdAt: number;
  startedAt?: number;
  /** Planned documented processing time, ms (seeded 2–5 min by default). */
  processingMs: number;
  completedAt?: number;
  creditsDeducted?: number;
  remainingBalance?: number;
  assessment?: SpeechAssessment;
  lowConfidence?: boolean;
  error?: { code: string; message: string };
  /** Documented ms of the last accepted poll (for the 10 s minimum interval). */
  lastPollAt?: number;
  seq: number;
}

/** Speech options of the sandbox. */
export interface SpeechOptions {
  /** Runs processing at once per client (§4). Default 8. */
  concurrency: number;
  /** Default submits per minute per key (§4). Default 500. */
  rateLimitPerMinute: number;
  /** Documented processing time range in seconds. Default [120, 300] (§0 "2–5 min"). */
  processingSeconds: [number, number];
  /**
   * Duration in seconds of non-WAV audio (the sandbox cannot decode MP3/FLAC/…). Return
   * undefined → `AUDIO_DURATION_UNAVAILABLE`. Default: undefined for every non-WAV file.
   */
  audioDurationSeconds?: (audio: Buffer, format: AudioFormat) => number | undefined;
}

const ISO_639_1 = /^[a-z]{2}$/;
const STATUSES: SpeechRunStatus[] = ['queued', 'processing', 'success', 'partial', 'failed'];

/**
 * Speech module (§5): submit, poll and list, with the 8-run concurrency cap and FIFO
 * queue, the poll minimum interval, the per-minute submit limit and credit holds. The
 * lifecycle is computed from documented time: a run finishes `processingMs` after it starts.
 *
 * Choices where the spec says [not found] (ours, documented here):
 * - Submit checks run in this order: key, permission, IP allow-list, per-minute limit
 *   (every authenticated submit counts, valid or not), warm-up 503 (`SERVICE_WARMING_UP`),
 *   then the body (`MISSING_AUDIO_FILE`, `FILE_TOO_LARGE`, `UNSUPPORTED_FORMAT`, language,
 *   `MULTILINGUAL_NOT_ENABLED`, `INVALID_EXTERNAL_ID`, `INVALID_METADATA`, tags, duration),
 *   then credits (402).
 * - `language` defaults to `en` when omitted; any 2 lowercase letters pass the format check.
 * - Tags over the §2 limits → 400 `INVALID_TAGS` (no code is documented).
 * - The 202 body also echoes `externalId` (the full `SubmitResponse` is [not found]).
 * - Poll of an unknown / other client's id → 404 `NOT_FOUND`.
 * - A `failed` run carries `error.code` `PROCESSING_FAILED`.
 * - `partial` leaves `accent` unscored and charges `ceil(cost × 2 / 3)`.
 * - List body: `{ data: RunSummary[], nextCursor: string | null }`; `limit` 1–100
 *   (default 20); `cursor` is opaque (`INVALID_PARAMETERS` when malformed). Without
 *   `serviceType` only Speech runs are listed.
 */
export class SpeechModule {
  readonly runs = new Map<string, SpeechRun>();
  /** Submits per API key in the last minute (§4). */
  private readonly submitLimiter: RollingWindowRateLimiter;
  private warmUntil = 0;
  private seq = 0;
  readonly durationOverrides = new Map<string, number>();

  constructor(
    private readonly rt: ZenHireRuntime,
    private readonly options: SpeechOptions,
    /** CV DeepMatch rows for `serviceType=cv_deepmatch` listing. */
    private readonly cvdmRows: (clientId: string) => ListRow[],
  ) {
    this.submitLimiter = new RollingWindowRateLimiter(
      { limit: options.rateLimitPerMinute, windowMs: SPEECH_LIMITS.rateWindowMs },
      () => rt.now(),
    );
  }

  /** Documented epoch ms until which submits answer 503 (0 = not warming up). */
  get warmingUntil(): number {
    return this.warmUntil;
  }

  /** Answers submits with 503 for `seconds` of documented time (§3.1 warm-up). */
  warmUp(seconds: number): void {
    this.warmUntil = this.rt.now() + seconds * 1000;
  }

  /** Moves every run to the state documented time implies: finishes runs and starts queued ones. */
  settle(): void {
    const now = this.rt.now();
    for (;;) {
      let next: SpeechRun | undefined;
      for (const run of this.runs.values()) {
        if (run.status !== 'processing') continue;
        const end = run.startedAt! + run.processingMs;
        if (end <= now && (!next || end < next.startedAt! + next.processingMs)) next = run;
      }
      if (!next) return;
      const at = next.startedAt! + next.processingMs;
      this.finish(next, at);
      this.startQueued(next.clientId, at);
    }
  }

  register(app: FastifyInstance): void {
    app.post('/api/v1/speech/analyze', (request, reply) => this.submit(request, reply));
    app.get('/api/v1/speech/analyze/:id', (request, reply) => this.poll(request, reply));
    app.get('/api/v1/speech/runs', (request) => this.list(request));
  }

  private async submit(request: FastifyRequest, reply: FastifyReply) {
    const caller = this.rt.authenticate(request, 'speech');
    const allowed = caller.key.allowedIps;
    if (allowed && !allowed.includes(request.ip.replace(/^::ffff:/, '')))
      throw new ZenHireSandboxError(
        403,
        'IP_NOT_ALLOWED',
        'This IP address is not on the key allow-list.',
      );
    const now = this.rt.now();
    this.enforceRateLimit(
      caller.key.key,
      caller.key.rateLimitPerMinute ?? this.options.rateLimitPerMinute,
    );
    if (now < this.warmUntil) {
      throw new ZenHireSandboxError(
        503,
        'SERVICE_WARMING_UP',
        'The scoring service is warming up; retry shortly.',
        {
          retryAfterSeconds: Math.max(1, Math.ceil((this.warmUntil - now) / 1000)),
        },
      );
    }
    const { form, audio, format } = await readAudioForm(request);
    const language = (field(form, 'language') ?? 'en').trim().toLowerCase();
    if (!ISO_639_1.test(language))
      throw new ZenHireSandboxError(
        400,
        'INVALID_LANGUAGE_CODE',
        'language must be a 2-letter ISO 639-1 code.',
      );
    if (language !== 'en' && !caller.key.multilingual)
      throw new ZenHireSandboxError(
        403,
        'MULTILINGUAL_NOT_ENABLED',
        'Non-English audio needs multilingual access.',
      );
    const externalIdRaw = field(form, 'externalId');
    if (externalIdRaw !== undefined && (externalIdRaw.length === 0 || externalIdRaw.length > 255))
      throw new ZenHireSandboxError(
        400,
        'INVALID_EXTERNAL_ID',
        'externalId must be 1-255 characters.',
      );
    const metadata = parseMetadata(field(form, 'metadata'));
    const tagValues = [...(form.fields.get('tags') ?? []), ...(form.fields.get('tags[]') ?? [])];
    const tags = normaliseTags(tagsFromFormFields(tagValues));
    if ('problem' in tags) throw new ZenHireSandboxError(400, 'INVALID_TAGS', tags.problem);

    const sha = createHash('sha256').update(audio.data).digest('hex');
    const wav = format === 'wav' ? readWavInfo(audio.data) : undefined;
    const seconds =
      format === 'wav'
        ? wav && wav.durationMs / 1000
        : (this.durationOverrides.get(sha) ??
          this.options.audioDurationSeconds?.(audio.data, format));
    if (seconds === undefined || !Number.isFinite(seconds))
      throw new ZenHireSandboxError(
        400,
        'AUDIO_DURATION_UNAVAILABLE',
        'The audio duration could not be read.',
      );
    const durationMs = Math.round(seconds * 1000);
    if (durationMs < SPEECH_LIMITS.minDurationMs)
      throw new ZenHireSandboxError(
        400,
        'AUDIO_TOO_SHORT',
        'Audio must be at least 3 minutes long.',
      );
    if (durationMs > SPEECH_LIMITS.maxDurationMs)
      throw new ZenHireSandboxError(
        400,
        'AUDIO_TOO_LONG',
        'Audio must be at most 45 minutes long.',
      );

    const cost = Math.max(1, Math.ceil(durationMs / 60_000));
    const ledger = this.rt.ledger(caller.clientId);
    if (cost > ledger.available)
      throw new ZenHireSandboxError(
        402,
        'INSUFFICIENT_CREDITS',
        'Not enough credits for this audio.',
        {
          details: { cost, available: ledger.available },
        },
      );

    this.settle();
    const seq = ++this.seq;
    const id = `req_${seededHex(this.rt.seed, 24, 'speech-run', seq)}`;
    const [minS, maxS] = this.options.processingSeconds;
    const run: SpeechRun = {
      id,
      seq,
      clientId: caller.clientId,
      externalId: externalIdRaw ?? null,
      metadata,
      tags: tags.tags,
      language,
      format,
      audioDurationMs: durationMs,
      audioSha256: sha,
      audioLevel: wav?.level,
      cost,
      status: 'queued',
      createdAt: now,
      processingMs: seededInt(this.rt.seed, minS, maxS, 'speech-processing', id) * 1000,
    };
    ledger.hold('speech', id, cost);
    this.runs.set(id, run);
    const active = this.active(caller.clientId);
    if (active < this.options.concurrency) this.start(run, now);
    return reply.code(202).send(this.submitBody(run));
  }

  private submitBody(run: SpeechRun) {
    const body: Record<string, unknown> = { id: run.id, status: run.status };
    if (run.status === 'queued') body.queuePosition = this.queuePosition(run);
    body.activeRequests = this.active(run.clientId);
    body.pollIntervalSeconds = this.pollInterval(run);
    body.externalId = run.externalId;
    return body;
  }

  private async poll(request: FastifyRequest, reply: FastifyReply) {
    const caller = this.rt.authenticate(request, 'speech');
    this.settle();
    const { id } = request.params as { id: string };
    const run = this.runs.get(id);
    if (!run || run.clientId !== caller.clientId)
      throw new ZenHireSandboxError(404, 'NOT_FOUND', 'Run not found.');
    const now = this.rt.now();
    if (!SPEECH_TERMINAL.includes(run.status)) {
      if (run.lastPollAt !== undefined && now - run.lastPollAt < SPEECH_LIMITS.pollMinIntervalMs) {
        const wait = Math.max(
          1,
          Math.ceil((run.lastPollAt + SPEECH_LIMITS.pollMinIntervalMs - now) / 1000),
        );
        throw new ZenHireSandboxError(
          429,
          'POLL_RATE_LIMITED',
          'Poll this run at most every 10 seconds.',
          {
            retryAfterSeconds: wait,
          },
        );
      }
      run.lastPollAt = now;
      if (run.status === 'processing') reply.header('Retry-After', String(this.pollInterval(run)));
    }
    return this.pollBody(run);
  }

  /** The §5.5 poll payload for `run` at its current status. */
  pollBody(run: SpeechRun): Record<string, unknown> {
    const base = { id: run.id, externalId: run.externalId, status: run.status };
    if (run.status === 'queued' || run.status === 'processing') {
      return {
        ...base,
        timestamp: this.rt.date().toISOString(),
        ...(run.status === 'queued' ? { queuePosition: this.queuePosition(run) } : {}),
        pollIntervalSeconds: this.pollInterval(run),
        metadata: run.metadata,
        tags: run.tags,
      };
    }
    const credits = {
      deducted: run.creditsDeducted ?? 0,
      remainingBalance: run.remainingBalance ?? 0,
      audioDurationMinutes: Math.round((run.audioDurationMs / 60_000) * 100) / 100,
    };
    const timing = {
      timestamp: new Date(run.completedAt!).toISOString(),
      processingTimeMs: run.completedAt! - run.startedAt!,
    };
    if (run.status === 'failed') {
      return {
        ...base,
        ...timing,
        credits,
        error: run.error,
        metadata: run.metadata,
        tags: run.tags,
      };
    }
    const a = run.assessment!;
    return {
      ...base,
      ...timing,
      scoringMethod: run.language === 'en' ? 'ml_hybrid' : 'gpt_multilingual',
      audio: {
        durationMs: run.audioDurationMs,
        durationFormatted: formatDuration(run.audioDurationMs),
        languageCode: run.language,
        requestedLanguage: run.language,
        speakerCount: a.speakerCount,
      },
      candidateDetection: a.candidateDetection,
      scores: a.scores,
      explainability: a.explainability,
      analysis: a.analysis,
      hrRecommendation: a.hrRecommendation,
      candidateFeedback: a.candidateFeedback,
      transcript: a.transcript,
      credits,
      error: null,
      metadata: run.metadata,
      tags: run.tags,
    };
  }

  private list(request: FastifyRequest) {
    const caller = this.rt.authenticate(request, 'speech');
    this.settle();
    const q = request.query as Record<string, string | undefined>;
    const serviceType = q.serviceType ?? 'speech';
    if (serviceType !== 'speech' && serviceType !== 'cv_deepmatch')
      throw new ZenHireSandboxError(
        400,
        'INVALID_SERVICE_TYPE',
        'serviceType must be speech or cv_deepmatch.',
      );
    const allowed = serviceType === 'speech' ? STATUSES : ['processing', 'finished', 'failed'];
    if (q.status !== undefined && !allowed.includes(q.status as SpeechRunStatus))
      throw new ZenHireSandboxError(
        400,
        'INVALID_STATUS',
        `status must be one of ${allowed.join(', ')}.`,
      );
    const after = parseDate(q.createdAfter, 'createdAfter');
    const before = parseDate(q.createdBefore, 'createdBefore');
    const limit = q.limit === undefined ? 20 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      throw new ZenHireSandboxError(400, 'INVALID_PARAMETERS', 'limit must be an integer 1-100.');
    let from = Number.POSITIVE_INFINITY;
    if (q.cursor !== undefined) {
      const decoded = /^s:(\d+)$/.exec(Buffer.from(q.cursor, 'base64url').toString('utf8'));
      if (!decoded)
        throw new ZenHireSandboxError(400, 'INVALID_PARAMETERS', 'cursor is not valid.');
      from = Number(decoded[1]);
    }
    const rows = (
      serviceType === 'speech' ? this.speechRows(caller.clientId) : this.cvdmRows(caller.clientId)
    )
      .filter((r) => r.seq < from)
      .filter((r) => q.externalId === undefined || r.row.externalId === q.externalId)
      .filter((r) => q.status === undefined || r.row.status === q.status)
      .filter((r) => after === undefined || r.createdAt >= after)
      .filter((r) => before === undefined || r.createdAt <= before)
      .sort((a, b) => b.seq - a.seq);
    const page = rows.slice(0, limit);
    const nextCursor =
      rows.length > limit
        ? Buffer.from(`s:${page[page.length - 1].seq}`).toString('base64url')
        : null;
    return { data: page.map((r) => r.row), nextCursor };
  }

  private speechRows(clientId: string): ListRow[] {
    return [...this.runs.values()]
      .filter((r) => r.clientId === clientId)
      .map((r) => ({
        seq: r.seq,
        createdAt: r.createdAt,
        row: {
          id: r.id,
          serviceType: 'speech',
          externalId: r.externalId,
          status: r.status,
          createdAt: new Date(r.createdAt).toISOString(),
          completedAt: r.completedAt === undefined ? null : new Date(r.completedAt).toISOString(),
          audioDurationMs: r.audioDurationMs,
          creditsDeducted: r.creditsDeducted ?? null,
          cefrLevel: r.assessment?.scores.cefrLevel ?? null,
          metadata: r.metadata,
          tags: r.tags,
        },
      }));
  }

  private enforceRateLimit(key: string, limit: number): void {
    const decision = this.submitLimiter.take(key, limit);
    if (decision.allowed) return;
    throw new ZenHireSandboxError(
      429,
      'RATE_LIMIT_EXCEEDED',
      `More than ${limit} submits per minute.`,
      {
        retryAfterSeconds: Math.max(1, Math.ceil(decision.retryAfterMs / 1000)),
        details: { limit, windowSeconds: 60 },
      },
    );
  }

  private active(clientId: string): number {
    let n = 0;
    for (const r of this.runs.values())
      if (r.clientId === clientId && r.status === 'processing') n++;
    return n;
  }

  private queuePosition(run: SpeechRun): number {
    let n = 0;
    for (const r of this.runs.values())
      if (r.clientId === run.clientId && r.status === 'queued' && r.seq <= run.seq) n++;
    return n;
  }

  /** §4 cadence: 20 s while queued; 15 s for the first 2 min, 30 s to 5 min, then 60 s. */
  private pollInterval(run: SpeechRun): number {
    if (run.status === 'queued') return 20;
    const age = this.rt.now() - run.createdAt;
    return age < 120_000 ? 15 : age < 300_000 ? 30 : 60;
  }

  private start(run: SpeechRun, at: number): void {
    run.status = 'processing';
    run.startedAt = at;
    this.rt.schedule(at + run.processingMs, () => this.settle());
  }

  private startQueued(clientId: string, at: number): void {
    const queued = [...this.runs.values()]
      .filter((r) => r.clientId === clientId && r.status === 'queued')
      .sort((a, b) => a.seq - b.seq);
    for (const run of queued) {
      if (this.active(clientId) >= this.options.concurrency) return;
      this.start(run, at);
    }
  }

  private finish(run: SpeechRun, at: number): void {
    const outcome: ForcedOutcome =
      this.rt.forcedOutcome(run.id, run.externalId) ??
      (run.metadata.sandbox_outcome as ForcedOutcome | undefined) ??
      (run.audioLevel !== undefined && run.audioLevel < 0.01 ? 'low_confidence' : 'success');
    const ledger = this.rt.ledger(run.clientId);
    run.completedAt = at;
    if (outcome === 'failed') {
      run.status = 'failed';
      run.error = { code: 'PROCESSING_FAILED', message: 'The audio could not be scored.' };
      run.creditsDeducted = 0;
    } else {
      const partial = outcome === 'partial';
      run.status = partial ? 'partial' : 'success';
      run.lowConfidence = outcome === 'low_confidence';
      run.assessment = assessSpeech(this.rt.seed, run.externalId ?? run.audioSha256, {
        partial,
        lowConfidence: run.lowConfidence,
        durationMs: run.audioDurationMs,
      });
      // partial: charged in proportion to the scores produced (2 of 3), rounded up (§8).
      run.creditsDeducted = partial ? Math.ceil((run.cost * 2) / 3) : run.cost;
    }
    ledger.settle('speech', run.id, run.creditsDeducted);
    run.remainingBalance = ledger.balance;
  }
}

/** A row of `GET /api/v1/speech/runs` with its sort keys. */
export interface ListRow {
  seq: number;
  createdAt: number;
  row: Record<string, unknown> & { externalId?: string | null; status: string };
}

function parseMetadata(raw: string | undefined): Record<string, string> {
  if (raw === undefined || raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ZenHireSandboxError(400, 'INVALID_METADATA', 'metadata is not valid JSON.');
  }
  const problem = metadataProblem(parsed);
  if (problem) throw new ZenHireSandboxError(400, 'INVALID_METADATA', problem);
  // The poll schema types metadata values as strings (§2).
  return Object.fromEntries(
    Object.entries(parsed as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
  );
}

function parseDate(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
  const t = Date.parse(value);
  if (!iso.test(value) || Number.isNaN(t))
    throw new ZenHireSandboxError(400, 'INVALID_DATE', `${name} must be an ISO 8601 date.`);
  return t;
}

function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/**
 * Reads a multipart body with an `audio` file under the Speech upload rules (zenhire-api.md
 * §5.2: at most 25 MB, MP3/WAV/M4A/WebM/OGG/FLAC). Shared by `POST /api/v1/speech/analyze`
 * and the product-page `POST /v1/soft-skills-score`.
 * @throws ZenHireSandboxError 400 `MISSING_AUDIO_FILE` (absent or empty), `FILE_TOO_LARGE`,
 *   `UNSUPPORTED_FORMAT`
 */
export async function readAudioForm(
  request: FastifyRequest,
): Promise<{ form: MultipartForm; audio: FormFile; format: AudioFormat }> {
  const form = await readMultipartForm(request, SPEECH_LIMITS.maxFileBytes);
  const audio = form.files.get('audio');
  if (!audio || audio.data.length === 0)
    throw new ZenHireSandboxError(
      400,
      'MISSING_AUDIO_FILE',
      'No audio file in the multipart body.',
    );
  if (audio.tooLarge)
    throw new ZenHireSandboxError(400, 'FILE_TOO_LARGE', 'Audio file is larger than 25 MB.');
  const format = detectAudioFormat(audio.data);
  if (!format)
    throw new ZenHireSandboxError(
      400,
      'UNSUPPORTED_FORMAT',
      'Audio is not a valid MP3, WAV, M4A, WebM, OGG or FLAC file.',
    );
  return { form, audio, format };
}
