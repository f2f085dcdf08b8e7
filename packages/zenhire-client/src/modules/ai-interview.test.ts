import { ZenHireSubmitOutcomeUnknownError } from '../errors';
import { api, caught, makeClient, setupNock } from '../__fixtures__/harness';
import created from '../__fixtures__/ai-interview-create.json';
import result from '../__fixtures__/ai-interview-result.json';
import softSkills from '../__fixtures__/soft-skills-result.json';

setupNock();

describe('aiInterview (/v1/interviews, product page only)', () => {
  it('creates an interview, then polls the scored result', async () => {
    const { client } = makeClient();
    api()
      .post('/v1/interviews', {
        channel: 'phone',
        questions: ['Why this role?'],
        externalId: 'gh:app:1',
      })
      .reply(201, { id: 'iv_4af20c', candidate_link: 'https://interview.zenhire.ai/#t=tok' });
    expect(
      await client.aiInterview.create({
        channel: 'phone',
        questions: ['Why this role?'],
        externalId: 'gh:app:1',
      }),
    ).toMatchObject({
      interview_id: 'iv_4af20c',
      join_link: 'https://interview.zenhire.ai/#t=tok',
    });
    api()
      .get('/v1/interviews/iv_4af20c')
      .reply(200, { ...result, status: 'in_progress' })
      .get('/v1/interviews/iv_4af20c')
      .reply(200, result);
    const final = await client.waitForTerminal({ module: 'ai_interview', id: 'iv_4af20c' });
    expect(final).toMatchObject({
      overall_score: 82,
      competencies: { communication: 88 },
      language: { cefr: 'B2', fluency: 86 },
      fraud_signals: { multiple_speakers: false },
      metadata: {},
      tags: [],
    });
  });

  it('uses configured paths and never resends a create after an ambiguous failure', async () => {
    const { client, calls } = makeClient({ paths: { aiInterviews: '/api/v2/ai-interviews' } });
    api()
      .post('/api/v2/ai-interviews')
      .reply(500, { error: { code: 'INTERNAL_ERROR', message: 'boom' } });
    expect(await caught(client.aiInterview.create({ channel: 'browser' }))).toBeInstanceOf(
      ZenHireSubmitOutcomeUnknownError,
    );
    expect(calls).toHaveLength(1);
    api().post('/api/v2/ai-interviews').reply(201, created);
    expect((await client.aiInterview.create({ channel: 'browser' })).interview_id).toBe(
      'iv_4af20c',
    );
  });

  it('rejects an overall_score outside 0–100', async () => {
    const { client } = makeClient();
    api()
      .get('/v1/interviews/x')
      .reply(200, { ...result, overall_score: 820 });
    expect(await caught(client.aiInterview.get('x'))).toMatchObject({ field: 'overall_score' });
  });
});

describe('softSkills (/v1/soft-skills-score, product page only)', () => {
  it('posts the answer with role_benchmark and parses 0–100 dimensions', async () => {
    const { client } = makeClient();
    let body = '';
    api()
      .post('/v1/soft-skills-score', (b: string) => {
        body = b;
        return true;
      })
      .reply(200, softSkills);
    const score = await client.softSkills.score({
      audio: Buffer.from('fake wav'),
      roleBenchmark: 'customer_support',
      externalId: 'gh:app:1',
    });
    expect(body).toContain('name="role_benchmark"\r\n\r\ncustomer_support');
    expect(body).toContain('name="audio"; filename="answer.wav"');
    expect(score).toMatchObject({
      role_benchmark: 'customer_support',
      overall_score: 82,
      dimensions: { communication: 85, clarity: 80, composure: 79, empathy_signal: 77 },
      benchmark_percentile: 88,
      fraud_signals: { reading_detected: false },
    });
  });

  it('keeps low-confidence flags and null dimensions', async () => {
    const { client } = makeClient();
    api()
      .post('/v1/soft-skills-score')
      .reply(200, {
        ...softSkills,
        dimensions: { ...softSkills.dimensions, empathy_signal: null },
        low_confidence_dimensions: ['empathy_signal'],
      });
    const score = await client.softSkills.score({
      audio: Buffer.from('x'),
      roleBenchmark: 'sales',
    });
    expect(score.dimensions.empathy_signal).toBeNull();
    expect(score.low_confidence_dimensions).toEqual(['empathy_signal']);
  });
});
