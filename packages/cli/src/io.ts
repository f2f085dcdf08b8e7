import { Writable } from 'node:stream';

/** Where a command writes and what it reads from the process (injected in tests). */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /**
   * Resolves when the process is asked to stop (SIGINT/SIGTERM). Long-running commands
   * (`serve`, `worker`, `sandbox`) wait on it, then shut down gracefully.
   */
  stopSignal: () => Promise<NodeJS.Signals>;
}

/** The real process: stdout/stderr, `process.env`, signals. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    stopSignal: () =>
      new Promise((resolve) => {
        const on = (signal: NodeJS.Signals) => {
          process.off('SIGINT', on);
          process.off('SIGTERM', on);
          resolve(signal);
        };
        process.on('SIGINT', on);
        process.on('SIGTERM', on);
      }),
  };
}

/** A {@link CliIo} that collects what it writes. */
export interface MemoryIo extends CliIo {
  /** Everything written to `stdout` so far. */
  out(): string;
  /** Everything written to `stderr` so far. */
  err(): string;
}

/**
 * A {@link CliIo} collecting stdout/stderr in strings (tests, embedding the CLI). Its
 * `stopSignal` never resolves: long-running commands run until their process ends.
 */
export function memoryIo(env: NodeJS.ProcessEnv, cwd: string): MemoryIo {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk: Buffer, _enc, done) {
        append(chunk.toString());
        done();
      },
    });
  return {
    stdout: sink((s) => (out += s)),
    stderr: sink((s) => (err += s)),
    env,
    cwd,
    stopSignal: () => new Promise(() => undefined),
    out: () => out,
    err: () => err,
  };
}

/** Writes one line to a stream. */
export function line(stream: NodeJS.WritableStream, text = ''): void {
  stream.write(`${text}\n`);
}
