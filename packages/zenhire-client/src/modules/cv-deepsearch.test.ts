import { ZenHireNotFoundError, ZenHireValidationError, type ZenHireLimitError } from '../errors';
import { api, caught, envelope, makeClient, setupNock } from '../__fixtures__/harness';
import { splitIntoBatches } from './cv-deepsearch';
import ingest from '../__fixtures__/cvds-ingest.json';
import candidate from '../__fixtures__/cvds-candidate.json';
import search from '../__fixtures__/cvds-search.json';
import runPending from '../__fixtures__/cvds-run-pending.json';

setupNock();

const candidates = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ external_id: `cand-${i}`, parsed_cv: { name: `C${i}` } }));

describe('cvDeepSearch.ingest', () => {
  it('splits 1,201 candidates into batches of 500, 500, 201 and sums the summaries', async () => {
    const { client } = makeClient();
    const sizes: number[] = [];
    api()
      .post('/api/v1/cvds/candidates', (body: { corpus_id: string; candidates: unknown[] }) => {
        sizes.push(body.candidates.length);
        return body.corpus_id === 'corp-eu';
      })
      .times(3)
      .reply(200, ingest);
    const result = await client.cvDeepSearch.ingest({
      corpusId: 'corp-eu',
      candidates: candidates(1201),
    });
    expect(sizes).toEqual([500, 500, 201]);
    expect(result.batches).toBe(3);
    expect(result.summary).toEqual({ accepted: 3, updated: 0, unchanged: 3, failed: 0 });
    expect(result.results).toHaveLength(6);
  });

  it('also cuts batches by JSON size', () => {
    const big = Array.from({ length: 5 }, (_, i) => ({
      external_id: `c${i}`,
      parsed_cv: { text: 'x'.repeat(400) },
    }));
    expect(splitIntoBatches(big, 500, 1000).map((b) => b.length)).toEqual([2, 2, 1]);
  });

  it('refuses a candidate without corpus_id before sending', async () => {
    const { client, calls } = makeClient();
    const error = (await caught(
      client.cvDeepSearch.ingest({
        candidates: [
          { external_id: 'a', parsed_cv: {}, corpus_id: 'c' },
          { external_id: 'b', parsed_cv: {} },
        ],
      }),
    )) as ZenHireLimitError;
    expect(error.field).toBe('candidates[1].corpus_id');
    expect(calls).toHaveLength(0);
  });

  it('resends an upsert after a reset (idempotent) but not after a 400', async () => {
    const { client, calls } = makeClient();
    api().post('/api/v1/cvds/candidates').reply(504, 'Gateway Timeout');
    api()
      .post('/api/v1/cvds/candidates')
      .reply(200, { candidates: ingest.results, summary: ingest.summary });
    expect(
      (await client.cvDeepSearch.ingest({ corpusId: 'c', candidates: candidates(2) })).results,
    ).toHaveLength(2);
    api().post('/api/v1/cvds/candidates').reply(400, envelope('BATCH_TOO_LARGE'));
    expect(
      await caught(client.cvDeepSearch.ingest({ corpusId: 'c', candidates: candidates(2) })),
    ).toBeInstanceOf(ZenHireValidationError);
    expect(calls).toHaveLength(3);
  });
});

describe('cvDeepSearch candidates, search, runs', () => {
  it('gets a candidate status with corpus_id and normalises null tags', async () => {
    const { client } = makeClient();
    api()
      .get('/api/v1/cvds/candidates/cand-1')
      .query({ corpus_id: 'corp-eu' })
      .reply(200, candidate);
    expect(await client.cvDeepSearch.getCandidate('cand-1', { corpusId: 'corp-eu' })).toMatchObject(
      {
        embedding_status: 'embedded',
        embedding_dims: 3072,
        tags: [],
      },
    );
    api().get('/api/v1/cvds/candidates/zzz').query(true).reply(404, envelope('NOT_FOUND'));
    expect(
      await caught(client.cvDeepSearch.getCandidate('zzz', { corpusId: 'corp-eu' })),
    ).toBeInstanceOf(ZenHireNotFoundError);
  });

  it('lists candidate statuses', async () => {
    const { client } = makeClient();
    api()
      .get('/api/v1/cvds/candidates')
      .query({ corpus_id: 'corp-eu', limit: '20' })
      .reply(200, { data: [candidate] });
    const pages = [];
    for await (const page of client.cvDeepSearch.listCandidatePages({ corpusId: 'corp-eu' }))
      pages.push(page.items.length);
    expect(pages).toEqual([1]);
  });

  it('starts a search with an idempotency key and polls the run', async () => {
    const { client } = makeClient();
    let sent: Record<string, unknown> = {};
    api()
      .post('/api/v1/cvds/search', (body: Record<string, unknown>) => {
        sent = body;
        return true;
      })
      .reply(200, search);
    const started = await client.cvDeepSearch.search({
      corpusId: 'corp-eu',
      positionId: 'job-4242',
      positionMetadata: { requirements: { skills: {} } },
      topN: 50,
      jobUpdated: true,
    });
    expect(started).toEqual({ id: 'cvds_8mK2pQ7rT1aB9xY3wZ0vNn', status: 'pending' });
    expect(sent).toMatchObject({
      corpus_id: 'corp-eu',
      position_id: 'job-4242',
      top_n: 50,
      job_updated: true,
    });
    expect(sent.idempotency_key).toEqual(expect.any(String));

    api()
      .get(`/api/v1/cvds/runs/${started.id}`)
      .reply(200, runPending)
      .get(`/api/v1/cvds/runs/${started.id}`)
      .reply(200, { ...runPending, status: 'completed', results_pending: false, results: [] });
    const run = await client.cvDeepSearch.waitForTerminal(started);
    expect(run).toMatchObject({ status: 'completed', results_pending: false });
  });

  it('refuses an empty position_metadata', async () => {
    const { client } = makeClient();
    expect(
      await caught(
        client.cvDeepSearch.search({ corpusId: 'c', positionId: 'p', positionMetadata: {} }),
      ),
    ).toMatchObject({
      field: 'position_metadata',
    });
  });
});
