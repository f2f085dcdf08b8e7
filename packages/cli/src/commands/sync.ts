import { SingleBar, Presets } from 'cli-progress';
import type { WorkerProgress } from '@zenhire-connect/worker';
import { ExitCode } from '../exit-codes';
import { line, type CliIo } from '../io';
import { formatMs, parseSince } from '../output/duration';
import { withApp, type GlobalOptions } from './context';

/** Options of `sync`. */
export interface SyncOptions {
  /** ISO 8601 date-time or duration back from now (`24h`). Default `24h`. */
  since?: string;
}

/**
 * `sync --since <iso|duration>`: one-shot collect and deliver, without the server:
 * re-collects every terminal run created since then (reconcile: enqueues plans that have
 * no delivery yet or changed), runs one collect sweep per listed module and one poll pass,
 * then delivers everything due. A progress bar is drawn on stderr when it is a TTY.
 * Exit 0 when nothing failed, 2 when a run or delivery failed.
 */
export async function syncCommand(
  options: GlobalOptions & SyncOptions,
  io: CliIo,
): Promise<number> {
  const since = parseSince(options.since ?? '24h', Date.now());
  return withApp(options, io, 'none', async (app) => {
    const started = Date.now();
    const reconciled = await app.worker.reconcileNow(since);
    const bar =
      io.stderr.isTTY && !options.json
        ? new SingleBar(
            {
              format: 'deliveries |{bar}| {value}/{total} {phase}',
              stream: io.stderr,
              hideCursor: true,
            },
            Presets.shades_classic,
          )
        : undefined;
    const stats = await app.store.stats(app.clock.now());
    bar?.start(stats.byStatus.pending + stats.byStatus.in_progress, 0, { phase: 'collecting' });
    let delivered = 0;
    const onProgress = (progress: WorkerProgress) => {
      if (progress.phase === 'deliver') {
        delivered += 1;
        if (bar) {
          if (delivered > bar.getTotal()) bar.setTotal(delivered);
          bar.update(delivered, { phase: 'delivering' });
        }
      }
    };
    const result = await app.worker.runOnce(onProgress);
    bar?.stop();
    const collected = result.sweeps.reduce((n, s) => n + s.completed, 0) + result.poll.completed;
    const failed =
      reconciled.failed.length +
      result.sweeps.reduce((n, s) => n + s.failed, 0) +
      result.deliveries.errors +
      result.deliveries.dead;
    const summary = {
      since: new Date(since).toISOString(),
      reconcile: {
        runs: reconciled.runs,
        enqueued: reconciled.enqueued,
        unchanged: reconciled.unchanged,
        chained: reconciled.chained,
        unlinked: reconciled.unlinked,
        failed: reconciled.failed,
      },
      collected,
      deliveries: result.deliveries,
      elapsedMs: Date.now() - started,
    };
    if (options.json) line(io.stdout, JSON.stringify(summary, null, 2));
    else {
      line(io.stdout, `sync since ${summary.since}`);
      line(
        io.stdout,
        `  runs re-examined: ${reconciled.runs} (enqueued ${reconciled.enqueued}, unchanged ${reconciled.unchanged}, chained ${reconciled.chained}, unlinked ${reconciled.unlinked}, failed ${reconciled.failed.length})`,
      );
      line(io.stdout, `  runs collected: ${collected}`);
      const d = result.deliveries;
      line(
        io.stdout,
        `  deliveries: ${d.succeeded} succeeded, ${d.retryScheduled} to retry, ${d.dead} dead, ${d.errors} errors`,
      );
      line(io.stdout, `  took ${formatMs(summary.elapsedMs)}`);
    }
    return failed > 0 ? ExitCode.RUNTIME : ExitCode.OK;
  });
}
