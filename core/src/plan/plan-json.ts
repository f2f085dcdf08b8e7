import type { RecordRef } from '../model/record-ref';
import type { FieldWrite, PlanSkip, WriteOperation, WritePlan } from '../model/write-plan';

/** Characters that JSON writes as themselves inside a string (no escaping needed). */
const PLAIN = /^[^"\\\u0000-\u001f\u007f-\uffff]*$/;

function str(value: string): string {
  return PLAIN.test(value) ? `"${value}"` : JSON.stringify(value);
}

function scalar(value: string | number | boolean | null): string {
  if (typeof value === 'string') return str(value);
  return JSON.stringify(value);
}

function strings(values: readonly string[]): string {
  let out = '[';
  for (let i = 0; i < values.length; i++) out += (i > 0 ? ',' : '') + str(values[i]);
  return `${out}]`;
}

function field(f: FieldWrite): string {
  return `{"field":${str(f.field)},"type":${str(f.type)},"value":${scalar(f.value)}}`;
}

function record(r: RecordRef): string {
  let out = '{';
  if (r.applicationId !== undefined) out += `"applicationId":${str(r.applicationId)},`;
  out += `"candidateId":${str(r.candidateId)},"connector":${str(r.connector)}`;
  if (r.jobId !== undefined) out += `,"jobId":${str(r.jobId)}`;
  if (r.stageId !== undefined) out += `,"stageId":${str(r.stageId)}`;
  return `${out}}`;
}

function operation(op: WriteOperation): string | undefined {
  switch (op.kind) {
    case 'SetFields': {
      let out = '[';
      for (let i = 0; i < op.fields.length; i++) out += (i > 0 ? ',' : '') + field(op.fields[i]);
      return `{"fields":${out}],"kind":"SetFields"}`;
    }
    case 'AddNote':
      return `{"body":${str(op.body)},"kind":"AddNote","visibility":${str(op.visibility)}}`;
    case 'AddTags':
    case 'RemoveTags':
      return `{"kind":"${op.kind}","tags":${strings(op.tags)}}`;
    case 'MoveStage':
      return `{"kind":"MoveStage","to":${op.to === 'next' ? '"next"' : `{"stage":${str(op.to.stage)}}`}}`;
    case 'Reject':
      return op.note === undefined
        ? `{"kind":"Reject","reason":${str(op.reason)}}`
        : `{"kind":"Reject","note":${str(op.note)},"reason":${str(op.reason)}}`;
    default:
      return undefined; // not built by buildWritePlan: the caller falls back
  }
}

function skip(s: PlanSkip): string {
  return `{"detail":${str(s.detail)},"reason":${str(s.reason)},"rule":${str(s.rule)}}`;
}

/**
 * The canonical JSON (sorted keys, no whitespace; see `canonicalJson`) of a plan without
 * its hash, written directly for the operation kinds `buildWritePlan` produces — several
 * times faster than a generic serializer on the hot path. Returns `undefined` for anything
 * else (e.g. `CompleteAssessment`), so the caller uses `canonicalJson`. Tests check it
 * equals `canonicalJson` on many plans.
 */
export function planCanonicalJson(plan: Omit<WritePlan, 'hash'>): string | undefined {
  let ops = '[';
  for (let i = 0; i < plan.operations.length; i++) {
    const text = operation(plan.operations[i]);
    if (text === undefined) return undefined;
    ops += (i > 0 ? ',' : '') + text;
  }
  ops += ']';
  let skipped = '';
  if (plan.skipped !== undefined) {
    skipped = ',"skipped":[';
    for (let i = 0; i < plan.skipped.length; i++)
      skipped += (i > 0 ? ',' : '') + skip(plan.skipped[i]);
    skipped += ']';
  }
  return `{"connector":${str(plan.connector)},"mapping":${str(plan.mapping)},"operations":${ops},"record":${record(plan.record)},"runId":${str(plan.runId)}${skipped}}`;
}
