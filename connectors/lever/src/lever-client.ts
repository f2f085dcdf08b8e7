import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
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
 * after exponential backoff with jitter: `baseBackoffMs × 2^n`, a random 50–100 % of it,
 * capped at `maxBackoffMs`, up to `maxRetries`. 5xx and network failures of safe calls are
 * retried the same way.
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
    this.http = axios.create({
      timeout: options.timeoutMs,
      validateStatus: () => true,
      maxRedirects: 5,
    });
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

  /** Sends one request (with the retries above); resolves for 2xx, throws `ConnectorError` otherwise. */
  async request<T>(request: LeverRequest, meter?: CallMeter): Promise<LeverResponse<T>> {
    const { rateLimit, logger } = this.options;
    const safe = request.safe ?? request.method !== 'POST';
    for (let attempt = 0; ; attempt++) {
      await this.bucket.removeTokens(1);
      let response: AxiosResponse;
      try {
        if (meter) meter.calls++;
        response = await this.send(request);
      } catch (error) {
        const reason = (error as { code?: unknown }).code;
        const failure = leverNetworkError(
          request.method,
          request.path,
          typeof reason === 'string' ? reason : 'request failed',
        );
        logger.warn(
          { method: request.method, path: request.path, reason: failure.message },
          'lever call failed',
        );
        if (safe && attempt < rateLimit.maxRetries) {
          await this.sleep(this.backoff(attempt));
          continue;
        }
        throw failure;
      }
      const { status } = response;
      logger.debug({ method: request.method, path: request.path, status }, 'lever call');
      if (status >= 200 && status < 300) {
        const body: unknown = response.data;
        return { status, body, data: (body as { data?: T } | undefined)?.data as T };
      }
      const failure = leverHttpError(request.method, request.path, status, response.data);
      const retry = status === 429 || (status >= 500 && safe);
      if (!retry || attempt >= rateLimit.maxRetries) throw failure;
      if (status === 429) this.bucket.content = 0;
      const wait = this.backoff(attempt);
      logger.warn(
        { method: request.method, path: request.path, status, retryInMs: wait },
        'lever call retried',
      );
      await this.sleep(wait);
    }
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

  private send(request: LeverRequest): Promise<AxiosResponse> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: this.#authorization,
    };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    return this.http.request({
      method: request.method,
      url: this.url(request.path, request.query),
      data: request.body === undefined ? undefined : JSON.stringify(request.body),
      headers,
      transformResponse: [(data: unknown) => parseJson(data)],
    });
  }

  /** A safe summary (no credentials) for logs and serialisation. */
  toJSON(): { baseUrl: string; auth: 'apiKey' | 'accessToken' } {
    return {
      baseUrl: this.baseUrl,
      auth: this.authKind,
    };
  }

  private backoff(attempt: number): number {
    const { baseBackoffMs, maxBackoffMs } = this.options.rateLimit;
    const step = Math.min(maxBackoffMs, baseBackoffMs * 2 ** attempt);
    return Math.round(step / 2 + (step / 2) * this.random());
  }
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
