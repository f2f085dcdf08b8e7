import { inspect } from 'node:util';
import type { CreditsResponse, HealthResponse } from './schemas/universal';
import type { SpeechRun } from './schemas/speech';
import type { SessionDetail } from './schemas/interview';
import type { CvDeepMatchRequest } from './schemas/cvdeepmatch';
import type { CvdsRun } from './schemas/cvdeepsearch';
import type { AiInterviewResult } from './schemas/ai-interview';
import { DEFAULT_RETRY_OPTIONS, type RetryOptions } from './http/retry-policy';
import { defaultClock, defaultSleep, type Clock, type Sleep } from './http/sleep';
import { ZenHireTransport, type ZenHireLogger, type ZenHireRequestInfo } from './http/transport';
import type { WaitOptions } from './polling';
import type { ModuleContext } from './modules/context';
import { SpeechApi } from './modules/speech';
import { InterviewApi } from './modules/interview';
import { CvDeepMatchApi } from './modules/cv-deepmatch';
import { CvDeepSearchApi } from './modules/cv-deepsearch';
import {
  AiInterviewApi,
  DEFAULT_PRODUCT_PAGE_PATHS,
  SoftSkillsApi,
  type ProductPagePaths,
} from './modules/ai-interview';
import { getCredits, getHealth } from './modules/universal';

/** Default host, the only server in `openapi.yaml` (zenhire-api.md §0). */
export const DEFAULT_BASE_URL = 'https://platform.zenhire.ai';
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_USER_AGENT = 'zenhire-connect/0.1.0 (+@zenhire-connect/zenhire-client)';

/** Options of {@link ZenHireClient}. */
export interface ZenHireClientOptions {
  /** Sent as `X-API-Key` (§1); treated as opaque; never logged or serialised. */
  apiKey: string;
  /** Default `https://platform.zenhire.ai`. */
  baseUrl?: string;
  /** Per-request timeout in milliseconds. Default 30,000. */
  timeoutMs?: number;
  /** Retry caps (see `RetryOptions`). */
  retry?: Partial<RetryOptions>;
  /** Pino-compatible logger; receives no secrets. */
  logger?: ZenHireLogger;
  /** Default `zenhire-connect/<version>`. */
  userAgent?: string;
  /** Called once per HTTP attempt, e.g. to count ZenHire calls per run. */
  onRequest?: (info: ZenHireRequestInfo) => void;
  /** Paths of the product-page endpoints (§12). */
  paths?: Partial<ProductPagePaths>;
  /** Lookup window before the first submit attempt (ms), for ambiguous failures. Default 5 min. */
  submitLookupWindowMs?: number;
  /** Wait before that lookup (ms). Default 2,000. */
  submitLookupDelayMs?: number;
  /** Injectable for tests: wait function (ms). */
  sleep?: Sleep;
  /** Injectable for tests: clock (ms since epoch). */
  now?: Clock;
  /** Injectable for tests: randomness in [0, 1) for jitter. */
  random?: () => number;
}

/** A run to wait for, by module. */
export type RunRef =
  | { module: 'speech'; id: string }
  | { module: 'interview'; id: string }
  | { module: 'cvdeepmatch'; id: string }
  | { module: 'cvdeepsearch'; id: string }
  | { module: 'ai_interview'; id: string };

/** Terminal state returned by {@link ZenHireClient.waitForTerminal} per module. */
export interface TerminalRunByModule {
  speech: SpeechRun;
  interview: SessionDetail;
  cvdeepmatch: CvDeepMatchRequest;
  cvdeepsearch: CvdsRun;
  ai_interview: AiInterviewResult;
}

/**
 * Typed client of the ZenHire API Platform.
 *
 * ```ts
 * const zenhire = new ZenHireClient({ apiKey: process.env.ZENHIRE_API_KEY! });
 * const submitted = await zenhire.speech.submit({ audio: './answer.mp3', language: 'en', externalId: 'gh:app:123' });
 * const run = await zenhire.speech.waitForTerminal(submitted);
 * ```
 */
