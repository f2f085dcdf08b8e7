import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { type Clock, type ConnectorLogger, systemClock } from '@zenhire-connect/core';
import type { RateLimitConfig } from './config';
import { harvestHttpError, harvestNetworkError, parseRetryAfter } from './harvest-error';
import type { OAuthTokenSource } from './oauth-token';
import { type LimiterTimers, RollingWindowLimiter } from './rolling-window-limiter';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** Counts the HTTP requests of one unit of work (one `applyPlan`, one resolve). */
export interface CallMeter {
  calls: number;
}

/** Query values; arrays are sent comma-separated (`job_ids=1,2`). */
export type Query = Record<string, string | number | boolean | (string | number)[] | undefined>;

export interface HarvestRequest {
  method: HttpMethod;
  /** Path under the base URL (`/applications/1`), or an absolute URL. */
  path: string;
  query?: Query;
  body?: unknown;
  /**
   * Whether 5xx and network failures may be retried here. Defaults: GET, PATCH (sets
   * values), DELETE → true; POST → false (a note could be posted twice). 429 is retried
   * for every method: Greenhouse did not process the request.
   */
  safe?: boolean;
  /** Overrides the bearer token (Assessment Partner callback: Basic with the partner key). */
  basicAuth?: { username: string; password: string };
}

export interface HarvestResponse<T> {
  status: number;
  data: T;
  headers: Record<string, string>;
}

export interface HarvestClientOptions {
  baseUrl: string;
  tokens: OAuthTokenSource;
  rateLimit: RateLimitConfig;
  /** Request timeout in milliseconds. */
  timeoutMs: number;
  logger: ConnectorLogger;
  clock?: Clock;
  /** Waits `ms` milliseconds (injected in tests so backoff is checked without waiting). */
  sleep?: (ms: number) => Promise<void>;
  /** Timers of the rate limiter's window waits (on `clock`); default real timers. */
  limiterTimers?: LimiterTimers;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Harvest v3 HTTP client (greenhouse-api.md §2): bearer tokens from `OAuthTokenSource`
 * (a 401 drops the token and retries once with a fresh one), cursor pagination, and rate
 * limiting against Greenhouse's ROLLING window with a {@link RollingWindowLimiter}: at most
 * `limit` requests (`rateLimit.requestsPerWindow`, then each `X-RateLimit-Limit`) in flight
 * or answered within the last `rateLimit.windowSeconds`, at most `maxConcurrent` in flight;
 * `X-RateLimit-Remaining` only tightens that view. A 429 pauses every request of this client
 * for `Retry-After` (capped at `maxRetryAfterSeconds`; a longer wait fails the call as
 * retryable with `retryAfterMs`), so parallel callers do not storm. 5xx and network failures
 * of safe calls are retried with exponential backoff (`baseBackoffMs` × 2^n) up to
 * `maxRetries`.
 *
 * Errors: `ConnectorError` (see harvest-error.ts); the 422 body's `errors[]` is kept in
 * `details.errors`. Tokens and secrets never appear in errors or logs.
 */
export class HarvestClient {
  private readonly http: AxiosInstance;
  private readonly limiter: RollingWindowLimiter;
  private readonly clock: Clock;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly baseUrl: string;
  private announcedLimit: number | undefined;

  constructor(private readonly options: HarvestClientOptions) {
    this.clock = options.clock ?? systemClock;
    this.sleep = options.sleep ?? defaultSleep;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.http = axios.create({ timeout: options.timeoutMs, validateStatus: () => true });
    this.limiter = new RollingWindowLimiter({
      limit: options.rateLimit.requestsPerWindow,
      windowMs: options.rateLimit.windowSeconds * 1000,
      maxConcurrent: options.rateLimit.maxConcurrent,
      clock: this.clock,
      timers: options.limiterTimers,
    });
  }

  /**
   * Requests this client may send now without waiting: the limit minus requests answered in
   * the last window, in flight, or counted by Greenhouse for others (`X-RateLimit-Remaining`).
   */
  async remainingInWindow(): Promise<number | null> {
    return this.limiter.available();
  }

