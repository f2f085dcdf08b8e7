import type { Link, LinkDecodeResult } from '../model/link';
import type { RecordRef } from '../model/record-ref';
import type { CorrelationFields, ObservedRun, RunModule } from '../model/run';
import { checkCorrelation, type CorrelationViolation } from '@zenhire-connect/zenhire-client';
import { CORRELATION_LIMITS } from './correlation-limits';
import { decodeSegment, encodeSegment } from './id-segment';
import { LinkEncodeError } from './link-errors';

/** Version tag of our link scheme: the prefix of the reference and the value of `zc_v` (`1`). */
export const LINK_SCHEME = 'zc1';

/**
 * Metadata keys the link scheme writes into every run it starts (all ≤ 40 chars, §2).
 * Metadata is the authoritative copy of the link; the `externalId` / `candidate_ref` is a
 * compact cross-check that also works with ZenHire's `?externalId=` list filter (§5.7).
 */
export const LINK_METADATA_KEYS = {
  version: 'zc_v',
  connector: 'zc_connector',
  candidate: 'zc_candidate',
  application: 'zc_application',
  job: 'zc_job',
  stage: 'zc_stage',
  trigger: 'zc_trigger',
  parentRun: 'zc_parent_run',
} as const;

/** Prefix of every metadata key the link scheme owns; user metadata may not use it. */
export const LINK_METADATA_PREFIX = 'zc_';

/** Tags written on every run we start: `zc`, `zc-conn:<instance>`, `zc-job:<job id>`. */
export const LINK_TAG = 'zc';

/** What to bind a new run to. */
export interface LinkTarget {
  module: RunModule;
  record: RecordRef;
  /** Trigger rule that starts the run (`zc_trigger`). */
  triggerId?: string;
  /** Run this one is chained from, e.g. the interview session of a speech run (`zc_parent_run`). */
  parentRunId?: string;
}

/** User correlation fields to merge with the link (from the trigger rule). */
export interface ExtraCorrelation {
  metadata?: Record<string, string>;
  tags?: readonly string[];
}

/**
 * Which wire field carries the reference for a module: the interview session's
 * `candidate_ref` (§6.4) or `externalId` (Speech §5.3; CV DeepMatch, AI interview and soft
 * skills by the same convention). Both travel in `CorrelationFields.externalId`.
 */
export function referenceField(module: RunModule): 'candidate_ref' | 'externalId' {
  return module === 'interview' ? 'candidate_ref' : 'externalId';
}

/**
 * The compact reference of a record: `zc1:<connector>:<applicationId>` or, when the record
 * has no application, `zc1:<connector>:c-<candidateId>`. Segments are percent-encoded
 * (see `encodeSegment`); an application id that itself starts with `c-` has its `c` encoded
 * as `%63`, so the two forms never collide. Does not check length (see `encodeLink`).
 */
export function encodeRecordReference(record: RecordRef): string {
  const connector = encodeSegment(record.connector);
  if (record.applicationId) {
    const app = encodeSegment(record.applicationId);
    return `${LINK_SCHEME}:${connector}:${app.startsWith('c-') ? `%63${app.slice(1)}` : app}`;
  }
  return `${LINK_SCHEME}:${connector}:c-${encodeSegment(record.candidateId)}`;
}

/** A parsed `zc1:` reference. */
export type ParsedRecordReference =
  { connector: string; applicationId: string } | { connector: string; candidateId: string };

/**
 * Parses a reference written by {@link encodeRecordReference}. Returns `undefined` when the
 * text is not a well-formed `zc1:` reference (wrong prefix, segment count, encoding, empty id).
 */
export function parseRecordReference(text: string): ParsedRecordReference | undefined {
  const parts = text.split(':');
  if (parts.length !== 3 || parts[0] !== LINK_SCHEME) return undefined;
  const connector = decodeSegment(parts[1]);
  if (!connector) return undefined;
  const key = parts[2];
  if (key.startsWith('c-')) {
    const candidateId = decodeSegment(key.slice(2));
    return candidateId ? { connector, candidateId } : undefined;
  }
  const applicationId = decodeSegment(key);
  return applicationId ? { connector, applicationId } : undefined;
}

/**
 * Throws the first limit `checkCorrelation` (the API client's §2 check) reports, so the codec
 * and the client refuse exactly the same values.
 */
