import { ZenHireLimitError } from './errors';

/**
 * Limits of the correlation fields that tie a run to an ATS record (zenhire-api.md §2).
 * Lengths are counted in UTF-16 code units (JavaScript `string.length`), sizes in UTF-8 bytes.
 *
 * - `externalId`: 1–255 chars (Speech; `INVALID_EXTERNAL_ID` otherwise).
 * - `candidate_ref`: ≤ 256 chars. ZenHire silently truncates longer values; this client
 *   refuses them instead, so a link is never cut.
 * - `metadata`: ≤ 50 keys, keys 1–40 chars, values ≤ 500 chars (numbers/booleans counted as
 *   their JSON text), ≤ 8 KB (8,192 bytes) as JSON.
 * - `tags`: ≤ 20 distinct tags (after trimming and de-duplication, as ZenHire does), each
 *   1–40 chars after trimming. Stated for Interview; [inferred] for Speech and CVDM.
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

/** Correlation fields to check; every field is optional. */
export interface CorrelationInput {
  externalId?: string | null;
  candidateRef?: string | null;
  metadata?: Record<string, unknown> | null;
  tags?: readonly string[] | null;
}

/** One violated limit. */
export interface CorrelationViolation {
  /** The offending field, e.g. `externalId`, `metadata`, `metadata.ats_id`, `tags[2]`. */
  field: string;
  /** The limit, in words, e.g. `at most 255 characters`. */
  limit: string;
  /** What was found, e.g. `256 characters`. */
  actual: string;
}

/** Lists every violated limit of `input` (empty when all pass). Does not throw. */
export function checkCorrelation(input: CorrelationInput): CorrelationViolation[] {
  const L = CORRELATION_LIMITS;
  const out: CorrelationViolation[] = [];
  const { externalId, candidateRef, metadata, tags } = input;

  if (externalId !== undefined && externalId !== null) {
    if (externalId.length < L.externalIdMinChars || externalId.length > L.externalIdMaxChars) {
      out.push({
        field: 'externalId',
        limit: `${L.externalIdMinChars}–${L.externalIdMaxChars} characters`,
        actual: `${externalId.length} characters`,
      });
    }
  }
  if (
    candidateRef !== undefined &&
    candidateRef !== null &&
    candidateRef.length > L.candidateRefMaxChars
  ) {
    out.push({
      field: 'candidate_ref',
      limit: `at most ${L.candidateRefMaxChars} characters (ZenHire would truncate silently)`,
      actual: `${candidateRef.length} characters`,
    });
  }
  if (metadata !== undefined && metadata !== null) {
    const keys = Object.keys(metadata);
    if (keys.length > L.metadataMaxKeys) {
      out.push({
        field: 'metadata',
        limit: `at most ${L.metadataMaxKeys} keys`,
        actual: `${keys.length} keys`,
      });
    }
    for (const key of keys) {
      if (key.length < 1 || key.length > L.metadataKeyMaxChars) {
        out.push({
          field: `metadata.${key}`,
          limit: `keys of 1–${L.metadataKeyMaxChars} characters`,
          actual: `key of ${key.length} characters`,
        });
      }
      const value = metadata[key];
      const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
      if (text.length > L.metadataValueMaxChars) {
        out.push({
          field: `metadata.${key}`,
          limit: `values of at most ${L.metadataValueMaxChars} characters`,
          actual: `${text.length} characters`,
        });
      }
    }
    const bytes = Buffer.byteLength(JSON.stringify(metadata), 'utf8');
    if (bytes > L.metadataMaxBytes) {
      out.push({
        field: 'metadata',
        limit: `at most ${L.metadataMaxBytes} bytes as JSON`,
        actual: `${bytes} bytes`,
      });
    }
  }
  if (tags !== undefined && tags !== null) {
    const distinct = new Set<string>();
    tags.forEach((tag, index) => {
      const trimmed = tag.trim();
      if (trimmed.length < L.tagMinChars || trimmed.length > L.tagMaxChars) {
        out.push({
          field: `tags[${index}]`,
          limit: `${L.tagMinChars}–${L.tagMaxChars} characters after trimming`,
          actual: `${trimmed.length} characters`,
        });
      }
      distinct.add(trimmed);
    });
    if (distinct.size > L.tagsMax) {
      out.push({
        field: 'tags',
        limit: `at most ${L.tagsMax} distinct tags`,
        actual: `${distinct.size} tags`,
      });
    }
  }
  return out;
}

/**
 * Checks correlation fields against {@link CORRELATION_LIMITS} (zenhire-api.md §2).
 * @throws ZenHireLimitError naming the first offending field.
 */
export function validateCorrelation(input: CorrelationInput): void {
  const [first] = checkCorrelation(input);
  if (first) throw new ZenHireLimitError(first.field, first.limit, first.actual);
}
