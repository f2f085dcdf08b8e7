import {
  AiInterviewResultSchema,
  CvDeepMatchRequestSchema,
  CvdsIngestResponseSchema,
  CvdsRunSchema,
  SessionCreateResponseSchema,
  SessionSummarySchema,
  SoftSkillsScoreResultSchema,
  SpeechRunListPageSchema,
  SpeechRunSchema,
  SpeechSubmitResponseSchema,
} from './index';
import sessionActive from '../__fixtures__/session-active.json';
import runPending from '../__fixtures__/cvds-run-pending.json';
import aiResult from '../__fixtures__/ai-interview-result.json';
import softSkills from '../__fixtures__/soft-skills-result.json';

describe('schema normalisation', () => {
  it.each([
    [{ metadata: null, tags: null }, {}, []],
    [{ metadata: [], tags: {} }, {}, []],
    [{}, {}, []],
    [{ metadata: { a: '1' }, tags: ['x'] }, { a: '1' }, ['x']],
  ])('speech run %p → metadata %p tags %p', (extra, metadata, tags) => {
    expect(SpeechRunSchema.parse({ id: 'r', status: 'queued', ...extra })).toMatchObject({
      metadata,
      tags,
      externalId: null,
    });
  });

  it.each(['requestId', 'request_id', 'session_id'])('accepts %s as the old name of id', (name) => {
    expect(SpeechSubmitResponseSchema.parse({ [name]: 'req_1', status: 'processing' }).id).toBe(
      'req_1',
    );
  });

  it('prefers id when both id and an old name are present', () => {
    expect(
      SessionCreateResponseSchema.parse({ id: 'new', session_id: 'old', candidate_link: 'l' }).id,
    ).toBe('new');
  });

  it('rejects an unknown speech status and a missing status', () => {
    expect(SpeechRunSchema.safeParse({ id: 'r', status: 'done' }).success).toBe(false);
    expect(SpeechRunSchema.safeParse({ id: 'r' }).success).toBe(false);
  });

  it('session: null metadata/tags normalised, values of several types kept', () => {
    expect(
      SessionSummarySchema.parse({ ...sessionActive, metadata: null, tags: null }),
    ).toMatchObject({ metadata: {}, tags: [] });
    expect(SessionSummarySchema.parse(sessionActive).metadata).toEqual({
      ats: 'greenhouse',
      application_id: '4711',
      attempt: 1,
      priority: true,
    });
    expect(SessionSummarySchema.safeParse({ ...sessionActive, status: 'paused' }).success).toBe(
      false,
    );
  });

  it('CVDM: breakdown optional, score 0–1 required when the result exists', () => {
    const base = { id: 'c', position_id: 'p', status: 'finished' };
    expect(
      CvDeepMatchRequestSchema.parse({ ...base, cv2jd_result: { overall_score: 1 } }).cv2jd_result
        ?.breakdown,
    ).toBeUndefined();
    expect(
      CvDeepMatchRequestSchema.safeParse({ ...base, cv2jd_result: { breakdown: {} } }).success,
    ).toBe(false);
  });

  it('CVDS: run with future terminal status; ingest rows under "candidates"', () => {
    expect(CvdsRunSchema.parse({ ...runPending, status: 'completed' }).status).toBe('completed');
    expect(
      CvdsIngestResponseSchema.parse({
        candidates: [{ external_id: 'a', status: 'accepted' }],
        summary: { accepted: 1 },
      }),
    ).toEqual({
      candidates: [{ external_id: 'a', status: 'accepted' }],
      results: [{ external_id: 'a', status: 'accepted' }],
      summary: { accepted: 1, updated: 0, unchanged: 0, failed: 0 },
    });
  });

  it('speech list: bare arrays and several envelopes', () => {
    expect(SpeechRunListPageSchema.parse([{ id: 'a', status: 'x' }]).items).toHaveLength(1);
    expect(
      SpeechRunListPageSchema.parse({ results: [], pagination: { next_cursor: 'n' } }),
    ).toEqual({ items: [], nextCursor: 'n', hasMore: null });
    expect(SpeechRunListPageSchema.safeParse({ nothing: true }).success).toBe(false);
  });

  it('product-page shapes (§12): AI interview and soft skills', () => {
    expect(
      AiInterviewResultSchema.parse({ ...aiResult, interview_id: undefined, id: 'iv_1' })
        .interview_id,
    ).toBe('iv_1');
    expect(
      AiInterviewResultSchema.safeParse({ ...aiResult, language: { cefr: 'B2', fluency: 101 } })
        .success,
    ).toBe(false);
    expect(
      SoftSkillsScoreResultSchema.parse({ ...softSkills, dimensions: null }).dimensions,
    ).toEqual({});
    expect(
      SoftSkillsScoreResultSchema.safeParse({ ...softSkills, role_benchmark: undefined }).success,
    ).toBe(false);
  });
});