  /** The last `X-RateLimit-Limit` Greenhouse sent, if any. */
  get rateLimitAnnounced(): number | undefined {
    return this.announcedLimit;
  }

  /** Absolute URL of a path under the base URL (for previews). */
  url(path: string, query?: Query): string {
    const url = new URL(/^https?:\/\//.test(path) ? path : `${this.baseUrl}${path}`);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === undefined) continue;
      url.searchParams.set(key, Array.isArray(value) ? value.join(',') : String(value));
    }
    return url.toString();
  }

  /** Sends one request (with the retries above); resolves for 2xx, throws otherwise. */
  async request<T>(request: HarvestRequest, meter?: CallMeter): Promise<HarvestResponse<T>> {
    const { rateLimit } = this.options;
    const safe = request.safe ?? request.method !== 'POST';
    const label = labelOf(request.path);
    let refreshedAfter401 = false;
    for (let attempt = 0; ; attempt++) {
      const token = request.basicAuth ? undefined : await this.options.tokens.token();
      const slot = await this.limiter.acquire();
      let response: AxiosResponse;
      try {
        response = await this.send(request, token);
      } catch (error) {
        slot.done(); // before any backoff: the failed request's slot is not held meanwhile
        if (meter) meter.calls++;
        const reason = (error as { code?: string }).code ?? 'request failed';
        const failure = harvestNetworkError(request.method, label, reason);
        this.options.logger.warn(
          { method: request.method, path: label, reason },
          'greenhouse call failed',
        );
        if (safe && attempt < rateLimit.maxRetries) {
          await this.sleep(this.backoff(attempt));
          continue;
        }
        throw failure;
      }
      slot.done();
      if (meter) meter.calls++;
      const headers = flatHeaders(response.headers);
      const { status } = response;
      this.followRateLimitHeaders(headers, status === 429 ? undefined : slot.sentAt);
      this.options.logger.debug({ method: request.method, path: label, status }, 'greenhouse call');
      if (status >= 200 && status < 300) return { status, data: response.data as T, headers };
      if (status === 401 && token && !refreshedAfter401) {
        refreshedAfter401 = true;
        this.options.tokens.invalidate(token);
        attempt--;
        continue;
      }
      const retryAfterMs = parseRetryAfter(headers['retry-after'], this.clock.now());
      const failure = harvestHttpError(request.method, label, status, response.data, retryAfterMs);
      if (status === 429 || (status >= 500 && safe)) {
        const wait = retryAfterMs ?? this.backoff(attempt);
        if (attempt >= rateLimit.maxRetries || wait > rateLimit.maxRetryAfterSeconds * 1000) {
          throw failure;
        }
        if (status === 429) this.pauseAll(wait);
        else await this.sleep(wait);
        continue;
      }
      throw failure;
    }
  }

  /**
   * Every item of a list endpoint, following `Link: <…?cursor=…>; rel="next"` until no
   * link is sent. Filters and `per_page` go on the first request only; follow-up requests
   * carry the cursor as their only query parameter (greenhouse-api.md §2.2).
   */
  async listAll<T>(path: string, query: Query = {}, meter?: CallMeter): Promise<T[]> {
    const items: T[] = [];
    let next: HarvestRequest | undefined = {
      method: 'GET',
      path,
      query: { per_page: 500, ...query },
    };
    while (next) {
      const page: HarvestResponse<unknown> = await this.request<unknown>(next, meter);
      items.push(...listItems<T>(page.data));
      const cursor = nextCursor(page.headers['link']);
      next = cursor === undefined ? undefined : { method: 'GET', path, query: { cursor } };
    }
    return items;
  }

