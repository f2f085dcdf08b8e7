import {
  AiInterviewResultSchema,
  CvDeepMatchRequestSchema,
  SessionDetailSchema,
  SoftSkillsScoreResultSchema,
  SpeechRunSchema,
} from '@zenhire-connect/zenhire-client';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { ObservedRun, RunModule } from '../model/run';
import { AssessmentError } from './assessment-errors';
import { mergeChainedSpeech } from './interview';
import { normaliseRun } from './normalise-run';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixtures are plain JSON
function fixture(name: string): any {
  return JSON.parse(readFileSync(join(__dirname, '__fixtures__', `${name}.json`), 'utf8'));
}

const aiInterviewCompleted = fixture('ai-interview-completed');
const cvdmFailed = fixture('cvdm-failed');
const cvdmFinished = fixture('cvdm-finished');
const interviewCompleted = fixture('interview-completed');
const interviewFailed = fixture('interview-failed');
const softSkillsResult = fixture('soft-skills-result');
const speechFailed = fixture('speech-failed');
const speechPartialLow = fixture('speech-partial-low-confidence');
const speechSuccess = fixture('speech-success');
const speechSuccessLow = fixture('speech-success-low-confidence');

const schemas: Record<Exclude<RunModule, 'cv_deepsearch'>, z.ZodType> = {
  speech: SpeechRunSchema,
  interview: SessionDetailSchema,
  ai_interview: AiInterviewResultSchema,
  soft_skills: SoftSkillsScoreResultSchema,
  cv_deepmatch: CvDeepMatchRequestSchema,
};

/** An ObservedRun as the runtime builds it: the body validated by the client's schema. */
function observed(
  module: Exclude<RunModule, 'cv_deepsearch'>,
  fixture: unknown,
  id?: string,
): ObservedRun {
  const body = schemas[module].parse(fixture) as Record<string, unknown>;
  const runId = id ?? String(body.id ?? body.interview_id ?? 'run-1');
  return {
    module,
    id: runId,
    status: String(body.status ?? 'completed'),
    terminal: true,
    createdAt: '2026-05-29T10:00:00.000Z',
    externalId: (body.externalId ?? body.candidate_ref ?? null) as string | null,
    metadata: {},
    tags: [],
    body,
  };
}

describe('speech (zenhire-api.md §5.5)', () => {
  it('keeps the 0–5 scale with 0–100 percent twins, CEFR per dimension and evidence', () => {
    const a = normaliseRun(observed('speech', speechSuccess));
    expect(a).toMatchObject({
      runId: 'req_8f3a2c91',
      module: 'speech',
      status: 'complete',
      score: 3.8,
      maxScore: 5,
      percent: 76,
      cefr: 'B2',
      lowConfidence: false,
      lowConfidenceReasons: [],
      recommendation: 'Suitable for customer-facing roles requiring B2 English.',
      error: null,
      completedAt: '2026-05-29T10:04:12.000Z',
    });
    expect(a.dimensions).toEqual([
      {
        key: 'vocabulary',
        label: 'Vocabulary',
        value: 3.8,
        max: 5,
        percent: 76,
        cefr: 'B2',
        lowConfidence: false,
        evidence: 'Uses a broad range of workplace vocabulary with occasional repetition.',
      },
      {
        key: 'fluency',
        label: 'Fluency',
        value: 4.1,
        max: 5,
        percent: 82,
        cefr: 'C1',
        lowConfidence: false,
        evidence: 'Speaks at a natural pace with few hesitations.',
      },
      {
        key: 'accent',
        label: 'Accent',
        value: 3.5,
        max: 5,
        percent: 70,
        cefr: 'B2',
        lowConfidence: false,
        evidence: null,
      },
    ]);
  });

  it('flags low candidate-detection confidence for a human check', () => {
    const a = normaliseRun(observed('speech', speechSuccessLow));
    expect(a.status).toBe('low_confidence');
    expect(a.lowConfidence).toBe(true);
    expect(a.lowConfidenceReasons).toEqual(['candidate_detection_low']);
    expect(a.dimensions.every((d) => d.lowConfidence)).toBe(true);
    expect(a.score).toBe(4.3);
  });

  it('keeps partial status, null for the missing dimension, and the low-confidence flag', () => {
    const a = normaliseRun(observed('speech', speechPartialLow));
    expect(a.status).toBe('partial');
    expect(a.lowConfidence).toBe(true);
    expect(a.dimensions.find((d) => d.key === 'fluency')).toMatchObject({
      value: null,
      percent: null,
      cefr: null,
    });
    expect(a.dimensions.find((d) => d.key === 'accent')).toMatchObject({ value: 3.1, percent: 62 });
  });

  it('derives percent linearly only when ZenHire omits the *Percent twin', () => {
    const a = normaliseRun(
      observed('speech', {
        ...speechSuccess,
        scores: { ...speechSuccess.scores, accentPercent: null, overallPercent: null },
      }),
    );
    expect(a.percent).toBe(76); // 3.8 / 5
    expect(a.dimensions[2].percent).toBe(70); // 3.5 / 5
  });

  it('reports a failed run with its error and no scores', () => {
    const a = normaliseRun(observed('speech', speechFailed));
    expect(a).toMatchObject({
      status: 'failed',
      score: null,
      dimensions: [],
      error: { code: 'TRANSCRIPTION_FAILED', message: 'No speech detected in the audio' },
    });
  });
});

