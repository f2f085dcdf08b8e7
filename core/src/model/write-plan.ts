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
 * (SHA-256 hex of the canonical JSON of everything but `hash`); the delivery's idempotency
 * key is derived from (run id, connector, mapping, hash).
 */
export interface WritePlan {
  runId: string;
  connector: string;
  mapping: string;
  record: RecordRef;
  operations: WriteOperation[];
  hash: string;
}
