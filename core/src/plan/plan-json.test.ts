import type { WritePlan } from '../model/write-plan';
import { canonicalJson } from './canonical-json';
import { planCanonicalJson } from './plan-json';

const base: Omit<WritePlan, 'hash'> = {
  connector: 'greenhouse-eu',
  mapping: 'm',
  operations: [],
  record: {
    applicationId: '2',
    candidateId: '1',
    connector: 'greenhouse-eu',
    jobId: '3',
    stageId: '4',
  },
  runId: 'req_1',
  skipped: [],
};

describe('planCanonicalJson', () => {
  it.each<[string, Omit<WritePlan, 'hash'>]>([
    ['an empty plan', base],
    ['a plan without skipped', { ...base, skipped: undefined }],
    ['a minimal record', { ...base, record: { candidateId: 'c', connector: 'x' } }],
    [
      'every operation kind buildWritePlan makes, with awkward text and numbers',
      {
        ...base,
        operations: [
          {
            kind: 'SetFields',
            fields: [
              { field: 'a"b\\c', type: 'number', value: -1.5e-7 },
              { field: 'ünïcødé ✓ 😀', type: 'text', value: 'line\nbreak\ttab\u0001\u2028' },
              { field: 'yes', type: 'yes_no', value: false },
              { field: 'none', type: 'text', value: null },
              { field: 'big', type: 'number', value: 12345678901234567890 },
            ],
          },
          { kind: 'AddNote', body: '<b>"quoted"</b> 100%', visibility: 'admin_only' },
          { kind: 'AddTags', tags: ['a', 'cefr-B2', 'é'] },
          { kind: 'RemoveTags', tags: [] },
          { kind: 'MoveStage', to: { stage: 'Hiring Manager Review' } },
          { kind: 'MoveStage', to: 'next' },
          { kind: 'Reject', reason: 'Lacking skill(s)/qualification(s)' },
          { kind: 'Reject', reason: 'x', note: 'CEFR A2' },
        ],
        skipped: [{ detail: 'not moved: "partial"', reason: 'partial', rule: 'stage[0]' }],
      },
    ],
  ])('equals canonicalJson for %s', (_name, plan) => {
    expect(planCanonicalJson(plan)).toBe(canonicalJson(plan));
    expect(() => JSON.parse(planCanonicalJson(plan)!)).not.toThrow();
  });

  it('declines operations it does not write (the caller falls back to canonicalJson)', () => {
    const plan: Omit<WritePlan, 'hash'> = {
      ...base,
      operations: [
        {
          kind: 'CompleteAssessment',
          partnerInterviewId: 'p',
          status: 'complete',
          score: 80,
          profileUrl: null,
          metadata: {},
        },
      ],
    };
    expect(planCanonicalJson(plan)).toBeUndefined();
  });
});
