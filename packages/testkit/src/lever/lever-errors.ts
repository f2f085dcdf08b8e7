import type { FastifyReply } from 'fastify';

/**
 * `code` strings of Lever error bodies `{ code, message }`. Only `ResourceNotFound` is shown in
 * Lever's documentation (lever-api.md §1.4); the others follow its pattern [INFERRED].
 */
export const LEVER_ERROR_CODES = {
  400: 'BadRequestError',
  401: 'UnauthorizedError',
  403: 'ForbiddenError',
  404: 'ResourceNotFound',
  429: 'TooManyRequestsError',
  500: 'InternalServerError',
  502: 'BadGatewayError',
  503: 'ServiceUnavailableError',
} as const;

export type LeverErrorStatus = keyof typeof LEVER_ERROR_CODES;

/** Body of every Lever error response (lever-api.md §1.4; LV-GO `model/error.go`). */
export interface LeverErrorBody {
  code: string;
  message: string;
}

const DEFAULT_MESSAGES: Record<LeverErrorStatus, string> = {
  400: 'Bad request',
  401: 'Invalid or missing credentials',
  403: 'Your account settings do not allow this operation',
  404: 'Not found',
  429: 'Too many requests: rate limit exceeded',
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Lever is down for maintenance; retry with backoff',
};

/**
 * Thrown by sandbox route handlers; the sandbox renders it as `{ code, message }` with the
 * status. `code` is the stable Lever code of {@link LEVER_ERROR_CODES}.
 */
export class LeverApiError extends Error {
  readonly code: string;
  constructor(
    readonly status: LeverErrorStatus,
    message: string = DEFAULT_MESSAGES[status],
  ) {
    super(message);
    this.name = 'LeverApiError';
    this.code = LEVER_ERROR_CODES[status];
  }

  toJSON(): LeverErrorBody {
    return { code: this.code, message: this.message };
  }
}

/** `404 ResourceNotFound` with Lever's message pattern `"<collection> <id> was not found"`. */
export function notFound(collection: string, id: string): LeverApiError {
  return new LeverApiError(404, `${collection} ${id} was not found`);
}

/** Sends a Lever error body. Lever sends no rate-limit headers, so none are set for 429. */
export function sendLeverError(
  reply: FastifyReply,
  status: number,
  message?: string,
): FastifyReply {
  const known = (status in LEVER_ERROR_CODES ? status : 500) as LeverErrorStatus;
  return reply
    .code(status)
    .header('content-type', 'application/json; charset=utf-8')
    .send({ code: LEVER_ERROR_CODES[known], message: message ?? DEFAULT_MESSAGES[known] });
}
