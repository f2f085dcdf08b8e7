import { ZenHireAbortedError } from '../errors';

/** Waits `ms` milliseconds; rejects with `ZenHireAbortedError` when `signal` fires. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Milliseconds since the epoch. */
export type Clock = () => number;

/** Default {@link Sleep} on `setTimeout`, abortable. */
export const defaultSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new ZenHireAbortedError('wait'));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ZenHireAbortedError('wait'));
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export const defaultClock: Clock = () => Date.now();
