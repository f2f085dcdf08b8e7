/**
 * Benchmark 4, scale-out: a backlog of 300 plans (SetFields + AddNote) drained by 1
 * and then by 4 workers, each a separate process (`scale-out-worker.ts`, forked) with its
 * own PostgreSQL pool claiming with `FOR UPDATE SKIP LOCKED`, its own Greenhouse connector
 * and the worker's `DeliveryLoop` defaults (16 in flight, 4 at once per connector). The
 * Greenhouse sandbox (in this process) answers after 100 ms (see `LATENCY_MS`) and has a high
 * rate limit, so the work is I/O bound.
 *
 * PostgreSQL: `ZC_BENCH_POSTGRES_URL`, else `ZC_TEST_POSTGRES_URL`, else
 * `postgres://postgres@127.0.0.1:5432/test`; a schema `zc_bench_<random>` is created by the
 * store's migration and dropped afterwards.
 *
 * Prints deliveries per second for both, the ratio (target ≥ 2.5) and duplicates / losses
 * found in the sandbox's records (target 0).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createStore } from '@zenhire-connect/store';
import type { Store } from '@zenhire-connect/core';
import { GreenhouseSandbox } from '@zenhire-connect/testkit';
import {
  auditBacklog,
  auditProblems,
  benchPlan,
  seedApplications,
  type BenchApplication,
} from './greenhouse-backlog';
import { fixed, printTable, verdict } from './report';
import type { ScaleOutWorkerConfig, ScaleOutWorkerDone } from './scale-out-worker';

const BACKLOG = Number(process.env.ZC_BENCH_SCALE_BACKLOG ?? 300);
/**
 * Greenhouse answer time (real ms). 100 ms rather than 20 ms: a worker spends 11–15 ms of
 * CPU per delivery (measured: `worker CPU ms/delivery`), so at 20 ms four workers plus the
 * sandbox and PostgreSQL on a shared 2-core machine are CPU bound, not I/O bound (measured
 * ratio 1.70 at 20 ms, 1.43 at 50 ms with other jobs running). A SaaS API over the internet
 * answers writes in roughly 100–300 ms [our assumption, not measured], so 100 ms is closer
 * to production than 20 ms. `ZC_BENCH_SCALE_LATENCY_MS` and `ZC_BENCH_SCALE_BACKLOG` override.
 */
const LATENCY_MS = Number(process.env.ZC_BENCH_SCALE_LATENCY_MS ?? 100);
const POSTGRES_URL =
  process.env.ZC_BENCH_POSTGRES_URL ??
  process.env.ZC_TEST_POSTGRES_URL ??
  'postgres://postgres@127.0.0.1:5432/test';

interface PhaseFigures {
  workers: number;
  seconds: number;
  perSecond: number;
  succeeded: number;
  retries: number;
  leaseLost: number;
  cpuMs: number;
  lost: number;
  duplicated: number;
}

function waitFor<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { type?: string }) => {
      if (m.type !== type) return;
      cleanup();
      resolve(m as T);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`scale-out worker exited with ${code} before "${type}"`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

async function phase(
  workers: number,
  apps: BenchApplication[],
  store: Store,
  gh: GreenhouseSandbox,
  pgSchema: string,
): Promise<PhaseFigures> {
  for (const app of apps) {
    const { plan, key } = benchPlan(app, `req_scale${workers}_${app.applicationId}`);
    await store.enqueue(plan, key, Date.now());
  }
  const children = Array.from({ length: workers }, () =>
    fork(join(__dirname, 'scale-out-worker.js'), [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  try {
    const ready = children.map((child) => waitFor(child, 'ready'));
    children.forEach((child, i) => {
      const config: ScaleOutWorkerConfig = {
        storeUrl: POSTGRES_URL,
        pgSchema,
        greenhouseUrl: gh.url,
        workerId: `bench-scale-${workers}-${i}`,
      };
      child.send(config);
    });
    await Promise.all(ready);
    const done = children.map((child) => waitFor<ScaleOutWorkerDone>(child, 'done'));
    const started = Date.now();
    for (const child of children) child.send({ type: 'go' });
    const results = await Promise.all(done);
    const seconds = (Date.now() - started) / 1000;
    const { lost, duplicated } = auditProblems(auditBacklog(gh, apps));
    const sum = (k: keyof ScaleOutWorkerDone) => results.reduce((a, r) => a + (r[k] as number), 0);
    return {
      workers,
      seconds,
      perSecond: sum('succeeded') / seconds,
      succeeded: sum('succeeded'),
      retries: sum('retryScheduled'),
      leaseLost: sum('leaseLost'),
      cpuMs: sum('cpuMs'),
      lost,
      duplicated,
    };
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill();
  }
}

/** Runs the benchmark; returns whether every target was met. */
export async function scaleOutBenchmark(): Promise<boolean> {
  const pgSchema = `zc_bench_${randomBytes(4).toString('hex')}`;
  const gh = new GreenhouseSandbox({
    rateLimit: { limit: 1_000_000, windowMs: 30_000 },
    faults: { latencyMs: LATENCY_MS },
  });
  await gh.start();
  const store = createStore(POSTGRES_URL, { pgSchema, poolSize: 2 });
  try {
    await store.migrate();
    const apps = seedApplications(gh, BACKLOG * 2);
    const one = await phase(1, apps.slice(0, BACKLOG), store, gh, pgSchema);
    const four = await phase(4, apps.slice(BACKLOG), store, gh, pgSchema);
    const ratio = four.perSecond / one.perSecond;
    const exact = [one, four].every(
      (f) => f.lost === 0 && f.duplicated === 0 && f.succeeded === BACKLOG,
    );
    console.log(
      `${BACKLOG} plans (SetFields + AddNote) per phase; Greenhouse answers in ${LATENCY_MS} ms, ` +
        `rate limit 1,000,000 per 30 s; PostgreSQL schema ${pgSchema}; ${cpus().length} cores`,
    );
    printTable(
      [
        'workers (processes)',
        'seconds',
        'deliveries/s',
        'succeeded',
        'retries',
        'lease lost',
        'worker CPU ms/delivery',
        'lost',
        'duplicated',
      ],
      [one, four].map((f) => [
        f.workers,
        fixed(f.seconds, 2),
        fixed(f.perSecond, 1),
        f.succeeded,
        f.retries,
        f.leaseLost,
        fixed(f.cpuMs / Math.max(1, f.succeeded), 1),
        f.lost,
        f.duplicated,
      ]),
    );
    console.log(
      `throughput ratio 4 / 1 workers: ${fixed(ratio, 2)} (target >= 2.5: ${verdict(ratio >= 2.5)}); ` +
        `zero lost or duplicated: ${verdict(exact)}`,
    );
    return ratio >= 2.5 && exact;
  } finally {
    await store.close();
    await gh.stop();
    const client = new Client({ connectionString: POSTGRES_URL });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS ${pgSchema} CASCADE`);
    } finally {
      await client.end();
    }
  }
}
