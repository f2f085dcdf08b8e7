import type { FastifyReply } from 'fastify';

/**
 * Runs work once an answer has been sent: on the raw response's `close` event, which Node
 * emits after the last byte was handed to the socket, or when the connection died first
 * (the work still runs: what it processes was recorded before answering). So queued
 * processing never delays a webhook's 2xx. Counts what is still waiting for its response,
 * so `settled()` (and the server's `idle()`) can wait for it.
 */
export class AfterResponse {
  #pending = 0;
  #waiters: (() => void)[] = [];

  /** Number of answers whose work has not started yet. */
  get pending(): number {
    return this.#pending;
  }

  /** Runs `task` once `reply` has been sent (exactly once). */
  add(reply: FastifyReply, task: () => void): void {
    this.#pending += 1;
    let done = false;
    const run = () => {
      if (done) return;
      done = true;
      try {
        task();
      } finally {
        this.#pending -= 1;
        if (this.#pending === 0) for (const wake of this.#waiters.splice(0)) wake();
      }
    };
    // The client may have gone away while the handler was still recording: run it now.
    if (reply.raw.closed || reply.raw.destroyed) setImmediate(run);
    else reply.raw.once('close', run);
  }

  /** Resolves when no added task is waiting for its response. */
  settled(): Promise<void> {
    if (this.#pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
}
