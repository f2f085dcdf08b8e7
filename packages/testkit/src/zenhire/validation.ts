import type { z } from 'zod';
import { ZenHireSandboxError } from './errors';

/** `{field: [messages]}` of a zod error: the `details.fields` shape of `INVALID_INPUT` (§3). */
export function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const name = issue.path.length ? issue.path.join('.') : '_';
    (fields[name] ??= []).push(issue.message);
  }
  return fields;
}

/** Parses `body` with `schema` or throws 400 `code` with `details.fields`. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown, code = 'INVALID_INPUT'): T {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  throw new ZenHireSandboxError(400, code, 'Request validation failed.', {
    details: { fields: fieldErrors(result.error) },
  });
}

/** 400 `INVALID_INPUT` for one field. */
export function invalidInput(fields: Record<string, string[]>): ZenHireSandboxError {
  return new ZenHireSandboxError(400, 'INVALID_INPUT', 'Request validation failed.', {
    details: { fields },
  });
}
