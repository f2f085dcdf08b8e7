import type { FieldWrite, PlanSkip, WriteOperation, WritePlan } from '../model/write-plan';
import type { RecordRef } from '../model/record-ref';
import { canonicalJson } from './canonical-json';

/** Characters `JSON.stringify` escapes in a string: `"`, `\`, controls, UTF-16 surrogates. */
// eslint-disable-next-line no-control-regex -- the control characters are what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** Length above which {@link jsonString} hands a string to `JSON.stringify` at once. */
const LONG_TEXT = 32;

/**
 * `JSON.stringify(text)`: a short string is quoted as is when nothing needs escaping, else
 * through `JSON.stringify` (which also covers a non-string a JavaScript caller slipped in).
 */
function jsonString(text: string): string {
  if (typeof text !== 'string') return JSON.stringify(text) ?? 'null';
  // Long text (a note body) usually holds a line break: one `JSON.stringify` pass is then
  // faster than a scan followed by it.
  if (text.length > LONG_TEXT) return JSON.stringify(text);
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

/**
 * JSON text of one mapping's constants, computed once and reused for every plan the mapping
 * builds (`build-write-plan.ts` keeps one per compiled mapping): the printer then copies these
 * instead of quoting and scanning the same strings for every plan, and builds the text from
 * a few long pieces instead of many short ones. Every entry is exactly what the generic
 * printer gives for it; a plan part that does not match an entry is printed the generic way.
 */
export interface PlanJsonConstants {
  /** The plan's `connector` and `mapping` the `head` was printed for. */
  connector: string;
  mapping: string;
  /** `{"connector":…,"mapping":…,"operations":[`. */
  head: string;
  /** Field name → its type and `{"field":…,"type":…,"value":` for that type. */
  fieldHeads: ReadonlyMap<string, { type: FieldWrite['type']; head: string }>;
  /** Strings known at load (tags, stage names, rejection reasons, skip rules) → their JSON. */
  quoted: ReadonlyMap<string, string>;
}

/** The {@link PlanJsonConstants} of plans with this connector, mapping, fields and strings. */
export function planJsonConstants(
  connector: string,
  mapping: string,
  fields: readonly { field: string; type: FieldWrite['type'] }[],
  strings: Iterable<string>,
): PlanJsonConstants {
  const quoted = new Map<string, string>();
  for (const text of [connector, ...strings]) quoted.set(text, jsonString(text));
  return {
    connector,
    mapping,
    head: `{"connector":${jsonString(connector)},"mapping":${jsonString(mapping)},"operations":[`,
    fieldHeads: new Map(
      fields.map((f) => [
        f.field,
        {
          type: f.type,
          head: `{"field":${jsonString(f.field)},"type":${jsonLiteral(f.type)},"value":`,
        },
      ]),
    ),
    quoted,
  };
}

const NO_STRINGS: ReadonlyMap<string, string> = new Map();

/** `text`'s JSON from `quoted` when it is there, else printed. */
function quotedOr(quoted: ReadonlyMap<string, string>, text: string): string {
  return quoted.get(text) ?? jsonString(text);
}

function jsonFields(fields: readonly FieldWrite[], known: PlanJsonConstants | undefined): string {
  let out = '[';
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    const head = known?.fieldHeads.get(f.field);
    out +=
      (i > 0 ? ',' : '') +
      (head !== undefined && head.type === f.type
        ? head.head
        : `{"field":${jsonString(f.field)},"type":${jsonLiteral(f.type)},"value":`) +
      jsonValue(f.value) +
      '}';
  }
  return `${out}]`;
}

/**
 * `JSON.stringify` of an array of strings (canonical as is: no keys to sort); strings found
 * in `quoted` are copied from it.
 */
export function jsonStringArray(
  list: readonly string[],
  quoted: ReadonlyMap<string, string> = NO_STRINGS,
): string {
  let out = '[';
  for (let i = 0; i < list.length; i++) out += (i > 0 ? ',' : '') + quotedOr(quoted, list[i]);
  return `${out}]`;
}

