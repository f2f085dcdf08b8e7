import { inspect } from 'node:util';
import type { Readable } from 'node:stream';
import axios, {
  type AxiosError,
  type AxiosInstance,
  type AxiosRequestConfig,
  type InternalAxiosRequestConfig,
} from 'axios';
import axiosRetry from 'axios-retry';
import type { z } from 'zod';
import {
  ZenHireAbortedError,
  ZenHireError,
  ZenHireNetworkError,
  ZenHireResponseValidationError,
  type EndpointRef,
} from '../errors';
import { errorFromResponse } from './error-mapping';
import {
  DEFAULT_RETRY_OPTIONS,
  RETRYABLE_STATUSES,
  parseRetryAfterHeader,
  retryDelayMs,
  type RetryOptions,
} from './retry-policy';
import { defaultClock, defaultSleep, type Clock, type Sleep } from './sleep';

/** The ZenHire module a call belongs to (used by the metrics hook). */
export type ZenHireModule =
  | 'speech'
  | 'interview'
  | 'cvdeepmatch'
  | 'cvdeepsearch'
  | 'ai_interview'
  | 'soft_skills'
  | 'universal';

/** Pino-compatible logger: any object with these four methods (pino, console-like adapters). */
export interface ZenHireLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Passed to `onRequest` once per HTTP attempt (retries included). */
export interface ZenHireRequestInfo {
  module: ZenHireModule;
  method: string;
  /** Path template, e.g. `/api/v1/speech/analyze/{id}` (stable label for metrics). */
  endpoint: string;
  /** Actual path sent. */
  path: string;
  /** 1 for the first attempt, 2+ for transport-level retries. */
  attempt: number;
}

/** Options of the HTTP transport; see `ZenHireClientOptions` for their meaning. */
export interface TransportOptions {
  apiKey: string;
  baseUrl: string;
  timeoutMs: number;
  userAgent: string;
  retry: RetryOptions;
  logger?: ZenHireLogger;
  onRequest?: (info: ZenHireRequestInfo) => void;
  sleep: Sleep;
  now: Clock;
  random: () => number;
}

/** One HTTP call. */
export interface RequestSpec<T> {
  module: ZenHireModule;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path template (metrics label), e.g. `/api/v1/speech/analyze/{id}`. */
  endpoint: string;
  /** Actual path; defaults to `endpoint`. Ids must already be URI-encoded. */
  path?: string;
  query?: Record<string, string | number | boolean | undefined | null>;
  body?: unknown;
  headers?: Record<string, string>;
  /** zod schema of the 2xx body. Omit for raw (stream) responses. */
  schema?: z.ZodType<T>;
  responseType?: 'json' | 'stream';
  signal?: AbortSignal;
  /** Send `X-API-Key`. Default true; false for `GET /api/v1/health` (§1). */
  auth?: boolean;
  /** Transport-level retries (429/502/503/network). Default: true for GET, false otherwise. */
  retry?: boolean;
  /** Per-call timeout override in milliseconds. */
  timeoutMs?: number;
}

/** A successful response. */
export interface HttpResult<T> {
  data: T;
  status: number;
  /** Response headers, lower-cased. */
  headers: Record<string, string>;
  /** `Retry-After` in seconds, or null. */
  retryAfterSeconds: number | null;
}

const RETRY_NAMESPACE = 'axios-retry';
const ERROR_BODY_LIMIT = 64 * 1024;

interface CallMeta {
  module: ZenHireModule;
  endpoint: string;
  auth: boolean;
}

/**
 * Axios-based transport: base URL, `X-API-Key`, timeouts, GET retries (axios-retry),
 * error mapping and zod validation. The API key lives in a private field and is added per
 * request; it is not in the axios defaults, in errors or in `toJSON()`.
 */
export class ZenHireTransport {
  readonly #apiKey: string;
  readonly #axios: AxiosInstance;
  readonly #options: Omit<TransportOptions, 'apiKey'>;

