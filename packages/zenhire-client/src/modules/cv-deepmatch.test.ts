import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZenHireCreditsError, ZenHireLimitError, ZenHireNotFoundError } from '../errors';
import { api, caught, envelope, makeClient, setupNock, socketError } from '../__fixtures__/harness';
import submitBody from '../__fixtures__/cvdm-submit.json';
import submitReplay from '../__fixtures__/cvdm-submit-replay.json';
import processing from '../__fixtures__/cvdm-request-processing.json';
import finished from '../__fixtures__/cvdm-request-finished.json';
import failed from '../__fixtures__/cvdm-request-failed.json';
import listPage from '../__fixtures__/cvdm-list-page.json';

setupNock();

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF');
const CONFIG = {
  requirements: {
    workExperience: { from: 2, to: 15, importance: 4 },
    skills: { hard_skills: [{ name: 'SQL', importance: 5 }] },
  },
};

function fieldsOf(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const match of body.matchAll(
    /name="([^"]+)"(?:; filename="([^"]+)")?(?:\r\nContent-Type: ([^\r]+))?\r\n\r\n([\s\S]*?)\r\n--/g,
  )) {
    out[match[1]!] = match[2] ? `${match[2]}|${match[3]}` : match[4]!;
  }
  return out;
}

describe('cvDeepMatch.submit', () => {
  it('sends the CV, job, config, webhook_url, idempotency_key and metadata as multipart', async () => {
    const { client } = makeClient();
    let fields: Record<string, string> = {};
    api()
      .post('/api/v1/cvdeepmatch/submit', (body: string) => {
        fields = fieldsOf(body);
        return true;
      })
      .reply(202, submitBody);
    const result = await client.cvDeepMatch.submit({
      cv: { data: PDF, filename: 'jane.pdf' },
      positionId: 'job-4242',
      jobDescription: { title: 'Data Analyst' },
      config: CONFIG,
      webhookUrl: 'https://ats.example.com/hooks/zenhire',
      idempotencyKey: 'gh.app.4711',
      metadata: { ats: 'lever' },
      tags: ['q3'],
    });
    expect(result).toMatchObject({
      id: 'cvdm_7Hc2kQ',
      status: 'processing',
      idempotent_replay: false,
    });
    expect(fields).toEqual({
      cv_file: 'jane.pdf|application/pdf',
      position_id: 'job-4242',
      job_description: '{"title":"Data Analyst"}',
      config: JSON.stringify(CONFIG),
      webhook_url: 'https://ats.example.com/hooks/zenhire',
      idempotency_key: 'gh.app.4711',
      metadata: '{"ats":"lever"}',
      tags: '["q3"]',
    });
  });

  it('reads a PDF from a path and reports an idempotent replay', async () => {
    const { client } = makeClient();
    const file = join(mkdtempSync(join(tmpdir(), 'zh-cvdm-')), 'cv.pdf');
    writeFileSync(file, PDF);
    api().post('/api/v1/cvdeepmatch/submit').reply(200, submitReplay);
    expect(
      (
        await client.cvDeepMatch.submit({
          cv: file,
          positionId: 'p1',
          jobDescription: 'text',
          config: CONFIG,
        })
      ).idempotent_replay,
    ).toBe(true);
  });

  it('resends with the same generated idempotency_key after a connection reset', async () => {
    const { client } = makeClient();
    const keys: string[] = [];
    api()
      .post('/api/v1/cvdeepmatch/submit', (body: string) => {
        keys.push(fieldsOf(body).idempotency_key!);
        return true;
      })
      .replyWithError(socketError('ECONNRESET'))
      .post('/api/v1/cvdeepmatch/submit', (body: string) => {
        keys.push(fieldsOf(body).idempotency_key!);
        return true;
      })
      .reply(200, submitReplay);
    await client.cvDeepMatch.submit({
      cv: PDF,
      positionId: 'p1',
      jobDescription: 'text',
      config: CONFIG,
    });
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[A-Za-z0-9._-]{1,128}$/);
    expect(keys[1]).toBe(keys[0]);
  });

  it.each([
    [{ cv: Buffer.from('PK\x03\x04 docx') }, 'cv_file'],
    [{ cv: { data: PDF, filename: 'cv.docx' } }, 'cv_file'],
    [{ cv: Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(5 * 1024 * 1024)]) }, 'cv_file'],
    [{ positionId: 'has space' }, 'position_id'],
    [{ idempotencyKey: 'bad key!' }, 'idempotency_key'],
    [{ webhookUrl: 'http://ats.example.com/hook' }, 'webhook_url'],
    [
      { config: { requirements: { workExperience: { importance: 2.5 }, skills: {} } } },
      'config.requirements.workExperience.importance',
    ],
    [
      { config: { requirements: { workExperience: { importance: 6 }, skills: {} } } },
      'config.requirements.workExperience.importance',
    ],
    [
      { config: { requirements: { workExperience: { importance: 3 } } } },
      'config.requirements.skills',
    ],
    [{ metadata: { note: 'n'.repeat(501) } }, 'metadata.note'],
  ])('refuses %p before sending (%s)', async (override, field) => {
    const { client, calls } = makeClient();
    const error = (await caught(
      client.cvDeepMatch.submit({
        cv: PDF,
        positionId: 'p1',
        jobDescription: 'text',
        config: CONFIG,
        ...(override as object),
      }),
    )) as ZenHireLimitError;
    expect(error).toBeInstanceOf(ZenHireLimitError);
    expect(error.field).toBe(field);
    expect(calls).toHaveLength(0);
  });

  it('maps 402 with details{required, balance}', async () => {
    const { client } = makeClient();
    api()
      .post('/api/v1/cvdeepmatch/submit')
      .reply(402, envelope('INSUFFICIENT_CREDITS', { details: { required: 3, balance: 1 } }));
    const error = (await caught(
      client.cvDeepMatch.submit({ cv: PDF, positionId: 'p1', jobDescription: 't', config: CONFIG }),
    )) as ZenHireCreditsError;
    expect(error).toBeInstanceOf(ZenHireCreditsError);
    expect(error.details).toEqual({ required: 3, balance: 1 });
  });
});

