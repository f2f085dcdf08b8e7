import { hash as oneShotHash } from 'node:crypto';
import { ZenHireConnectError } from '../errors';
import type { Assessment } from '../model/assessment';
import type { Link } from '../model/link';
import type { RecordRef } from '../model/record-ref';
import type { FieldWrite, PlanSkip, WriteOperation, WritePlan } from '../model/write-plan';
import { convertFieldValue } from '../rules/field-value';
import type { CompiledMapping, CompiledStageRule } from '../rules/mapping';
import { mappingScope, type MappingScope } from '../rules/template-context';
import { canonicalJson } from './canonical-json';
import { planJsonConstants, writePlanJson, type PlanJsonConstants } from './plan-json';

function sha256(text: string): string {
  return oneShotHash('sha256', text, 'hex');
}

/*
 * Plans are built with every object's keys already in sorted order, so plain
 * `JSON.stringify` of the plan equals `canonicalJson` (a test checks it on many plans).
 * The hash is computed over `writePlanJson`, a field-by-field printer of the same canonical
 * text (tests prove it equal to `canonicalJson`), which avoids the generic JSON walk.
 * Build new objects here in sorted key order only.
 */

function sortedRecord(record: RecordRef): RecordRef {
  const out: Partial<RecordRef> = {};
  if (record.applicationId !== undefined) out.applicationId = record.applicationId;
  out.candidateId = record.candidateId;
  out.connector = record.connector;
  if (record.jobId !== undefined) out.jobId = record.jobId;
  if (record.stageId !== undefined) out.stageId = record.stageId;
  return out as RecordRef;
}

const PLAN_JSON_CONSTANTS = new WeakMap<CompiledMapping, PlanJsonConstants>();

/**
 * The JSON of a mapping's constants (its connector and name, field names and types,
 * constant tags, stage names, rejection reasons, rule names), computed on the first plan
 * and kept as long as the mapping is.
 */
function constantsOf(mapping: CompiledMapping): PlanJsonConstants {
  let constants = PLAN_JSON_CONSTANTS.get(mapping);
  if (!constants) {
    const strings: string[] = mapping.fields.map((f) => `fields[${f.index}]`);
    for (const tag of [...mapping.addTags, ...mapping.removeTags])
      if (tag.isConstant) strings.push(tag.source.trim());
    for (const rule of mapping.stage) {
      strings.push(`stage[${rule.index}]`);
      if (rule.action.kind === 'reject') strings.push(rule.action.reason);
      else if (rule.action.to !== 'next') strings.push(rule.action.to.stage);
    }
    constants = planJsonConstants(mapping.connector, mapping.name, mapping.fields, strings);
    PLAN_JSON_CONSTANTS.set(mapping, constants);
  }
  return constants;
}

/** Rendered tags: trimmed, empty ones dropped, de-duplicated, sorted (UTF-16 order). */
function renderTags(templates: CompiledMapping['addTags'], scope: MappingScope): string[] {
  const tags: string[] = [];
  for (let i = 0; i < templates.length; i++) {
    const tag = templates[i].render(scope).trim();
    if (tag !== '' && !tags.includes(tag)) tags.push(tag);
  }
  return tags.length > 1 ? tags.sort() : tags;
}

/** Why a stage rule may not act on this assessment (empty when it may). */
function blockers(rule: CompiledStageRule, assessment: Assessment): PlanSkip[] {
  const at = `stage[${rule.index}]`;
  const not = rule.action.kind === 'move' ? 'not moved' : 'not rejected';
  const skip = (reason: PlanSkip['reason'], why: string): PlanSkip => ({
    detail: `${not}: ${why}`,
    reason,
    rule: at,
  });
  if (assessment.status === 'failed') return [skip('failed', 'the run failed and has no scores')];
  const out: PlanSkip[] = [];
  if (assessment.status === 'partial' && !rule.advanceOn.partial) {
    out.push(skip('partial', 'the result is partial (set advanceOn.partial: true to allow)'));
  }
  if (
    (assessment.status === 'low_confidence' || assessment.lowConfidence) &&
    !rule.advanceOn.lowConfidence
  ) {
    const reasons = assessment.lowConfidenceReasons;
    const why = reasons.length > 0 ? ` (${reasons.join(', ')})` : '';
    out.push(
      skip(
        'low_confidence',
        `ZenHire flagged the result as low confidence${why} (set advanceOn.lowConfidence: true to allow)`,
      ),
    );
  }
  if (assessment.fraudDetected && !rule.advanceOn.fraud) {
    const signals = assessment.fraudSignals.filter((s) => s.detected).map((s) => s.key);
    out.push(
      skip(
        'fraud',
        `fraud signals detected (${signals.join(', ')}) (set advanceOn.fraud: true to allow)`,
      ),
    );
  }
  return out;
}

