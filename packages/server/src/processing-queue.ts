/**
 * In-process serial queue of work done after a webhook was answered. Tasks run one at a
 * time in arrival order; a task whose key is already queued or running is not added again
 * (a live delivery and crash recovery never process one event twice at once). Tasks must
 * handle their own errors; anything they throw is given to `onError` and the queue goes on.
 * Nothing here is durable: the store is (events are recorded before the answer).
 */
export class ProcessingQueue {
  #tail: Promise<void> = Promise.resolve();
  readonly #keys = new Set<string>();
  #closed = false;

  constructor(private readonly onError: (error: unknown, key: string) => void) {}

  /** Keys queued or running. */
  get size(): number {
    return this.#keys.size;
  }

  has(key: string): boolean {
    return this.#keys.has(key);
  }

  /**
   * Queues `task` under `key`. Returns a promise settled when the task has run, or
   * `undefined` when it was not queued (same key pending, or the queue is closed).
   */
  add(key: string, task: () => Promise<void>): Promise<void> | undefined {
    if (this.#closed || this.#keys.has(key)) return undefined;
    this.#keys.add(key);
    const run = this.#tail.then(async () => {
      try {
        await task();
      } catch (error) {
        this.onError(error, key);
      } finally {
        this.#keys.delete(key);
      }
    });
    this.#tail = run;
    return run;
  }

  /** Resolves once nothing is queued or running. */
  async idle(): Promise<void> {
    while (this.#keys.size > 0) await this.#tail;
  }

  /** Refuses new tasks (they stay recorded for recovery) and waits for queued ones. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.idle();
  }
}
