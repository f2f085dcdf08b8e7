import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { parseConfig } from '../config/load-config';
import type { Assessment } from '../model/assessment';
import type { Link } from '../model/link';
import type { WritePlan } from '../model/write-plan';
import type { CompiledMapping } from '../rules/mapping';
import { buildWritePlan, deliveryIdempotencyKey, writePlanHash } from './build-write-plan';
import { canonicalJson } from './canonical-json';
import { writePlanJson } from './plan-json';

const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(join(__dirname, '__fixtures__', name), 'utf8')) as T;
const ASSESSMENT = fixture<Assessment>('speech-assessment.json');
const LINK = fixture<Link>('link.json');

const HEAD = `version: 1
zenhire: { apiKey: "\${ZH_KEY}" }
connectors:
  greenhouse-eu: { type: greenhouse }
mappings:
`;

const REALISTIC = `  - name: english-screen
    connector: greenhouse-eu
    modules: [speech]
    fields:
      - { field: zenhire_cefr, type: single_select, value: "{{ assessment.cefr }}" }
      - { field: zenhire_overall, type: number, value: "{{ assessment.percent }}" }
      - { field: zenhire_fluency, type: number, value: "{{ assessment.dim.fluency.percent }}" }
      - { field: zenhire_vocabulary, type: number, value: "{{ assessment.dim.vocabulary.percent }}" }
      - { field: zenhire_assessed_on, type: date, value: "{{ assessment.completedDate }}" }
    note:
      visibility: private
      body: "CEFR {{ assessment.cefr }} ({{ assessment.percent | percent }}), score {{ assessment.score | out_of: assessment.maxScore }}"
    addTags: [zenhire-assessed, "cefr-{{ assessment.cefr }}"]
    removeTags: [zenhire-invited, zenhire-assessed]
    stage:
      - when: assessment.cefr >= "B2" and assessment.lowConfidence == false
        move: next
      - when: assessment.cefr < "B1"
        reject: Lacking skill(s)/qualification(s)
        note: "CEFR {{ assessment.cefr }} is below B1"
`;

function mappingOf(yaml: string): CompiledMapping {
  const loaded = parseConfig(HEAD + yaml, {
    env: { ZH_KEY: 'k' },
    connectorSchemas: { greenhouse: z.looseObject({}) },
  });
  return loaded.mappings[0];
}

function assessment(patch: Partial<Assessment> = {}): Assessment {
  return { ...structuredClone(ASSESSMENT), ...patch };
}

const kinds = (plan: WritePlan): string[] => plan.operations.map((o) => o.kind);

