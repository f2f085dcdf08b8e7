import type {
  RecordRef,
  WriteOperation,
  WriteOperationKind,
  WritePlan,
} from '@zenhire-connect/core';

/**
 * One plausible operation of each kind, used to probe a connector with a kind it does not
 * declare in `capabilities.operations` (it must refuse it, not apply it).
 */
export const SAMPLE_OPERATIONS: Record<WriteOperationKind, WriteOperation> = {
  SetFields: {
    kind: 'SetFields',
    fields: [{ field: 'zenhire_score', value: 4.2, type: 'number' }],
  },
  AddNote: { kind: 'AddNote', body: 'ZenHire conformance note', visibility: 'private' },
  AddTags: { kind: 'AddTags', tags: ['zenhire-conformance'] },
  RemoveTags: { kind: 'RemoveTags', tags: ['zenhire-conformance'] },
  MoveStage: { kind: 'MoveStage', to: 'next' },
  Reject: { kind: 'Reject', reason: 'Conformance', note: 'conformance probe' },
  CompleteAssessment: {
    kind: 'CompleteAssessment',
    partnerInterviewId: 'conformance-interview',
    status: 'complete',
    score: 80,
    profileUrl: null,
    metadata: {},
  },
};

/**
 * A plan for `record` holding `operations` (hash: a fixed marker plus the kinds, enough for a
 * probe; real plans come from core's `buildWritePlan`).
 */
export function probePlan(
  base: Pick<WritePlan, 'runId' | 'connector' | 'mapping'> & { record: RecordRef },
  operations: WriteOperation[],
): WritePlan {
  return {
    runId: base.runId,
    connector: base.connector,
    mapping: base.mapping,
    record: base.record,
    operations,
    hash: `conformance-probe-${operations.map((o) => o.kind).join('-')}`,
  };
}
