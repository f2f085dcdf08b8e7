import type { FastifyReply } from 'fastify';

/**
 * The ZenHire error envelope (zenhire-api.md §3):
 * `{ error: { code, message, timestamp, requestId?, details?, retryAfterSeconds? } }`.
 */
export interface ZenHireErrorEnvelope {
  error: {
    code: string;
    message: string;
    /** ISO 8601 (documented time of the sandbox). */
    timestamp: string;
    /** `req_<epoch ms>_<6 hex>`; absent on middleware (authentication) rejections. */
    requestId?: string;
    details?: Record<string, unknown>;
    /** Seconds; only on 429 and 503, together with the `Retry-After` header. */
    retryAfterSeconds?: number;
  };
}

/**
 * An error the sandbox answers with. Thrown inside route handlers and rendered by the
 * sandbox's error handler as the §3 envelope with HTTP `status`.
 */
export class ZenHireSandboxError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly options: {
      details?: Record<string, unknown>;
      /** Seconds; sets `Retry-After` and `retryAfterSeconds`. */
      retryAfterSeconds?: number;
      /** Middleware rejection (bad key): no `requestId` in the envelope (§3). */
      middleware?: boolean;
    } = {},
  ) {
    super(message);
    this.name = 'ZenHireSandboxError';
  }
}

/** Writes the §3 envelope (and `Retry-After` when given) on `reply`. */
export function sendZenHireError(
  reply: FastifyReply,
  error: ZenHireSandboxError,
  now: Date,
  requestId: string | undefined,
): FastifyReply {
  const body: ZenHireErrorEnvelope = {
    error: { code: error.code, message: error.message, timestamp: now.toISOString() },
  };
  if (requestId && !error.options.middleware) body.error.requestId = requestId;
  if (error.options.details) body.error.details = error.options.details;
  if (error.options.retryAfterSeconds !== undefined) {
    body.error.retryAfterSeconds = error.options.retryAfterSeconds;
    reply.header('Retry-After', String(error.options.retryAfterSeconds));
  }
  return reply.code(error.status).type('application/json').send(body);
}

/**
 * Codes used for injected faults. 500 and 502 use the CVDM/CVDS catalogue codes
 * (`INTERNAL_ERROR`, `STEP_FUNCTIONS_FAILED`, §3.1); the 503 code is [not found] in the
 * docs, `SERVICE_UNAVAILABLE` is our choice.
 */
export const FAULT_CODES: Record<number, string> = {
  429: 'RATE_LIMIT_EXCEEDED',
  500: 'INTERNAL_ERROR',
  502: 'STEP_FUNCTIONS_FAILED',
  503: 'SERVICE_UNAVAILABLE',
};