/**
 * Builds the WritePlan of one mapping for one assessment and its link (DESIGN.md flow 3).
 * Pure and deterministic: the same inputs give a byte-identical plan and `hash`.
 *
 * Operations, empty ones left out, in this order: `SetFields` (sorted by field; a field
 * that renders empty or does not fit its type is skipped, never cleared), `AddNote` (when its
 * `when` holds and the body renders non-empty),
 * `AddTags`, `RemoveTags` (trimmed, de-duplicated, sorted; a tag both added and removed is
 * only added), then at most one `MoveStage` or `Reject`: the first stage rule whose
 * condition holds decides, and it is held back — with a `skipped` entry saying why — when
 * the run failed, or the result is partial / low confidence / fraud-flagged and the rule's
 * `advanceOn` does not allow it. A held-back rule does not fall through to later rules.
 *
 * `hash` = SHA-256 hex of the canonical JSON (sorted keys) of the plan without `hash`.
 *
 * Throws `ZenHireConnectError` `PLAN_MAPPING_MISMATCH` when the mapping is not for the
 * link's connector instance or the assessment's module (a caller bug).
 */
export function buildWritePlan(
  mapping: CompiledMapping,
  assessment: Assessment,
  link: Link,
): WritePlan {
  if (!mapping.appliesTo(link.record.connector, assessment.module)) {
    throw new ZenHireConnectError(
      'PLAN_MAPPING_MISMATCH',
      `mapping "${mapping.name}" is for ${mapping.connector} / ${mapping.modules.join(', ')}, not ${link.record.connector} / ${assessment.module}`,
      { mapping: mapping.name },
    );
  }
  const scope = mappingScope(assessment, link);
  const operations: WriteOperation[] = [];
  const skipped: PlanSkip[] = [];

  // `mapping.fields` is sorted by field already; skips are reported in YAML order.
  const fields: FieldWrite[] = [];
  let fieldSkips: (PlanSkip & { index: number })[] | undefined;
  for (let i = 0; i < mapping.fields.length; i++) {
    const f = mapping.fields[i];
    const result = convertFieldValue(f.value.renderValue(scope), f.type);
    if (result.ok) fields.push({ field: f.field, type: f.type, value: result.value });
    else {
      (fieldSkips ??= []).push({
        detail: `field "${f.field}" not set: ${result.detail}`,
        index: f.index,
        reason: result.reason,
        rule: `fields[${f.index}]`,
      });
    }
  }
  if (fields.length > 0) operations.push({ fields, kind: 'SetFields' });
  if (fieldSkips) {
    fieldSkips.sort((a, b) => a.index - b.index);
    for (const { detail, reason, rule } of fieldSkips) skipped.push({ detail, reason, rule });
  }

  if (mapping.note && (!mapping.note.when || mapping.note.when.test(scope))) {
    const body = mapping.note.body.render(scope).trim();
    if (body !== '')
      operations.push({ body, kind: 'AddNote', visibility: mapping.note.visibility });
  }

  const addTags = renderTags(mapping.addTags, scope);
  if (addTags.length > 0) operations.push({ kind: 'AddTags', tags: addTags });
  if (mapping.removeTags.length > 0) {
    const removeTags = renderTags(mapping.removeTags, scope).filter((t) => !addTags.includes(t));
    if (removeTags.length > 0) operations.push({ kind: 'RemoveTags', tags: removeTags });
  }

  for (const rule of mapping.stage) {
    if (!rule.when.test(scope)) continue;
    const blocked = blockers(rule, assessment);
    if (blocked.length > 0) {
      skipped.push(...blocked);
    } else if (rule.action.kind === 'move') {
      operations.push({
        kind: 'MoveStage',
        to: rule.action.to === 'next' ? 'next' : { stage: rule.action.to.stage },
      });
    } else {
      const note = rule.action.note?.render(scope).trim();
      operations.push(
        note
          ? { kind: 'Reject', note, reason: rule.action.reason }
          : { kind: 'Reject', reason: rule.action.reason },
      );
    }
    break;
  }

  const plan: WritePlan = {
    connector: link.record.connector,
    mapping: mapping.name,
    operations,
    record: sortedRecord(link.record),
    runId: assessment.runId,
    skipped,
    hash: '',
  };
  plan.hash = sha256(writePlanJson(plan, constantsOf(mapping)));
  return plan;
}

/**
 * SHA-256 hex (64 chars) of the canonical JSON (`canonicalJson`) of a plan without its `hash`
 * field; any `hash` passed in is ignored. The one way to hash a plan built outside
 * `buildWritePlan` (invitation and partner-completion plans); for plans `buildWritePlan` makes
 * it gives the same hash (`writePlanJson` prints the same text).
 */
export function writePlanHash(plan: Omit<WritePlan, 'hash'> | WritePlan): string {
  const { hash: _hash, ...rest } = plan as WritePlan;
  return sha256(canonicalJson(rest));
}

/**
 * The delivery idempotency key of a plan (DESIGN.md "Delivery": derived from run id,
 * connector, mapping and plan content): the plan's `hash` itself, 64 lowercase hex chars.
 * The hashed canonical JSON already holds `runId`, `connector`, `mapping`, `record` and the
 * operations, so two plans share a key exactly when they share a hash; a second SHA-256 over
 * `[runId, connector, mapping, hash]` would add no information (and cost a fifth of the pure
 * path's time, see `test/bench/pure-path.ts`). The same plan for the same run always gives
 * the same key, so enqueueing it twice is a no-op in the store.
 */
export function deliveryIdempotencyKey(plan: Pick<WritePlan, 'hash'>): string {
  return plan.hash;
}
