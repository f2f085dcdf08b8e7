import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  errorSummary,
  type ConnectorRegistry,
  type Store,
  type UseCases,
  type ZenHireGateway,
} from '@zenhire-connect/core';
import fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { AfterResponse } from './after-response';
import {
  AtsEventProcessor,
  DEFAULT_RECOVERY_BATCH,
  type RecoverResult,
} from './ats-event-processor';
import { sendError } from './error-response';
import { ProcessingQueue } from './processing-queue';
import { registerAtsWebhookRoutes } from './routes/ats-webhooks';
import {
  DEFAULT_READINESS_TIMEOUT_MS,
  registerHealthRoutes,
  toReadinessCheck,
  type ReadinessCheck,
} from './routes/health';
import { registerPartnerRoutes, type PartnerApiHandler } from './routes/partner';
import { registerZenHireWebhookRoutes } from './routes/zenhire-webhooks';
import { ServerMetrics } from './server-metrics';
import { ZenHireRunCollector } from './zenhire-run-collector';

/** Default request body limit: 1 MB (bytes). */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/** Everything {@link createServer} needs; the caller owns (and closes) store and registry. */
export interface ServerDeps {
  /** Configured connector instances; `/webhooks/<name>` exists for each that has webhooks. */
  registry: ConnectorRegistry;
  /** Events, runs and `ping()` for `/readyz`. */
  store: Pick<Store, 'recordEvent' | 'listUnprocessedEvents' | 'getRun' | 'saveRun' | 'ping'>;
  /** From `createUseCases` (trigger and collect). */
  useCases: Pick<UseCases, 'claimAndProcessAtsEvent' | 'recordTerminalRun'>;
  zenhire?: {
    /** `X-CVDM-Signature` secret; without it the `/zenhire/webhooks/*` routes answer 404. */
    webhookSecret?: string;
    /** Replay window of the signature, seconds (default 300). */
    toleranceSeconds?: number;
    /** Reads a run whose webhook payload is not the full object (e.g. the worker's `ZenHireApiGateway`). */
    gateway?: Pick<ZenHireGateway, 'getRun'>;
  };
  /** prom-client registry exposed on `/metrics`; the server registers its counters on it. */
  metricsRegistry: Registry;
  /** pino logger (use `createLogger` for the redaction paths). */
  logger: Logger;
  /** Assessment Partner handlers by connector instance (Greenhouse). */
  partnerApis?: ReadonlyMap<string, PartnerApiHandler>;
  /** Extra `/readyz` checks (vendor reachability); the store's `ping` is always checked. */
  readinessChecks?: (ReadinessCheck | ((signal: AbortSignal) => Promise<void>))[];
  /** Per-check timeout of `/readyz`, ms (default 2000). */
  readinessTimeoutMs?: number;
  /** Largest accepted request body, bytes (default 1 MB); larger → 413. */
  bodyLimitBytes?: number;
  /** Re-run {@link ConnectServer.recoverPending} every this many ms while listening (default: off). */
  recoverEveryMs?: number;
  /** Page size of recovery (default 100). */
  recoveryBatchSize?: number;
  /**
   * Recovery only takes events the store received at least this long ago (ms, on
   * `storeNow`), so a just-received event is left to the process that answered its webhook.
   * Default 0 (every unprocessed event; the store claim prevents double processing anyway).
   */
  recoveryGraceMs?: number;
  /**
   * Epoch ms on the clock the store stamps receipt times with (the store's `clock`), for the
   * recovery grace. Default `now`. Differs from `now` when the store runs on a sandbox clock.
   */
  storeNow?: () => number;
  /** Trust `X-Forwarded-*` (behind a reverse proxy). Default false. */
  trustProxy?: boolean;
  /** Epoch ms; default `Date.now` (tests inject a clock). */
  now?: () => number;
}

/** The server: its fastify app plus recovery and lifecycle helpers. */
export interface ConnectServer {
  /** The fastify instance (routes registered; `inject` works without listening). */
  readonly app: FastifyInstance;
  /**
   * Crash recovery: processes every recorded but unprocessed ATS event received at least
   * `recoveryGraceMs` ago (store time) that no other process holds a live claim on, oldest
   * first. `listen` starts one pass; call it yourself when not listening.
   */
  recoverPending(): Promise<RecoverResult>;
  /** Resolves when no event or run processing is queued or running. */
  idle(): Promise<void>;
  /**
   * Listens (default `127.0.0.1:8080`; port 0 = random), starts a recovery pass and the
   * periodic recovery, and returns the base URL (`http://host:port`).
   */
  listen(options?: { host?: string; port?: number }): Promise<string>;
  /** Stops accepting requests, waits for queued processing, stops the recovery timer. */
  close(): Promise<void>;
}