describe('interview sessions (zenhire-api.md §6.5)', () => {
  it('gives artifact references and no scores for a completed session', () => {
    const a = normaliseRun(observed('interview', interviewCompleted));
    expect(a).toMatchObject({
      runId: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
      status: 'complete',
      score: null,
      dimensions: [],
      startedAt: '2026-05-29T09:00:05.000Z',
      completedAt: '2026-05-29T09:18:40.000Z',
      artifacts: {
        recordingUrl:
          'https://platform.zenhire.ai/api/v1/interview/sessions/3fa85f64-5717-4562-b3fc-2c963f66afa6/recording',
        transcriptUrl:
          'https://platform.zenhire.ai/api/v1/interview/sessions/3fa85f64-5717-4562-b3fc-2c963f66afa6/transcript',
      },
    });
  });

  it('uses the configured API base URL', () => {
    const a = normaliseRun(observed('interview', interviewCompleted), {
      apiBaseUrl: 'http://127.0.0.1:4010/',
    });
    expect(a.artifacts.recordingUrl).toMatch(
      /^http:\/\/127\.0\.0\.1:4010\/api\/v1\/interview\/sessions\//,
    );
  });

  it('reports a failed session with the session error', () => {
    const a = normaliseRun(observed('interview', interviewFailed));
    expect(a).toMatchObject({
      status: 'failed',
      artifacts: {},
      error: { code: 'SESSION_TIMEOUT' },
    });
  });

  it('merges the chained speech run’s scores into the interview’s record', () => {
    const interview = normaliseRun(observed('interview', interviewCompleted));
    const speech = normaliseRun(observed('speech', speechSuccess));
    const merged = mergeChainedSpeech(interview, speech);
    expect(merged).toMatchObject({
      runId: interview.runId,
      module: 'interview',
      status: 'complete',
      score: 3.8,
      maxScore: 5,
      cefr: 'B2',
      artifacts: interview.artifacts,
      startedAt: interview.startedAt,
      completedAt: speech.completedAt,
    });
    expect(merged.dimensions).toEqual(speech.dimensions);
  });
});

