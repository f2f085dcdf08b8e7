import { ExitCode } from '../exit-codes';
import { line, type CliIo } from '../io';
import { formatMs } from '../output/duration';
import { withApp, type GlobalOptions } from './context';

/** Cursors the worker's batch collectors keep (`collect.<module>.head|tail`). */
export const COLLECT_CURSORS = [
  'collect.speech.head',
  'collect.speech.tail',
  'collect.interview.head',
  'collect.interview.tail',
] as const;

/**
 * `status`: queue depth by status, age of the oldest pending delivery, dead letters, open
 * runs and the collectors' cursors, read from the store (works while `serve` runs, also
 * against a shared PostgreSQL store). `--fail-on-dead` exits 4 when dead letters exist.
 */
export function statusCommand(
  options: GlobalOptions & { failOnDead?: boolean },
  io: CliIo,
): Promise<number> {
  return withApp(options, io, 'none', async (app) => {
    const now = app.clock.now();
    const stats = await app.store.stats(now);
    const cursors: Record<string, string | null> = {};
    for (const name of COLLECT_CURSORS) cursors[name] = (await app.store.getCursor(name)) ?? null;
    const openRuns: Record<string, number> = {};
    for (const module of ['speech', 'interview', 'cv_deepmatch', 'ai_interview'] as const) {
      openRuns[module] = (await app.store.listOpenRuns(module, 10_000)).length;
    }
    const status = {
      store: app.loaded.config.store.startsWith('sqlite:') ? 'sqlite' : 'postgresql',
      connectors: app.registry.names(),
      queue: {
        depth: stats.byStatus.pending + stats.byStatus.in_progress,
        byStatus: stats.byStatus,
        oldestPendingAgeMs: stats.oldestPendingAgeMs,
      },
      deadLetters: stats.byStatus.dead,
      openRuns,
      cursors,
    };
    if (options.json) line(io.stdout, JSON.stringify(status, null, 2));
    else {
      line(io.stdout, `store: ${status.store}; connectors: ${status.connectors.join(', ')}`);
      line(
        io.stdout,
        `queue depth: ${status.queue.depth} (pending ${stats.byStatus.pending}, in progress ${stats.byStatus.in_progress}); succeeded ${stats.byStatus.succeeded}`,
      );
      line(io.stdout, `oldest pending: ${formatMs(stats.oldestPendingAgeMs)}`);
      line(
        io.stdout,
        `dead letters: ${status.deadLetters}${status.deadLetters > 0 ? '  (zenhire-connect deliveries dead; deliveries retry <id>)' : ''}`,
      );
      line(
        io.stdout,
        `open runs: ${Object.entries(openRuns)
          .map(([m, n]) => `${m} ${n}`)
          .join(', ')}`,
      );
      for (const [name, value] of Object.entries(cursors))
        line(io.stdout, `cursor ${name}: ${value ?? '-'}`);
    }
    return options.failOnDead && status.deadLetters > 0 ? ExitCode.CHECK_FAILED : ExitCode.OK;
  });
}
