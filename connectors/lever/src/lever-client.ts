import axios, {
  type AxiosError,
  type AxiosInstance,
  type AxiosRequestConfig,
  type AxiosResponse,
} from 'axios';
import axiosRetry from 'axios-retry';
import { TokenBucket } from 'limiter';
import type { ConnectorLogger } from '@zenhire-connect/core';
import type { RateLimitConfig } from './config';
import { leverHttpError, leverNetworkError } from './lever-error';
import { listPageSchema } from './lever-records';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Counts the HTTP requests of one unit of work (one `applyPlan`, one webhook, one refresh). */
export interface CallMeter {
  calls: number;
}

/** Query values; arrays are sent as repeated parameters (`expand=a&expand=b`, lever-api.md §1.3). */
export type Query = Record<string, string | number | boolean | string[] | undefined>;

export interface LeverRequest {
  method: HttpMethod;
  /** Path under the base URL, e.g. `/opportunities/<id>/stage`. */
  path: string;
  query?: Query;
  body?: unknown;
  /**
   * Whether 5xx and network failures may be retried here. Default: every method but POST
   * (a POSTed note or feedback form could be created twice); set-like POSTs (`addTags`,
   * `removeTags`) pass `true`. 429 is retried for every method: Lever did not process it.
   */
  safe?: boolean;
}

export interface LeverResponse<T> {
  status: number;
  /** The top-level `data` of the answer (lever-api.md §1.4). */
  data: T;
  /** The whole parsed answer (lists: `{ data, hasNext, next }`). */
  body: unknown;
}

/** Credentials: an API key (HTTP Basic, empty password) or an OAuth access token (Bearer), §1.1. */
export type LeverCredentials = { apiKey: string } | { accessToken: string };

export interface LeverClientOptions {
  baseUrl: string;
  credentials: LeverCredentials;
  rateLimit: RateLimitConfig;
  /** Request timeout in milliseconds. */
  timeoutMs: number;
  logger: ConnectorLogger;
  /** Waits `ms` milliseconds (tests inject one so backoff is checked without waiting). */
  sleep?: (ms: number) => Promise<void>;
  /** Uniform random in [0, 1) for backoff jitter (tests inject one). */
  random?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Lever data API HTTP client (lever-api.md §1). Every request first takes a token from a
 * client-side token bucket (`limiter`'s `TokenBucket`: `requestsPerSecond` steady, size
 * `burst − 1` as one token of headroom for network jitter, starts full, FIFO waiters), so
 * parallel callers share Lever's per-credential budget (10 rps, burst 20) instead of
 * discovering it through 429s. Lever sends no rate-limit
 * headers, so a 429 empties the bucket (every caller slows down) and the call is retried
 * after exponential backoff with jitter: `baseBackoffMs × 2^n`, capped at `maxBackoffMs`, a
 * random 50–100 % of it, up to `maxRetries` (`Retry-After` is not read: Lever sends none).
 * 5xx and network failures of safe calls are retried the same way; other statuses never.
 * Retries are axios-retry's on the client's axios instance; every HTTP attempt, retries
 * included, takes one bucket token and counts once in the caller's `CallMeter`.
 *
 * Errors: `ConnectorError` (see lever-error.ts). Credentials never appear in errors or logs:
 * only method, path (ids) and status are logged, and axios errors are never passed on.
 */
export class LeverClient {
  private readonly http: AxiosInstance;
  private readonly bucket: TokenBucket;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly baseUrl: string;
  /** Settings without the credentials. */
  private readonly options: Omit<LeverClientOptions, 'credentials'>;
  private readonly authKind: 'apiKey' | 'accessToken';
  /** The `Authorization` header, in an ES private field: never in JSON, `util.inspect` or logs. */
  readonly #authorization: string;

