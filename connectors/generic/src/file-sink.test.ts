import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { deliveryIdempotencyKey } from '@zenhire-connect/core';
import { CSV_COLUMNS } from './csv-line';
import { FileSink } from './file-sink';
import { genericConnector } from './__fixtures__/connector';
import { samplePlan } from './__fixtures__/sample-plan';

const execFileAsync = promisify(execFile);
const WORKER = join(__dirname, '__fixtures__', 'append-worker.js');
/** The repository's node_modules, so the transpiled sink finds proper-lockfile. */
const NODE_MODULES = resolve(__dirname, '..', '..', '..', 'node_modules');
let sinkModule: string;
let sinkDir: string;

beforeAll(async () => {
  // Child processes run file-sink.ts transpiled to CommonJS (no build, no ts loader in them).
  sinkDir = await mkdtemp(join(tmpdir(), 'zc-generic-sink-module-'));
  sinkModule = join(sinkDir, 'file-sink.js');
  const source = await readFile(join(__dirname, 'file-sink.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
  });
  await writeFile(sinkModule, outputText);
});

afterAll(async () => {
  await rm(sinkDir, { recursive: true, force: true });
});

function run(args: string[]) {
  return execFileAsync(process.execPath, [WORKER, sinkModule, ...args], {
    env: { ...process.env, NODE_PATH: NODE_MODULES },
  });
}

/** Lines of a file; fails on a missing final line break (a torn last line). */
async function lines(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n');
}

describe('FileSink', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zc-generic-sink-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps lines whole with 4 writer processes and concurrent appends in this one', async () => {
    const file = join(dir, 'out.ndjson');
    // 100 KB lines: far above PIPE_BUF (4 KB) and any size the kernel writes in one go.
    const size = 100_000;
    const children = [1, 2, 3, 4].map((worker) =>
      run([file, String(worker), '15', String(size), '-']),
    );
    const sink = new FileSink({ path: file });
    const local = Array.from({ length: 30 }, (_, i) =>
      sink.append(JSON.stringify({ worker: 0, i, pad: 'y'.repeat(size) })),
    );
    await Promise.all([...children, ...local]);

    const written = await lines(file);
    expect(written).toHaveLength(4 * 15 + 30);
    const seen = new Set<string>();
    for (const line of written) {
      const record = JSON.parse(line) as { worker: number; i: number; pad: string };
      expect(record.pad).toHaveLength(size);
      seen.add(`${record.worker}:${record.i}`);
    }
    expect(seen.size).toBe(4 * 15 + 30);
  }, 20_000);

  it('writes the CSV header exactly once when several processes start on an empty file', async () => {
    const file = join(dir, 'out.csv');
    const children = [1, 2, 3, 4].map((worker) =>
      run([file, String(worker), '5', '10', 'worker_line']),
    );
    await Promise.all(children);
    const written = await lines(file);
    expect(written.filter((l) => l === 'worker_line')).toHaveLength(1);
    expect(written[0]).toBe('worker_line');
    expect(written).toHaveLength(1 + 4 * 5);
  }, 20_000);

  it('starts a new line after a torn last line left by a crashed writer', async () => {
    const file = join(dir, 'out.ndjson');
    await writeFile(file, '{"complete":true}\n{"torn":');
    await new FileSink({ path: file }).append('{"next":true}');
    expect(await readFile(file, 'utf8')).toBe('{"complete":true}\n{"torn":\n{"next":true}\n');
  });

  it('refuses a line with a line break', async () => {
    await expect(new FileSink({ path: join(dir, 'x') }).append('a\nb')).rejects.toThrow(
      /line break/,
    );
  });
});

describe('file sink delivery', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zc-generic-file-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('appends one NDJSON envelope per delivery and never repeats a done delivery', async () => {
    const file = join(dir, 'deliveries.ndjson');
    const { connector } = genericConnector({ file: { path: file } });
    const plan = samplePlan('hris');
    const first = await connector.applyPlan(plan, { previousOutcomes: [] });
    await connector.applyPlan(plan, { previousOutcomes: first.outcomes });
    await connector.applyPlan(samplePlan('hris', 'run_sample_2'), { previousOutcomes: [] });

    const written = (await lines(file)).map((l) => JSON.parse(l));
    expect(written.map((r) => r.run.id)).toEqual(['run_sample_1', 'run_sample_2']);
    expect(written[0].delivery_id).toBe(deliveryIdempotencyKey(plan));
    expect(written[0].operations).toEqual(plan.operations);
    expect(first.outcomes.every((o) => o.status === 'applied')).toBe(true);
    expect(connector.capabilities.webhooks).toBe(false);
  });

  it('appends CSV rows under a header written once', async () => {
    const file = join(dir, 'deliveries.csv');
    const { connector } = genericConnector({ file: { path: file, format: 'csv' } });
    await connector.applyPlan(samplePlan('hris'), { previousOutcomes: [] });
    await connector.applyPlan(samplePlan('hris', 'run_sample_2'), { previousOutcomes: [] });
    const written = await lines(file);
    expect(written).toHaveLength(3);
    expect(written[0]).toBe(CSV_COLUMNS.join(','));
    const plan = samplePlan('hris');
    expect(written[1].startsWith(`${deliveryIdempotencyKey(plan)},run_sample_1,hris,`)).toBe(true);
    // The note's line break stays escaped inside the JSON cell.
    expect(written[1]).toContain('(4.1/5)\\nFluent.');
  });

  it('reports an unwritable file as a retryable GENERIC_FILE_APPEND_FAILED', async () => {
    const file = join(dir, 'missing-dir', 'deliveries.ndjson');
    const { connector } = genericConnector({ file: { path: file } });
    await expect(
      connector.applyPlan(samplePlan('hris'), { previousOutcomes: [] }),
    ).rejects.toMatchObject({ code: 'GENERIC_FILE_APPEND_FAILED', retryable: true });
  });
});
