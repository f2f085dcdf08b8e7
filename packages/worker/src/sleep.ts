/** Waits `ms` (clock ms), resolving early when `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** {@link Sleep} on real timers. */
export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal?.addEventListener('abort', done, { once: true });
  });

/**
 * A {@link Sleep} for a time-scaled sandbox: `ms` of documented time take `ms × timeScale`
 * real ms (e.g. `0.001`: one documented second is one real ms).
 */
export function scaledSleep(timeScale: number): Sleep {
  return (ms, signal) => realSleep(ms * timeScale, signal);
}