function assertWithinLimits(violations: readonly CorrelationViolation[]): void {
  const [first] = violations;
  if (first) {
    throw new LinkEncodeError(
      'CORRELATION_LIMIT',
      `${first.field} would break ZenHire's limit (${first.limit}; got ${first.actual})`,
      { field: first.field, limit: first.limit, actual: first.actual },
    );
  }
}

function linkMetadata(target: LinkTarget): Record<string, string> {
  const { record } = target;
  const k = LINK_METADATA_KEYS;
  const out: Record<string, string> = {
    [k.version]: '1',
    [k.connector]: record.connector,
    [k.candidate]: record.candidateId,
  };
  if (record.applicationId) out[k.application] = record.applicationId;
  if (record.jobId) out[k.job] = record.jobId;
  if (record.stageId) out[k.stage] = record.stageId;
  if (target.triggerId) out[k.trigger] = target.triggerId;
  if (target.parentRunId) out[k.parentRun] = target.parentRunId;
  return out;
}

/** Our link keys plus the user's; the user may not use the `zc_` prefix. Limits are checked by the caller. */
function mergeMetadata(
  ours: Record<string, string>,
  user: Record<string, string> | undefined,
): Record<string, string> {
  const merged: Record<string, string> = { ...ours };
  for (const [key, value] of Object.entries(user ?? {})) {
    if (key.startsWith(LINK_METADATA_PREFIX)) {
      throw new LinkEncodeError(
        'LINK_RESERVED_KEY',
        `metadata key "${key}" uses the reserved prefix "${LINK_METADATA_PREFIX}"`,
        { field: `metadata.${key}` },
      );
    }
    merged[key] = value;
  }
  return merged;
}

/**
 * Our derived tags that fit the tag length limit, then the user's (trimmed), de-duplicated as
 * ZenHire does. User tag lengths and the distinct count are checked by the caller.
 */
function mergeTags(target: LinkTarget, user: readonly string[] | undefined): string[] {
  const L = CORRELATION_LIMITS;
  const fits = (tag: string) => tag.length >= L.tagMinChars && tag.length <= L.tagMaxChars;
  const ours = [LINK_TAG, `zc-conn:${target.record.connector}`];
  if (target.record.jobId) ours.push(`zc-job:${target.record.jobId}`);
  return [...new Set([...ours.filter(fits), ...(user ?? []).map((tag) => tag.trim())])];
}

/**
 * Encodes a link into the correlation fields of a run we are about to start
 * (zenhire-api.md §2, §5.3, §6.4, §7.1):
 *
 * - `externalId` (`candidate_ref` for interviews): `zc1:<connector>:<applicationId>` or
 *   `zc1:<connector>:c-<candidateId>`; 1–255 chars (≤ 256 for `candidate_ref`).
 * - `metadata`: `zc_v`=`1`, `zc_connector`, `zc_candidate`, and when known `zc_application`,
 *   `zc_job`, `zc_stage`, `zc_trigger`, `zc_parent_run`; merged with `extra.metadata`.
 * - `tags`: `zc`, `zc-conn:<connector>`, `zc-job:<jobId>` merged with `extra.tags` (trimmed,
 *   de-duplicated as ZenHire does). A derived `zc-conn:`/`zc-job:` tag longer than 40 chars
 *   is left out (tags are only a dashboard filter; metadata carries the link).
 *
 * Deterministic: the same target and extras always give the same fields.
 *
 * @throws LinkEncodeError `CORRELATION_LIMIT` when any field would exceed a §2 limit
 *   (never truncated; the first violation the client's `checkCorrelation` reports, `details`
 *   = `{ field, limit, actual }`), `LINK_RESERVED_KEY` when `extra.metadata` uses a `zc_` key,
 *   `LINK_INVALID_RECORD` when `record.connector` or `record.candidateId` is empty.
 */
