import { z } from 'zod';

/** Lever data API base URL (lever-api.md §1.1; sandbox: `https://api.sandbox.lever.co/v1`). */
export const DEFAULT_BASE_URL = 'https://api.lever.co/v1';

/**
 * Client-side token bucket and backoff (lever-api.md §1.2: a token bucket per API key or
 * OAuth token, 10 requests/s steady, bursts up to 20, HTTP 429 when over, no rate-limit
 * headers, exponential backoff recommended).
 */
export const rateLimitSchema = z
  .object({
    /** Tokens added per second (steady rate). */
    requestsPerSecond: z.number().positive().default(10),
    /** Lever's burst (§1.2). The client keeps one token of headroom: at most `burst − 1` go at once. */
    burst: z.number().int().positive().default(20),
    /** Retries of one call after a 429 (and of safe calls after 5xx / network errors). */
    maxRetries: z.number().int().min(0).default(5),
    /** First backoff in milliseconds; doubles per retry, with jitter (50–100 % of the step). */
    baseBackoffMs: z.number().int().positive().default(500),
    /** Longest single backoff in milliseconds. */
    maxBackoffMs: z.number().int().positive().default(30_000),
  })
  .strict();

export type RateLimitConfig = z.output<typeof rateLimitSchema>;

/** Time-to-live of the metadata caches, in seconds. */
export const cacheTtlSchema = z
  .object({
    /** Stages, archive reasons, users and feedback templates. */
    metadataSeconds: z.number().int().positive().default(3600),
  })
  .strict();

const secret = z.string().min(1);

/**
 * One Lever instance (YAML `connectors.<name>` with `type: lever`). Secrets (`apiKey`,
 * `accessToken`, `webhookSignatureToken`) are written as `${ENV_VAR}`; the config loader
 * substitutes them before this schema runs. Unknown keys are rejected.
 *
 * - exactly one of `apiKey` (HTTP Basic, key as username, empty password) and `accessToken`
 *   (OAuth, `Authorization: Bearer`) (lever-api.md §1.1);
 * - `performAs`: the Lever user the writes are attributed to (`perform_as`, §1.1): a user id,
 *   or an email resolved through `GET /users`. Required when `feedbackTemplate` is set
 *   (feedback create/update need it).
 * - `webhookSignatureToken`: the account's webhook signing token (UI-configured webhooks), or
 *   a list (API-created webhooks each have their own token; also for rotation) (§4.3).
 * - `replayWindowSeconds`: webhooks whose `triggeredAt` is further than this from the
 *   arrival time are rejected; tokens are remembered this long (§4.3).
 * - `feedbackTemplate`: id or name of a feedback template; `SetFields` then writes one
 *   feedback form whose fields are matched by name (or id). Without it `SetFields` is
 *   unsupported (Lever has no writable opportunity custom fields, §3.3).
 */
export const leverConfigSchema = z
  .object({
    baseUrl: z.url().default(DEFAULT_BASE_URL),
    apiKey: secret.optional(),
    accessToken: secret.optional(),
    performAs: z.string().min(1).optional(),
    webhookSignatureToken: z.union([secret, z.array(secret).min(1)]).optional(),
    replayWindowSeconds: z.number().int().positive().default(300),
    feedbackTemplate: z.string().min(1).optional(),
    /** Timeout of one HTTP request in seconds. */
    requestTimeoutSeconds: z.number().positive().default(30),
    rateLimit: rateLimitSchema.default(() => rateLimitSchema.parse({})),
    cacheTtl: cacheTtlSchema.default(() => cacheTtlSchema.parse({})),
  })
  .strict()
  .superRefine((config, ctx) => {
    if ((config.apiKey === undefined) === (config.accessToken === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['apiKey'],
        message: 'set exactly one of apiKey (Lever API key) and accessToken (OAuth access token)',
      });
    }
    if (config.feedbackTemplate !== undefined && config.performAs === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['performAs'],
        message: 'feedbackTemplate needs performAs: Lever requires perform_as to create feedback',
      });
    }
  });

/** Input shape (before defaults), e.g. for tests and examples. */
export type LeverConfigInput = z.input<typeof leverConfigSchema>;
/** Validated config with defaults applied. */
export type LeverConfig = z.output<typeof leverConfigSchema>;

/** The config without its secrets (`apiKey`, `accessToken`, `webhookSignatureToken`): what the connector keeps in view. */
export type LeverSettings = Omit<LeverConfig, 'apiKey' | 'accessToken' | 'webhookSignatureToken'>;

/** The configured webhook signature tokens as a list (empty when none is configured). */
export function signatureTokens(config: Pick<LeverConfig, 'webhookSignatureToken'>): string[] {
  const value = config.webhookSignatureToken;
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
