import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  compareJsonShape,
  formatShapeDifferences,
  type ShapeDifference,
} from '../contract/json-shape';
import {
  LEVER_SANDBOX_API_KEY,
  LeverSandbox,
  leverFixturesDir,
  readLeverFixture,
  recordedExchanges,
  type RecordedExchange,
} from './index';

/**
 * Fixture contract: for every recorded real Lever payload of an endpoint the sandbox serves
 * (copies in `__fixtures__/`, ELv2), the sandbox's answer to the same request has the same
 * status, fields, nesting and JSON types. Lever sends no webhook deliveries in the recordings
 * (lever-api.md §6: none public), so the webhook envelope is checked in lever-webhooks.test.ts.
 */

const BASIC = `Basic ${Buffer.from(`${LEVER_SANDBOX_API_KEY}:`).toString('base64')}`;
const OPP = '6408dc54-7015-4e5b-8d60-23afff2b1efc';
const ARCHIVE_OPP = '1bd11d54-9d97-444a-a4e3-1cd56ceedbc5';

interface ContractCase {
  /** Fixture file (relative to `__fixtures__/nango-integration-templates/`). */
  file: string;
  /** The real status and body. */
  real: () => { status: number; body: unknown };
  /** Our request; defaults to the recorded method, path, params and body. */
  request?: { method: string; path: string; body?: unknown };
  /** Runs before the request (e.g. create the object a DELETE removes). */
  prepare?: (lever: LeverSandbox, url: string) => Promise<void>;
  /** Compare only a part of the body (e.g. `data` when the endpoint differs). */
  pick?: (body: unknown) => unknown;
}

function recorded(name: string): RecordedExchange {
  return recordedExchanges(name)[0];
}

function fromTest(name: string, extra: Partial<ContractCase> = {}): ContractCase {
  const exchange = recorded(name);
  const params = new URLSearchParams(exchange.request.params ?? {}).toString();
  return {
    file: `tests/${name}.test.json`,
    real: () => ({ status: exchange.status, body: exchange.response }),
    request: {
      method: exchange.method,
      path: `${exchange.path}${params ? `?${params}` : ''}`,
      body: exchange.request.data,
    },
    ...extra,
  };
}

function fromMock(file: string, request: ContractCase['request'], status = 200): ContractCase {
  return {
    file: `mocks-raw-responses/${file}`,
    real: () => ({ status, body: readLeverFixture(`mocks-raw-responses/${file}`) }),
    request,
  };
}

async function createWebhook(url: string): Promise<string> {
  const res = await fetch(`${url}/v1/webhooks`, {
    method: 'POST',
    headers: { authorization: BASIC, 'content-type': 'application/json' },
    body: JSON.stringify({ url: 'https://example.com/webhooks/contract', event: 'candidateHired' }),
  });
  return ((await res.json()) as { data: { id: string } }).data.id;
}

