import { ConnectorError } from '@zenhire-connect/core';

/** One entry of a Greenhouse 422 body (greenhouse-api.md §1.4). */
export interface HarvestFieldError {
  message: string;
  field?: string;
}

/** Stable codes of the errors this connector raises. */
export type GreenhouseErrorCode =
  | 'GREENHOUSE_NETWORK'
  | 'GREENHOUSE_AUTH_FAILED'
  | 'GREENHOUSE_UNAUTHORIZED'
  | 'GREENHOUSE_FORBIDDEN'
  | 'GREENHOUSE_NOT_FOUND'
  | 'GREENHOUSE_VALIDATION'
  | 'GREENHOUSE_RATE_LIMITED'
  | 'GREENHOUSE_SERVER_ERROR'
  | 'GREENHOUSE_REQUEST_FAILED'
  | 'GREENHOUSE_FIELD_UNKNOWN'
  | 'GREENHOUSE_FIELD_VALUE_INVALID'
  | 'GREENHOUSE_STAGE_UNKNOWN'
  | 'GREENHOUSE_REJECTION_REASON_UNKNOWN'
  | 'GREENHOUSE_RECORD_INCOMPLETE'
  | 'GREENHOUSE_STAGE_CONFLICT'
  | 'GREENHOUSE_PARTNER_INTERVIEW_UNKNOWN'
  | 'GREENHOUSE_PARTNER_NOT_CONFIGURED'
  | 'GREENHOUSE_UNSUPPORTED_OPERATION';

/** Creates a `ConnectorError` with one of this connector's codes. */
export function greenhouseError(
  code: GreenhouseErrorCode,
  message: string,
  retryable: boolean,
  options: { retryAfterMs?: number; status?: number; details?: Record<string, unknown> } = {},
): ConnectorError {
  return new ConnectorError(code, message, retryable, options);
}

/**
 * Reads Greenhouse's validation body `{ message, errors: [{ message, field }] }`
 * (greenhouse-api.md §1.4); anything else yields an empty list.
 */
function validationErrors(body: unknown): HarvestFieldError[] {
  if (!body || typeof body !== 'object') return [];
  const errors = (body as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((e): HarvestFieldError[] => {
    if (typeof e === 'string') return [{ message: e }];
    if (e && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string') {
      const field = (e as { field?: unknown }).field;
      return [
        {
          message: (e as { message: string }).message,
          ...(typeof field === 'string' ? { field } : {}),
        },
      ];
    }
    return [];
  });
}

/**
 * Maps an HTTP status of a Harvest call to a `ConnectorError` (greenhouse-api.md §1.4):
 * 429, 5xx → retryable; 401, 403, 404, 409, 422 and other 4xx → permanent. The message names
 * the method and the path without query (ids only, never credentials). `retryAfterMs` is
 * the `Retry-After` header in milliseconds when one was sent.
 */
export function harvestHttpError(
  method: string,
  path: string,
  status: number,
  body: unknown,
  retryAfterMs?: number,
): ConnectorError {
  const call = `${method.toUpperCase()} ${path}`;
  if (status === 429) {
    return greenhouseError('GREENHOUSE_RATE_LIMITED', `${call}: rate limited (429)`, true, {
      status,
      retryAfterMs,
    });
  }
  if (status >= 500) {
    return greenhouseError('GREENHOUSE_SERVER_ERROR', `${call}: server error (${status})`, true, {
      status,
      retryAfterMs,
    });
  }
  if (status === 422 || status === 409) {
    const errors = validationErrors(body);
    const message =
      body &&
      typeof body === 'object' &&
      typeof (body as { message?: unknown }).message === 'string'
        ? (body as { message: string }).message
        : 'Validation error';
    const listed = errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ');
    return greenhouseError(
      'GREENHOUSE_VALIDATION',
      `${call}: ${message}${listed ? ` (${listed})` : ''} (${status})`,
      false,
      { status, details: { errors } },
    );
  }
  if (status === 401) {
    return greenhouseError(
      'GREENHOUSE_UNAUTHORIZED',
      `${call}: unauthorized (401) — check the OAuth client and its scopes`,
      false,
      { status },
    );
  }
  if (status === 403) {
    return greenhouseError(
      'GREENHOUSE_FORBIDDEN',
      `${call}: forbidden (403) — the credential or the acting user lacks permission`,
      false,
      { status },
    );
  }
  if (status === 404) {
    return greenhouseError('GREENHOUSE_NOT_FOUND', `${call}: not found (404)`, false, { status });
  }
  return greenhouseError('GREENHOUSE_REQUEST_FAILED', `${call}: failed (${status})`, false, {
    status,
  });
}

/** A request that got no HTTP answer (DNS, refused, reset, timeout): retryable. */
export function harvestNetworkError(method: string, path: string, reason: string): ConnectorError {
  return greenhouseError(
    'GREENHOUSE_NETWORK',
    `${method.toUpperCase()} ${path}: no response (${reason})`,
    true,
  );
}

/**
 * `Retry-After` in milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined
 * when absent or unreadable.
 */
export function parseRetryAfter(value: unknown, now: number): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
