/**
 * Limits of a run's correlation fields (zenhire-api.md §2). Lengths are counted in UTF-16
 * code units (JavaScript `string.length`), sizes in UTF-8 bytes of the JSON text.
 *
 * - `externalId` (Speech; reused for CV DeepMatch, AI interview, soft skills): 1–255 chars,
 *   otherwise `400 INVALID_EXTERNAL_ID`.
 * - `candidate_ref` (Interview): ≤ 256 chars. ZenHire silently truncates longer values; the
 *   link codec refuses them instead, so a link is never cut.
 * - `metadata`: ≤ 50 keys, keys 1–40 chars, values ≤ 500 chars, ≤ 8 KB (8,192 bytes) as JSON.
 * - `tags`: ≤ 20 distinct tags, each 1–40 chars after trimming (stated for Interview;
 *   [inferred] for Speech and CV DeepMatch from the "same limits" wording).
 *
 * Same figures as `CORRELATION_LIMITS` of `@zenhire-connect/zenhire-client` (a test checks
 * they agree); core keeps its own copy because it imports that package for types only.
 */
export const CORRELATION_LIMITS = {
  externalIdMinChars: 1,
  externalIdMaxChars: 255,
  candidateRefMaxChars: 256,
  metadataMaxKeys: 50,
  metadataKeyMaxChars: 40,
  metadataValueMaxChars: 500,
  metadataMaxBytes: 8 * 1024,
  tagsMax: 20,
  tagMinChars: 1,
  tagMaxChars: 40,
} as const;
