/**
 * Limits of a run's correlation fields (zenhire-api.md §2), re-exported from
 * `@zenhire-connect/zenhire-client` so the link codec and the API client check one set of
 * figures. Lengths are counted in UTF-16 code units (JavaScript `string.length`), sizes in
 * UTF-8 bytes of the JSON text.
 *
 * - `externalId` (Speech; reused for CV DeepMatch, AI interview, soft skills): 1–255 chars,
 *   otherwise `400 INVALID_EXTERNAL_ID`.
 * - `candidate_ref` (Interview): ≤ 256 chars. ZenHire silently truncates longer values; the
 *   link codec refuses them instead, so a link is never cut.
 * - `metadata`: ≤ 50 keys, keys 1–40 chars, values ≤ 500 chars, ≤ 8 KB (8,192 bytes) as JSON.
 * - `tags`: ≤ 20 distinct tags, each 1–40 chars after trimming (stated for Interview;
 *   [inferred] for Speech and CV DeepMatch from the "same limits" wording).
 *
 * `encodeLink` checks its fields with the client's `checkCorrelation`, so the codec and the
 * client refuse exactly the same values.
 */
export { CORRELATION_LIMITS } from '@zenhire-connect/zenhire-client';