  constructor({ credentials, ...options }: LeverClientOptions) {
    this.options = options;
    this.authKind = 'apiKey' in credentials ? 'apiKey' : 'accessToken';
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#authorization =
      'apiKey' in credentials
        ? `Basic ${Buffer.from(`${credentials.apiKey}:`).toString('base64')}`
        : `Bearer ${credentials.accessToken}`;
    // One token of headroom (bucket size burst − 1): Lever's bucket starts counting when our
    // first request arrives, so a slower first request (connection setup) would otherwise
    // put us a fraction of a token ahead of Lever's count and draw a 429.
    const size = Math.max(1, options.rateLimit.burst - 1);
    this.bucket = new TokenBucket({
      bucketSize: size,
      tokensPerInterval: options.rateLimit.requestsPerSecond,
      interval: 1000,
    });
    this.bucket.content = size;
    this.http = axios.create({
      timeout: options.timeoutMs,
      // Non-2xx answers reject, so axios-retry sees them (and request() maps them).
      validateStatus: (status) => status >= 200 && status < 300,
      maxRedirects: 5,
    });
    // Both interceptors are registered before axios-retry. Request interceptors run in reverse
    // order of registration, response interceptors in order, and axios-retry re-sends a retry
    // through this instance: so each HTTP attempt (first and every retry) takes exactly one
    // token, counts once in the meter and is logged once.
    this.http.interceptors.request.use(async (config) => {
      await this.bucket.removeTokens(1);
      const call = callOf(config);
      if (call?.meter) call.meter.calls++;
      return config;
    });
    this.http.interceptors.response.use(
      (response) => {
        this.logAnswer(response.config, response.status);
        return response;
      },
      (error: unknown) => {
        if (axios.isAxiosError(error)) {
          if (error.response) this.logAnswer(error.config, error.response.status);
          else this.logNetworkFailure(error.config, error);
        }
        return Promise.reject(error);
      },
    );
    axiosRetry(this.http, {
      retries: options.rateLimit.maxRetries,
      shouldResetTimeout: true,
      // The backoff is waited in onRetry through the injectable `sleep`, not axios-retry's timer.
      retryDelay: () => 0,
      retryCondition: (error) => shouldRetry(error),
      onRetry: async (retryCount, error, config) => {
        const status = error.response?.status;
        // Lever sends no rate-limit headers: a 429 empties the bucket so every caller slows down.
        if (status === 429) this.bucket.content = 0;
        const wait = this.backoff(retryCount - 1);
        if (status !== undefined) {
          const call = callOf(config);
          options.logger.warn(
            { method: call?.method, path: call?.path, status, retryInMs: wait },
            'lever call retried',
          );
        }
        await this.sleep(wait);
      },
    });
  }

  /** Absolute URL of a path under the base URL (also for previews). */
  url(path: string, query?: Query): string {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const v of value) url.searchParams.append(key, v);
      else url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  /**
   * Sends one request (with the retries above); resolves for 2xx.
   * @throws ConnectorError `leverHttpError` for a non-2xx answer (after the retries), or
   *   `leverNetworkError` when no answer came (DNS, refused, reset, timeout).
   */
  async request<T>(request: LeverRequest, meter?: CallMeter): Promise<LeverResponse<T>> {
    const call = new LeverCall(
      request.method,
      request.path,
      request.safe ?? request.method !== 'POST',
      meter,
    );
    let response: AxiosResponse;
    try {
      response = await this.send(request, call);
    } catch (error) {
      // The axios error holds the request config (with the Authorization header): never passed on.
      if (axios.isAxiosError(error) && error.response) {
        throw leverHttpError(call.method, call.path, error.response.status, error.response.data);
      }
      throw leverNetworkError(call.method, call.path, networkReason(error));
    }
    const { status } = response;
    const body: unknown = response.data;
    return { status, body, data: (body as { data?: T } | undefined)?.data as T };
  }

