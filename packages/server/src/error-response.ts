import type { FastifyReply } from 'fastify';

/**
 * Vendor-neutral error body of every non-2xx answer this server writes itself:
 * `{ "error": { "code": "<STABLE_CODE>", "message": "<for people>" } }`. Codes are stable
 * (branch on them); messages never contain request bodies, secrets or candidate data.
 * (Greenhouse Assessment Partner answers are written by the connector in Greenhouse's shape.)
 */
export interface ErrorResponse {
  error: { code: string; message: string };
}

/** Builds an {@link ErrorResponse}. */
export function errorBody(code: string, message: string): ErrorResponse {
  return { error: { code, message } };
}

/** Sends `status` with an {@link ErrorResponse}. */
export function sendError(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(errorBody(code, message));
}
