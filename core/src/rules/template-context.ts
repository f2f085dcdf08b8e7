import { LINK_SCHEME } from '../link/link-codec';
import type { AtsEvent } from '../model/ats-event';
import type { Assessment, AssessmentDimension } from '../model/assessment';
import type { Link } from '../model/link';
import type { RecordRef } from '../model/record-ref';
import type { RunModule } from '../model/run';
import type { PathSegment, ScopeReader } from './template';

/**
 * Dimension keys each module produces, i.e. what `assessment.dim.<key>` may name in a
 * mapping for that module (checked at load):
 *
 * - `speech`: `vocabulary`, `fluency`, `accent` (0–5 with 0–100 percent twins,
 *   zenhire-api.md §5.5);
 * - `soft_skills`: `communication`, `clarity`, `composure`, `empathy_signal` (0–100;
 *   product page only, zenhire-api.md §12);
 * - `cv_deepmatch`: `workExperience`, `skills`, `education` (0–1 floats, §7.1);
 * - `ai_interview`: `language_fluency` (0–100, with the language CEFR; product page only,
 *   §12); its competencies are free-form, so they are not known at load;
 * - `interview`: the speech dimensions — a session has no scores of its own (§6.5); they
 *   come from the chained speech analysis of its recording (`mergeChainedSpeech`);
 * - `cv_deepsearch`: none (per-run results are not released, §7.2).
 *
 * Same keys as the normalisers in `../assessment` produce.
 */
export const MODULE_DIMENSIONS: Readonly<Record<RunModule, readonly string[]>> = {
  speech: ['vocabulary', 'fluency', 'accent'],
  interview: ['vocabulary', 'fluency', 'accent'],
  ai_interview: ['language_fluency'],
  soft_skills: ['communication', 'clarity', 'composure', 'empathy_signal'],
  cv_deepmatch: ['workExperience', 'skills', 'education'],
  cv_deepsearch: [],
};

/** `assessment` as templates see it: the Assessment plus derived conveniences. */
export interface AssessmentScope extends Assessment {
  /** Dimensions by key: `assessment.dim.fluency.percent`. */
  dim: Record<string, AssessmentDimension>;
  /** `completedAt`'s date part, `YYYY-MM-DD` (for date fields), or null. */
  completedDate: string | null;
}

/** What mapping templates and conditions see. */
export interface MappingScope {
  assessment: AssessmentScope;
  run: { id: string; module: RunModule };
  link: Link;
  record: RecordRef;
}

/** What trigger conditions and action templates see. */
export interface TriggerScope {
  event: AtsEvent;
}

/**
 * Builds the mapping scope for one assessment. Cost matters (it runs for every plan):
 * one object literal and one small map.
 */
export function mappingScope(assessment: Assessment, link: Link): MappingScope {
  const dim: Record<string, AssessmentDimension> = {};
  for (const d of assessment.dimensions) dim[d.key] = d;
  const a = assessment;
  // An explicit literal (not a spread): one hidden class for every scope, several times
  // faster on the hot path. The type makes a new Assessment field a compile error here.
  const scope: AssessmentScope = {
    runId: a.runId,
    module: a.module,
    status: a.status,
    score: a.score,
    maxScore: a.maxScore,
    percent: a.percent,
    cefr: a.cefr,
    dimensions: a.dimensions,
    fraudSignals: a.fraudSignals,
    fraudDetected: a.fraudDetected,
    lowConfidence: a.lowConfidence,
    lowConfidenceReasons: a.lowConfidenceReasons,
    benchmarkPercentile: a.benchmarkPercentile,
    recommendation: a.recommendation,
    artifacts: a.artifacts,
    error: a.error,
    startedAt: a.startedAt,
    completedAt: a.completedAt,
    dim,
    completedDate: datePart(a.completedAt),
  };
  return { assessment: scope, run: { id: a.runId, module: a.module }, link, record: link.record };
}

/** One reader per property of `T`, written out (a new property is a compile error). */
type PropertyReaders<T> = { readonly [K in keyof Required<T>]: (value: T) => unknown };

const ASSESSMENT_READERS: PropertyReaders<AssessmentScope> = {
  runId: (a) => a.runId,
  module: (a) => a.module,
  status: (a) => a.status,
  score: (a) => a.score,
  maxScore: (a) => a.maxScore,
  percent: (a) => a.percent,
  cefr: (a) => a.cefr,
  dimensions: (a) => a.dimensions,
  fraudSignals: (a) => a.fraudSignals,
  fraudDetected: (a) => a.fraudDetected,
  lowConfidence: (a) => a.lowConfidence,
  lowConfidenceReasons: (a) => a.lowConfidenceReasons,
  benchmarkPercentile: (a) => a.benchmarkPercentile,
  recommendation: (a) => a.recommendation,
  artifacts: (a) => a.artifacts,
  error: (a) => a.error,
  startedAt: (a) => a.startedAt,
  completedAt: (a) => a.completedAt,
  dim: (a) => a.dim,
  completedDate: (a) => a.completedDate,
};

const DIMENSION_READERS: PropertyReaders<AssessmentDimension> = {
  key: (d) => d.key,
  label: (d) => d.label,
  value: (d) => d.value,
  max: (d) => d.max,
  percent: (d) => d.percent,
  cefr: (d) => d.cefr,
  lowConfidence: (d) => d.lowConfidence,
  evidence: (d) => d.evidence,
};

