import { ConnectorError } from '@zenhire-connect/core';

/** Stable codes of the errors this connector raises. */
export type GenericErrorCode =
  /** The destination resolves to (or is) a private, loopback, link-local or other non-public address. */
  | 'GENERIC_DESTINATION_REFUSED'
  /** No response: connection refused or reset, DNS failure, timeout. Retryable. */
  | 'GENERIC_NETWORK'
  /** The receiver answered 429. Retryable, `retryAfterMs` from `Retry-After`. */
  | 'GENERIC_RATE_LIMITED'
  /** The receiver answered 408 or 5xx. Retryable. */
  | 'GENERIC_SERVER_ERROR'
  /** The receiver answered another 4xx (or a redirect, which is never followed). Permanent. */
  | 'GENERIC_REJECTED'
  /** The body template failed to render or did not render JSON. Permanent. */
  | 'GENERIC_TEMPLATE_FAILED'
  /** The plan holds an operation kind the instance does not accept (`operations`). Permanent. */
  | 'GENERIC_UNSUPPORTED_OPERATION'
  /** The file sink could not append (lock not obtained, disk full, permissions). Retryable. */
  | 'GENERIC_FILE_APPEND_FAILED';

/** Creates a `ConnectorError` with one of this connector's codes. */
export function genericError(
  code: GenericErrorCode,
  message: string,
  retryable: boolean,
  options: { retryAfterMs?: number; status?: number; details?: Record<string, unknown> } = {},
): ConnectorError {
  return new ConnectorError(code, message, retryable, options);
}
