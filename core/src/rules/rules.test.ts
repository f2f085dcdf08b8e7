import { z } from 'zod';
import { parseConfig } from '../config/load-config';
import { ConfigError } from '../errors';
import type { AtsEvent } from '../model/ats-event';
import type { Assessment } from '../model/assessment';
import { createRuleEngine } from './liquid-engine';
import { compileCondition, compileTemplate } from './template';
import { mappingScope, mappingScopeReader, sampleMappingScope } from './template-context';

const HEAD = `version: 1
zenhire: { apiKey: "\${ZH_KEY}" }
connectors:
  greenhouse-eu: { type: greenhouse }
  lever-main: { type: lever }
`;

function load(rules: string) {
  return parseConfig(HEAD + rules, {
    env: { ZH_KEY: 'k' },
    connectorSchemas: { greenhouse: z.looseObject({}), lever: z.looseObject({}) },
  });
}

function event(patch: Partial<AtsEvent> = {}): AtsEvent {
  return {
    id: 'evt-1',
    type: 'stage_entered',
    connector: 'greenhouse-eu',
    occurredAt: '2026-05-29T10:00:00Z',
    record: {
      connector: 'greenhouse-eu',
      candidateId: '265772',
      applicationId: '69306314',
      jobId: '3485',
    },
    job: { id: '3485', name: 'Customer Support Agent (EN)' },
    stage: { id: '771', name: 'ZenHire Screen' },
    tags: ['priority'],
    ...patch,
  };
}

describe('triggers', () => {
  const { triggers } = load(`triggers:
  - name: screen
    connector: greenhouse-eu
    on: stage_entered
    stages: ["zenhire screen", 9999]
    jobs: [3485]
    when: event.candidate.email contains "@" or event.tags contains "priority"
    action: { kind: interview, personaId: persona-1, consentMode: explicit }
  - name: tagged
    connector: lever-main
    on: tag_added
    tags: [ZenHire]
    action: { kind: speech }
  - name: cv
    connector: greenhouse-eu
    on: application_created
    action:
      kind: cv_deepmatch
      jobDescription: "{{ event.job.name }}"
      requirements: { workExperience: { from: 1, to: 15, importance: 3 }, skills: { hard_skills: [] } }
`);
  const [screen, tagged, cv] = triggers;

  it('matches on type, connector, stage (name case-insensitively, or id), job and condition', () => {
    expect(screen.matches(event())).toBe(true);
    expect(screen.matches(event({ stage: { id: '9999' } }))).toBe(true);
    expect(screen.matches(event({ stage: { id: '1', name: 'Phone Screen' } }))).toBe(false);
    expect(screen.matches(event({ job: { id: '1', name: 'Other' } }))).toBe(false);
    expect(screen.matches(event({ job: undefined }))).toBe(false);
    expect(screen.matches(event({ type: 'tag_added' }))).toBe(false);
    expect(screen.matches(event({ connector: 'lever-main' }))).toBe(false);
    expect(screen.matches(event({ tags: [] }))).toBe(false);
    expect(screen.matches(event({ tags: [], candidate: { email: 'ada@example.com' } }))).toBe(true);
  });

  it('matches tag filters case-insensitively', () => {
    const e = event({ type: 'tag_added', connector: 'lever-main', tags: ['zenhire'] });
    expect(tagged.matches(e)).toBe(true);
    expect(tagged.matches({ ...e, tags: ['other'] })).toBe(false);
    expect(tagged.action).toEqual({ kind: 'speech', language: 'en' });
  });

  it('gives the configured action and renders templated parameters per event', () => {
    expect(screen.action).toEqual({
      kind: 'interview',
      personaId: 'persona-1',
      consentMode: 'explicit',
    });
    const e = event({ type: 'application_created' });
    expect(cv.matches(e)).toBe(true);
    expect(cv.actionFor(e)).toEqual({
      kind: 'cv_deepmatch',
      positionId: '3485',
      jobDescription: 'Customer Support Agent (EN)',
      requirements: {
        workExperience: { from: 1, to: 15, importance: 3 },
        skills: { hard_skills: [] },
      },
    });
    expect(() => cv.actionFor(event({ job: { id: 'a job id with spaces' } }))).toThrow(
      expect.objectContaining({ code: 'TRIGGER_ACTION_INVALID' }),
    );
  });

  it('rejects a trigger condition on an absent event value at load', () => {
    expect(() =>
      load(`triggers:
  - name: t
    connector: greenhouse-eu
    on: stage_entered
    when: event.stage.title == "x"
    action: { kind: soft_skills }
`),
    ).toThrow(/10:11 triggers\[0\]\.when: undefined variable: event\.stage\.title/);
  });
});

