// Several processes claiming on one SQLite file: every delivery is claimed exactly once.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { enqueueDeliveries, sqliteFile, transpileForChildProcess } from './__fixtures__/databases';

const DELIVERIES = 500;
const PROCESSES = 4;
const BATCH = 7;
const NOW = 1_763_700_000_000;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zc-store-processes-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('claiming on sqlite from separate processes', () => {
  it(`${PROCESSES} processes claim each of ${DELIVERIES} deliveries exactly once`, async () => {
    const file = join(dir, 'multi-process.db');
    const producer = await sqliteFile(file).open();
    let ids: string[];
    try {
      ids = await enqueueDeliveries(producer, DELIVERIES, NOW);
    } finally {
      await producer.close();
    }
    const jsDir = join(dir, 'js');
    const { nodePath } = transpileForChildProcess(jsDir);
    const worker = join(__dirname, '__fixtures__', 'claim-worker.js');
    const run = promisify(execFile);
    const outputs = await Promise.all(
      Array.from({ length: PROCESSES }, (_, i) =>
        run(process.execPath, [worker, jsDir, file, `process-${i}`, String(NOW), String(BATCH)], {
          env: { ...process.env, NODE_PATH: nodePath },
          timeout: 25_000,
        }),
      ),
    );
    const perProcess = outputs.map((o) => JSON.parse(o.stdout) as string[]);
    const claimed = perProcess.flat();
    expect(claimed).toHaveLength(DELIVERIES);
    expect(new Set(claimed)).toEqual(new Set(ids));
    const check = await sqliteFile(file).open();
    try {
      const held = await check.listDeliveries({ status: 'in_progress', limit: DELIVERIES });
      const holder = new Map(held.map((d) => [d.id, d.claimedBy]));
      perProcess.forEach((taken, i) => {
        for (const id of taken) expect(holder.get(id)).toBe(`process-${i}`);
      });
      expect(held.every((d) => d.attempts === 1)).toBe(true);
    } finally {
      await check.close();
    }
  });
});
