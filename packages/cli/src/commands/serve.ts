import { ExitCode } from '../exit-codes';
import { line, type CliIo } from '../io';
import type { AppRole } from '../runtime/create-app';
import { withApp, type GlobalOptions } from './context';

/** Options of `serve` (and `worker`, which is `serve --role worker`). */
export interface ServeOptions {
  role?: AppRole;
  host?: string;
  port?: number;
}

/**
 * `serve`: runs the HTTP server and the worker in one process (`--role all`, default), or
 * one of them (`--role server` / `--role worker`; several workers may share one
 * PostgreSQL store). Runs until SIGINT/SIGTERM, then shuts down gracefully: the server
 * stops accepting and drains, the worker releases claimed deliveries, the store closes.
 */
export async function serveCommand(
  options: GlobalOptions & ServeOptions,
  io: CliIo,
): Promise<number> {
  const role = options.role ?? 'all';
  const stop = io.stopSignal();
  return withApp(
    options,
    io,
    role,
    async (app) => {
      const { url } = await app.start();
      const info = {
        role,
        ...(url ? { url, webhooks: app.registry.names().map((n) => `${url}/webhooks/${n}`) } : {}),
        ...(role !== 'server' ? { workerId: app.worker.workerId } : {}),
      };
      if (options.json) line(io.stdout, JSON.stringify({ event: 'started', ...info }));
      else {
        line(io.stdout, `zenhire-connect ${role === 'all' ? 'server + worker' : role} running`);
        if (url) {
          line(io.stdout, `  listening on ${url}  (/healthz, /readyz, /metrics)`);
          for (const w of info.webhooks ?? []) line(io.stdout, `  webhook: ${w}`);
        }
        if (role !== 'server') line(io.stdout, `  worker ${app.worker.workerId}`);
        line(io.stdout, 'Ctrl-C (SIGINT) or SIGTERM stops it gracefully.');
      }
      const signal = await stop;
      if (options.json) line(io.stdout, JSON.stringify({ event: 'stopping', signal }));
      else line(io.stdout, `${signal}: shutting down…`);
      return ExitCode.OK;
    },
    options.host !== undefined || options.port !== undefined
      ? { listen: { host: options.host, port: options.port } }
      : {},
  );
}