describe('templates', () => {
  const liquid = createRuleEngine();
  const assessment: Assessment = {
    ...(sampleMappingScope('speech').assessment as Assessment),
    runId: 'req_9',
    score: 4.16,
    percent: 83.4,
    cefr: 'C1',
    completedAt: '2026-05-29T23:30:00.000Z',
  };
  const scope = mappingScope(assessment, sampleMappingScope('speech').link);

  it.each([
    ['{{ assessment.percent | percent }}', '83%'],
    ['{{ assessment.percent | percent: 1 }}', '83.4%'],
    ['{{ assessment.score | fixed: 2 }}', '4.16'],
    ['{{ assessment.score | out_of: assessment.maxScore }}', '4.2/5'],
    ['{{ assessment.cefr | cefr_rank }}', '5'],
    ['{{ assessment.lowConfidence | yes_no }}', 'No'],
    ['{{ assessment.percent | round }}', '83'],
    ['{{ assessment.completedAt | date: "%Y-%m-%d %H:%M" }}', '2026-05-29 23:30'],
    ['{{ assessment.dim.fluency.percent }}% / {{ assessment.dim["vocabulary"].cefr }}', '80% / B2'],
    [
      '{{ run.id }} {{ run.module }} {{ record.applicationId }} {{ link.triggerId }}',
      'req_9 speech 2 sample-trigger',
    ],
    [
      '{% for d in assessment.dimensions %}{{ d.key }}={{ d.percent }};{% endfor %}',
      'vocabulary=80;fluency=80;accent=80;',
    ],
  ])('%s → %s', (source, expected) => {
    expect(compileTemplate(liquid, source).render(scope)).toBe(expected);
  });

  it('renders a missing optional value as empty at run time', () => {
    const partial = mappingScope(
      { ...assessment, dimensions: [], percent: null },
      { ...scope.link, record: { connector: 'x', candidateId: '1' } },
    );
    expect(
      compileTemplate(
        liquid,
        '[{{ assessment.dim.fluency.percent }}|{{ assessment.percent | percent }}|{{ record.applicationId }}]',
      ).render(partial),
    ).toBe('[||]');
  });

  it('gives exactly what Liquid renders, on the fast path and with memoisation', () => {
    const templates = [
      'CEFR {{ assessment.cefr }}, {{ assessment.dim.fluency.percent }}% ({{ run.id }})',
      '{{ assessment.percent | percent }} {{ assessment.cefr | downcase }}',
      '{% if assessment.lowConfidence %}check{% else %}ok{% endif %} {{ assessment.dimensions }}',
      '{{ assessment.fraudSignals }}{{ assessment.artifacts }}{{ assessment.score }}',
    ].map((t) => compileTemplate(liquid, t));
    const conditions = [
      'assessment.cefr >= "B2" and assessment.lowConfidence == false',
      'assessment.cefr < "B1"',
      'assessment.percent >= 70 or assessment.dim.fluency.percent > 90',
      'assessment.dim.fluency == nil',
    ].map((c) => compileCondition(liquid, c));
    const levels = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2', null] as const;
    for (let i = 0; i < 700; i++) {
      const a: Assessment = {
        ...assessment,
        runId: `req_${i}`,
        percent: i % 11 === 0 ? null : i % 101,
        cefr: levels[i % 7],
        lowConfidence: i % 5 === 0,
        dimensions:
          i % 13 === 0 ? [] : assessment.dimensions.map((d) => ({ ...d, percent: (i * 7) % 100 })),
      };
      const s = mappingScope(a, scope.link);
      for (const t of templates) expect(t.render(s)).toBe(t.renderWithLiquid(s));
      for (const c of conditions) expect(c.test(s)).toBe(c.testWithLiquid(s));
    }
  });

  it('keeps memoised values of different types apart (1, "1", null, missing, objects)', () => {
    const one = compileTemplate(liquid, '{{ v | json }}');
    const two = compileTemplate(liquid, '{{ v | json }}/{{ w | json }}');
    const values = [1, '1', null, undefined, { a: 1 }, [1], true, 'true', 0, '', -0];
    for (let round = 0; round < 3; round++) {
      for (const v of values) {
        for (const w of [1, '1', undefined]) {
          const scope = v === undefined ? { w } : { v, w };
          expect(one.render(scope)).toBe(one.renderWithLiquid(scope));
          expect(two.render(scope)).toBe(two.renderWithLiquid(scope));
        }
      }
    }
  });

  it('reads mapping variables through the fast readers exactly as Liquid does', () => {
    const fast = { readers: mappingScopeReader };
    const sources = [
      '{{ assessment.cefr }}|{{ assessment.percent }}|{{ assessment.status }}|{{ assessment.completedDate }}',
      '{{ assessment.dim.fluency.percent }}|{{ assessment.dim.accent.cefr }}|{{ assessment.dim.fluency }}',
      '{{ assessment.dim.missing.percent }}|{{ assessment.dim.fluency.missing }}|{{ assessment.missing }}',
      '{{ assessment.constructor }}|{{ assessment.dim.constructor }}|{{ assessment.dim.fluency.constructor }}',
      '{{ assessment.dim.__proto__ }}|{{ record.constructor }}|{{ record.toString }}|{{ run.constructor }}',
      '{{ run.id }}|{{ run.module }}|{{ record.applicationId }}|{{ record.jobId }}|{{ record.candidateId }}',
      '{{ assessment.fraudSignals }}{{ assessment.lowConfidenceReasons }}{{ link.triggerId }}',
      '{{ assessment.dimensions[0].percent }}|{{ assessment.score | out_of: assessment.maxScore }}',
    ];
    const conditions = [
      'assessment.cefr >= "B2" and assessment.lowConfidence == false',
      'assessment.dim.fluency.percent > 50 or record.jobId == nil',
      'assessment.dim.constructor == nil and record.toString == nil',
    ];
    for (const source of sources) {
      const generic = compileTemplate(liquid, source);
      const withReaders = compileTemplate(liquid, source, fast);
      for (let i = 0; i < 60; i++) {
        const s = mappingScope(
          {
            ...assessment,
            runId: `req_${i}`,
            percent: i % 7 === 0 ? null : i,
            cefr: i % 5 === 0 ? null : 'B2',
            dimensions:
              i % 3 === 0
                ? []
                : assessment.dimensions.map((d) => ({ ...d, percent: (i * 7) % 100 })),
          },
          {
            ...scope.link,
            record:
              i % 2 === 0
                ? { connector: 'greenhouse-eu', candidateId: `${i}` }
                : {
                    connector: 'greenhouse-eu',
                    candidateId: `${i}`,
                    applicationId: '7',
                    jobId: '9',
                  },
          },
        );
        expect(withReaders.render(s)).toBe(generic.renderWithLiquid(s));
        expect(withReaders.render(s)).toBe(generic.render(s));
      }
    }
    for (const source of conditions) {
      const withReaders = compileCondition(liquid, source, fast);
      for (const s of [scope, mappingScope({ ...assessment, dimensions: [] }, scope.link)])
        expect(withReaders.test(s)).toBe(withReaders.testWithLiquid(s));
    }
  });

  it('knows only the mapping scope paths it can read exactly', () => {
    expect(mappingScopeReader(['assessment', 'cefr'])).toBeDefined();
    expect(mappingScopeReader(['assessment', 'dim', 'fluency', 'percent'])).toBeDefined();
    expect(mappingScopeReader(['run', 'id'])).toBeDefined();
    expect(mappingScopeReader(['assessment', 'constructor'])).toBeUndefined();
    expect(mappingScopeReader(['assessment', 'dim', 'fluency', 'toString'])).toBeUndefined();
    expect(mappingScopeReader(['assessment', 'dimensions', 0, 'percent'])).toBeUndefined();
    expect(mappingScopeReader(['link', 'triggerId'])).toBeUndefined();
  });

  it('treats a missing CEFR as matching neither >= "B2" nor < "B1"', () => {
    const none = mappingScope({ ...assessment, cefr: null }, scope.link);
    expect(compileCondition(liquid, 'assessment.cefr >= "B2"').test(none)).toBe(false);
    expect(compileCondition(liquid, 'assessment.cefr < "B1"').test(none)).toBe(false);
  });

  it('has no prototype access and no file access', () => {
    const proto = compileTemplate(liquid, '{{ assessment.constructor }}');
    expect(() => proto.validate(scope)).toThrow(/undefined variable: assessment.constructor/);
    expect(proto.render(scope)).toBe('');
    expect(() => compileTemplate(liquid, '{% include "/etc/passwd" %}').validate(scope)).toThrow();
  });
});

