/**
 * Exit codes of `zenhire-connect` (documented in the README; stable for scripts).
 * - 0 `OK`: done.
 * - 1 `USAGE`: invalid configuration or arguments (validation errors are printed as
 *   `file:line:column path: message`).
 * - 2 `RUNTIME`: the command failed while running (network, store, vendor API errors).
 * - 3 `NOT_FOUND`: the run or delivery named on the command line does not exist.
 * - 4 `CHECK_FAILED`: a check the command makes did not hold (`demo` found a candidate
 *   without its scores, `deliveries retry` of a delivery that is not dead, `status
 *   --fail-on-dead` with dead letters).
 * - 130 `INTERRUPTED`: stopped by SIGINT/SIGTERM before finishing (one-shot commands).
 */
export const ExitCode = {
  OK: 0,
  USAGE: 1,
  RUNTIME: 2,
  NOT_FOUND: 3,
  CHECK_FAILED: 4,
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error a command reports with its exit code and a one-line message (no secrets). */
export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: ExitCode,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'CliError';
  }

  toJSON(): { code: string; message: string; details?: unknown } {
    return {
      code: this.code,
      message: this.message,
      ...(this.details ? { details: this.details } : {}),
    };
  }
}
