import type { WritePlan } from '../model/write-plan';
import { canonicalJson } from './canonical-json';
import { jsonStringArray, planJsonConstants, writePlanJson } from './plan-json';

/** Strings JSON escapes or that look like it: the fast printer must quote them as JSON does. */
const AWKWARD = [
  '',
  'plain',
  'say "hi"',
  'back\\slash',
  'line\nbreak\ttab\r',
  '\u0000\u001f\u007f',
  'lone \ud800 high',
  'lone \udfff low',
  'pair 😀 ok',
  'accents éü 日本',
  '\u2028\u2029',
  '</script>',
  // longer than the printer's short-string path
  'a plain note body that is longer than thirty-two characters',
  'a longer note body\nwith "quotes", a back\\slash and a lone \ud800 surrogate',
];

function plan(text: string): Omit<WritePlan, 'hash'> {
  return {
    connector: text,
    mapping: `m-${text}`,
    operations: [
      {
        fields: [
          { field: text, type: 'text', value: text },
          { field: 'n', type: 'number', value: -1.5e-7 },
          { field: 'y', type: 'yes_no', value: false },
          { field: 'z', type: 'single_select', value: null },
        ],
        kind: 'SetFields',
      },
      { body: text, kind: 'AddNote', visibility: 'admin_only' },
      { kind: 'AddTags', tags: [text, 'zenhire-assessed'] },
      { kind: 'RemoveTags', tags: [text] },
      { kind: 'MoveStage', to: { stage: text } },
      { kind: 'MoveStage', to: 'next' },
      { kind: 'Reject', note: text, reason: text },
      { kind: 'Reject', reason: text },
    ],
    record: {
      applicationId: text,
      candidateId: text,
      connector: text,
      jobId: text,
      stageId: text,
    },
    runId: text,
    skipped: [{ detail: text, reason: 'invalid_value', rule: 'fields[0]' }],
  };
}

describe('writePlanJson', () => {
  it.each(AWKWARD.map((text) => [JSON.stringify(text), text]))(
    'prints the canonical JSON of a plan holding %s',
    (_label, text) => {
      const value = plan(text);
      expect(writePlanJson(value)).toBe(canonicalJson(value));
      expect(JSON.parse(writePlanJson(value))).toEqual(value);
    },
  );

  it.each(AWKWARD.map((text) => [JSON.stringify(text), text]))(
    'prints the same text with the JSON of the mapping constants for %s',
    (_label, text) => {
      const value = plan(text);
      const fields = [
        { field: text, type: 'text' as const },
        { field: 'n', type: 'yes_no' as const }, // another type than the plan's: not used
      ];
      const known = planJsonConstants(text, `m-${text}`, fields, [text, 'fields[0]']);
      expect(writePlanJson(value, known)).toBe(canonicalJson(value));
      // Constants of another connector or mapping are not used.
      const other = planJsonConstants(`${text}x`, `m-${text}`, fields, ['x']);
      expect(writePlanJson(value, other)).toBe(canonicalJson(value));
    },
  );

  it('prints non-finite numbers as null and leaves out absent optional keys', () => {
    const value: Omit<WritePlan, 'hash'> = {
      connector: 'c',
      mapping: 'm',
      operations: [
        {
          fields: [
            { field: 'a', type: 'number', value: Number.NaN },
            { field: 'b', type: 'number', value: Number.POSITIVE_INFINITY },
            { field: 'c', type: 'number', value: -0 },
            { field: 'd', type: 'number', value: 1e21 },
          ],
          kind: 'SetFields',
        },
      ],
      record: { candidateId: '1', connector: 'c' },
      runId: 'r',
    };
    expect(writePlanJson(value)).toBe(canonicalJson(value));
    expect(writePlanJson({ ...value, skipped: [] })).toBe(canonicalJson({ ...value, skipped: [] }));
  });

  it('prints an operation kind it does not know through canonicalJson', () => {
    const value: Omit<WritePlan, 'hash'> = {
      connector: 'c',
      mapping: 'm',
      operations: [
        {
          kind: 'CompleteAssessment',
          partnerInterviewId: 'p',
          status: 'complete',
          score: 80,
          profileUrl: null,
          metadata: { b: 1, a: 'x' },
        },
      ],
      record: { candidateId: '1', connector: 'c' },
      runId: 'r',
      skipped: [],
    };
    expect(writePlanJson(value)).toBe(canonicalJson(value));
  });
});

describe('jsonStringArray', () => {
  it('equals JSON.stringify of an array of strings', () => {
    expect(jsonStringArray([])).toBe('[]');
    expect(jsonStringArray(AWKWARD)).toBe(JSON.stringify(AWKWARD));
  });
});
