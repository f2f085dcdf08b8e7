import type { FieldWrite, PlanSkip, WriteOperation, WritePlan } from '../model/write-plan';
import type { RecordRef } from '../model/record-ref';
import { canonicalJson } from './canonical-json';

/** Characters `JSON.stringify` escapes in a string: `"`, `\`, controls, UTF-16 surrogates. */
// eslint-disable-next-line no-control-regex -- the control characters are what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * `JSON.stringify(text)`: quoted as is when nothing needs escaping, else through
 * `JSON.stringify` (which also covers a non-string a JavaScript caller slipped in).
 */
function jsonString(text: string): string {
  if (typeof text !== 'string') return JSON.stringify(text) ?? 'null';
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/**
 * The fixed vocabulary of a plan (field types, note visibilities, skip reasons), quoted once:
 * none holds a character JSON escapes, so the quoted text is what `JSON.stringify` gives.
 */
const QUOTED_LITERALS: ReadonlyMap<string, string> = new Map(
  [
    'number',
    'text',
    'single_select',
    'date',
    'yes_no',
    'admin_only',
    'private',
    'public',
    'partial',
    'low_confidence',
    'fraud',
    'failed',
    'empty_value',
    'invalid_value',
  ].map((literal) => [literal, `"${literal}"`]),
);

/** {@link jsonString} with a table look-up first for the plan's fixed vocabulary. */
function jsonLiteral(text: string): string {
  return QUOTED_LITERALS.get(text) ?? jsonString(text);
}

/** `JSON.stringify` of a field value (finite numbers print as `String` does, others `null`). */
function jsonValue(value: FieldWrite['value']): string {
  if (typeof value === 'string') return jsonString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return 'null';
}

/** `JSON.stringify` of an array of strings (canonical as is: no keys to sort). */
export function jsonStringArray(list: readonly string[]): string {
  let out = '[';
  for (let i = 0; i < list.length; i++) out += (i > 0 ? ',' : '') + jsonString(list[i]);
  return `${out}]`;
}

function jsonFields(fields: readonly FieldWrite[]): string {
  let out = '[';
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    out += `${i > 0 ? ',' : ''}{"field":${jsonString(f.field)},"type":${jsonLiteral(f.type)},"value":${jsonValue(f.value)}}`;
  }
  return `${out}]`;
}

/** One operation in canonical form, or undefined for a kind this module does not write. */
function jsonOperation(op: WriteOperation): string | undefined {
  switch (op.kind) {
    case 'SetFields':
      return `{"fields":${jsonFields(op.fields)},"kind":"SetFields"}`;
    case 'AddNote':
      return `{"body":${jsonString(op.body)},"kind":"AddNote","visibility":${jsonLiteral(op.visibility)}}`;
    case 'AddTags':
    case 'RemoveTags':
      return `{"kind":"${op.kind}","tags":${jsonStringArray(op.tags)}}`;
    case 'MoveStage':
      return `{"kind":"MoveStage","to":${typeof op.to === 'string' ? jsonString(op.to) : `{"stage":${jsonString(op.to.stage)}}`}}`;
    case 'Reject':
      return op.note === undefined
        ? `{"kind":"Reject","reason":${jsonString(op.reason)}}`
        : `{"kind":"Reject","note":${jsonString(op.note)},"reason":${jsonString(op.reason)}}`;
    default:
      return undefined;
  }
}

function jsonRecord(record: RecordRef): string {
  let out = '{';
  if (record.applicationId !== undefined)
    out += `"applicationId":${jsonString(record.applicationId)},`;
  out += `"candidateId":${jsonString(record.candidateId)},"connector":${jsonString(record.connector)}`;
  if (record.jobId !== undefined) out += `,"jobId":${jsonString(record.jobId)}`;
  if (record.stageId !== undefined) out += `,"stageId":${jsonString(record.stageId)}`;
  return `${out}}`;
}

function jsonSkips(skipped: readonly PlanSkip[]): string {
  let out = '[';
  for (let i = 0; i < skipped.length; i++) {
    const s = skipped[i];
    out += `${i > 0 ? ',' : ''}{"detail":${jsonString(s.detail)},"reason":${jsonLiteral(s.reason)},"rule":${jsonString(s.rule)}}`;
  }
  return `${out}]`;
}

/**
 * The canonical JSON (`canonicalJson`: sorted keys, no whitespace) of a plan without its
 * `hash`, written field by field instead of through the generic `JSON.stringify` walk: the
 * plan's shape is fixed, so each object is printed with its keys already in sorted order, and
 * strings are quoted as is unless they hold a character JSON escapes (then `JSON.stringify`
 * quotes them). Byte-identical to `canonicalJson(plan)` — `build-write-plan.test.ts` compares
 * both on many plans, including strings with quotes, controls and unpaired surrogates.
 *
 * An operation kind it does not print itself (`CompleteAssessment`, which `buildWritePlan`
 * never writes) goes through `canonicalJson`.
 *
 * Preconditions (what `buildWritePlan` guarantees): string fields are strings, optional
 * string fields are absent or strings (never `null`).
 */
export function writePlanJson(plan: Omit<WritePlan, 'hash'>): string {
  let operations = '[';
  for (let i = 0; i < plan.operations.length; i++) {
    const op = plan.operations[i];
    operations += (i > 0 ? ',' : '') + (jsonOperation(op) ?? canonicalJson(op));
  }
  operations += ']';
  return `{"connector":${jsonString(plan.connector)},"mapping":${jsonString(plan.mapping)},"operations":${operations},"record":${jsonRecord(plan.record)},"runId":${jsonString(plan.runId)}${plan.skipped === undefined ? '' : `,"skipped":${jsonSkips(plan.skipped)}`}}`;
}
