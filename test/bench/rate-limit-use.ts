/**
 * Benchmark 2, rate-limit use: a backlog of 2,000 completed assessments (pre-built
 * WritePlans: one `SetFields` + one `AddNote`, one Harvest call each) drained into the
 * Greenhouse sandbox with its rolling rate limit (greenhouse-api.md §2.2 [3P]: 75 requests
 * per 30 s window), through the SQLite store, the worker's delivery loop (`claimDue` →
 * `deliverOne`) and the Greenhouse connector.
 *
 * Time is scaled by 0.01 (the window is 300 real ms, so the limit is 250 requests per real
 * second); the connector's rate limiter is configured with the same window and limit, its
 * waits are scaled the same way, and the store and retry schedule run on the sandbox clock.
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

/** Runs the benchmark; returns whether every target was met. */
export async function rateLimitUseBenchmark(): Promise<boolean> {
  const gh = new GreenhouseSandbox({
    timeScale: TIME_SCALE,
    rateLimit: { limit: LIMIT, windowMs: WINDOW_MS },
  });
  const url = await gh.start();
  const dir = mkdtempSync(join(tmpdir(), 'zc-bench-rate-'));
  const store = createStore(`sqlite:${join(dir, 'zc.sqlite')}`);
  const windowRealSeconds = (WINDOW_MS * TIME_SCALE) / 1000;
  const connector = greenhouseConnector(
    url,
    { requestsPerWindow: LIMIT, windowSeconds: windowRealSeconds },
    TIME_SCALE,
  );
  try {
    await store.migrate();
    const apps = seedApplications(gh, BACKLOG);
    const clock = { now: () => gh.time.now() };
    for (const [i, app] of apps.entries()) {
      const { plan, key } = benchPlan(app, `req_rate_${i}`);
      await store.enqueue(plan, key, clock.now());
    }
    const useCases = deliveryUseCases(store, connector, clock);
    const loop = new DeliveryLoop({
      store,
      useCases,
      clock,
      workerId: 'bench-rate-limit',
      leaseMs: 3_600_000, // documented ms: 36 real s at this scale
    });

    const firstCall = gh.calls.length;
    const started = Date.now();
    const totals = { succeeded: 0, retryScheduled: 0, dead: 0, leaseLost: 0, errors: 0 };
    for (;;) {
      const summary = await loop.drain();
      for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += summary[k];
      const { byStatus } = await store.stats(clock.now());
      if (byStatus.pending + byStatus.in_progress === 0) break;
      if (Date.now() - started > 180_000) throw new Error('rate-limit backlog not drained in 3 min');
      await delay(10); // a retry is scheduled later: wait for it to become due
    }
    const wallMs = Date.now() - started;
    await loop.stop(1_000);

    const harvest = gh.calls.slice(firstCall).filter((c) => c.path.startsWith('/v3/'));
    const limited = harvest.filter((c) => c.status === 429).length;
    const accepted = harvest.length - limited;
    const spanMs = harvest[harvest.length - 1].at - harvest[0].at;
    const limitPerSecond = LIMIT / windowRealSeconds;
    const achievedPerSecond = accepted / (spanMs / 1000);
    const usePercent = (100 * achievedPerSecond) / limitPerSecond;
    const limitedPercent = (100 * limited) / harvest.length;
    const audit = auditBacklog(gh, apps);
    const { lost, duplicated } = auditProblems(audit);
    const { byStatus } = await store.stats(clock.now());

    const useMet = usePercent >= 90;
    const limitedMet = limitedPercent <= 1;
    const exactMet = lost === 0 && duplicated === 0 && byStatus.succeeded === BACKLOG;
    console.log(
      `backlog ${BACKLOG} plans (SetFields + AddNote), limit ${LIMIT} per ${WINDOW_MS / 1000} s ` +
        `documented = ${LIMIT} per ${windowRealSeconds * 1000} real ms (time scale ${TIME_SCALE}); ` +
        `SQLite store, DeliveryLoop defaults (16 in flight, 4 per connector)`,
    );
    printTable(
      ['figure', 'value', 'target', 'verdict'],
      [
        ['drain wall time (real s)', fixed(wallMs / 1000, 2), '', ''],
        ['Harvest requests sent', harvest.length, '', ''],
        ['  accepted (2xx)', accepted, `${BACKLOG * 2} + metadata`, ''],
        ['  429 responses', limited, '', ''],
        ['achieved rate (req/real s, first→last request)', fixed(achievedPerSecond, 1), '', ''],
        ['limit (req/real s)', fixed(limitPerSecond, 1), '', ''],
        ['rate-limit use (% of limit)', fixed(usePercent, 1), '>= 90 %', verdict(useMet)],
        ['429 responses (% of requests)', fixed(limitedPercent, 2), '<= 1 %', verdict(limitedMet)],
        ['deliveries succeeded', byStatus.succeeded, BACKLOG, ''],
        ['retries scheduled / dead', `${totals.retryScheduled} / ${byStatus.dead}`, '', ''],
        ['lost (application without note or field write)', lost, 0, verdict(lost === 0)],
        ['duplicated (application with 2+ notes or writes)', duplicated, 0, verdict(duplicated === 0)],
      ],
    );
    return useMet && limitedMet && exactMet;
  } finally {
    await connector.close();
    await store.close();
    await gh.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