const CASES: ContractCase[] = [
  fromTest('get-stages'),
  fromTest('stages'),
  fromMock('get/proxy/v1/stages/get-stages.json', { method: 'GET', path: '/v1/stages' }),
  fromTest('get-archive-reasons'),
  fromTest('get-archive-reason'),
  fromTest('get-user'),
  fromTest('tags'),
  fromTest('update-opportunity-tags'),
  fromTest('update-opportunity-links'),
  fromTest('update-opportunity-sources'),
  fromMock(`post/proxy/v1/opportunities/${ARCHIVE_OPP}/addLinks/update-opportunity-links.json`, {
    method: 'POST',
    path: `/v1/opportunities/${ARCHIVE_OPP}/addLinks`,
    body: { links: ['https://example.com/report'] },
  }),
  fromMock(
    `post/proxy/v1/opportunities/${ARCHIVE_OPP}/addSources/update-opportunity-sources.json`,
    {
      method: 'POST',
      path: `/v1/opportunities/${ARCHIVE_OPP}/addSources`,
      body: { sources: ['https://source.com'] },
    },
  ),
  fromMock(`put/proxy/v1/opportunities/${ARCHIVE_OPP}/archived/update-opportunity-archived.json`, {
    method: 'PUT',
    path: `/v1/opportunities/${ARCHIVE_OPP}/archived`,
    body: { reason: 'd35867b1-f661-4ec2-b477-b3e6524cc8b6' },
  }),
  // POST /opportunities is not served; its `data` is the opportunity GET /opportunities/{id} returns.
  fromTest('create-opportunity', {
    real: () => ({
      status: 200,
      body: (recorded('create-opportunity').response as { data: unknown }).data,
    }),
    request: { method: 'GET', path: '/v1/opportunities/90bb80d6-db1b-4ba8-9d4f-8bcb25b6c017' },
    pick: (body) => (body as { data: unknown }).data,
  }),
  fromTest('get-feedback'),
  fromTest('delete-note', {
    request: { method: 'DELETE', path: '' },
    prepare: async (_lever, url) => {
      const res = await fetch(`${url}/v1/opportunities/${OPP}/notes`, {
        method: 'POST',
        headers: { authorization: BASIC, 'content-type': 'application/json' },
        body: JSON.stringify({ value: 'to delete' }),
      });
      const noteId = ((await res.json()) as { data: { noteId: string } }).data.noteId;
      CASES.find((c) => c.file === 'tests/delete-note.test.json')!.request!.path =
        `/v1/opportunities/${OPP}/notes/${noteId}`;
    },
  }),
  fromTest('create-webhook'),
  fromTest('webhooks', { prepare: async (_lever, url) => void (await createWebhook(url)) }),
  fromTest('delete-webhook', {
    request: { method: 'DELETE', path: '' },
    prepare: async (_lever, url) => {
      CASES.find((c) => c.file === 'tests/delete-webhook.test.json')!.request!.path =
        `/v1/webhooks/${await createWebhook(url)}`;
    },
  }),
  fromTest('get-posting'),
  fromMock('get/proxy/v1/postings/get-postings.json', { method: 'GET', path: '/v1/postings' }),
  fromMock('get/proxy/v1/postings/get-posting.json', {
    method: 'GET',
    path: '/v1/postings?limit=2',
  }),
  fromMock('get/proxy/v1/postings/d248f6f5-ca37-4467-a08d-11ad90fd9b1f/posting.json', {
    method: 'GET',
    path: '/v1/postings/d248f6f5-ca37-4467-a08d-11ad90fd9b1f',
  }),
  fromMock('get/proxy/v1/postings/f8b7dd19-1d9f-40f1-8090-e4a62e989e0b/posting.json', {
    method: 'GET',
    path: '/v1/postings/f8b7dd19-1d9f-40f1-8090-e4a62e989e0b',
  }),
];

type Item = Record<string, unknown>;

/**
 * Shape differences; list items are paired by `id` when the sandbox serves the recorded ids
 * (real lists are not uniform: Lever omits `salaryRange` on postings without one), otherwise
 * each of ours is compared with the first real item.
 */
function shapeDifferences(real: unknown, ours: unknown): ShapeDifference[] {
  const r = real as { data?: Item[] };
  const o = ours as { data?: Item[] };
  if (!Array.isArray(r?.data) || !Array.isArray(o?.data)) return compareJsonShape(real, ours);
  const pairs = r.data.flatMap((item) => {
    const mine = o.data!.find((x) => x.id !== undefined && x.id === item.id);
    return mine ? [[item, mine] as const] : [];
  });
  if (!pairs.length) return compareJsonShape(real, ours);
  return [
    ...compareJsonShape({ ...r, data: [] }, { ...o, data: [] }),
    ...pairs.flatMap(([item, mine]) =>
      compareJsonShape(item, mine, {}, `$.data[id=${String(item.id)}]`),
    ),
  ];
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return name.endsWith('.json') ? [path] : [];
  });
}

describe('Lever fixture contract', () => {
  let lever: LeverSandbox;
  let url: string;

  beforeAll(async () => {
    lever = new LeverSandbox({ rateLimit: false });
    url = await lever.start();
  });
  afterAll(async () => lever.stop());

  it('has a contract case for every copied fixture', () => {
    const root = join(leverFixturesDir(), 'nango-integration-templates');
    const files = jsonFiles(root).map((f) => relative(root, f).split('\\').join('/'));
    expect(files.sort()).toEqual(CASES.map((c) => c.file).sort());
  });

  it.each(CASES.map((c) => [c.file, c] as const))('%s', async (_file, contract) => {
    await contract.prepare?.(lever, url);
    const { method, path, body } = contract.request!;
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: BASIC,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const real = contract.real();
    expect(res.status).toBe(real.status);
    if (real.body === '' || real.body === undefined) {
      expect(text).toBe('');
      return;
    }
    const ours = (contract.pick ?? ((b: unknown) => b))(JSON.parse(text));
    const diffs = shapeDifferences(real.body, ours);
    if (diffs.length)
      throw new Error(`shape differs from ${contract.file}:\n${formatShapeDifferences(diffs)}`);
  });
});
