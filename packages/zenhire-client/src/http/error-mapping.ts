import { ErrorEnvelopeSchema } from '../schemas/universal';
import { createApiError, type EndpointRef, type ZenHireApiError } from '../errors';
import { parseRetryAfterHeader } from './retry-policy';

/** Longest slice of a non-envelope body kept in an error message. */
const MAX_BODY_SNIPPET = 200;

/**
 * Turns an HTTP error response into a typed {@link ZenHireApiError} (zenhire-api.md §3).
 *
 * - A documented envelope `{error:{code,message,...}}` gives `code`, `message`, `requestId`,
 *   `details`, `retryAfterSeconds`.
 * - Any other body (HTML from a proxy, plain text, empty) still gives a typed error with
 *   code `HTTP_<status>` and a short snippet of the body as message.
 * - `retryAfterSeconds` comes from the body, else the `Retry-After` header, else
 *   `details.retry_after_seconds` (CV DeepMatch `RATE_LIMITED`).
 *
 * @param redact removes secrets from any text taken from the body.
 */
export function errorFromResponse(
  status: number,
  headers: Record<string, unknown>,
  body: unknown,
  endpoint: EndpointRef,
  redact: (text: string) => string,
  now: number = Date.now(),
): ZenHireApiError {
  const parsedBody = typeof body === 'string' ? tryParseJson(body) : body;
  const headerRetryAfter = parseRetryAfterHeader(headers['retry-after'], now);
  const envelope = ErrorEnvelopeSchema.safeParse(parsedBody);
  if (envelope.success) {
    const e = envelope.data.error;
    const details = e.details;
    const detailsRetry =
      details &&
      typeof details === 'object' &&
      typeof (details as Record<string, unknown>).retry_after_seconds === 'number'
        ? ((details as Record<string, unknown>).retry_after_seconds as number)
        : null;
    return createApiError({
      status,
      code: e.code,
      message: redact(e.message ?? e.code),
      endpoint,
      requestId: e.requestId ?? null,
      details,
      retryAfterSeconds: e.retryAfterSeconds ?? headerRetryAfter ?? detailsRetry,
      timestamp: e.timestamp ?? null,
      envelope: true,
    });
  }
  const text =
    typeof body === 'string'
      ? body
      : body === undefined || body === null || body === ''
        ? ''
        : safeStringify(body);
  const snippet = redact(text.replace(/\s+/g, ' ').trim()).slice(0, MAX_BODY_SNIPPET);
  return createApiError({
    status,
    code: `HTTP_${status}`,
    message: snippet || 'no error body',
    endpoint,
    retryAfterSeconds: headerRetryAfter,
    envelope: false,
  });
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function safeStringify(value: unknown): string {
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
