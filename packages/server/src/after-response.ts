import type { FastifyInstance, FastifyRequest } from 'fastify';

const tasks = new WeakMap<FastifyRequest, (() => void)[]>();

/**
 * Runs `task` once the answer to `request` has been sent (fastify `onResponse`), so work
 * queued by a webhook never delays the 2xx. Needs {@link registerAfterResponse} on the app.
 */
export function afterResponse(request: FastifyRequest, task: () => void): void {
  const list = tasks.get(request);
  if (list) list.push(task);
  else tasks.set(request, [task]);
}

/** Adds the `onResponse` hook that runs the tasks of {@link afterResponse}. */
export function registerAfterResponse(app: FastifyInstance): void {
  app.addHook('onResponse', async (request) => {
    const list = tasks.get(request);
    tasks.delete(request);
    for (const task of list ?? []) task();
  });
}