export function encodeLink(target: LinkTarget, extra: ExtraCorrelation = {}): CorrelationFields {
  const { record, module } = target;
  if (!record.connector || !record.candidateId) {
    throw new LinkEncodeError(
      'LINK_INVALID_RECORD',
      'a link needs the connector instance name and the candidate id',
      { field: !record.connector ? 'record.connector' : 'record.candidateId' },
    );
  }
  const externalId = encodeRecordReference(record);
  assertWithinLimits(
    checkCorrelation(
      referenceField(module) === 'candidate_ref' ? { candidateRef: externalId } : { externalId },
    ),
  );
  const metadata = mergeMetadata(linkMetadata(target), extra.metadata);
  assertWithinLimits(checkCorrelation({ metadata }));
  const tags = mergeTags(target, extra.tags);
  assertWithinLimits([
    // Each user tag's length, indexed as the caller passed them (`tags[i]`) …
    ...checkCorrelation({ tags: extra.tags }).filter((v) => v.field !== 'tags'),
    // … then the distinct count once merged with ours.
    ...checkCorrelation({ tags }),
  ]);
  return { externalId, metadata, tags };
}

function metadataString(metadata: Record<string, unknown>, key: string): string | undefined {
  const value = metadata[key];
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'string' ? value : String(value);
  return text.length > 0 ? text : undefined;
}

function unlinked(
  reason: 'malformed' | 'unknown_connector',
  detail: string,
): Extract<LinkDecodeResult, { linked: false }> {
  return { linked: false, reason, detail };
}

/**
 * Reads our own `zc1` link back from a run. Metadata is authoritative; the `externalId` /
 * `candidate_ref`, when the run echoes one, must equal the reference the metadata implies.
 *
 * Returns `undefined` when the run carries nothing of our scheme (no `zc_` metadata key and
 * no `zc1:` reference): the caller then tries link rules. Otherwise a `LinkDecodeResult`:
 * linked, or `malformed` (unknown `zc_v`, missing `zc_connector`/`zc_candidate`, a `zc1:`
 * reference without metadata, reference/metadata mismatch), or `unknown_connector` when
 * `connectors` is given and does not contain the connector instance.
 */
export function decodeSchemeLink(
  run: Pick<ObservedRun, 'id' | 'module'> & Partial<CorrelationFields>,
  connectors?: ReadonlySet<string>,
): LinkDecodeResult | undefined {
  const metadata: Record<string, unknown> = run.metadata ?? {};
  const reference = run.externalId ?? undefined;
  let hasOurMetadata = false;
  for (const key in metadata) {
    if (Object.hasOwn(metadata, key) && key.startsWith(LINK_METADATA_PREFIX)) {
      hasOurMetadata = true;
      break;
    }
  }
  const looksLikeOurReference = reference?.startsWith(`${LINK_SCHEME}:`) ?? false;
  if (!hasOurMetadata && !looksLikeOurReference) return undefined;

  const k = LINK_METADATA_KEYS;
  if (!hasOurMetadata) {
    return unlinked(
      'malformed',
      `${referenceField(run.module)} "${reference}" uses the ${LINK_SCHEME} scheme but the run has no ${k.version} metadata`,
    );
  }
  const version = metadataString(metadata, k.version);
  if (version !== '1') {
    return unlinked('malformed', `unsupported link scheme version ${k.version}=${String(version)}`);
  }
  const connector = metadataString(metadata, k.connector);
  const candidateId = metadataString(metadata, k.candidate);
  if (!connector || !candidateId) {
    return unlinked(
      'malformed',
      `link metadata lacks ${!connector ? k.connector : k.candidate} (required with ${k.version})`,
    );
  }
  const record: RecordRef = { connector, candidateId };
  const applicationId = metadataString(metadata, k.application);
  const jobId = metadataString(metadata, k.job);
  const stageId = metadataString(metadata, k.stage);
  if (applicationId) record.applicationId = applicationId;
  if (jobId) record.jobId = jobId;
  if (stageId) record.stageId = stageId;

  if (reference !== undefined && reference !== '') {
    const expected = encodeRecordReference(record);
    if (reference !== expected) {
      return unlinked(
        'malformed',
        `${referenceField(run.module)} "${reference}" does not match the link metadata (expected "${expected}")`,
      );
    }
  }
  if (connectors && !connectors.has(connector)) {
    return unlinked('unknown_connector', `connector instance "${connector}" is not configured`);
  }
  const link: Link = {
    runId: run.id,
    module: run.module,
    record,
    source: { kind: 'scheme', version: LINK_SCHEME },
  };
  const triggerId = metadataString(metadata, k.trigger);
  const parentRunId = metadataString(metadata, k.parentRun);
  if (triggerId) link.triggerId = triggerId;
  if (parentRunId) link.parentRunId = parentRunId;
  return { linked: true, link };
}
