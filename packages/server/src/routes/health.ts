import { errorSummary, type Store } from '@zenhire-connect/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Registry } from 'prom-client';
import { errorBody } from '../error-response';

/**
 * A readiness check: resolves when the dependency is usable, throws (or exceeds its
 * timeout) when not. `signal` aborts when the timeout passes (pass it to HTTP calls).
 */
export interface ReadinessCheck {
  /** Shown in the `/readyz` answer, e.g. `zenhire`, `greenhouse-eu`. */
  name: string;
  check: (signal: AbortSignal) => Promise<void>;
  /** Per-check timeout in ms; default the server's `readinessTimeoutMs`. */
  timeoutMs?: number;
}

/** One check's result in the `/readyz` body. */
export interface CheckResult {
  name: string;
  ok: boolean;
  /** `timeout`, or the error's `code` (never its message: it may carry hosts or keys). */
  error?: string;
}

/** Default per-check timeout of `/readyz`, ms. */
export const DEFAULT_READINESS_TIMEOUT_MS = 2000;

/** A check from a bare function (named after the function, else `check-<n>`). */
export function toReadinessCheck(
  check: ReadinessCheck | ((signal: AbortSignal) => Promise<void>),
  index: number,
): ReadinessCheck {
  if (typeof check !== 'function') return check;
  return { name: check.name || `check-${index + 1}`, check };
}

/**
 * ZenHire reachability for `/readyz`: `GET /api/v1/health` (the only key-less endpoint,
 * zenhire-api.md §9) through the client, e.g. `zenhireHealthCheck(client)`.
 */
export function zenhireHealthCheck(client: {
  health(options?: { signal?: AbortSignal }): Promise<unknown>;
}): ReadinessCheck {
  return { name: 'zenhire', check: async (signal) => void (await client.health({ signal })) };
}

async function run(check: ReadinessCheck, defaultTimeoutMs: number): Promise<CheckResult> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), check.timeoutMs ?? defaultTimeoutMs);
  });
  try {
    const outcome = await Promise.race([check.check(controller.signal), timeout]);
    if (outcome === 'timeout') {
      controller.abort();
      return { name: check.name, ok: false, error: 'timeout' };
    }
    return { name: check.name, ok: true };
  } catch (error) {
    return { name: check.name, ok: false, error: errorSummary(error).code };
  } finally {
    clearTimeout(timer);
  }
}

/** What the health routes need. */
export interface HealthRouteDeps {
  store: Pick<Store, 'ping'>;
  checks: ReadinessCheck[];
  timeoutMs: number;
  metricsRegistry: Registry;
}

/**
 * - `GET /healthz`: 200 `{status:"ok"}` while the process serves requests (liveness).
 * - `GET /readyz`: runs `store.ping()` (check `store`) and every configured check in
 *   parallel, each with a timeout; 200 `{status:"ready", checks}` or 503
 *   `{status:"not_ready", error:{code:"NOT_READY", message}, checks}` naming what failed.
 * - `GET /metrics`: the injected prom-client registry in Prometheus text format.
 */
export function registerHealthRoutes(app: FastifyInstance, deps: HealthRouteDeps): void {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (request, reply): Promise<FastifyReply> => {
    const checks: ReadinessCheck[] = [
      { name: 'store', check: () => deps.store.ping() },
      ...deps.checks,
    ];
    const results = await Promise.all(checks.map((c) => run(c, deps.timeoutMs)));
    const failed = results.filter((r) => !r.ok);
    if (failed.length === 0) return reply.code(200).send({ status: 'ready', checks: results });
    request.log.warn({ failed }, 'not ready');
    return reply.code(503).send({
      status: 'not_ready',
      ...errorBody('NOT_READY', `failed: ${failed.map((f) => f.name).join(', ')}`),
      checks: results,
    });
  });

  app.get('/metrics', async (_request, reply): Promise<FastifyReply> => {
    const text = await deps.metricsRegistry.metrics();
    return reply.code(200).header('content-type', deps.metricsRegistry.contentType).send(text);
  });
}
