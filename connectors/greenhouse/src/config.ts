import { InvitationSchema } from '@zenhire-connect/core';
import { z } from 'zod';

/** Harvest v3 base URL (greenhouse-api.md §2.1). */
export const DEFAULT_BASE_URL = 'https://harvest.greenhouse.io/v3';
/** OAuth 2.0 token endpoint for client credentials (greenhouse-api.md §2.1). */
export const DEFAULT_TOKEN_URL = 'https://auth.greenhouse.io/token';

/**
 * A test offered to Greenhouse through the Assessment Partner `list_tests` endpoint
 * (greenhouse-api.md §4.2) and the ZenHire action `send_test` starts for it.
 *
 * `invitation` is the "invited" write-back once `send_test` started the run, with the shape
 * and defaults of a trigger's `invitation` (core `InvitationSchema`): `note` (visibility
 * default `private`) adds a note with the candidate link to the application, `tags` adds
 * tags. Greenhouse expects the partner to get the test to the candidate (§4, "Who sends the
 * test") and ZenHire Connect sends no e-mail, so when `invitation` is omitted a `private`
 * note with the link is written anyway (core `DEFAULT_PARTNER_INVITATION`) for the recruiter
 * to forward; when present it is used as configured (`{}` writes nothing).
 */
export const partnerTestSchema = z
  .object({
    /** `partner_test_id` shown to Greenhouse. */
    id: z.string().min(1),
    /** `partner_test_name` shown in the Greenhouse UI. */
    name: z.string().min(1),
    action: z
      .object({
        kind: z.literal('interview'),
        personaId: z.string().min(1),
        consentMode: z.enum(['explicit', 'integrator']),
      })
      .strict(),
    /** "Invited" write-back; omitted → a private note with the candidate link. */
    invitation: InvitationSchema.optional(),
  })
  .strict();

export type PartnerTest = z.infer<typeof partnerTestSchema>;

/**
 * Assessment Partner settings (greenhouse-api.md §4). `partnerKey` is the org-level key this
 * customer gave Greenhouse; Greenhouse sends it as the Basic auth username, and it must be
 * shorter than 171 characters (§4.1). Write it as `${ENV_VAR}` in YAML.
 */
export const assessmentPartnerSchema = z
  .object({
    partnerKey: z.string().min(1).max(170),
    tests: z.array(partnerTestSchema).default([]),
  })
  .strict();

export type AssessmentPartnerConfig = z.infer<typeof assessmentPartnerSchema>;

/**
 * Client-side rate limiting of Harvest calls. Greenhouse counts requests in a rolling window
 * and announces its limit in `X-RateLimit-Limit` / `X-RateLimit-Remaining` (v1: 10 s window;
 * v3: reportedly 30 s, §2.2 [NOT CONFIRMED]); the client's `RollingWindowLimiter` starts from
 * these values, takes its limit from `X-RateLimit-Limit` and lets `X-RateLimit-Remaining`
 * only tighten it.
 */
export const rateLimitSchema = z
  .object({
    /** Requests allowed per rolling window until the first `X-RateLimit-Limit` replaces it. */
    requestsPerWindow: z.number().int().positive().default(50),
    /** Window length in seconds (v1 documents 10 s; §1.2). */
    windowSeconds: z.number().positive().default(10),
    /** Requests in flight at once. */
    maxConcurrent: z.number().int().positive().default(4),
    /** Longest `Retry-After` honoured in seconds; longer waits fail the call as retryable. */
    maxRetryAfterSeconds: z.number().positive().default(60),
    /** Retries of one safe call on 429 / 5xx / network errors. */
    maxRetries: z.number().int().min(0).default(3),
    /** First backoff in milliseconds when no `Retry-After` is sent (doubles each retry). */
    baseBackoffMs: z.number().int().positive().default(500),
  })
  .strict();

export type RateLimitConfig = z.infer<typeof rateLimitSchema>;

/** Time-to-live of the metadata caches, in seconds. */
export const cacheTtlSchema = z
  .object({
    /** Job stages, custom fields and options, rejection reasons, tags, users. */
    metadataSeconds: z.number().int().positive().default(3600),
    /** Last seen stage per application (for `previousStage`) and tags per candidate. */
    lastSeenSeconds: z
      .number()
      .int()
      .positive()
      .default(180 * 24 * 3600),
    /** Assessment Partner callback URLs and results, kept until Greenhouse reads them. */
    partnerSeconds: z
      .number()
      .int()
      .positive()
      .default(90 * 24 * 3600),
  })
  .strict();

/**
 * One Greenhouse instance (YAML `connectors.<name>` with `type: greenhouse`). Secrets are
 * written as `${ENV_VAR}` in the file; the config loader substitutes them before this
 * schema runs. Unknown keys are rejected.
 */
export const greenhouseConfigSchema = z
  .object({
    baseUrl: z.url().default(DEFAULT_BASE_URL),
    tokenUrl: z.url().default(DEFAULT_TOKEN_URL),
    /** Harvest v3 OAuth client id (Dev Center → API Credentials → Harvest V3 (OAuth)). */
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    /** Greenhouse user id the calls act as: the token's `sub` (§2.1), author of notes. */
    userId: z.union([z.string().regex(/^\d+$/), z.number().int().positive()]).transform(String),
    /** Secret key of the Greenhouse webhooks pointing at this instance (§3.1). */
    webhookSecret: z.string().min(1),
    /** Note visibility when a plan's note carries none. */
    noteVisibility: z.enum(['admin_only', 'private', 'public']).default('private'),
    /** Seconds before `expires_at` at which the access token is renewed. */
    tokenRefreshMarginSeconds: z.number().int().min(0).default(60),
    /** Timeout of one HTTP request in seconds. */
    requestTimeoutSeconds: z.number().positive().default(30),
    rateLimit: rateLimitSchema.default(() => rateLimitSchema.parse({})),
    cacheTtl: cacheTtlSchema.default(() => cacheTtlSchema.parse({})),
    assessmentPartner: assessmentPartnerSchema.optional(),
  })
  .strict();

/** Input shape (before defaults), e.g. for tests and examples. */
export type GreenhouseConfigInput = z.input<typeof greenhouseConfigSchema>;
/** Validated config with defaults applied. */
export type GreenhouseConfig = z.output<typeof greenhouseConfigSchema>;
