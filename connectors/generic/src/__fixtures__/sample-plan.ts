import { type WritePlan, writePlanHash } from '@zenhire-connect/core';

/** A plan with three operations for instance `connector` (hash computed by core). */
export function samplePlan(connector: string, runId = 'run_sample_1'): WritePlan {
  const plan: Omit<WritePlan, 'hash'> = {
    runId,
    connector,
    mapping: 'speech-to-hris',
    record: { connector, candidateId: 'c-42', applicationId: 'a-7', jobId: 'j-3' },
    operations: [
      {
        kind: 'SetFields',
        fields: [
          { field: 'english_level', value: 'B2', type: 'single_select' },
          { field: 'english_score', value: 4.1, type: 'number' },
        ],
      },
      {
        kind: 'AddNote',
        body: 'ZenHire speech analysis: B2 (4.1/5)\nFluent.',
        visibility: 'private',
      },
      { kind: 'AddTags', tags: ['zenhire-b2'] },
    ],
  };
  return { ...plan, hash: writePlanHash(plan) };
}
