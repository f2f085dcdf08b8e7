import { createHash } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FaultResponder } from '../sandbox/faults';
import { INSPECTION_PREFIX, SandboxServer, type SandboxOptions } from '../sandbox/sandbox-server';
import { seededHex } from '../sandbox/seeded';
import type { AudioFormat } from './audio';
import { CreditLedger, type CreditSummary } from './credits';
import { CvDeepMatchModule, type CvDeepMatchRecord } from './cvdeepmatch';
import { DocumentedTimers } from './documented-timers';
import { CvDeepSearchModule, type CvdsCandidate, type CvdsRun } from './cvdeepsearch';
import { FAULT_CODES, sendZenHireError, ZenHireSandboxError } from './errors';
import {
  InterviewModule,
  type InterviewOptions,
  type InterviewPersona,
  type InterviewSession,
  type SimulatedCandidate,
} from './interview';
import { ProductPageModule } from './product-pages';
import {
  readApiKey,
  type AuthStyle,
  type ForcedOutcome,
  type ZenHireApiKeyConfig,
  type ZenHireCaller,
  type ZenHirePermission,
  type ZenHireRuntime,
} from './runtime';
import { SpeechModule, type SpeechRun } from './speech';
import { WebhookSender, type WebhookDelivery, type WebhookRetryPolicy } from './webhook-sender';

/** The key a sandbox accepts when no `apiKeys` are given: every permission, multilingual. */
export const DEFAULT_ZENHIRE_SANDBOX_KEY = 'zh_api_sandbox_0000000000000000';
/** Webhook secret when none is given. */
export const DEFAULT_ZENHIRE_WEBHOOK_SECRET = 'whsec_zenhire_sandbox';
/** Prefix of the ZenHire inspection API over HTTP. */
export const ZENHIRE_INSPECTION_PREFIX = `${INSPECTION_PREFIX}/zenhire`;

/** Options of {@link ZenHireSandbox}. Durations are documented (vendor) time. */
export interface ZenHireSandboxOptions extends SandboxOptions {
  /** Keys accepted. Default: {@link DEFAULT_ZENHIRE_SANDBOX_KEY} with every permission and multilingual. */
  apiKeys?: ZenHireApiKeyConfig[];
  /** Starting balance of every client, credits. Default 1000. */
  initialBalance?: number;
  /** HMAC secret of CV DeepMatch webhooks. Default {@link DEFAULT_ZENHIRE_WEBHOOK_SECRET}. */
  webhookSecret?: string;
  /** Speech runs processing at once per client (§4). Default 8. */
  speechConcurrency?: number;
  /** Speech submits per minute per key unless the key sets its own (§4). Default 500. */
  rateLimitPerMinute?: number;
  /** Documented seconds a Speech run processes, [min, max], seeded per run. Default [120, 300]. */
  speechProcessingSeconds?: [number, number];
  /** Duration in seconds of non-WAV audio (see also {@link ZenHireSandbox.setAudioDuration}). */
  audioDurationSeconds?: (audio: Buffer, format: AudioFormat) => number | undefined;
  /** Documented seconds a CV DeepMatch runs, [min, max]. Default [60, 180] ("1-3 minutes"). */
  cvDeepMatchProcessingSeconds?: [number, number];
  /** Accept `http://` webhook URLs (tests). Default false → `INSECURE_WEBHOOK_URL`. */
  allowInsecureWebhooks?: boolean;
  /** Accept loopback/private webhook hosts (tests). Default false → `PRIVATE_WEBHOOK_URL`. */
  allowPrivateWebhooks?: boolean;
  /** Webhook retries (policy [not found], §10; ours). */
  webhookRetry?: Partial<WebhookRetryPolicy>;
  /** Interview knobs (rate per minute, minimum balance, time budget, `session_id` alias). */
  interview?: Partial<InterviewOptions>;
  /** Speech submits answer 503 `SERVICE_WARMING_UP` for this many documented seconds after start. Default 0. */
  warmUpSeconds?: number;
}

