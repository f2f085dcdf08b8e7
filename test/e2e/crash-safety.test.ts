import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { demoSeed } from '@zenhire-connect/cli';
import { deliveryIdempotencyKey, writePlanHash, type WritePlan } from '@zenhire-connect/core';
import { createStore, type SqlStore } from '@zenhire-connect/store';
import { GreenhouseSandbox, ZenHireSandbox } from '@zenhire-connect/testkit';
import { eventually, sandboxEnv, tempDir, writeConfig, greenhouseConfigHead } from './harness';

// Crash safety (DESIGN.md flow 4): a worker process is SIGKILLed in the middle of a backlog
// of write-backs and started again over the same SQLite file; every note reaches
// Greenhouse exactly once. The worker runs the built CLI (`npm run build` first).
const BIN = join(__dirname, '../../packages/cli/dist/bin.js');
const BACKLOG = 16;

function config(zhUrl: string, ghUrl: string, storeFile: string): string {
  return `${greenhouseConfigHead('greenhouse-crash', zhUrl, ghUrl, storeFile)}worker:
  concurrency: 1
  leaseSeconds: 1
  backoff: { initialSeconds: 0.2, maxSeconds: 1 }
`;
}

function startWorker(file: string): ChildProcess {
  return spawn(process.execPath, [BIN, 'worker', '--config', file, '--log-level', 'error'], {
    env: { ...process.env, ...sandboxEnv() },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

describe('crash safety: SIGKILL in the middle of a backlog', () => {
  const tmp = tempDir();
  const zh = new ZenHireSandbox({ seed: 'crash' });
  const gh = new GreenhouseSandbox({ seed: 'crash', rateLimit: false, faults: { latencyMs: 25 } });
  let store: SqlStore | undefined;
  let child: ChildProcess | undefined;

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGKILL');
      await exited(child);
    }
    await store?.close();
    await Promise.allSettled([zh.stop(), gh.stop()]);
    tmp.cleanup();
  });

  it('delivers every note exactly once after the worker is killed and restarted', async () => {
    expect(existsSync(BIN)).toBe(true); // build first: npm run build
    const [zhUrl, ghUrl] = await Promise.all([zh.start(), gh.start()]);
    const { seed, candidates } = demoSeed(BACKLOG);
    gh.seedData(seed);
    const storeFile = join(tmp.dir, 'store.sqlite');
    const file = writeConfig(tmp.dir, config(zhUrl, ghUrl, storeFile));
    store = createStore(`sqlite:${storeFile}`);
    await store.migrate();
    for (const [i, c] of candidates.entries()) {
      const plan: Omit<WritePlan, 'hash'> = {
        runId: `run-${i}`,
        connector: 'greenhouse-crash',
        mapping: 'crash',
        record: {
          connector: 'greenhouse-crash',
          candidateId: String(c.candidateId),
          applicationId: String(c.applicationId),
        },
        operations: [
          { kind: 'AddNote', body: `crash-test note for ${c.name}`, visibility: 'private' },
        ],
      };
      const full = { ...plan, hash: writePlanHash(plan) };
      await store.enqueue(full, deliveryIdempotencyKey(full), Date.now());
    }
    const notes = () => gh.notes().filter((n) => n.body.startsWith('crash-test note'));

    // 1. The worker works through the backlog; once some notes are in, Greenhouse stops
    //    answering (the request in flight is never applied) and the worker is killed.
    child = startWorker(file);
    await eventually(() => notes().length >= 4, 20_000, 'the first notes');
    gh.faults.configure({ timeoutRate: 1 });
    await eventually(
      () => gh.calls.some((c) => c.fault === 'timeout'),
      5_000,
      'a request in flight',
    );
    child.kill('SIGKILL');
    await exited(child);
    const beforeRestart = notes().length;
    expect(beforeRestart).toBeGreaterThanOrEqual(4);
    expect(beforeRestart).toBeLessThan(BACKLOG);
    const stuck = await store.listDeliveries({ status: 'in_progress' });
    expect(stuck).toHaveLength(1); // the killed worker's claim, lease still running

    // 2. A new worker takes over (the stale lease expires) and finishes the backlog.
    gh.faults.configure({});
    child = startWorker(file);
    await eventually(
      async () =>
        (await store!.listDeliveries({ status: 'succeeded', limit: 1000 })).length === BACKLOG,
      20_000,
      'every delivery to succeed',
    );
    child.kill('SIGTERM');
    await exited(child);

    // 3. Exactly once: one note per application, none twice.
    const perApplication = new Map<number, number>();
    for (const n of notes())
      perApplication.set(
        Number(n.application_id),
        (perApplication.get(Number(n.application_id)) ?? 0) + 1,
      );
    expect(perApplication.size).toBe(BACKLOG);
    expect([...perApplication.values()].every((count) => count === 1)).toBe(true);
    expect(notes()).toHaveLength(BACKLOG);
    const retried = await store.getDelivery(stuck[0].id);
    expect(retried?.status).toBe('succeeded');
    expect(retried?.attempts).toBeGreaterThanOrEqual(2);
  });
});
