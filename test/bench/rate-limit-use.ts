/**
 * Benchmark 2, rate-limit use: a backlog of 2,000 completed assessments (pre-built
 * WritePlans: one `SetFields` + one `AddNote`, one Harvest call each) drained into the
 * Greenhouse sandbox with its rolling rate limit (greenhouse-api.md §2.2 [3P]: 75 requests
 * per 30 s window), through the SQLite store, the worker's delivery loop (`claimDue` →
 * `deliverOne`) and the Greenhouse connector.
 *
 * Time is scaled by 0.025 (the window is 750 real ms, so the limit is 100 requests per real
 * second: below what the pipeline itself manages on a shared 2-core machine, measured first
 * without a limit, so the figure is about the rate limiter and not the CPU); the connector's
 * rate limiter is configured with the same window and limit, its waits are scaled the same
 * way, and the store and retry schedule run on the sandbox clock.
 *
 * Prints the achieved request rate as % of the limit (target ≥ 90 %), 429 responses as % of
 * requests (target ≤ 1 %) and deliveries lost / duplicated according to the sandbox's own
 * records (target 0).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore } from '@zenhire-connect/store';
import { GreenhouseSandbox } from '@zenhire-connect/testkit';
import { DeliveryLoop } from '@zenhire-connect/worker';
import { deliveryUseCases } from './delivery-use-cases';
import {
  auditBacklog,
  auditProblems,
  benchPlan,
  greenhouseConnector,
  seedApplications,
} from './greenhouse-backlog';
import { delay, fixed, printTable, verdict } from './report';

const TIME_SCALE = 0.025;
const LIMIT = 75;
const WINDOW_MS = 30_000; // documented
const BACKLOG = 2_000;
const CAPACITY_BACKLOG = 400;
/** The window in real seconds (what the connector's `rateLimit.windowSeconds` is set to). */
const WINDOW_REAL_SECONDS = (WINDOW_MS * TIME_SCALE) / 1000;

interface DrainFigures {
  wallMs: number;
  requests: number;
  accepted: number;
  limited: number;
  /** Accepted requests per real second, first → last request. */
  perSecond: number;
  succeeded: number;
  dead: number;
  retryScheduled: number;
  lost: number;
  duplicated: number;
}

/**
 * Seeds `count` applications, enqueues their plans and drains them through the delivery loop.
 * `limited: false` turns the sandbox's limit off and gives the connector a huge one: the
 * pipeline's own capacity on this machine.
 */