  constructor(options: TransportOptions) {
    const { apiKey, ...rest } = options;
    this.#apiKey = apiKey;
    this.#options = rest;
    this.#axios = axios.create({
      baseURL: rest.baseUrl.replace(/\/+$/, ''),
      timeout: rest.timeoutMs,
      headers: { 'User-Agent': rest.userAgent, Accept: 'application/json' },
      maxContentLength: Infinity,
      maxBodyLength: Infinity,
    });
    // Registered before axios-retry so that it runs after it (axios runs request
    // interceptors in reverse order) and sees the retry count.
    this.#axios.interceptors.request.use((config) => this.#beforeSend(config));
    axiosRetry(this.#axios, {
      retries: rest.retry.retries,
      shouldResetTimeout: true,
      retryDelay: () => 0,
      retryCondition: (error) => this.#shouldRetry(error),
      onRetry: async (retryCount, error, config) => {
        const retryAfter = this.#retryAfterOf(error);
        const delay = retryDelayMs(retryCount, retryAfter, rest.retry, rest.random);
        const meta = metaOf(config);
        rest.logger?.warn(
          {
            module: meta?.module,
            method: config.method?.toUpperCase(),
            endpoint: meta?.endpoint,
            status: error.response?.status ?? null,
            errorCode: error.response ? null : (error.code ?? null),
            retry: retryCount,
            delayMs: delay,
          },
          'zenhire request retry',
        );
        await rest.sleep(delay, config.signal as AbortSignal | undefined);
      },
    });
  }

  /** Base URL in use (no trailing slash). */
  get baseUrl(): string {
    return this.#options.baseUrl.replace(/\/+$/, '');
  }

  get sleep(): Sleep {
    return this.#options.sleep;
  }

  get now(): Clock {
    return this.#options.now;
  }

  get retryOptions(): RetryOptions {
    return this.#options.retry;
  }

  get random(): () => number {
    return this.#options.random;
  }

  get logger(): ZenHireLogger | undefined {
    return this.#options.logger;
  }

  /** Replaces every occurrence of the API key in `text` with `[redacted]`. */
  redact = (text: string): string =>
    this.#apiKey.length > 0 ? text.split(this.#apiKey).join('[redacted]') : text;

  /**
   * Sends one request (plus transport retries for GETs) and validates the 2xx body.
   * @throws ZenHireApiError (or a subclass) for an HTTP error response
   * @throws ZenHireNetworkError when no response arrived (timeout, reset)
   * @throws ZenHireResponseValidationError when the body does not match `schema`
   * @throws ZenHireAbortedError when `signal` fired
   */
  async request<T>(spec: RequestSpec<T>): Promise<HttpResult<T>> {
    const path = spec.path ?? spec.endpoint;
    const endpointRef: EndpointRef = { method: spec.method, path };
    const retry = spec.retry ?? spec.method === 'GET';
    const meta: CallMeta = {
      module: spec.module,
      endpoint: spec.endpoint,
      auth: spec.auth ?? true,
    };
    const config: AxiosRequestConfig & Record<string, unknown> = {
      method: spec.method,
      url: path,
      params: spec.query ? dropEmpty(spec.query) : undefined,
      data: spec.body,
      headers: { ...(spec.headers ?? {}) },
      responseType: spec.responseType === 'stream' ? 'stream' : 'json',
      signal: spec.signal,
      timeout: spec.timeoutMs ?? this.#options.timeoutMs,
      zenhire: meta,
      [RETRY_NAMESPACE]: { retries: retry ? this.#options.retry.retries : 0 },
    };
    const started = this.#options.now();
    let response;
    try {
      response = await this.#axios.request(config);
    } catch (error) {
      throw await this.#mapError(error, endpointRef, spec.signal);
    }
    const headers = plainHeaders(response.headers);
    this.#options.logger?.debug(
      {
        module: spec.module,
        method: spec.method,
        endpoint: spec.endpoint,
        status: response.status,
        durationMs: this.#options.now() - started,
      },
      'zenhire request',
    );
    let data: T = response.data as T;
    if (spec.schema) {
      const parsed = spec.schema.safeParse(response.data);
      if (!parsed.success) {
        throw new ZenHireResponseValidationError(
          endpointRef,
          parsed.error.issues.map((issue) => ({
            path: issue.path.map(String).join('.'),
            message: issue.message,
          })),
        );
      }
      data = parsed.data;
    }
    return {
      data,
      status: response.status,
      headers,
      retryAfterSeconds: parseRetryAfterHeader(headers['retry-after'], this.#options.now()),
    };
  }

  toJSON(): Record<string, unknown> {
    return {
      baseUrl: this.baseUrl,
      timeoutMs: this.#options.timeoutMs,
      userAgent: this.#options.userAgent,
    };
  }

  [inspect.custom](): string {
    return `ZenHireTransport ${JSON.stringify(this.toJSON())}`;
  }

  #beforeSend(config: InternalAxiosRequestConfig): InternalAxiosRequestConfig {
    const meta = metaOf(config);
    if (meta?.auth !== false) config.headers.set('X-API-Key', this.#apiKey);
    const state = (config as unknown as Record<string, { retryCount?: number } | undefined>)[
      RETRY_NAMESPACE
    ];
    if (meta && this.#options.onRequest) {
      try {
        this.#options.onRequest({
          module: meta.module,
          method: (config.method ?? 'get').toUpperCase(),
          endpoint: meta.endpoint,
          path: config.url ?? '',
          attempt: (state?.retryCount ?? 0) + 1,
        });
      } catch (hookError) {
        this.#options.logger?.warn({ err: String(hookError) }, 'zenhire onRequest hook threw');
      }
    }
    return config;
  }

  #retryAfterOf(error: AxiosError): number | null {
    const response = error.response;
    if (!response) return null;
    const body = response.data as { error?: { retryAfterSeconds?: unknown } } | undefined;
    const fromBody = body && typeof body === 'object' ? body.error?.retryAfterSeconds : undefined;
    if (typeof fromBody === 'number') return fromBody;
    return parseRetryAfterHeader(
      plainHeaders(response.headers)['retry-after'],
      this.#options.now(),
    );
  }

  #shouldRetry(error: AxiosError): boolean {
    const method = (error.config?.method ?? '').toLowerCase();
    if (method !== 'get' && method !== 'head') return false;
    if (error.code === 'ERR_CANCELED') return false;
    if (!error.response) return true;
    if (!RETRYABLE_STATUSES.includes(error.response.status)) return false;
    const retryAfter = this.#retryAfterOf(error);
    return retryAfter === null || retryAfter <= this.#options.retry.maxRetryAfterSeconds;
  }

  async #mapError(
    error: unknown,
    endpoint: EndpointRef,
    signal?: AbortSignal,
  ): Promise<ZenHireError> {
    if (error instanceof ZenHireError) return error;
    if (!axios.isAxiosError(error)) {
      return new ZenHireNetworkError(
        'NETWORK_ERROR',
        endpoint,
        error instanceof Error ? error.name : null,
      );
    }
    if (error.code === 'ERR_CANCELED' || signal?.aborted) {
      return new ZenHireAbortedError(`ZenHire ${endpoint.method} ${endpoint.path}`);
    }
    if (error.response) {
      const body = await readBody(error.response.data);
      return errorFromResponse(
        error.response.status,
        plainHeaders(error.response.headers),
        body,
        endpoint,
        this.redact,
        this.#options.now(),
      );
    }
    const timeout = error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT';
    return new ZenHireNetworkError(
      timeout ? 'TIMEOUT' : 'NETWORK_ERROR',
      endpoint,
      error.code ?? null,
    );
  }
}

function metaOf(config: unknown): CallMeta | undefined {
  return (config as { zenhire?: CallMeta } | undefined)?.zenhire;
}

function dropEmpty(
  query: Record<string, string | number | boolean | undefined | null>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') out[key] = String(value);
  }
  return out;
}

function plainHeaders(headers: unknown): Record<string, string> {
  const raw =
    headers && typeof (headers as { toJSON?: unknown }).toJSON === 'function'
      ? (headers as { toJSON(): Record<string, unknown> }).toJSON()
      : ((headers ?? {}) as Record<string, unknown>);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined || value === null) continue;
    out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

/** Reads an error body that may be a stream (recording endpoint), capped at 64 KB. */
async function readBody(data: unknown): Promise<unknown> {
  if (!data || typeof (data as Readable).pipe !== 'function') return data;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of data as Readable) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      size += buffer.length;
      if (size > ERROR_BODY_LIMIT) break;
      chunks.push(buffer);
    }
  } catch {
    // an unreadable error body still yields a typed error below
  }
  return Buffer.concat(chunks).toString('utf8');
}

export { DEFAULT_RETRY_OPTIONS, defaultClock, defaultSleep };
