import { open, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import lockfile from 'proper-lockfile';

/** Options of {@link FileSink}. */
export interface FileSinkOptions {
  /** File appended to; its directory must exist. */
  path: string;
  /** Milliseconds after which a lock left by a crashed process is taken over (default 10 000). */
  staleMs?: number;
  /** fsync after each append. */
  fsync?: boolean;
}

/** An append failed (lock not obtained in time, I/O error); the message holds no line content. */
export class FileSinkError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'FileSinkError';
  }
}

/** In-process queue per file path: appends of one process never contend for the lock file. */
const queues = new Map<string, Promise<unknown>>();

function enqueue<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.then(task, task);
  const settled = next.catch(() => undefined);
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return next;
}

/**
 * Appends whole lines to a file shared by any number of writers. What it relies on:
 *
 * 1. In one process, appends to the same path run one at a time (a promise queue).
 * 2. Across processes (and machines sharing the file over NFS), a `proper-lockfile` lock —
 *    an atomic `mkdir` of `<path>.lock`, refreshed while held, taken over when older than
 *    `staleMs` — is held for the whole append. POSIX gives no atomicity to large `write()`s on
 *    regular files (PIPE_BUF only concerns pipes), so the lock, not `O_APPEND`, is what
 *    keeps lines whole; `O_APPEND` (flag `a+`) still puts every write at the current end.
 * 3. Under the lock the line (plus the optional header when the file is empty) is written
 *    with as many `write()` calls as the kernel needs (short writes are continued).
 * 4. If the file does not end with a line break (a writer crashed mid-line), a line break
 *    is written first, so a torn line never merges with the next one.
 *
 * Readers that do not take the lock may see the last line partially written.
 */
export class FileSink {
  private readonly staleMs: number;

  constructor(private readonly options: FileSinkOptions) {
    this.staleMs = options.staleMs ?? 10_000;
  }

  get path(): string {
    return this.options.path;
  }

  /**
   * Appends `line` (must not contain a line break; `\n` is added). When `header` is given and
   * the file is empty, `header\n` is written first in the same write.
   * @throws FileSinkError
   */
  async append(line: string, header?: string): Promise<void> {
    if (/[\r\n]/.test(line) || (header !== undefined && /[\r\n]/.test(header))) {
      throw new FileSinkError('a file sink line may not contain a line break');
    }
    await enqueue(this.options.path, () => this.appendLocked(line, header));
  }

  private async appendLocked(line: string, header?: string): Promise<void> {
    let release: () => Promise<void>;
    try {
      // Fail at once when the directory is missing (the lock would retry on ENOENT).
      await stat(dirname(this.options.path));
      release = await lockfile.lock(this.options.path, {
        realpath: false,
        stale: this.staleMs,
        // Up to ~25 s of waiting in short steps: appends hold the lock for milliseconds.
        retries: { retries: 500, factor: 1.2, minTimeout: 2, maxTimeout: 50, randomize: true },
        // Default rethrows from a timer (crashing the process); the append finishes anyway.
        onCompromised: () => undefined,
      });
    } catch (error) {
      throw new FileSinkError(
        `could not lock ${this.options.path} (${(error as { code?: string }).code ?? 'error'})`,
        error,
      );
    }
    try {
      const handle = await open(this.options.path, 'a+');
      try {
        const { size } = await handle.stat();
        let prefix = '';
        if (size === 0) {
          if (header !== undefined) prefix = `${header}\n`;
        } else {
          const last = Buffer.alloc(1);
          await handle.read(last, 0, 1, size - 1);
          if (last[0] !== 0x0a) prefix = '\n';
        }
        const bytes = Buffer.from(`${prefix}${line}\n`, 'utf8');
        let offset = 0;
        while (offset < bytes.length) {
          const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
          offset += bytesWritten;
        }
        if (this.options.fsync) await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (error) {
      if (error instanceof FileSinkError) throw error;
      throw new FileSinkError(
        `could not append to ${this.options.path} (${(error as { code?: string }).code ?? 'error'})`,
        error,
      );
    } finally {
      await release().catch(() => undefined);
    }
  }
}