export class ZenHireClient {
  readonly speech: SpeechApi;
  readonly interview: InterviewApi;
  readonly cvDeepMatch: CvDeepMatchApi;
  readonly cvDeepSearch: CvDeepSearchApi;
  /** Product-page endpoint `/v1/interviews` (§12). */
  readonly aiInterview: AiInterviewApi;
  /** Product-page endpoint `/v1/soft-skills-score` (§12). */
  readonly softSkills: SoftSkillsApi;
  readonly #ctx: ModuleContext;

  constructor(options: ZenHireClientOptions) {
    if (typeof options.apiKey !== 'string' || options.apiKey.length === 0) {
      throw new TypeError('ZenHireClient: apiKey is required');
    }
    const transport = new ZenHireTransport({
      apiKey: options.apiKey,
      baseUrl: options.baseUrl ?? DEFAULT_BASE_URL,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
      retry: { ...DEFAULT_RETRY_OPTIONS, ...options.retry },
      logger: options.logger,
      onRequest: options.onRequest,
      sleep: options.sleep ?? defaultSleep,
      now: options.now ?? defaultClock,
      random: options.random ?? Math.random,
    });
    this.#ctx = {
      transport,
      lastPollAt: new Map(),
      lookupWindowMs: options.submitLookupWindowMs ?? 5 * 60 * 1000,
      lookupDelayMs: options.submitLookupDelayMs ?? 2_000,
    };
    const paths = { ...DEFAULT_PRODUCT_PAGE_PATHS, ...options.paths };
    this.speech = new SpeechApi(this.#ctx);
    this.interview = new InterviewApi(this.#ctx);
    this.cvDeepMatch = new CvDeepMatchApi(this.#ctx);
    this.cvDeepSearch = new CvDeepSearchApi(this.#ctx);
    this.aiInterview = new AiInterviewApi(this.#ctx, paths.aiInterviews);
    this.softSkills = new SoftSkillsApi(this.#ctx, paths.softSkillsScore);
  }

  /** `GET /api/v1/credits` (§8). */
  credits(options: { signal?: AbortSignal } = {}): Promise<CreditsResponse> {
    return getCredits(this.#ctx, options.signal);
  }

  /** `GET /api/v1/health`, without key (§9). */
  health(options: { signal?: AbortSignal } = {}): Promise<HealthResponse> {
    return getHealth(this.#ctx, options.signal);
  }

  /**
   * Polls any run until terminal at the documented cadence (§4): `pollIntervalSeconds`,
   * `Retry-After`, never faster than 10 s per id, otherwise 15/30/60 s escalation; stops
   * with `ZenHirePollTimeoutError` after `budgetMs` (default 20 min) or `ZenHireAbortedError`.
   */
  waitForTerminal<M extends RunRef['module']>(
    run: { module: M; id: string },
    options: WaitOptions<TerminalRunByModule[M]> = {},
  ): Promise<TerminalRunByModule[M]> {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one options object serves every module
    const opts = options as WaitOptions<any>;
    switch (run.module) {
      case 'speech':
        return this.speech.waitForTerminal(run.id, opts) as Promise<TerminalRunByModule[M]>;
      case 'interview':
        return this.interview.waitForTerminal(run.id, opts) as Promise<TerminalRunByModule[M]>;
      case 'cvdeepmatch':
        return this.cvDeepMatch.waitForTerminal(run.id, opts) as Promise<TerminalRunByModule[M]>;
      case 'cvdeepsearch':
        return this.cvDeepSearch.waitForTerminal(run.id, opts) as Promise<TerminalRunByModule[M]>;
      case 'ai_interview':
        return this.aiInterview.waitForTerminal(run.id, opts) as Promise<TerminalRunByModule[M]>;
      default:
        throw new TypeError(`unknown module ${String((run as { module: unknown }).module)}`);
    }
  }

  toJSON(): Record<string, unknown> {
    return { client: 'ZenHireClient', ...this.#ctx.transport.toJSON() };
  }

  [inspect.custom](): string {
    return `ZenHireClient ${JSON.stringify(this.toJSON())}`;
  }
}
