/**
 * Validation of the correlation fields `metadata` and `tags` (zenhire-api.md §2): at most
 * 50 metadata keys, keys ≤ 40 chars, values ≤ 500 chars, total ≤ 8 KB; at most 20
 * distinct tags of 1–40 chars, trimmed and de-duplicated.
 */

export const METADATA_LIMITS = { keys: 50, keyLength: 40, valueLength: 500, totalBytes: 8192 };
export const TAG_LIMITS = { count: 20, length: 40 };

/** Metadata values the vendor accepts: string, number or boolean (§2, Interview). */
export type MetadataValue = string | number | boolean;

/**
 * Checks a parsed metadata value. Returns the problem as text, or `undefined` when it is
 * a valid object within the §2 limits.
 */
export function metadataProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return 'metadata must be a JSON object';
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > METADATA_LIMITS.keys)
    return `metadata has more than ${METADATA_LIMITS.keys} keys`;
  for (const [k, v] of entries) {
    if (k.length === 0 || k.length > METADATA_LIMITS.keyLength)
      return `metadata key "${k.slice(0, 50)}" must be 1-${METADATA_LIMITS.keyLength} chars`;
    if (!['string', 'number', 'boolean'].includes(typeof v))
      return `metadata value of "${k}" must be a string, number or boolean`;
    if (String(v).length > METADATA_LIMITS.valueLength)
      return `metadata value of "${k}" is longer than ${METADATA_LIMITS.valueLength} chars`;
  }
  if (Buffer.byteLength(JSON.stringify(value)) > METADATA_LIMITS.totalBytes)
    return 'metadata is larger than 8 KB';
  return undefined;
}

/**
 * Trims and de-duplicates tags (first occurrence wins). Returns the problem as text when a
 * tag is not a string, empty after trimming, over 40 chars, or there are over 20 distinct tags.
 */
export function normaliseTags(values: unknown[]): { tags: string[] } | { problem: string } {
  const out: string[] = [];
  for (const v of values) {
    if (typeof v !== 'string') return { problem: 'tags must be strings' };
    const tag = v.trim();
    if (tag.length === 0 || tag.length > TAG_LIMITS.length)
      return { problem: `each tag must be 1-${TAG_LIMITS.length} chars` };
    if (!out.includes(tag)) out.push(tag);
  }
  if (out.length > TAG_LIMITS.count) return { problem: `at most ${TAG_LIMITS.count} tags` };
  return { tags: out };
}

/**
 * Tags of a multipart form (§2: wire encoding [not found]). Accepted forms: one field
 * holding a JSON string array (`tags=["a","b"]`), repeated `tags` / `tags[]` fields, or one
 * plain string (a single tag). A value starting with `[` that is not JSON is rejected.
 */
export function tagsFromFormFields(values: string[]): unknown[] {
  if (values.length === 1 && values[0].trim().startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(values[0]);
      return Array.isArray(parsed) ? parsed : [parsed];
    } catch {
      return [undefined]; // not JSON: reported as "tags must be strings"
    }
  }
  return values;
}