/**
 * A ZenHire API sandbox on loopback, following `shared/spec/zenhire-api.md`: Speech,
 * Interview, CV DeepMatch, CV DeepSearch, credits, health, and the product-page-only
 * `/v1/interviews` and `/v1/soft-skills-score`. Time-driven behaviour (processing, poll
 * intervals, rate windows) runs on documented time: the {@link TimeScale} of the options
 * plus {@link advanceTime}. Inspection: the methods below, and over HTTP under
 * `/__sandbox/zenhire/…` (see README).
 *
 * @example
 * const sandbox = new ZenHireSandbox({ timeScale: 0.001, initialBalance: 100 });
 * const url = await sandbox.start();
 * // POST `${url}/api/v1/speech/analyze` with `X-API-Key: ${DEFAULT_ZENHIRE_SANDBOX_KEY}`
 */
export class ZenHireSandbox extends SandboxServer {
  readonly speech: SpeechModule;
  readonly interview: InterviewModule;
  readonly cvDeepMatch: CvDeepMatchModule;
  readonly cvDeepSearch: CvDeepSearchModule;
  readonly productPages: ProductPageModule;
  readonly webhooks: WebhookSender;
  private readonly keys = new Map<string, ZenHireApiKeyConfig>();
  private readonly ledgers = new Map<string, CreditLedger>();
  private readonly outcomes = new Map<string, ForcedOutcome>();
  private readonly counters = new Map<string, number>();
  private readonly timers: DocumentedTimers;
  private offsetMs = 0;
  private requestSeq = 0;
  private readonly runtime: ZenHireRuntime;

  protected readonly errorResponder: FaultResponder = (status, reply, retryAfter) => {
    const retryable = status === 429 || status === 503;
    return sendZenHireError(
      reply,
      new ZenHireSandboxError(status, FAULT_CODES[status] ?? 'INTERNAL_ERROR', 'Injected fault.', {
        retryAfterSeconds: retryable ? (retryAfter ?? 1) : undefined,
      }),
      this.date(),
      this.requestId(),
    );
  };

