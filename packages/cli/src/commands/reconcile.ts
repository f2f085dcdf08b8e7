import { ExitCode } from '../exit-codes';
import { line, type CliIo } from '../io';
import { parseSince } from '../output/duration';
import { withApp, type GlobalOptions } from './context';

/** Options of `reconcile`. */
export interface ReconcileOptions {
  /** Window start: ISO 8601 or duration (default `24h`). */
  since?: string;
  /** Also deliver what was enqueued (one drain). */
  deliver?: boolean;
}

/**
 * `reconcile`: one reconcile pass (DESIGN.md flow 5) over terminal runs created since
 * `--since`: enqueues plans that changed (mapping edited) or never got a delivery and
 * starts interview chains a crash left out. Idempotent. With `--deliver`, delivers what is
 * due afterwards. Exit 2 when a run failed.
 */
export async function reconcileCommand(
  options: GlobalOptions & ReconcileOptions,
  io: CliIo,
): Promise<number> {
  const since = parseSince(options.since ?? '24h', Date.now());
  return withApp(options, io, 'none', async (app) => {
    const result = await app.worker.reconcileNow(since);
    const deliveries = options.deliver ? await app.worker.deliverDue() : undefined;
    if (options.json) {
      line(
        io.stdout,
        JSON.stringify({ since: new Date(since).toISOString(), ...result, deliveries }, null, 2),
      );
    } else {
      line(io.stdout, `reconcile since ${new Date(since).toISOString()}`);
      line(io.stdout, `  terminal runs: ${result.runs} (fetched ${result.fetched})`);
      line(io.stdout, `  deliveries enqueued: ${result.enqueued}, unchanged: ${result.unchanged}`);
      line(io.stdout, `  interviews chained: ${result.chained}, unlinked runs: ${result.unlinked}`);
      for (const f of result.failed)
        line(io.stdout, `  failed ${f.runId}: ${f.error.code} ${f.error.message}`);
      for (const e of result.listErrors)
        line(io.stdout, `  listing ${e.module} failed: ${e.error}`);
      if (deliveries) {
        line(
          io.stdout,
          `  delivered: ${deliveries.succeeded} succeeded, ${deliveries.retryScheduled} to retry, ${deliveries.dead} dead`,
        );
      }
    }
    return result.failed.length + result.listErrors.length > 0 ? ExitCode.RUNTIME : ExitCode.OK;
  });
}