  /** Every item of a list endpoint, following `next` as `offset` until `hasNext` is false (§1.3). */
  async listAll<T>(path: string, query: Query = {}, meter?: CallMeter): Promise<T[]> {
    const items: T[] = [];
    let offset: string | undefined;
    for (;;) {
      const { body } = await this.request<unknown>(
        { method: 'GET', path, query: { limit: 100, ...query, offset } },
        meter,
      );
      const page = listPageSchema.safeParse(body);
      if (!page.success) return items;
      items.push(...(page.data.data as T[]));
      if (!page.data.hasNext || !page.data.next) return items;
      offset = page.data.next;
    }
  }

  private send(request: LeverRequest, call: LeverCall): Promise<AxiosResponse> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: this.#authorization,
    };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    const config: AxiosRequestConfig & Record<typeof CALL_KEY, LeverCall> = {
      method: request.method,
      url: this.url(request.path, request.query),
      data: request.body === undefined ? undefined : JSON.stringify(request.body),
      headers,
      transformResponse: [(data: unknown) => parseJson(data)],
      [CALL_KEY]: call,
    };
    return this.http.request(config);
  }

  /** A safe summary (no credentials) for logs and serialisation. */
  toJSON(): { baseUrl: string; auth: 'apiKey' | 'accessToken' } {
    return {
      baseUrl: this.baseUrl,
      auth: this.authKind,
    };
  }

  /** Debug log of one HTTP answer (method, path, status: no credentials). */
  private logAnswer(config: unknown, status: number): void {
    const call = callOf(config);
    this.options.logger.debug({ method: call?.method, path: call?.path, status }, 'lever call');
  }

  /** Warn log of one attempt that got no answer (the error itself is never logged). */
  private logNetworkFailure(config: unknown, error: unknown): void {
    const call = callOf(config);
    if (!call) return;
    const failure = leverNetworkError(call.method, call.path, networkReason(error));
    this.options.logger.warn(
      { method: call.method, path: call.path, reason: failure.message },
      'lever call failed',
    );
  }

  /**
   * Wait before retry number `attempt + 1`, in milliseconds: step `baseBackoffMs × 2^attempt`
   * capped at `maxBackoffMs`, a random 50–100 % of it (config.ts `rateLimitSchema`).
   */
  private backoff(attempt: number): number {
    const { baseBackoffMs, maxBackoffMs } = this.options.rateLimit;
    const step = Math.min(maxBackoffMs, baseBackoffMs * 2 ** attempt);
    return Math.round(step / 2 + (step / 2) * this.random());
  }
}

/**
 * The facts of one `request()` call the interceptors and retry hooks need, carried in the
 * axios config under {@link CALL_KEY}. A class instance on purpose: axios deep-copies plain
 * objects when it merges a config (and again for each retry), which would copy the meter.
 */
class LeverCall {
  constructor(
    readonly method: HttpMethod,
    readonly path: string,
    /** Whether 5xx answers and network failures may be retried (`LeverRequest.safe`). */
    readonly safe: boolean,
    readonly meter: CallMeter | undefined,
  ) {}
}

const CALL_KEY = 'leverCall';

function callOf(config: unknown): LeverCall | undefined {
  const call = (config as Record<string, unknown> | undefined)?.[CALL_KEY];
  return call instanceof LeverCall ? call : undefined;
}

/**
 * Retry policy: 429 always (Lever did not process it); 5xx and network failures (no answer)
 * only for safe calls; never other statuses. The count limit (`maxRetries`) is axios-retry's.
 */
function shouldRetry(error: AxiosError): boolean {
  const status = error.response?.status;
  if (status === 429) return true;
  if (!callOf(error.config)?.safe) return false;
  return status === undefined || status >= 500;
}

/** The error code of a request that got no answer (`ECONNREFUSED`, `ECONNABORTED`, …). */
function networkReason(error: unknown): string {
  const reason = (error as { code?: unknown } | undefined)?.code;
  return typeof reason === 'string' ? reason : 'request failed';
}

function parseJson(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  if (data.length === 0) return undefined;
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}
