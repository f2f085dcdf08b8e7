import { z } from 'zod';

/**
 * Error envelope of every 4xx/5xx (zenhire-api.md §3):
 * `{ error: { code, message, timestamp, requestId?, details?, retryAfterSeconds? } }`.
 * `requestId` is a trace handle for the HTTP response (not a run id); it is absent on
 * middleware rejections and nullable on CVDM/CVDS.
 */
export const ErrorEnvelopeSchema = z.looseObject({
  error: z.looseObject({
    code: z.string().min(1),
    message: z.string().nullish(),
    timestamp: z.string().nullish(),
    requestId: z.string().nullish(),
    details: z.unknown().optional(),
    retryAfterSeconds: z.number().nullish(),
  }),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;

/**
 * `GET /api/v1/credits` (§8): balance, aggregate usage and recent transactions.
 * Field names are [not found]; the likely ones are typed as optional, everything passes
 * through. Credits are whole units (1 credit = 1 speech minute; 3 per CV DeepMatch).
 */
export const CreditsResponseSchema = z.looseObject({
  balance: z.number().nullish(),
  available: z.number().nullish(),
  usage: z.unknown().optional(),
  transactions: z.array(z.looseObject({})).nullish(),
});
export type CreditsResponse = z.infer<typeof CreditsResponseSchema>;

/**
 * `GET /api/v1/health` (§9); the body (`HealthResponse`) is [not found]. Any JSON object is
 * accepted; a plain-text body is wrapped as `{ status: <text> }`.
 */
export const HealthResponseSchema = z.preprocess(
  (raw) => (typeof raw === 'string' ? { status: raw.trim() } : raw),
  z.looseObject({
    status: z.string().nullish(),
  }),
);
export type HealthResponse = z.infer<typeof HealthResponseSchema>;