  /**
   * One record of a list endpoint by id (`collection` like `/applications`), read as the list
   * filtered by `ids` (one call): `GET /v3/applications?ids=123`. greenhouse-api.md §2.2 says
   * many v3 resources also answer `GET /v3/<resource>/{id}`, but not which; a third-party
   * integration that reports checking the v3 OpenAPI document says single-record reads were
   * removed. The `ids` filter is documented for the list endpoints (§2.2), so this works in
   * both readings. Change it back to `${collection}/${id}` if Greenhouse confirms those routes.
   *
   * @throws ConnectorError `GREENHOUSE_NOT_FOUND` (permanent, `status` 404, as the single
   *   route would answer) when no row has that id; the request's own errors otherwise.
   */
  async getById<T>(collection: string, id: string, meter?: CallMeter): Promise<T> {
    const { data } = await this.request<unknown>(
      { method: 'GET', path: collection, query: { ids: id } },
      meter,
    );
    const row = listItems<{ id?: unknown }>(data).find((item) => String(item?.id) === id);
    if (row === undefined) throw harvestHttpError('GET', `${collection}?ids=${id}`, 404, undefined);
    return row as T;
  }

  /** Cancels the limiter's wake-up timer; queued requests still run as slots free. */
  async close(): Promise<void> {
    this.limiter.close();
  }

  private send(request: HarvestRequest, token: string | undefined): Promise<AxiosResponse> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    return this.http.request({
      method: request.method,
      url: this.url(request.path, request.query),
      data: request.body === undefined ? undefined : JSON.stringify(request.body),
      headers,
      auth: request.basicAuth,
      transformResponse: [(data: unknown) => parseJson(data)],
    });
  }

  /**
   * `X-RateLimit-Limit` becomes the limiter's limit (a warning names the value to configure
   * when it is below `requestsPerWindow`: until the first response the configured value is
   * used). `X-RateLimit-Remaining` of the request sent at `sentAt` can only tighten the
   * limiter's view (see {@link RollingWindowLimiter.observeRemaining}); a 429's is ignored
   * (`sentAt` undefined): its `Retry-After` pause says when to go on.
   */
  private followRateLimitHeaders(headers: Record<string, string>, sentAt?: number): void {
    const limit = Number(headers['x-ratelimit-limit']);
    if (Number.isInteger(limit) && limit > 0) this.limiter.setLimit(limit);
    if (Number.isInteger(limit) && limit > 0 && limit !== this.announcedLimit) {
      this.announcedLimit = limit;
      if (limit < this.options.rateLimit.requestsPerWindow) {
        this.options.logger.warn(
          { announcedLimit: limit, requestsPerWindow: this.options.rateLimit.requestsPerWindow },
          'greenhouse announces a lower rate limit than rateLimit.requestsPerWindow; lower the setting',
        );
      }
    }
    const raw = headers['x-ratelimit-remaining'];
    const remaining = Number(raw);
    if (sentAt === undefined || raw === undefined || !Number.isInteger(remaining)) return;
    this.limiter.observeRemaining(remaining, sentAt);
  }

  /**
   * Holds every request of this client not yet sent until `ms` has passed (one pause, not
   * one per caller); afterwards at least one request may go (Greenhouse said it may be
   * retried).
   */
  private pauseAll(ms: number): void {
    this.limiter.pause(this.sleep(ms));
  }

  private backoff(attempt: number): number {
    return this.options.rateLimit.baseBackoffMs * 2 ** attempt;
  }
}

/** The ids-only path of a request, for messages and logs (no host, no query). */
function labelOf(path: string): string {
  if (/^https?:\/\//.test(path)) {
    try {
      return new URL(path).pathname;
    } catch {
      return '(invalid url)';
    }
  }
  return path;
}

function flatHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries((headers ?? {}) as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

function parseJson(data: unknown): unknown {
  if (typeof data !== 'string' || data.length === 0) return data === '' ? undefined : data;
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

/** Items of a list response: a bare array (v1, v3) or the first array property of an object. */
function listItems<T>(data: unknown): T[] {
  if (Array.isArray(data)) return data as T[];
  if (data && typeof data === 'object') {
    for (const value of Object.values(data)) if (Array.isArray(value)) return value as T[];
  }
  return [];
}

/** The `cursor` of the `rel="next"` link of an RFC 8288 `Link` header, if any. */
function nextCursor(link: string | undefined): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;(.*)$/.exec(part.trim());
    if (!match || !/rel="?next"?/.test(match[2]!)) continue;
    try {
      const url = new URL(match[1]!, 'https://harvest.greenhouse.io');
      const cursor = url.searchParams.get('cursor');
      if (cursor !== null) return cursor;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