describe('buildWritePlan', () => {
  const mapping = mappingOf(REALISTIC);

  it('orders SetFields, AddNote, AddTags, RemoveTags, then the stage move', () => {
    const plan = buildWritePlan(mapping, assessment(), LINK);
    expect(plan).toEqual({
      runId: 'req_1705412345678_abc123',
      connector: 'greenhouse-eu',
      mapping: 'english-screen',
      record: LINK.record,
      operations: [
        {
          kind: 'SetFields',
          fields: [
            { field: 'zenhire_assessed_on', value: '2026-05-29', type: 'date' },
            { field: 'zenhire_cefr', value: 'B2', type: 'single_select' },
            { field: 'zenhire_fluency', value: 80, type: 'number' },
            { field: 'zenhire_overall', value: 82, type: 'number' },
            { field: 'zenhire_vocabulary', value: 84, type: 'number' },
          ],
        },
        { kind: 'AddNote', body: 'CEFR B2 (82%), score 4.1/5', visibility: 'private' },
        { kind: 'AddTags', tags: ['cefr-B2', 'zenhire-assessed'] },
        { kind: 'RemoveTags', tags: ['zenhire-invited'] },
        { kind: 'MoveStage', to: 'next' },
      ],
      skipped: [],
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('rejects below B1 with the named reason and the rendered note', () => {
    const plan = buildWritePlan(mapping, assessment({ cefr: 'A2', percent: 35 }), LINK);
    expect(plan.operations.at(-1)).toEqual({
      kind: 'Reject',
      reason: 'Lacking skill(s)/qualification(s)',
      note: 'CEFR A2 is below B1',
    });
  });

  it('does nothing to the stage between the two rules (B1)', () => {
    const plan = buildWritePlan(mapping, assessment({ cefr: 'B1' }), LINK);
    expect(kinds(plan)).toEqual(['SetFields', 'AddNote', 'AddTags', 'RemoveTags']);
    expect(plan.skipped).toEqual([]);
  });

  it('never moves or rejects on a missing CEFR level', () => {
    const plan = buildWritePlan(mapping, assessment({ cefr: null }), LINK);
    expect(kinds(plan)).not.toContain('MoveStage');
    expect(kinds(plan)).not.toContain('Reject');
    expect(plan.skipped).toContainEqual(
      expect.objectContaining({ rule: 'fields[0]', reason: 'empty_value' }),
    );
  });

  it('removes empty operations and leaves unrendered fields untouched', () => {
    const bare = mappingOf(`  - name: bare
    connector: greenhouse-eu
    modules: [speech]
    fields:
      - { field: fluency, type: number, value: "{{ assessment.dim.fluency.percent }}" }
    note: { body: "{% if assessment.recommendation %}{{ assessment.recommendation }}{% endif %}" }
    addTags: ["{% if assessment.fraudDetected %}zenhire-fraud{% endif %}"]
`);
    const plan = buildWritePlan(bare, assessment({ dimensions: [], recommendation: null }), LINK);
    expect(plan.operations).toEqual([]);
    expect(plan.skipped).toEqual([
      {
        rule: 'fields[0]',
        reason: 'empty_value',
        detail: 'field "fluency" not set: the template rendered empty',
      },
    ]);
  });

  it('writes fields sorted by field and reports skipped fields in the order written', () => {
    const unsorted = mappingOf(`  - name: unsorted
    connector: greenhouse-eu
    modules: [speech]
    fields:
      - { field: z_fluency, type: number, value: "{{ assessment.dim.fluency.percent }}" }
      - { field: m_cefr, type: text, value: "{{ assessment.cefr }}" }
      - { field: b_accent, type: number, value: "{{ assessment.dim.accent.percent }}" }
      - { field: a_overall, type: number, value: "{{ assessment.percent }}" }
`);
    const plan = buildWritePlan(unsorted, assessment({ dimensions: [] }), LINK);
    expect(plan.operations[0]).toMatchObject({
      kind: 'SetFields',
      fields: [{ field: 'a_overall' }, { field: 'm_cefr' }],
    });
    expect(plan.skipped?.map((s) => s.rule)).toEqual(['fields[0]', 'fields[2]']);
    expect(plan.hash).toBe(writePlanHash(plan));
  });

  it('writes the note only when its condition holds, and a conditional tag only when it renders', () => {
    const guarded = mappingOf(`  - name: guarded
    connector: greenhouse-eu
    modules: [interview, speech]
    note:
      when: assessment.status != "failed"
      body: "CEFR {{ assessment.cefr }}"
    addTags: [zenhire-assessed, "{% if assessment.cefr %}cefr-{{ assessment.cefr }}{% endif %}"]
`);
    const failed = assessment({
      module: 'interview',
      status: 'failed',
      cefr: null,
      dimensions: [],
    });
    expect(buildWritePlan(guarded, failed, { ...LINK, module: 'interview' }).operations).toEqual([
      { kind: 'AddTags', tags: ['zenhire-assessed'] },
    ]);
    expect(kinds(buildWritePlan(guarded, assessment(), LINK))).toEqual(['AddNote', 'AddTags']);
  });

  describe('never advances on uncertain results unless the rule says so', () => {
    const cases: [string, Partial<Assessment>, string][] = [
      ['partial', { status: 'partial' }, 'partial'],
      ['low confidence (status)', { status: 'low_confidence' }, 'low_confidence'],
      [
        'low confidence (flag)',
        { lowConfidence: true, lowConfidenceReasons: ['candidate_detection_low'] },
        'low_confidence',
      ],
      [
        'fraud-flagged',
        { fraudDetected: true, fraudSignals: [{ key: 'multiple_speakers', detected: true }] },
        'fraud',
      ],
      [
        'failed',
        { status: 'failed', error: { code: 'AUDIO_TOO_SHORT', message: 'too short' } },
        'failed',
      ],
    ];
    const rejectOnly = mappingOf(`  - name: reject-only
    connector: greenhouse-eu
    modules: [speech]
    stage:
      - when: assessment.cefr < "B1"
        reject: Lacking skill(s)/qualification(s)
      - when: "true"
        move: Hiring Manager Review
`);

    it.each(cases)('%s: no Reject, and the plan says why', (_name, patch, reason) => {
      const plan = buildWritePlan(rejectOnly, assessment({ cefr: 'A1', ...patch }), LINK);
      expect(plan.operations).toEqual([]);
      expect(plan.skipped).toContainEqual(expect.objectContaining({ rule: 'stage[0]', reason }));
      expect(plan.skipped!.map((s) => s.detail).join(' ')).toMatch(/not rejected/);
    });

    it('a held-back rule does not fall through to the next rule', () => {
      const plan = buildWritePlan(rejectOnly, assessment({ cefr: 'A1', status: 'partial' }), LINK);
      expect(kinds(plan)).not.toContain('MoveStage');
    });

    it('names the low-confidence reasons and the setting that would allow it', () => {
      const plan = buildWritePlan(
        rejectOnly,
        assessment({
          cefr: 'A1',
          lowConfidence: true,
          lowConfidenceReasons: ['candidate_detection_low'],
        }),
        LINK,
      );
      expect(plan.skipped).toEqual([
        {
          rule: 'stage[0]',
          reason: 'low_confidence',
          detail:
            'not rejected: ZenHire flagged the result as low confidence (candidate_detection_low) (set advanceOn.lowConfidence: true to allow)',
        },
      ]);
    });

    it('moves on a partial result when advanceOn.partial is true (mapping level)', () => {
      const allowing = mappingOf(`  - name: allow-partial
    connector: greenhouse-eu
    modules: [speech]
    advanceOn: { partial: true }
    stage:
      - when: assessment.cefr >= "B2"
        move: next
`);
      const plan = buildWritePlan(allowing, assessment({ status: 'partial' }), LINK);
      expect(plan.operations).toEqual([{ kind: 'MoveStage', to: 'next' }]);
      const lowConfidence = buildWritePlan(
        allowing,
        assessment({ status: 'partial', lowConfidence: true }),
        LINK,
      );
      expect(lowConfidence.operations).toEqual([]);
      expect(lowConfidence.skipped!.map((s) => s.reason)).toEqual(['low_confidence']);
    });

    it('a rule-level advanceOn overrides the mapping level', () => {
      const overriding = mappingOf(`  - name: override
    connector: greenhouse-eu
    modules: [speech]
    advanceOn: { fraud: true }
    stage:
      - when: assessment.cefr >= "B2"
        move: Offer
        advanceOn: { fraud: false, lowConfidence: true }
`);
      const fraud = assessment({
        fraudDetected: true,
        fraudSignals: [{ key: 'reading_detected', detected: true }],
      });
      expect(buildWritePlan(overriding, fraud, LINK).skipped).toEqual([
        expect.objectContaining({
          reason: 'fraud',
          detail: expect.stringContaining('reading_detected'),
        }),
      ]);
      expect(
        buildWritePlan(overriding, assessment({ lowConfidence: true }), LINK).operations,
      ).toEqual([{ kind: 'MoveStage', to: { stage: 'Offer' } }]);
    });

    it('never moves a failed run, whatever advanceOn says', () => {
      const permissive = mappingOf(`  - name: permissive
    connector: greenhouse-eu
    modules: [speech]
    advanceOn: { partial: true, lowConfidence: true, fraud: true }
    stage:
      - when: "true"
        move: next
`);
      const plan = buildWritePlan(permissive, assessment({ status: 'failed', cefr: null }), LINK);
      expect(plan.operations).toEqual([]);
      expect(plan.skipped!.map((s) => s.reason)).toEqual(['failed']);
    });
  });

  describe('determinism', () => {
    it('gives byte-identical plans and hashes for the same inputs', () => {
      const a = buildWritePlan(mapping, assessment(), LINK);
      const b = buildWritePlan(mappingOf(REALISTIC), assessment(), structuredClone(LINK));
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
      expect(a.hash).toBe(writePlanHash(a));
    });

    it('builds plans whose JSON is already canonical, so the hash is the canonical one', () => {
      const rejecting = mappingOf(REALISTIC.replace('move: next', 'move: Hiring Manager Review'));
      const variants: Partial<Assessment>[] = [
        {},
        { cefr: 'A1' },
        { cefr: 'C2', status: 'partial' },
        { cefr: null, dimensions: [] },
        { lowConfidence: true, lowConfidenceReasons: ['candidate_detection_low'] },
        { fraudDetected: true, fraudSignals: [{ key: 'multiple_speakers', detected: true }] },
        { status: 'failed', cefr: null, percent: null },
      ];
      for (const m of [mapping, rejecting]) {
        for (const patch of variants) {
          const plan = buildWritePlan(m, assessment(patch), {
            ...LINK,
            record: { jobId: '1', stageId: '2', connector: 'greenhouse-eu', candidateId: '3' },
          });
          const { hash: _hash, ...rest } = plan;
          expect(JSON.stringify(rest)).toBe(canonicalJson(rest));
          expect(writePlanJson(rest)).toBe(canonicalJson(rest));
          expect(plan.hash).toBe(writePlanHash(plan));
        }
      }
    });

    it('keeps the hash when YAML object keys are written in another order', () => {
      const reordered = REALISTIC.replace(
        '{ field: zenhire_cefr, type: single_select, value: "{{ assessment.cefr }}" }',
        '{ value: "{{ assessment.cefr }}", type: single_select, field: zenhire_cefr }',
      )
        .replace(
          '    connector: greenhouse-eu\n    modules: [speech]\n',
          '    modules: [speech]\n    connector: greenhouse-eu\n',
        )
        .replace(
          '      - when: assessment.cefr >= "B2" and assessment.lowConfidence == false\n        move: next',
          '      - move: next\n        when: assessment.cefr >= "B2" and assessment.lowConfidence == false',
        );
      expect(reordered).not.toBe(REALISTIC);
      const link = {
        source: LINK.source,
        record: {
          applicationId: '69306314',
          candidateId: '265772',
          jobId: '3485',
          connector: 'greenhouse-eu',
        },
        module: LINK.module,
        runId: LINK.runId,
        triggerId: LINK.triggerId,
      };
      expect(buildWritePlan(mappingOf(reordered), assessment(), link).hash).toBe(
        buildWritePlan(mapping, assessment(), LINK).hash,
      );
    });

    it('keeps the hash when the fields or tags are listed in another order', () => {
      const swapped = REALISTIC.replace(
        '[zenhire-assessed, "cefr-{{ assessment.cefr }}"]',
        '["cefr-{{ assessment.cefr }}", zenhire-assessed]',
      );
      expect(buildWritePlan(mappingOf(swapped), assessment(), LINK).hash).toBe(
        buildWritePlan(mapping, assessment(), LINK).hash,
      );
    });

    it('changes the hash when any written value changes', () => {
      const base = buildWritePlan(mapping, assessment(), LINK).hash;
      expect(buildWritePlan(mapping, assessment({ percent: 83 }), LINK).hash).not.toBe(base);
      expect(buildWritePlan(mapping, assessment({ lowConfidence: true }), LINK).hash).not.toBe(
        base,
      );
    });

    it('hashes the canonical JSON of the plan without its hash (golden value)', () => {
      const plan = buildWritePlan(mapping, assessment(), LINK);
      const { hash, ...rest } = plan;
      const text = canonicalJson(rest);
      expect(
        text.startsWith(
          '{"connector":"greenhouse-eu","mapping":"english-screen","operations":[{"fields":[',
        ),
      ).toBe(true);
      expect(hash).toBe(createHash('sha256').update(text).digest('hex'));
      // Golden value: changes only when the plan format or canonical form changes (that
      // re-delivers every plan once; bump deliberately).
      expect(hash).toBe('9f7ea63f064a307efdda943b9920badedd99bb39f6133750696e2b1b93557d79');
    });
  });

  describe('deliveryIdempotencyKey', () => {
    it('is the plan hash: the same for the same plan, different per run, connector, mapping and content', () => {
      const plan = buildWritePlan(mapping, assessment(), LINK);
      const key = deliveryIdempotencyKey(plan);
      expect(key).toMatch(/^[0-9a-f]{64}$/);
      expect(key).toBe(plan.hash);
      expect(deliveryIdempotencyKey(buildWritePlan(mapping, assessment(), LINK))).toBe(key);
      const { hash: _hash, ...content } = plan;
      const rekeyed = (patch: Partial<WritePlan>): string =>
        deliveryIdempotencyKey({ hash: writePlanHash({ ...content, ...patch }) });
      expect(rekeyed({})).toBe(key);
      const keys = [
        key,
        deliveryIdempotencyKey(buildWritePlan(mapping, assessment({ runId: 'req_other' }), LINK)),
        rekeyed({ connector: 'greenhouse-us' }),
        rekeyed({ mapping: 'other' }),
        deliveryIdempotencyKey(buildWritePlan(mapping, assessment({ cefr: 'C2' }), LINK)),
      ];
      expect(new Set(keys).size).toBe(keys.length);
    });
  });

  it('refuses a mapping for another connector instance or module', () => {
    expect(() =>
      buildWritePlan(mapping, assessment(), {
        ...LINK,
        record: { ...LINK.record, connector: 'lever' },
      }),
    ).toThrow(expect.objectContaining({ code: 'PLAN_MAPPING_MISMATCH' }));
    expect(() => buildWritePlan(mapping, assessment({ module: 'soft_skills' }), LINK)).toThrow(
      expect.objectContaining({ code: 'PLAN_MAPPING_MISMATCH' }),
    );
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { f: 1, e: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[3,{"e":2,"f":1}]},"b":1}',
    );
  });
});
