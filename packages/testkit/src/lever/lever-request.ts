import { z } from 'zod';
import { LeverApiError } from './lever-errors';
import { LEVER_ORIGINS, LEVER_WEBHOOK_EVENTS } from './lever-model';

/**
 * Request bodies of the Lever endpoints the sandbox serves (lever-api.md §3.2, §4.5), checked
 * with zod; a body that does not parse is a `400 BadRequestError`.
 */
export const leverBodies = {
  stage: z.object({ stage: z.string().min(1) }),
  archived: z.object({
    reason: z.string().min(1).nullable(),
    cleanInterviews: z.boolean().optional(),
    requisitionId: z.string().optional(),
  }),
  tags: z.object({ tags: z.array(z.string()) }),
  links: z.object({ links: z.array(z.string()) }),
  sources: z.object({ sources: z.array(z.string()) }),
  note: z.object({
    value: z.string().min(1),
    secret: z.boolean().optional(),
    score: z.number().int().min(1).max(4).optional(),
    notifyFollowers: z.boolean().optional(),
    createdAt: z.number().int().nonnegative().optional(),
  }),
  noteUpdate: z.object({
    values: z
      .array(
        z.object({
          value: z.string().min(1),
          createdAt: z.number().int().nonnegative().optional(),
        }),
      )
      .min(1),
    score: z.number().int().min(1).max(4).nullable().optional(),
    secret: z.boolean().optional(),
  }),
  feedback: z
    .object({
      baseTemplateId: z.string().min(1),
      panel: z.string().optional(),
      interview: z.string().optional(),
      fieldValues: z.array(z.object({ id: z.string().min(1), value: z.unknown() })).optional(),
      createdAt: z.number().int().nonnegative().optional(),
      completedAt: z.number().int().nonnegative().optional(),
    })
    .refine((b) => (b.panel === undefined) === (b.interview === undefined), {
      message: 'panel and interview must be given together',
    }),
  feedbackUpdate: z.object({
    completedAt: z.number().int().nonnegative().optional(),
    fieldValues: z.array(z.object({ id: z.string().min(1), value: z.unknown() })).optional(),
  }),
  webhook: z.object({
    url: z.url(),
    event: z.enum(LEVER_WEBHOOK_EVENTS as [string, ...string[]]),
    configuration: z
      .object({
        conditions: z.object({ origins: z.array(z.enum(LEVER_ORIGINS as [string, ...string[]])) }),
      })
      .optional(),
  }),
};

/** Parses a body with a schema; throws `LeverApiError(400)` naming the first problem. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue.path.length ? issue.path.join('.') : 'body';
  throw new LeverApiError(400, `Invalid request body: ${where}: ${issue.message}`);
}

/** Query values as a list: repeated keys (`tag=a&tag=b`) and comma lists (`expand=a,b`). */
export function queryList(value: unknown, splitCommas = false): string[] {
  const raw = Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)];
  return splitCommas ? raw.flatMap((v) => v.split(',')).filter(Boolean) : raw;
}

/** A boolean query parameter (`true`/`false`), or undefined. */
export function queryBoolean(value: unknown, name: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new LeverApiError(400, `${name} must be true or false`);
}

/** An epoch-ms query parameter, or undefined. */
export function queryMs(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new LeverApiError(400, `${name} must be a timestamp in ms`);
  return n;
}
