import { ZenHireConnectError } from '../errors';

/**
 * Whether a failed call may succeed when tried again: the error's own `retryable` flag when it
 * has one (`ConnectorError`, the ZenHire client's API errors); `false` for our other typed
 * errors (config, link limits: trying again changes nothing); `true` for anything else
 * (network failures and the unexpected, bounded by the attempt budget).
 */
export function isRetryable(error: unknown): boolean {
  const flag = (error as { retryable?: unknown } | null)?.retryable;
  if (typeof flag === 'boolean') return flag;
  return !(error instanceof ZenHireConnectError);
}

/** `{ code, message }` of any thrown value, safe to store (no stack, no request data). */
export function errorSummary(error: unknown): { code: string; message: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : 'UNEXPECTED_ERROR', message: error.message };
  }
  return { code: 'UNEXPECTED_ERROR', message: String(error) };
}

/** Retry-After of an error in ms: `retryAfterMs`, or `retryAfterSeconds` × 1000; else undefined. */
export function retryAfterMsOf(error: unknown): number | undefined {
  const e = error as { retryAfterMs?: unknown; retryAfterSeconds?: unknown } | null;
  if (typeof e?.retryAfterMs === 'number' && e.retryAfterMs >= 0) return e.retryAfterMs;
  if (typeof e?.retryAfterSeconds === 'number' && e.retryAfterSeconds >= 0) {
    return e.retryAfterSeconds * 1000;
  }
  return undefined;
}