  constructor(private readonly zhOptions: ZenHireSandboxOptions = {}) {
    super(zhOptions);
    const keys = zhOptions.apiKeys ?? [
      {
        key: DEFAULT_ZENHIRE_SANDBOX_KEY,
        permissions: ['speech', 'interview', 'cvdeepmatch', 'cvdeepsearch'],
        multilingual: true,
      },
    ];
    for (const k of keys) this.keys.set(k.key, k);
    const secret = zhOptions.webhookSecret ?? DEFAULT_ZENHIRE_WEBHOOK_SECRET;
    this.timers = new DocumentedTimers(
      () => this.now(),
      (ms) => this.time.toRealMs(ms),
    );
    this.webhooks = new WebhookSender(
      () => secret,
      this.faults,
      {
        maxAttempts: 4,
        backoffSeconds: [30, 120, 600],
        timeoutMs: 5000,
        ...zhOptions.webhookRetry,
      },
      () => this.now(),
      (at, fn) => this.timers.schedule(at, fn),
    );
    this.runtime = {
      seed: this.seed,
      now: () => this.now(),
      date: () => this.date(),
      toRealMs: (ms) => this.time.toRealMs(ms),
      authenticate: (request, permission, style) => this.authenticate(request, permission, style),
      ledger: (clientId) => this.ledger(clientId),
      uuid: (kind) => this.uuid(kind),
      next: (kind) => this.next(kind),
      forcedOutcome: (...keys) => {
        for (const k of keys) if (k && this.outcomes.has(k)) return this.outcomes.get(k);
        return undefined;
      },
      schedule: (at, fn) => {
        this.timers.schedule(at, fn);
      },
      webhooks: this.webhooks,
    };
    const policy = {
      allowInsecureWebhooks: zhOptions.allowInsecureWebhooks ?? false,
      allowPrivateWebhooks: zhOptions.allowPrivateWebhooks ?? false,
    };
    this.cvDeepMatch = new CvDeepMatchModule(this.runtime, {
      ...policy,
      processingSeconds: zhOptions.cvDeepMatchProcessingSeconds ?? [60, 180],
    });
    this.speech = new SpeechModule(
      this.runtime,
      {
        concurrency: zhOptions.speechConcurrency ?? 8,
        rateLimitPerMinute: zhOptions.rateLimitPerMinute ?? 500,
        processingSeconds: zhOptions.speechProcessingSeconds ?? [120, 300],
        audioDurationSeconds: zhOptions.audioDurationSeconds,
      },
      (clientId) => this.cvDeepMatch.listRows(clientId),
    );
    this.interview = new InterviewModule(this.runtime, {
      creditsPerMinute: 1,
      minBalanceToStart: 1,
      timeBudgetSeconds: 3600,
      sessionIdAlias: false,
      ...zhOptions.interview,
    });
    this.cvDeepSearch = new CvDeepSearchModule(this.runtime, policy);
    this.productPages = new ProductPageModule(this.runtime);
    if (zhOptions.warmUpSeconds) this.speech.warmUp(zhOptions.warmUpSeconds);

    this.app.register(async (api) => {
      await api.register(multipart, { throwFileSizeLimit: false });
      api.setErrorHandler((error, request, reply) => this.renderError(error, request, reply));
      api.setNotFoundHandler((_request, reply) =>
        sendZenHireError(
          reply,
          new ZenHireSandboxError(404, 'NOT_FOUND', 'Route not found.'),
          this.date(),
          this.requestId(),
        ),
      );
      api.get('/api/v1/health', async () => ({
        status: this.now() < this.speech.warmingUntil ? 'warming_up' : 'ok',
        timestamp: this.date().toISOString(),
        version: '1.0.0',
      }));
      api.get('/api/v1/credits', async (request) => {
        const caller = this.authenticate(request, null);
        this.settleAll();
        return this.ledger(caller.clientId).summary();
      });
      this.speech.register(api);
      this.interview.register(api);
      this.cvDeepMatch.register(api);
      this.cvDeepSearch.register(api);
      this.productPages.register(api);
    });
    this.registerInspection(this.app);
  }

  // ---- time -------------------------------------------------------------------------

  /** Documented epoch ms: the time scale's clock plus every {@link advanceTime}. */
  now(): number {
    return this.time.now() + this.offsetMs;
  }

  date(): Date {
    return new Date(this.now());
  }

  /**
   * Moves documented time forward by `documentedMs` at once and applies what it implies
   * (runs finish, queued runs start, sessions complete, CVDM webhooks go out).
   */
  advanceTime(documentedMs: number): void {
    if (!(documentedMs >= 0)) throw new RangeError('advanceTime needs a duration >= 0');
    this.offsetMs += documentedMs;
    this.timers.runDue();
    this.settleAll();
  }

  // ---- outcomes, credits, knobs -----------------------------------------------------

  /**
   * Forces the outcome of a run or session not yet finished. `key` is a Speech run id or
   * `externalId`, a CVDM id / `idempotency_key` / `position_id`, or a product-page id /
   * `externalId`. (Speech also reads the metadata key `sandbox_outcome`.)
   */
  forceOutcome(key: string, outcome: ForcedOutcome): void {
    this.outcomes.set(key, outcome);
  }

  clearOutcome(key: string): void {
    this.outcomes.delete(key);
  }

  /** Sets a client's balance (default client `client_1`). */
  setBalance(balance: number, clientId = 'client_1'): void {
    this.ledger(clientId).setBalance(balance);
  }

  /** Balance, holds, usage and transactions of a client (same body as `GET /api/v1/credits`). */
  credits(clientId = 'client_1'): CreditSummary {
    this.settleAll();
    return this.ledger(clientId).summary();
  }

  /** Declares the duration of a non-WAV audio file (identified by its bytes). */
  setAudioDuration(audio: Buffer, seconds: number): void {
    this.speech.durationOverrides.set(createHash('sha256').update(audio).digest('hex'), seconds);
  }

  /** Speech submits answer 503 `SERVICE_WARMING_UP` for the next `seconds` of documented time. */
  warmUp(seconds: number): void {
    this.speech.warmUp(seconds);
  }