async function drainBacklog(count: number, limited: boolean): Promise<DrainFigures> {
  const gh = new GreenhouseSandbox({
    timeScale: TIME_SCALE,
    rateLimit: limited ? { limit: LIMIT, windowMs: WINDOW_MS } : false,
  });
  const url = await gh.start();
  const dir = mkdtempSync(join(tmpdir(), 'zc-bench-rate-'));
  const store = createStore(`sqlite:${join(dir, 'zc.sqlite')}`);
  const connector = greenhouseConnector(
    url,
    limited
      ? { requestsPerWindow: LIMIT, windowSeconds: WINDOW_REAL_SECONDS }
      : { requestsPerWindow: 1_000_000, windowSeconds: 30 },
    TIME_SCALE,
  );
  try {
    await store.migrate();
    const apps = seedApplications(gh, count);
    const clock = { now: () => gh.time.now() };
    for (const [i, app] of apps.entries()) {
      const { plan, key } = benchPlan(app, `req_rate_${i}`);
      await store.enqueue(plan, key, clock.now());
    }
    const loop = new DeliveryLoop({
      store,
      useCases: deliveryUseCases(store, connector, clock),
      clock,
      workerId: 'bench-rate-limit',
      leaseMs: 3_600_000, // documented ms: 90 real s at this scale
    });
    const firstCall = gh.calls.length;
    const started = Date.now();
    let retryScheduled = 0;
    for (;;) {
      retryScheduled += (await loop.drain()).retryScheduled;
      const { byStatus } = await store.stats(clock.now());
      if (byStatus.pending + byStatus.in_progress === 0) break;
      if (Date.now() - started > 180_000) throw new Error('backlog not drained in 3 min');
      await delay(10); // a retry is scheduled later: wait for it to become due
    }
    const wallMs = Date.now() - started;
    await loop.stop(1_000);
    const harvest = gh.calls.slice(firstCall).filter((c) => c.path.startsWith('/v3/'));
    const limitedCount = harvest.filter((c) => c.status === 429).length;
    const accepted = harvest.length - limitedCount;
    const spanMs = Math.max(1, harvest[harvest.length - 1].at - harvest[0].at);
    const { byStatus } = await store.stats(clock.now());
    return {
      wallMs,
      requests: harvest.length,
      accepted,
      limited: limitedCount,
      perSecond: accepted / (spanMs / 1000),
      succeeded: byStatus.succeeded,
      dead: byStatus.dead,
      retryScheduled,
      ...auditProblems(auditBacklog(gh, apps)),
    };
  } finally {
    await connector.close();
    await store.close();
    await gh.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the benchmark; returns whether every target was met. */
export async function rateLimitUseBenchmark(): Promise<boolean> {
  const limitPerSecond = LIMIT / WINDOW_REAL_SECONDS;
  const capacity = await drainBacklog(CAPACITY_BACKLOG, false);
  const run = await drainBacklog(BACKLOG, true);
  const usePercent = (100 * run.perSecond) / limitPerSecond;
  const limitedPercent = (100 * run.limited) / run.requests;
  const useMet = usePercent >= 90;
  const limitedMet = limitedPercent <= 1;
  const exactMet = run.lost === 0 && run.duplicated === 0 && run.succeeded === BACKLOG;
  console.log(
    `backlog ${BACKLOG} plans (SetFields + AddNote), limit ${LIMIT} per ${WINDOW_MS / 1000} s ` +
      `documented = ${LIMIT} per ${WINDOW_REAL_SECONDS * 1000} real ms (time scale ${TIME_SCALE}); ` +
      'SQLite store; DeliveryLoop and connector defaults (4 deliveries / 4 requests at once); ' +
      `connector rateLimit { requestsPerWindow: ${LIMIT}, windowSeconds: ${WINDOW_REAL_SECONDS} }`,
  );
  printTable(
    ['figure', 'value', 'target', 'verdict'],
    [
      [
        `pipeline capacity, no limit (req/real s, ${CAPACITY_BACKLOG} plans)`,
        fixed(capacity.perSecond, 1),
        `> ${fixed(limitPerSecond, 0)}`,
        capacity.perSecond > limitPerSecond ? 'ok' : 'machine too slow',
      ],
      ['drain wall time (real s)', fixed(run.wallMs / 1000, 2), '', ''],
      ['Harvest requests sent', run.requests, '', ''],
      ['  accepted (2xx)', run.accepted, `${BACKLOG * 2} + metadata`, ''],
      ['  429 responses', run.limited, '', ''],
      ['achieved rate (req/real s, first→last request)', fixed(run.perSecond, 1), '', ''],
      ['limit (req/real s)', fixed(limitPerSecond, 1), '', ''],
      ['rate-limit use (% of limit)', fixed(usePercent, 1), '>= 90 %', verdict(useMet)],
      ['429 responses (% of requests)', fixed(limitedPercent, 2), '<= 1 %', verdict(limitedMet)],
      ['deliveries succeeded', run.succeeded, BACKLOG, ''],
      ['retries scheduled / dead', `${run.retryScheduled} / ${run.dead}`, '', ''],
      ['lost (application without note or field write)', run.lost, 0, verdict(run.lost === 0)],
      ['duplicated (2+ notes or field writes)', run.duplicated, 0, verdict(run.duplicated === 0)],
    ],
  );
  return useMet && limitedMet && exactMet;
}