/**
 * Builds the HTTP server of ZenHire Connect (DESIGN.md "Interfaces people use": HTTP):
 * ATS webhooks per connector instance, ZenHire CV DeepMatch / DeepSearch webhooks,
 * Greenhouse Assessment Partner endpoints, `/healthz`, `/readyz`, `/metrics`. Every body
 * is kept as raw bytes (signatures are computed over them); bodies over `bodyLimitBytes`
 * get 413; every error this server writes is `{error:{code,message}}`. Request ids come
 * from `X-Request-Id` when sent (else a UUID) and are echoed in `X-Request-Id`.
 */
export function createServer(deps: ServerDeps): ConnectServer {
  const now = deps.now ?? Date.now;
  const logger = deps.logger;
  const bodyLimit = deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const metrics = new ServerMetrics(deps.metricsRegistry);
  const queue = new ProcessingQueue((error, key) =>
    logger.error(
      { task: key.split('\u0000')[0], error: errorSummary(error) },
      'processing task failed',
    ),
  );
  const processor = new AtsEventProcessor({
    store: deps.store,
    useCases: deps.useCases,
    queue,
    metrics,
    logger,
    storeNow: deps.storeNow ?? now,
    ...(deps.recoveryGraceMs !== undefined ? { recoveryGraceMs: deps.recoveryGraceMs } : {}),
  });
  const afterResponse = new AfterResponse();
  const collector = new ZenHireRunCollector({
    useCases: deps.useCases,
    ...(deps.zenhire?.gateway ? { gateway: deps.zenhire.gateway } : {}),
    queue,
    metrics,
    logger,
  });

  const app = fastify({
    loggerInstance: logger,
    bodyLimit,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    trustProxy: deps.trustProxy ?? false,
  }) as unknown as FastifyInstance;

  // Raw bytes for every content type (and none): signatures are computed over them.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-request-id', request.id);
    return payload;
  });

  app.setErrorHandler((error: Error & { code?: string; statusCode?: number }, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.statusCode === 413) {
      request.log.warn({ limitBytes: bodyLimit }, 'request body too large');
      return sendError(reply, 413, 'PAYLOAD_TOO_LARGE', `request body exceeds ${bodyLimit} bytes`);
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendError(reply, error.statusCode, error.code ?? 'BAD_REQUEST', 'bad request');
    }
    request.log.error({ error: errorSummary(error) }, 'request failed');
    return sendError(reply, 500, 'INTERNAL_ERROR', 'internal error');
  });
  app.setNotFoundHandler((_request, reply) => sendError(reply, 404, 'NOT_FOUND', 'no such route'));

  registerAtsWebhookRoutes(app, {
    registry: deps.registry,
    store: deps.store,
    processor,
    metrics,
    afterResponse,
    now,
  });
  registerZenHireWebhookRoutes(app, {
    ...(deps.zenhire?.webhookSecret ? { webhookSecret: deps.zenhire.webhookSecret } : {}),
    ...(deps.zenhire?.toleranceSeconds !== undefined
      ? { toleranceSeconds: deps.zenhire.toleranceSeconds }
      : {}),
    store: deps.store,
    collector,
    metrics,
    afterResponse,
    now,
  });
  registerPartnerRoutes(app, deps.partnerApis ?? new Map());
  registerHealthRoutes(app, {
    store: deps.store,
    checks: (deps.readinessChecks ?? []).map(toReadinessCheck),
    timeoutMs: deps.readinessTimeoutMs ?? DEFAULT_READINESS_TIMEOUT_MS,
    metricsRegistry: deps.metricsRegistry,
  });

  const recoverPending = () =>
    processor.recoverPending(deps.recoveryBatchSize ?? DEFAULT_RECOVERY_BATCH);
  /** The recovery pass started by `listen` or the timer, if one is running. */
  let recovering: Promise<void> | undefined;
  const recoverInBackground = () => {
    if (recovering) return;
    recovering = recoverPending()
      .then(() => undefined)
      .catch((error: unknown) => {
        logger.error({ error: errorSummary(error) }, 'recovery of unprocessed events failed');
      })
      .finally(() => {
        recovering = undefined;
      });
  };
  let timer: NodeJS.Timeout | undefined;

  return {
    app,
    recoverPending,
    async idle() {
      do {
        await recovering;
        await afterResponse.settled();
        await queue.idle();
      } while (recovering || afterResponse.pending > 0 || queue.size > 0);
    },
    async listen(options = {}) {
      await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 8080 });
      const address = app.server.address() as AddressInfo;
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      recoverInBackground();
      if (deps.recoverEveryMs && deps.recoverEveryMs > 0) {
        timer = setInterval(recoverInBackground, deps.recoverEveryMs);
        timer.unref();
      }
      return `http://${host}:${address.port}`;
    },
    async close() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await app.close();
      await recovering;
      await queue.close();
    },
  };
}