  // ---- inspection -------------------------------------------------------------------

  /** Every Speech run, oldest first, in the state documented time implies. */
  speechRuns(): SpeechRun[] {
    this.speech.settle();
    return [...this.speech.runs.values()];
  }

  personas(): InterviewPersona[] {
    return [...this.interview.personas.values()];
  }

  interviewSessions(): InterviewSession[] {
    this.interview.settle();
    return [...this.interview.sessions.values()];
  }

  /** See {@link InterviewModule.simulateCandidate}. */
  simulateCandidate(sessionId: string, candidate?: SimulatedCandidate): InterviewSession {
    return this.interview.simulateCandidate(sessionId, candidate);
  }

  cvDeepMatches(): CvDeepMatchRecord[] {
    this.cvDeepMatch.settle();
    return [...this.cvDeepMatch.matches.values()];
  }

  cvdsCandidates(): CvdsCandidate[] {
    return [...this.cvDeepSearch.candidates.values()];
  }

  cvdsRuns(): CvdsRun[] {
    return [...this.cvDeepSearch.runs.values()];
  }

  /** Every webhook attempt so far (signature included, secret never). */
  get webhookDeliveries(): WebhookDelivery[] {
    return this.webhooks.deliveries;
  }

  /**
   * Resolves when no webhook delivery is in flight and no retry fires within 10 real
   * seconds (later retries, e.g. on a frozen time scale, fire on {@link advanceTime}).
   */
  webhooksIdle(): Promise<void> {
    return this.webhooks.idle();
  }

  override async stop(): Promise<void> {
    this.timers.clear();
    this.webhooks.stop();
    await super.stop();
  }

  // ---- internals --------------------------------------------------------------------

  private settleAll(): void {
    this.speech.settle();
    this.interview.settle();
    this.cvDeepMatch.settle();
  }

  private authenticate(
    request: FastifyRequest,
    permission: ZenHirePermission | null,
    style: AuthStyle = 'standard',
  ): ZenHireCaller {
    const key = readApiKey(request);
    const config = key ? this.keys.get(key) : undefined;
    if (!config) {
      const middleware = { middleware: true };
      if (style === 'cvdm-submit')
        throw new ZenHireSandboxError(
          403,
          'MISSING_PERMISSION',
          'A valid API key with the cvdeepmatch permission is required.',
          middleware,
        );
      if (style === 'unauthenticated')
        throw new ZenHireSandboxError(
          401,
          'UNAUTHENTICATED',
          'API key missing or not recognised.',
          middleware,
        );
      if (!key)
        throw new ZenHireSandboxError(
          401,
          'MISSING_API_KEY',
          'No X-API-Key / Authorization header.',
          middleware,
        );
      throw new ZenHireSandboxError(
        401,
        'INVALID_API_KEY',
        'API key is unknown or inactive.',
        middleware,
      );
    }
    if (config.state && config.state !== 'active') {
      const [code, message] =
        config.state === 'expired'
          ? ['API_KEY_EXPIRED', 'API key has expired.']
          : config.state === 'client_inactive'
            ? ['CLIENT_INACTIVE', 'The account is disabled.']
            : ['INVALID_API_KEY', 'API key is unknown or inactive.'];
      throw new ZenHireSandboxError(401, code, message, { middleware: true });
    }
    if (permission && !config.permissions.includes(permission))
      throw new ZenHireSandboxError(
        403,
        'MISSING_PERMISSION',
        `This key lacks the ${permission} permission.`,
      );
    const clientId = config.clientId ?? 'client_1';
    return { clientId, clientUuid: uuidOf(this.seed, 'client', clientId), key: config };
  }

  private ledger(clientId: string): CreditLedger {
    let ledger = this.ledgers.get(clientId);
    if (!ledger) {
      ledger = new CreditLedger(this.zhOptions.initialBalance ?? 1000, () => this.date());
      this.ledgers.set(clientId, ledger);
    }
    return ledger;
  }

  private next(kind: string): number {
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    return n;
  }