/** One operation in canonical form, or undefined for a kind this module does not write. */
function jsonOperation(
  op: WriteOperation,
  known: PlanJsonConstants | undefined,
): string | undefined {
  const quoted = known?.quoted ?? NO_STRINGS;
  switch (op.kind) {
    case 'SetFields':
      return `{"fields":${jsonFields(op.fields, known)},"kind":"SetFields"}`;
    case 'AddNote':
      return `{"body":${jsonString(op.body)},"kind":"AddNote","visibility":${jsonLiteral(op.visibility)}}`;
    case 'AddTags':
    case 'RemoveTags':
      return `{"kind":"${op.kind}","tags":${jsonStringArray(op.tags, quoted)}}`;
    case 'MoveStage':
      return typeof op.to === 'string'
        ? op.to === 'next'
          ? '{"kind":"MoveStage","to":"next"}'
          : `{"kind":"MoveStage","to":${jsonString(op.to)}}`
        : `{"kind":"MoveStage","to":{"stage":${quotedOr(quoted, op.to.stage)}}}`;
    case 'Reject':
      return op.note === undefined
        ? `{"kind":"Reject","reason":${quotedOr(quoted, op.reason)}}`
        : `{"kind":"Reject","note":${jsonString(op.note)},"reason":${quotedOr(quoted, op.reason)}}`;
    default:
      return undefined;
  }
}

function jsonRecord(record: RecordRef, quoted: ReadonlyMap<string, string>): string {
  let out = '{';
  if (record.applicationId !== undefined)
    out += `"applicationId":${jsonString(record.applicationId)},`;
  out += `"candidateId":${jsonString(record.candidateId)},"connector":${quotedOr(quoted, record.connector)}`;
  if (record.jobId !== undefined) out += `,"jobId":${jsonString(record.jobId)}`;
  if (record.stageId !== undefined) out += `,"stageId":${jsonString(record.stageId)}`;
  return `${out}}`;
}

function jsonSkips(skipped: readonly PlanSkip[], quoted: ReadonlyMap<string, string>): string {
  let out = '[';
  for (let i = 0; i < skipped.length; i++) {
    const s = skipped[i];
    out += `${i > 0 ? ',' : ''}{"detail":${jsonString(s.detail)},"reason":${jsonLiteral(s.reason)},"rule":${quotedOr(quoted, s.rule)}}`;
  }
  return `${out}]`;
}

/**
 * The canonical JSON (`canonicalJson`: sorted keys, no whitespace) of a plan without its
 * `hash` (a `hash` field passed in is not printed), written field by field instead of through
 * the generic `JSON.stringify` walk: the plan's shape is fixed, so each object is printed with
 * its keys already in sorted order, and short strings are quoted as is unless they hold a
 * character JSON escapes (then, and for long strings, `JSON.stringify` quotes them). `known`: the JSON of the building mapping's constants, copied instead of
 * printed again (optional; the text is the same with or without). Byte-identical to
 * `canonicalJson(plan)` — `plan-json.test.ts` and `build-write-plan.test.ts` compare both on
 * many plans, including strings with quotes, controls and unpaired surrogates.
 *
 * An operation kind it does not print itself (`CompleteAssessment`, which `buildWritePlan`
 * never writes) goes through `canonicalJson`.
 *
 * Preconditions (what `buildWritePlan` guarantees): string fields are strings, optional
 * string fields are absent or strings (never `null`).
 */
export function writePlanJson(plan: Omit<WritePlan, 'hash'>, known?: PlanJsonConstants): string {
  const constants =
    known !== undefined && known.connector === plan.connector && known.mapping === plan.mapping
      ? known
      : undefined;
  const quoted = constants?.quoted ?? NO_STRINGS;
  let out =
    constants?.head ??
    `{"connector":${jsonString(plan.connector)},"mapping":${jsonString(plan.mapping)},"operations":[`;
  for (let i = 0; i < plan.operations.length; i++) {
    const op = plan.operations[i];
    out += (i > 0 ? ',' : '') + (jsonOperation(op, constants) ?? canonicalJson(op));
  }
  out += `],"record":${jsonRecord(plan.record, quoted)},"runId":${jsonString(plan.runId)}`;
  if (plan.skipped !== undefined) out += `,"skipped":${jsonSkips(plan.skipped, quoted)}`;
  return `${out}}`;
}
