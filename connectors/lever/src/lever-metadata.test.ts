import nock from 'nock';
import { createTestConnectorHost } from '@zenhire-connect/testkit';
import { LeverConnector } from './lever-connector';

const BASE = 'https://api.lever.test';

describe('metadata caches (TTL + explicit refresh)', () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());

  it('reads stages once, pages through next/offset, serves from cache until the TTL, refresh re-reads', async () => {
    let now = 1_000_000;
    const host = createTestConnectorHost({
      name: 'lever-main',
      config: { baseUrl: `${BASE}/v1`, apiKey: 'k', cacheTtl: { metadataSeconds: 60 } },
      now: () => now,
    });
    const connector = new LeverConnector(host, { now: () => now, sleep: async () => undefined });
    const pages = () =>
      nock(BASE)
        .get('/v1/stages')
        .query({ limit: '100' })
        .reply(200, { data: [{ id: 'lead-new', text: 'New lead' }], hasNext: true, next: 'tok-2' })
        .get('/v1/stages')
        .query({ limit: '100', offset: 'tok-2' })
        .reply(200, { data: [{ id: 'offer', text: 'Offer' }], hasNext: false });
    const first = pages();
    expect((await connector.metadata.get('stages')).map((s) => s.id)).toEqual([
      'lead-new',
      'offer',
    ]);
    first.done();
    expect(await connector.metadata.get('stages')).toHaveLength(2); // no call: nock would throw
    expect(host.cacheEntries.has('lever:stages')).toBe(true);

    now += 61_000;
    // previewPlan's synchronous view keeps the stale list rather than none.
    expect(connector.metadata.peek('stages')).toHaveLength(2);
    const second = pages();
    await connector.metadata.get('stages');
    second.done();

    const third = pages();
    await connector.metadata.refresh('stages');
    third.done();
  });

  it('a second connector instance (another worker) starts from the persisted cache', async () => {
    const host = createTestConnectorHost({
      name: 'lever-main',
      config: { baseUrl: `${BASE}/v1`, apiKey: 'k' },
    });
    await host.cache.set('lever:archiveReasons', [
      { id: 'r1', text: 'Timing', status: 'active', type: 'non-hired' },
    ]);
    const connector = new LeverConnector(host);
    expect(await connector.metadata.get('archiveReasons')).toEqual([
      { id: 'r1', text: 'Timing', status: 'active', type: 'non-hired' },
    ]);
  });

  it('resolves performAs given as an email through the users cache', async () => {
    const host = createTestConnectorHost({
      name: 'lever-main',
      config: { baseUrl: `${BASE}/v1`, apiKey: 'k', performAs: 'Recruiter@Example.com' },
    });
    const connector = new LeverConnector(host);
    const scope = nock(BASE)
      .get('/v1/users')
      .query(true)
      .reply(200, {
        data: [{ id: 'u-7', name: 'Rita', email: 'recruiter@example.com', deactivatedAt: null }],
        hasNext: false,
      })
      .post('/v1/opportunities/opp-1/addTags')
      .query({ perform_as: 'u-7' })
      .reply(200, { data: { id: 'opp-1', stage: 'lead-new', tags: ['t'], archived: null } });
    const result = await connector.applyPlan(
      {
        runId: 'r',
        connector: 'lever-main',
        mapping: 'm',
        record: { connector: 'lever-main', candidateId: 'c', applicationId: 'opp-1' },
        operations: [{ kind: 'AddTags', tags: ['t'] }],
        hash: 'h',
      },
      { previousOutcomes: [] },
    );
    expect(result).toMatchObject({ calls: 2, outcomes: [{ status: 'applied' }] });
    scope.done();
  });
});
