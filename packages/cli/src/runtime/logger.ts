import pino, { type Logger } from 'pino';
import { createLogger } from '@zenhire-connect/server';

/** Log levels accepted by `--log-level`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The CLI's pino logger: JSON lines on **stderr** (stdout stays for command output and
 * `--json`), secrets and candidate PII redacted (the server's `REDACT_PATHS`).
 */
export function cliLogger(level: LogLevel = 'info'): Logger {
  return createLogger({
    level,
    base: { service: 'zenhire-connect', pid: process.pid },
    destination: pino.destination({ dest: 2, sync: true }),
  });
}
