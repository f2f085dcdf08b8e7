import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosError, type AxiosInstance } from 'axios';
import axiosRetry, { retryAfter } from 'axios-retry';
import type { Clock, ConnectorError, ConnectorLogger } from '@zenhire-connect/core';
import type { RetryConfig, WebhookConfig } from './config';
import {
  type DestinationPolicy,
  destinationOrigin,
  destinationProblem,
  guardedLookup,
} from './destination-guard';
import { genericError } from './generic-error';
import { DELIVERY_HEADER, SIGNATURE_HEADER, signatureHeaderValue } from './signature';

/** Sent with every delivery; `1` on the first attempt of a call, then 2, 3, … */
export const ATTEMPT_HEADER = 'X-ZenHire-Connect-Attempt';
const USER_AGENT = 'zenhire-connect-generic/0.1.0';

/** Outcome of a successful delivery call. */
export interface WebhookSendResult {
  /** 2xx status of the accepting attempt. */
  status: number;
  /** HTTP attempts made (first try + retries). */
  attempts: number;
}

/** Dependencies of {@link WebhookSender}. */
export interface WebhookSenderOptions {
  webhook: WebhookConfig;
  secret: string;
  policy: DestinationPolicy;
  logger: ConnectorLogger;
  clock: Clock;
  /** Jitter source in [0, 1) (tests pin it). */
  random?: () => number;
}

/**
 * Backoff before retry `retryNumber` (1-based), in ms: the `Retry-After` of the response
 * when it sent one (seconds or HTTP date), else full jitter over
 * `min(maxDelayMs, baseDelayMs × 2^(retryNumber-1))`.
 */
export function retryDelayMs(
  retry: RetryConfig,
  retryNumber: number,
  retryAfterMs: number,
  random: () => number = Math.random,
): number {
  if (retryAfterMs > 0) return retryAfterMs;
  const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** Math.max(0, retryNumber - 1));
  return Math.floor(random() * ceiling);
}

function isRefusal(error: unknown): boolean {
  for (
    let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    depth++
  ) {
    if (e.code === 'GENERIC_DESTINATION_REFUSED') return true;
    e = e.cause as typeof e;
  }
  return false;
}

/** Whether a status is worth another attempt: 408, 429, 5xx. */
function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Maps a failed call to a `ConnectorError` (messages name the method and the destination
 * origin only — never the path, query, headers or body):
 * refused destination → `GENERIC_DESTINATION_REFUSED` (permanent); 429 →
 * `GENERIC_RATE_LIMITED`, 408/5xx → `GENERIC_SERVER_ERROR` (retryable, `retryAfterMs` when
 * sent); redirects and other 4xx → `GENERIC_REJECTED` (permanent); no response →
 * `GENERIC_NETWORK` (retryable).
 */
export function deliveryError(error: unknown, origin: string): ConnectorError {
  const call = `POST ${origin}`;
  if (isRefusal(error)) {
    const message = (error as { cause?: Error }).cause?.message ?? (error as Error).message;
    return genericError('GENERIC_DESTINATION_REFUSED', `${call}: ${message}`, false);
  }
  const axiosError = error as AxiosError;
  const status = axiosError.response?.status;
  if (status !== undefined) {
    const after = retryAfter(axiosError);
    const retryAfterMs = after > 0 ? after : undefined;
    if (status === 429) {
      return genericError('GENERIC_RATE_LIMITED', `${call}: rate limited (429)`, true, {
        status,
        retryAfterMs,
      });
    }
    if (isRetryableStatus(status)) {
      return genericError('GENERIC_SERVER_ERROR', `${call}: receiver error (${status})`, true, {
        status,
        retryAfterMs,
      });
    }
    const why = status >= 300 && status < 400 ? 'redirect refused (not followed)' : 'rejected';
    return genericError('GENERIC_REJECTED', `${call}: ${why} (${status})`, false, { status });
  }
  if (axiosError.code === 'ERR_CANCELED') {
    return genericError('GENERIC_NETWORK', `${call}: aborted`, true);
  }
  const code = axiosError.code ?? (axiosError.cause as { code?: string } | undefined)?.code;
  return genericError('GENERIC_NETWORK', `${call}: no response (${code ?? 'network error'})`, true);
}