describe('cvDeepMatch.get / list / wait', () => {
  it.each([
    ['processing', processing],
    ['finished', finished],
    ['failed', failed],
  ])('parses a %s request', async (status, body) => {
    const { client } = makeClient();
    api().get('/api/v1/cvdeepmatch/cvdm_7Hc2kQ').reply(200, body);
    const request = await client.cvDeepMatch.get('cvdm_7Hc2kQ');
    expect(request.status).toBe(status);
    expect(request.metadata).toEqual(body.metadata ?? {});
    expect(request.tags).toEqual(body.tags ?? []);
  });

  it('keeps overall_score on the 0–1 scale and rejects a 0–100 value', async () => {
    const { client } = makeClient();
    api().get('/api/v1/cvdeepmatch/a').reply(200, finished);
    expect((await client.cvDeepMatch.get('a')).cv2jd_result).toEqual({
      overall_score: 0.78,
      breakdown: { workExperience: 0.82, skills: 0.74, education: 0.7 },
    });
    api()
      .get('/api/v1/cvdeepmatch/b')
      .reply(200, { ...finished, cv2jd_result: { overall_score: 78 } });
    expect(await caught(client.cvDeepMatch.get('b'))).toMatchObject({
      field: 'cv2jd_result.overall_score',
    });
  });

  it('maps REQUEST_NOT_FOUND', async () => {
    const { client } = makeClient();
    api()
      .get('/api/v1/cvdeepmatch/nope')
      .reply(404, envelope('REQUEST_NOT_FOUND', { requestId: null }));
    expect(await caught(client.cvDeepMatch.get('nope'))).toBeInstanceOf(ZenHireNotFoundError);
  });

  it('lists requests and waits for finished honouring Retry-After', async () => {
    const { client, sleeps } = makeClient({ retry: { retries: 0 } });
    api().get('/api/v1/cvdeepmatch/requests').query(true).reply(200, listPage);
    const ids = [];
    for await (const row of client.cvDeepMatch.list()) ids.push(row.id);
    expect(ids).toEqual(['cvdm_2', 'cvdm_1']);

    api()
      .get('/api/v1/cvdeepmatch/cvdm_7Hc2kQ')
      .reply(200, processing)
      .get('/api/v1/cvdeepmatch/cvdm_7Hc2kQ')
      .reply(429, envelope('RATE_LIMITED'), { 'Retry-After': '8' })
      .get('/api/v1/cvdeepmatch/cvdm_7Hc2kQ')
      .reply(200, finished);
    expect((await client.cvDeepMatch.waitForTerminal('cvdm_7Hc2kQ')).status).toBe('finished');
    expect(sleeps).toEqual([15_000, 10_000]);
  });
});

it('waitForTerminal returns an already finished request without polling', async () => {
  const { client, calls } = makeClient();
  api().get('/api/v1/cvdeepmatch/cvdm_7Hc2kQ').reply(200, finished);
  const request = await client.cvDeepMatch.get('cvdm_7Hc2kQ');
  expect(await client.cvDeepMatch.waitForTerminal(request)).toBe(request);
  expect(calls).toHaveLength(1);
});