  private uuid(kind: string): string {
    return uuidOf(this.seed, kind, this.next(kind));
  }

  private requestId(): string {
    return `req_${Date.now()}_${seededHex(this.seed, 6, 'request', ++this.requestSeq)}`;
  }

  private renderError(error: unknown, _request: FastifyRequest, reply: FastifyReply) {
    if (error instanceof ZenHireSandboxError)
      return sendZenHireError(reply, error, this.date(), this.requestId());
    const fe = error as FastifyError;
    let mapped: ZenHireSandboxError;
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      mapped = new ZenHireSandboxError(413, 'PAYLOAD_TOO_LARGE', 'Request body is too large.');
    else if (fe.statusCode === 415)
      mapped = new ZenHireSandboxError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported content type.');
    else if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500)
      mapped = new ZenHireSandboxError(400, 'INVALID_INPUT', 'The request body could not be read.');
    else mapped = new ZenHireSandboxError(500, 'INTERNAL_ERROR', 'Internal error.');
    return sendZenHireError(reply, mapped, this.date(), this.requestId());
  }

  private registerInspection(app: FastifyInstance): void {
    const p = ZENHIRE_INSPECTION_PREFIX;
    const bad = (reply: FastifyReply, message: string) => reply.code(400).send({ error: message });
    app.get(`${p}/now`, async () => ({ now: this.date().toISOString(), nowMs: this.now() }));
    app.post(`${p}/advance`, async (req, reply) => {
      const { ms, seconds } = (req.body ?? {}) as { ms?: number; seconds?: number };
      const amount = ms ?? (seconds === undefined ? undefined : seconds * 1000);
      if (typeof amount !== 'number' || !(amount >= 0))
        return bad(reply, 'body needs ms or seconds >= 0');
      this.advanceTime(amount);
      return { now: this.date().toISOString() };
    });
    app.get(`${p}/speech/runs`, async () =>
      this.speechRuns().map((r) => ({ ...r, poll: this.speech.pollBody(r) })),
    );
    app.get(`${p}/interview/sessions`, async () => this.interviewSessions());
    app.post(`${p}/interview/sessions/:id/simulate`, async (req, reply) => {
      try {
        return this.simulateCandidate(
          (req.params as { id: string }).id,
          (req.body ?? {}) as SimulatedCandidate,
        );
      } catch (e) {
        return bad(reply, (e as Error).message);
      }
    });
    app.get(`${p}/cvdeepmatch`, async () => this.cvDeepMatches());
    app.get(`${p}/cvdeepsearch`, async () => ({
      candidates: this.cvdsCandidates(),
      runs: this.cvdsRuns(),
    }));
    app.get(`${p}/credits`, async (req) =>
      this.credits((req.query as { clientId?: string }).clientId),
    );
    app.put(`${p}/credits`, async (req, reply) => {
      const { balance, clientId } = (req.body ?? {}) as { balance?: number; clientId?: string };
      if (typeof balance !== 'number') return bad(reply, 'body needs balance (number)');
      this.setBalance(balance, clientId);
      return this.credits(clientId);
    });
    app.post(`${p}/outcomes`, async (req, reply) => {
      const { key, outcome } = (req.body ?? {}) as { key?: string; outcome?: ForcedOutcome };
      if (!key || !['success', 'partial', 'failed', 'low_confidence'].includes(outcome ?? ''))
        return bad(reply, 'body needs key and outcome (success|partial|failed|low_confidence)');
      this.forceOutcome(key, outcome!);
      return { key, outcome };
    });
    app.post(`${p}/warm-up`, async (req, reply) => {
      const { seconds } = (req.body ?? {}) as { seconds?: number };
      if (typeof seconds !== 'number') return bad(reply, 'body needs seconds');
      this.warmUp(seconds);
      return { seconds };
    });
    app.get(`${p}/webhooks`, async () => this.webhookDeliveries);
  }
}

function uuidOf(seed: string | number, kind: string, n: number | string): string {
  const h = seededHex(seed, 32, 'uuid', kind, n);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