describe('mappings at load', () => {
  it('reject a stage rule with two actions and a field set twice', () => {
    try {
      load(`mappings:
  - name: m
    connector: lever-main
    modules: [speech]
    fields:
      - { field: cefr, type: text, value: "{{ assessment.cefr }}" }
      - { field: cefr, type: text, value: "{{ assessment.cefr }}" }
    stage:
      - { when: "true", move: next, reject: Underqualified }
`);
      throw new Error('expected failure');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect(
        (error as ConfigError).issues.map((i) => `${i.line}:${i.column} ${i.path}: ${i.message}`),
      ).toEqual([
        '14:9 mappings[0].stage[0]: a stage rule needs exactly one action: move (next or a stage) or reject (a reason)',
      ]);
    }
    try {
      load(`mappings:
  - name: m
    connector: lever-main
    modules: [speech]
    fields:
      - { field: cefr, type: text, value: "{{ assessment.cefr }}" }
      - { field: cefr, type: text, value: "{{ assessment.cefr }}" }
`);
      throw new Error('expected failure');
    } catch (error) {
      expect(
        (error as ConfigError).issues.map((i) => `${i.line}:${i.column} ${i.path}: ${i.message}`),
      ).toEqual(['12:18 mappings[0].fields[1].field: field "cefr" is already set by fields[0]']);
    }
  });

  it('selects mappings by connector instance and module', () => {
    const { mappings } = load(`mappings:
  - { name: a, connector: lever-main, modules: [speech, soft_skills] }
`);
    expect(mappings[0].appliesTo('lever-main', 'soft_skills')).toBe(true);
    expect(mappings[0].appliesTo('lever-main', 'interview')).toBe(false);
    expect(mappings[0].appliesTo('greenhouse-eu', 'speech')).toBe(false);
  });
});
