import { ConnectorError } from '@zenhire-connect/core';

/** Stable codes of the errors this connector raises. */
export type LeverErrorCode =
  | 'LEVER_NETWORK'
  | 'LEVER_BAD_REQUEST'
  | 'LEVER_UNAUTHORIZED'
  | 'LEVER_FORBIDDEN'
  | 'LEVER_NOT_FOUND'
  | 'LEVER_RATE_LIMITED'
  | 'LEVER_SERVER_ERROR'
  | 'LEVER_REQUEST_FAILED'
  | 'LEVER_RESPONSE_INVALID'
  | 'LEVER_STAGE_UNKNOWN'
  | 'LEVER_STAGE_LAST'
  | 'LEVER_ARCHIVE_REASON_UNKNOWN'
  | 'LEVER_ARCHIVE_REASON_HIRED'
  | 'LEVER_USER_UNKNOWN'
  | 'LEVER_FEEDBACK_TEMPLATE_UNKNOWN'
  | 'LEVER_FIELD_UNKNOWN'
  | 'LEVER_FIELD_VALUE_INVALID'
  | 'LEVER_RECORD_INCOMPLETE'
  | 'LEVER_UNSUPPORTED_OPERATION';

/** Creates a `ConnectorError` with one of this connector's codes. */
export function leverError(
  code: LeverErrorCode,
  message: string,
  retryable: boolean,
  options: { status?: number; retryAfterMs?: number; details?: Record<string, unknown> } = {},
): ConnectorError {
  return new ConnectorError(code, message, retryable, options);
}

/** Lever's error body `{ code, message }` (lever-api.md §1.4); undefined parts when absent. */
function leverErrorBody(body: unknown): { code?: string; message?: string } {
  if (!body || typeof body !== 'object') return {};
  const { code, message } = body as { code?: unknown; message?: unknown };
  return {
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof message === 'string' ? { message: message.slice(0, 300) } : {}),
  };
}

/**
 * Maps the HTTP status of a Lever call to a `ConnectorError` (lever-api.md §1.4): 429, 5xx
 * (500, 503 maintenance) → retryable; 400, 401, 403, 404 and other 4xx → permanent. The
 * message names the method, the path without query (ids only, never credentials) and
 * Lever's own `code`/`message`.
 */
export function leverHttpError(
  method: string,
  path: string,
  status: number,
  body: unknown,
): ConnectorError {
  const call = `${method.toUpperCase()} ${path}`;
  const vendor = leverErrorBody(body);
  const said = vendor.message ? `: ${vendor.code ? `${vendor.code} ` : ''}${vendor.message}` : '';
  const details = vendor.code ? { details: { leverCode: vendor.code } } : {};
  if (status === 429) {
    return leverError('LEVER_RATE_LIMITED', `${call}: rate limited (429)`, true, { status });
  }
  if (status >= 500) {
    return leverError('LEVER_SERVER_ERROR', `${call}: server error (${status})${said}`, true, {
      status,
      ...details,
    });
  }
  const permanent: Record<number, [LeverErrorCode, string]> = {
    400: ['LEVER_BAD_REQUEST', 'bad request'],
    401: ['LEVER_UNAUTHORIZED', 'unauthorized — check apiKey / accessToken'],
    403: [
      'LEVER_FORBIDDEN',
      'forbidden — the credential, its scopes or perform_as lack permission',
    ],
    404: ['LEVER_NOT_FOUND', 'not found'],
  };
  const [code, text] = permanent[status] ?? ['LEVER_REQUEST_FAILED', 'failed'];
  return leverError(code, `${call}: ${text} (${status})${said}`, false, { status, ...details });
}

/** A request that got no HTTP answer (DNS, refused, reset, timeout): retryable. */
export function leverNetworkError(method: string, path: string, reason: string): ConnectorError {
  return leverError(
    'LEVER_NETWORK',
    `${method.toUpperCase()} ${path}: no response (${reason})`,
    true,
  );
}