describe('AI interview and soft skills (product pages, zenhire-api.md §12)', () => {
  it('normalises an AI interview: 0–100 competencies, CEFR, fraud, low-confidence axis', () => {
    const a = normaliseRun(observed('ai_interview', aiInterviewCompleted));
    expect(a).toMatchObject({
      runId: 'iv_4af20c',
      score: 82,
      maxScore: 100,
      percent: 82,
      cefr: 'B2',
      fraudDetected: true,
      status: 'low_confidence',
      lowConfidenceReasons: ['dimension_low_confidence:ownership'],
    });
    expect(a.fraudSignals).toEqual([
      { key: 'multiple_speakers', detected: false },
      { key: 'reading_detected', detected: true },
    ]);
    expect(a.dimensions.map((d) => [d.key, d.value, d.max, d.lowConfidence])).toEqual([
      ['problem_solving', 85, 100, false],
      ['communication', 80, 100, false],
      ['ownership', null, 100, true],
      ['language_fluency', 86, 100, false],
    ]);
    expect(a.dimensions.find((d) => d.key === 'language_fluency')?.cefr).toBe('B2');
  });

  it('is complete when every axis has a score and no fraud is detected', () => {
    const a = normaliseRun(
      observed('ai_interview', {
        ...aiInterviewCompleted,
        competencies: { communication: 70 },
        fraud_signals: { reading_detected: false },
      }),
    );
    expect(a).toMatchObject({ status: 'complete', lowConfidence: false, fraudDetected: false });
  });

  it('normalises a soft-skills score with benchmark percentile and a low-confidence axis', () => {
    const a = normaliseRun(observed('soft_skills', softSkillsResult, 'ss_1'));
    expect(a).toMatchObject({
      runId: 'ss_1',
      score: 82,
      maxScore: 100,
      benchmarkPercentile: 88,
      fraudDetected: false,
      status: 'low_confidence',
      lowConfidenceReasons: ['dimension_low_confidence:empathy_signal'],
    });
    expect(a.dimensions.map((d) => d.key)).toEqual([
      'communication',
      'clarity',
      'composure',
      'empathy_signal',
    ]);
    expect(a.dimensions[0]).toMatchObject({ label: 'Communication', value: 85, percent: 85 });
  });

  it('honours ZenHire’s failed status', () => {
    const a = normaliseRun(
      observed('soft_skills', { ...softSkillsResult, status: 'failed' }, 'ss_2'),
    );
    expect(a).toMatchObject({ status: 'failed', error: { code: 'RUN_FAILED' }, dimensions: [] });
  });

  it('names the product in a failed run’s error', () => {
    const failed = (module: 'ai_interview' | 'soft_skills', body: object) =>
      normaliseRun(observed(module, { ...body, status: 'failed' })).error?.message;
    expect(failed('ai_interview', aiInterviewCompleted)).toBe(
      'ZenHire reported the AI interview as failed',
    );
    expect(failed('soft_skills', softSkillsResult)).toBe(
      'ZenHire reported the soft-skills score as failed',
    );
  });
});

describe('CV DeepMatch (zenhire-api.md §7.1)', () => {
  it('keeps the 0–1 scale with a 0–100 percent and one dimension per breakdown entry', () => {
    const a = normaliseRun(observed('cv_deepmatch', cvdmFinished));
    expect(a).toMatchObject({
      status: 'complete',
      score: 0.734,
      maxScore: 1,
      percent: 73,
      startedAt: '2026-05-29T08:00:02.000Z',
      completedAt: '2026-05-29T08:01:40.000Z',
    });
    expect(a.dimensions.map((d) => [d.key, d.label, d.value, d.max, d.percent])).toEqual([
      ['workExperience', 'Work experience', 0.81, 1, 81],
      ['skills', 'Skills', 0.69, 1, 69],
      ['education', 'Education', 0.6, 1, 60],
    ]);
  });

  it('reports a failed request with its error', () => {
    expect(normaliseRun(observed('cv_deepmatch', cvdmFailed))).toMatchObject({
      status: 'failed',
      score: null,
      error: { code: 'CV_PARSE_FAILED', message: 'The PDF has no extractable text' },
    });
  });
});

describe('normaliseRun guards', () => {
  it('refuses a run that is not terminal', () => {
    const run = { ...observed('speech', speechSuccess), terminal: false, status: 'processing' };
    expect(() => normaliseRun(run)).toThrow(
      expect.objectContaining({ code: 'RUN_NOT_TERMINAL' }) as unknown as Error,
    );
  });

  it('refuses a run without a body, and CV DeepSearch runs', () => {
    const run = { ...observed('speech', speechSuccess), body: undefined };
    expect(() => normaliseRun(run)).toThrow(AssessmentError);
    expect(() =>
      normaliseRun({ ...run, module: 'cv_deepsearch', body: { id: 'cvds_1', status: 'pending' } }),
    ).toThrow(expect.objectContaining({ code: 'MODULE_NOT_SUPPORTED' }) as unknown as Error);
  });
});
