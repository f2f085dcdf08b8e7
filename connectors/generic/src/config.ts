import { z } from 'zod';
import { WRITE_OPERATION_KINDS, type WriteOperationKind } from '@zenhire-connect/core';
import { BodyTemplate } from './body-template';
import { destinationProblem } from './destination-guard';
import { DEFAULT_TOLERANCE_SECONDS } from './signature';

/** Operation kinds accepted by default: all but `CompleteAssessment` (a Greenhouse concept). */
export const DEFAULT_OPERATIONS: WriteOperationKind[] = WRITE_OPERATION_KINDS.filter(
  (kind) => kind !== 'CompleteAssessment',
);

/** Headers the connector sets itself; `webhook.headers` may not override them. */
const RESERVED_HEADERS = new Set([
  'content-type',
  'content-length',
  'host',
  'user-agent',
  'x-zenhire-connect-signature',
  'x-zenhire-connect-delivery',
  'x-zenhire-connect-attempt',
]);

/** Retries of one delivery call inside one `applyPlan` (the worker retries the delivery later). */
export const retrySchema = z
  .object({
    /** Retries after the first attempt on network errors, 408, 429 and 5xx. */
    maxRetries: z.number().int().min(0).max(10).default(3),
    /** First backoff in milliseconds (doubles each retry, full jitter). */
    baseDelayMs: z.number().int().min(0).default(500),
    /** Longest backoff in milliseconds. */
    maxDelayMs: z.number().int().min(0).default(30_000),
    /**
     * Longest `Retry-After` (seconds) waited for inside the call; a longer one ends the call
     * with a retryable error carrying `retryAfterMs`, so the worker schedules the retry.
     */
    maxRetryAfterSeconds: z.number().positive().default(60),
  })
  .strict();

/** Outbound HTTPS webhook (one POST per delivery). */
export const webhookSchema = z
  .object({
    /** Destination, `https://` (or `http://` with `allowHttp`). Paths/queries never appear in logs. */
    url: z.string().min(1),
    /** Liquid body template rendering JSON; default: the envelope `DEFAULT_BODY_TEMPLATE`. */
    template: z.string().min(1).optional(),
    /** Extra request headers (e.g. `Authorization`); treated as secrets, never logged. */
    headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/), z.string()).default({}),
    /** Timeout of one attempt in seconds. */
    timeoutSeconds: z.number().positive().max(300).default(10),
    retry: retrySchema.prefault({}),
  })
  .strict();

/** File sink for systems without an API: one line per delivery. */
export const fileSchema = z
  .object({
    /** File to append to (its directory must exist). A `<path>.lock` directory is used as lock. */
    path: z.string().min(1),
    /** `ndjson`: the rendered body, one JSON object a line; `csv`: fixed columns, header once. */
    format: z.enum(['ndjson', 'csv']).default('ndjson'),
    /** Liquid body template for `ndjson` lines (default: the envelope); ignored by `csv`. */
    template: z.string().min(1).optional(),
    /** Age in seconds after which a lock left by a crashed process is taken over. */
    staleLockSeconds: z.number().int().min(5).default(10),
    /** fsync after each append (durable, slower). */
    fsync: z.boolean().default(false),
  })
  .strict();

/**
 * One generic instance (YAML `connectors.<name>` with `type: generic`). Exactly one of
 * `webhook` or `file` is the destination. `secret` signs outbound deliveries and verifies
 * inbound events (required with `webhook`; without it the inbound endpoint is disabled).
 * Write secrets as `${ENV_VAR}`. Unknown keys are rejected.
 *
 * Destinations are refused when they are `http://` (unless `allowHttp`) or resolve to a
 * non-public address (unless `allowPrivateNetworks`): IP literals when the config loads,
 * host names after DNS resolution at delivery time.
 */
export const genericConfigSchema = z
  .object({
    /** HMAC secret, at least 16 characters. */
    secret: z.string().min(16).optional(),
    webhook: webhookSchema.optional(),
    file: fileSchema.optional(),
    /** Operation kinds this instance accepts (its capabilities); others fail the delivery. */
    operations: z
      .array(z.enum(WRITE_OPERATION_KINDS as [WriteOperationKind, ...WriteOperationKind[]]))
      .min(1)
      .default(DEFAULT_OPERATIONS),
    allowPrivateNetworks: z.boolean().default(false),
    allowHttp: z.boolean().default(false),
    /** Inbound signature replay window in seconds (default 300). */
    toleranceSeconds: z.number().int().positive().max(3600).default(DEFAULT_TOLERANCE_SECONDS),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (!config.webhook === !config.file) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'set exactly one destination: `webhook` or `file`',
      });
    }
    if (config.webhook) {
      if (!config.secret) {
        ctx.addIssue({
          code: 'custom',
          path: ['secret'],
          message: 'a `secret` is required to sign webhook deliveries',
        });
      }
      const problem = destinationProblem(config.webhook.url, config);
      if (problem) {
        ctx.addIssue({ code: 'custom', path: ['webhook', 'url'], message: `the URL ${problem}` });
      }
      for (const name of Object.keys(config.webhook.headers)) {
        if (RESERVED_HEADERS.has(name.toLowerCase())) {
          ctx.addIssue({
            code: 'custom',
            path: ['webhook', 'headers', name],
            message: `header ${name} is set by the connector`,
          });
        }
      }
    }
    const template = config.webhook?.template ?? config.file?.template;
    if (template !== undefined) {
      const problem = BodyTemplate.problem(template);
      if (problem) {
        ctx.addIssue({
          code: 'custom',
          path: [config.webhook ? 'webhook' : 'file', 'template'],
          message: problem,
        });
      }
    }
  });

/** Validated instance config. */
export type GenericConfig = z.infer<typeof genericConfigSchema>;
/** Instance config as written (defaults optional). */
export type GenericConfigInput = z.input<typeof genericConfigSchema>;
export type WebhookConfig = z.infer<typeof webhookSchema>;
export type FileSinkConfig = z.infer<typeof fileSchema>;
export type RetryConfig = z.infer<typeof retrySchema>;
