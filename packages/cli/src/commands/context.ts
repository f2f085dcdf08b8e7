import { resolve } from 'node:path';
import type { Logger } from 'pino';
import type { CliIo } from '../io';
import { createApp, type App, type AppOptions, type AppRole } from '../runtime/create-app';
import { cliLogger, type LogLevel } from '../runtime/logger';
import { loadRuntimeConfig, type RuntimeConfig } from '../runtime/runtime-config';

/** Options every command accepts (see `program.ts`). */
export interface GlobalOptions {
  config?: string;
  json?: boolean;
  logLevel?: LogLevel;
}

/** Default config file name, looked up in the working directory. */
export const DEFAULT_CONFIG_FILE = 'zenhire-connect.yaml';

/** `--config`, else `$ZENHIRE_CONNECT_CONFIG`, else `./zenhire-connect.yaml`. */
export function configPath(options: GlobalOptions, io: CliIo): string {
  return resolve(io.cwd, options.config ?? io.env.ZENHIRE_CONNECT_CONFIG ?? DEFAULT_CONFIG_FILE);
}

/** Loads and validates the config (throws `ConfigError` / `PluginError`, exit 1). */
export function loadCommandConfig(options: GlobalOptions, io: CliIo): RuntimeConfig {
  return loadRuntimeConfig(configPath(options, io), { env: io.env });
}

/** The logger of a command: `--log-level`, else `$ZC_LOG_LEVEL`, else `fallback`. */
export function commandLogger(options: GlobalOptions, io: CliIo, fallback: LogLevel): Logger {
  return cliLogger(options.logLevel ?? (io.env.ZC_LOG_LEVEL as LogLevel | undefined) ?? fallback);
}

/**
 * Loads the config, composes the app for `role`, runs `body`, and always closes the app
 * (store, connectors, worker claims).
 */
export async function withApp<T>(
  options: GlobalOptions,
  io: CliIo,
  role: AppRole,
  body: (app: App) => Promise<T>,
  extra: Partial<AppOptions> = {},
): Promise<T> {
  const { loaded, plugins } = loadCommandConfig(options, io);
  const logger = commandLogger(options, io, role === 'none' ? 'warn' : 'info');
  const app = await createApp(loaded, plugins, { role, logger, ...extra });
  try {
    return await body(app);
  } finally {
    await app.close();
  }
}
