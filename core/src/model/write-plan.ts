import type { RecordRef } from './record-ref';

/**
 * A value to write into an ATS custom field, with the type the mapping declared. The
 * connector converts it to the field's real type (Greenhouse single-select: option name →
 * option id) and fails the delivery with a clear error when it cannot fit.
 */
export interface FieldWrite {
  /** Field reference as written in the mapping: Greenhouse `name_key` or numeric id. */
  field: string;
  value: string | number | boolean | null;
  type: 'number' | 'text' | 'single_select' | 'date' | 'yes_no';
}

/** Note visibility (Greenhouse vocabulary; Lever ignores it). */
export type NoteVisibility = 'admin_only' | 'private' | 'public';

/** Connector-neutral write operations (DESIGN.md "WritePlan"). */
export type WriteOperation =
  | { kind: 'SetFields'; fields: FieldWrite[] }
  | { kind: 'AddNote'; body: string; visibility: NoteVisibility }
  | { kind: 'AddTags'; tags: string[] }
  | { kind: 'RemoveTags'; tags: string[] }
  /** `to: 'next'` advances one stage; otherwise a stage name or id as the mapping wrote it. */
  | { kind: 'MoveStage'; to: 'next' | { stage: string } }
  | { kind: 'Reject'; reason: string; note?: string }
  /**
   * Greenhouse Assessment Partner completion: the result shown in Greenhouse's assessment
   * panel (`partner_status`, `partner_score`, `partner_profile_url`, flat `metadata`).
   */
  | {
      kind: 'CompleteAssessment';
      partnerInterviewId: string;
      status: 'complete' | 'partial' | 'failed';
      score: number | null;
      profileUrl: string | null;
      metadata: Record<string, string | number | null>;
    };

export type WriteOperationKind = WriteOperation['kind'];

export const WRITE_OPERATION_KINDS: readonly WriteOperationKind[] = [
  'SetFields',
  'AddNote',
  'AddTags',
  'RemoveTags',
  'MoveStage',
  'Reject',
  'CompleteAssessment',
];

/**
 * Ordered operations for one link and one mapping. `hash` is a stable content hash
 * (SHA-256 hex of the canonical JSON of everything but `hash`, which includes run id,
 * connector and mapping); it is also the delivery's idempotency key
 * (`deliveryIdempotencyKey`).
 */
export interface WritePlan {
  runId: string;
  connector: string;
  mapping: string;
  record: RecordRef;
  operations: WriteOperation[];
  /**
   * What the mapping chose not to write and why (a stage rule held back on a partial,
   * low-confidence, fraud-flagged or failed result; a field that rendered empty). Part of
   * the hashed content. Optional so plans built elsewhere need not set it.
   */
  skipped?: PlanSkip[];
  hash: string;
}

/**
 * Why part of a mapping was not turned into an operation:
 * - `partial` / `low_confidence` / `fraud` / `failed`: a stage rule matched but the result
 *   is uncertain and the rule does not allow moving or rejecting on it (`advanceOn`);
 * - `empty_value` / `invalid_value`: a field template rendered nothing, or text that does
 *   not fit the field type (the field is left as it is in the ATS).
 */
export interface PlanSkip {
  /** The rule part, e.g. `stage[0]`, `fields[2]`. */
  rule: string;
  reason: 'partial' | 'low_confidence' | 'fraud' | 'failed' | 'empty_value' | 'invalid_value';
  /** A sentence for people (never holds secrets). */
  detail: string;
}
