import { z } from 'zod';

/**
 * Shared building blocks of the ZenHire wire schemas.
 *
 * Conventions (zenhire-api.md §2):
 * - every object schema is loose: unknown fields pass through untouched;
 * - `metadata` arrives as an object, `{}`, `[]` or `null` depending on the module
 *   (Speech and CV DeepMatch send `{}`, Interview sends `null`); it is always
 *   normalised to an object;
 * - `tags` arrives as an array, `[]`, `{}` or `null`; it is always normalised to an array;
 * - older module versions named the run handle `requestId`, `request_id` or `session_id`;
 *   the docs say it is now `id` everywhere, so the old names are copied to `id` when `id`
 *   is absent.
 */

/** One metadata value. Speech types values as strings; Interview allows string, number, boolean (§2). */
export type MetadataValue = string | number | boolean | null;

/** Correlation metadata after normalisation: always an object, `{}` when none (§2). */
export type Metadata = Record<string, MetadataValue>;

export const MetadataValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/**
 * `metadata` as ZenHire returns it: an object, or `null` / `[]` / missing when none.
 * Output is always an object (`{}` when none).
 */
export const MetadataSchema = z
  .union([z.record(z.string(), MetadataValueSchema), z.array(z.unknown()).max(0), z.null()])
  .optional()
  .transform((value): Metadata => (value && !Array.isArray(value) ? value : {}));

/**
 * `tags` as ZenHire returns them: a string array, or `null` / `{}` / missing when none.
 * Output is always an array (`[]` when none).
 */
export const TagsSchema = z
  .union([z.array(z.string()), z.strictObject({}), z.null()])
  .optional()
  .transform((value): string[] => (Array.isArray(value) ? value : []));

/** A nullable string normalised so that a missing field reads as `null`. */
export const NullableStringSchema = z
  .string()
  .nullish()
  .transform((value): string | null => value ?? null);

/** A nullable number normalised so that a missing field reads as `null`. */
export const NullableNumberSchema = z
  .number()
  .nullish()
  .transform((value): number | null => value ?? null);

/** `error{code,message}` object carried by a failed run (Speech §5.5, CV DeepMatch §7.1). */
export const RunErrorSchema = z.looseObject({
  code: z.string(),
  message: z.string().optional(),
});
export type RunError = z.infer<typeof RunErrorSchema>;

/** Older names of the run handle `id` (zenhire-api.md §2). */
export const LEGACY_ID_FIELDS = ['requestId', 'request_id', 'session_id'] as const;

/**
 * Wraps an object schema so that, when `id` is missing, the first present legacy field
 * (`requestId`, `request_id`, `session_id`, or the given list) is copied to `id`.
 * The legacy field itself is kept (it passes through).
 */
export function withIdAliases<T extends z.ZodType>(
  schema: T,
  aliases: readonly string[] = LEGACY_ID_FIELDS,
  target = 'id',
) {
  return z.preprocess((raw) => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
    const record = raw as Record<string, unknown>;
    if (record[target] !== undefined && record[target] !== null) return raw;
    for (const alias of aliases) {
      const value = record[alias];
      if (typeof value === 'string' && value.length > 0) return { ...record, [target]: value };
    }
    return raw;
  }, schema);
}

/** Keys under which a list response may carry its rows ([not found] in the spec; see listPage). */
export const LIST_ROW_KEYS = ['data', 'runs', 'items', 'results', 'requests', 'sessions'] as const;
/** Keys under which a list response may carry a next-page cursor ([not found] in the spec). */
export const LIST_CURSOR_KEYS = ['nextCursor', 'next_cursor', 'cursor', 'next'] as const;

/** One page of a list endpoint after normalisation. */
export interface ListPage<Row> {
  /** The rows of this page, newest first (zenhire-api.md §5.7). */
  items: Row[];
  /** Opaque cursor for the next page, or `null` when the response names none. */
  nextCursor: string | null;
  /** `hasMore` / `has_more` when the response carries it, else `null`. */
  hasMore: boolean | null;
}

/**
 * Schema of a list response whose envelope is [not found] in the spec.
 * Accepts a bare array, or an object with rows under one of {@link LIST_ROW_KEYS} and an
 * optional cursor under one of {@link LIST_CURSOR_KEYS} (a string; a `next` URL is kept
 * as given) and `hasMore`/`has_more`. Output: {@link ListPage}.
 */
export function listPage<Row extends z.ZodType>(row: Row) {
  const rows = z.array(row);
  return z.preprocess(
    (raw) => {
      if (Array.isArray(raw)) return { items: raw, nextCursor: null, hasMore: null };
      if (raw === null || typeof raw !== 'object') return raw;
      const record = raw as Record<string, unknown>;
      const key = LIST_ROW_KEYS.find((k) => Array.isArray(record[k]));
      const cursorKey = LIST_CURSOR_KEYS.find(
        (k) => typeof record[k] === 'string' && (record[k] as string).length > 0,
      );
      const pagination =
        record.pagination && typeof record.pagination === 'object'
          ? (record.pagination as Record<string, unknown>)
          : {};
      const nestedCursorKey = LIST_CURSOR_KEYS.find(
        (k) => typeof pagination[k] === 'string' && (pagination[k] as string).length > 0,
      );
      const hasMore =
        record.hasMore ?? record.has_more ?? pagination.hasMore ?? pagination.has_more;
      return {
        items: key ? record[key] : undefined,
        nextCursor: cursorKey
          ? record[cursorKey]
          : nestedCursorKey
            ? pagination[nestedCursorKey]
            : null,
        hasMore: typeof hasMore === 'boolean' ? hasMore : null,
      };
    },
    z.object({
      items: rows,
      nextCursor: z.string().nullable(),
      hasMore: z.boolean().nullable(),
    }),
  ) as unknown as z.ZodType<ListPage<z.infer<Row>>>;
}