function readerFor<T>(
  readers: PropertyReaders<T>,
  key: PathSegment,
): ((value: T) => unknown) | undefined {
  return typeof key === 'string' && Object.hasOwn(readers, key)
    ? readers[key as keyof PropertyReaders<T>]
    : undefined;
}

/** `record[key]` when it is an own property (optional ids may be absent), else undefined. */
function ownValue(record: object, key: string): unknown {
  return Object.hasOwn(record, key) ? (record as Record<string, unknown>)[key] : undefined;
}

/**
 * Fast readers for the variables mapping templates use most (a `ScopeReaders` for
 * `compileTemplate` / `compileCondition`): `assessment.<property>`,
 * `assessment.dim.<key>` and `assessment.dim.<key>.<property>`, `run.id`, `run.module` and
 * `record.<id>`. They read a scope built by {@link mappingScope}, whose assessment and
 * dimension properties are always own properties, with plain property reads instead of a
 * generic segment-by-segment walk (several times faster; the pure-path benchmark renders
 * about twenty variables per plan). Dimension keys and record ids, which data decides, are
 * read only when they are own properties, like the generic walk. Any other path: undefined
 * (the template reads it the generic way).
 */
export function mappingScopeReader(segments: readonly PathSegment[]): ScopeReader | undefined {
  const [root, key, dimKey, property] = segments;
  if (root === 'assessment') {
    if (segments.length === 2) {
      const read = readerFor(ASSESSMENT_READERS, key);
      return read && ((scope) => read((scope as MappingScope).assessment));
    }
    if (key !== 'dim' || typeof dimKey !== 'string') return undefined;
    if (segments.length === 3) {
      return (scope) => ownValue((scope as MappingScope).assessment.dim, dimKey);
    }
    const read = segments.length === 4 ? readerFor(DIMENSION_READERS, property) : undefined;
    return (
      read &&
      ((scope) => {
        const dim = (scope as MappingScope).assessment.dim;
        return Object.hasOwn(dim, dimKey) ? read(dim[dimKey]) : undefined;
      })
    );
  }
  if (segments.length !== 2 || typeof key !== 'string') return undefined;
  if (root === 'run') {
    if (key === 'id') return (scope) => (scope as MappingScope).run.id;
    if (key === 'module') return (scope) => (scope as MappingScope).run.module;
  }
  if (root === 'record') return (scope) => ownValue((scope as MappingScope).record, key);
  return undefined;
}

/** `YYYY-MM-DD` at the start of an ISO 8601 text, else null. */
function datePart(text: string | null): string | null {
  return typeof text === 'string' && text.length >= 10 && /^\d{4}-\d{2}-\d{2}/.test(text)
    ? text.slice(0, 10)
    : null;
}

function sampleDimension(key: string, module: RunModule): AssessmentDimension {
  const max = module === 'speech' ? 5 : module === 'cv_deepmatch' ? 1 : 100;
  return {
    key,
    label: key,
    value: max * 0.8,
    max,
    percent: 80,
    cefr: 'B2',
    lowConfidence: false,
    evidence: 'sample',
  };
}

/**
 * A sample scope for a module with every value present (optional ones included), used to
 * render each template once at load with strict variables: naming anything not in here
 * (a typo, a dimension the module does not produce) is a load error.
 */
export function sampleMappingScope(module: RunModule): MappingScope {
  const record: RecordRef = {
    connector: 'sample',
    candidateId: '1',
    applicationId: '2',
    jobId: '3',
    stageId: '4',
  };
  const link: Link = {
    runId: 'run_sample',
    module,
    record,
    triggerId: 'sample-trigger',
    source: { kind: 'scheme', version: LINK_SCHEME },
    parentRunId: 'run_parent',
  };
  const assessment: Assessment = {
    runId: 'run_sample',
    module,
    status: 'complete',
    score: 4,
    maxScore: 5,
    percent: 80,
    cefr: 'B2',
    dimensions: MODULE_DIMENSIONS[module].map((k) => sampleDimension(k, module)),
    fraudSignals: [{ key: 'multiple_speakers', detected: false }],
    fraudDetected: false,
    lowConfidence: false,
    lowConfidenceReasons: ['sample'],
    benchmarkPercentile: 50,
    recommendation: 'sample',
    artifacts: {
      transcriptUrl: 'https://example.invalid/t',
      recordingUrl: 'https://example.invalid/r',
      reportUrl: 'https://example.invalid/p',
      candidateLink: 'https://example.invalid/c',
    },
    error: { code: 'SAMPLE', message: 'sample' },
    startedAt: '2026-01-01T00:00:00.000Z',
    completedAt: '2026-01-01T00:05:00.000Z',
  };
  return mappingScope(assessment, link);
}

/** A sample trigger scope with every optional event field present. */
export function sampleTriggerScope(type: AtsEvent['type'], connector: string): TriggerScope {
  return {
    event: {
      id: 'evt_sample',
      type,
      connector,
      occurredAt: '2026-01-01T00:00:00.000Z',
      record: { connector, candidateId: '1', applicationId: '2', jobId: '3', stageId: '4' },
      job: { id: '3', name: 'Sample job' },
      stage: { id: '4', name: 'Sample stage' },
      previousStage: { id: '5', name: 'Previous stage' },
      tags: ['sample'],
      candidate: { name: 'Sample Candidate', email: 'candidate@example.invalid' },
    },
  };
}