/**
 * Posts signed JSON bodies to the configured webhook (axios + axios-retry). Every attempt
 * is signed anew (`t` = current unix seconds, so a late retry is not refused as expired)
 * and carries the same `X-ZenHire-Connect-Delivery`. Retries network errors, 408, 429 and
 * 5xx up to `retry.maxRetries` times with {@link retryDelayMs}; a `Retry-After` longer than
 * `retry.maxRetryAfterSeconds` ends the call at once (retryable error with `retryAfterMs`).
 * Redirects are not followed, proxies from the environment are not used (both would bypass
 * the destination guard), host names are resolved through {@link guardedLookup}.
 */
export class WebhookSender {
  private readonly http: AxiosInstance;
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  readonly origin: string;

  constructor(private readonly options: WebhookSenderOptions) {
    const { webhook, policy } = options;
    this.origin = destinationOrigin(webhook.url);
    const lookup = guardedLookup(policy) as unknown as http.AgentOptions['lookup'];
    this.httpAgent = new http.Agent({ lookup });
    this.httpsAgent = new https.Agent({ lookup });
    this.http = axios.create({
      httpAgent: this.httpAgent,
      httpsAgent: this.httpsAgent,
      proxy: false,
      maxRedirects: 0,
      timeout: webhook.timeoutSeconds * 1000,
      maxContentLength: 1_000_000,
      responseType: 'text',
      validateStatus: (status) => status >= 200 && status < 300,
    });
    const retry = webhook.retry;
    const random = options.random ?? Math.random;
    axiosRetry(this.http, {
      retries: retry.maxRetries,
      shouldResetTimeout: true,
      retryCondition: (error) => {
        if (isRefusal(error) || error.code === 'ERR_CANCELED') return false;
        const status = error.response?.status;
        if (status === undefined) return true;
        if (!isRetryableStatus(status)) return false;
        return retryAfter(error) <= retry.maxRetryAfterSeconds * 1000;
      },
      retryDelay: (retryNumber, error) =>
        retryDelayMs(retry, retryNumber, retryAfter(error), random),
      onRetry: (retryNumber, error, requestConfig) => {
        const body = requestConfig.data as string;
        requestConfig.headers = {
          ...requestConfig.headers,
          [SIGNATURE_HEADER]: this.sign(body),
          [ATTEMPT_HEADER]: String(retryNumber + 1),
        };
        options.logger.warn(
          {
            destination: this.origin,
            deliveryId: (requestConfig.headers as Record<string, string>)[DELIVERY_HEADER],
            retry: retryNumber,
            status: error.response?.status,
            code: error.response ? undefined : error.code,
          },
          'generic webhook delivery retried',
        );
      },
    });
  }

  private sign(body: string): string {
    return signatureHeaderValue(
      this.options.secret,
      Math.floor(this.options.clock.now() / 1000),
      body,
    );
  }

  /**
   * Posts `body` (compact JSON text) with `deliveryId` in `X-ZenHire-Connect-Delivery`.
   * @throws ConnectorError see {@link deliveryError}.
   */
  async send(body: string, deliveryId: string, signal?: AbortSignal): Promise<WebhookSendResult> {
    const { webhook, policy } = this.options;
    const problem = destinationProblem(webhook.url, policy);
    if (problem) {
      throw genericError(
        'GENERIC_DESTINATION_REFUSED',
        `POST ${this.origin}: the URL ${problem}`,
        false,
      );
    }
    try {
      const response = await this.http.post(webhook.url, body, {
        signal,
        headers: {
          ...webhook.headers,
          'Content-Type': 'application/json',
          'User-Agent': USER_AGENT,
          [SIGNATURE_HEADER]: this.sign(body),
          [DELIVERY_HEADER]: deliveryId,
          [ATTEMPT_HEADER]: '1',
        },
        transformRequest: [(data: string) => data],
      });
      return {
        status: response.status,
        attempts: (response.config['axios-retry']?.retryCount ?? 0) + 1,
      };
    } catch (error) {
      throw deliveryError(error, this.origin);
    }
  }

  /** Closes pooled sockets. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
