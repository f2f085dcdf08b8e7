import { errorSummary, type RunStore } from '@zenhire-connect/core';
import {
  CVDM_SIGNATURE_HEADER,
  WEBHOOK_TOLERANCE_SECONDS,
  verifyWebhookSignature,
} from '@zenhire-connect/zenhire-client';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AfterResponse } from '../after-response';
import { sendError } from '../error-response';
import type { ServerMetrics } from '../server-metrics';
import { zenhireSource, type ZenHireRunCollector } from '../zenhire-run-collector';
import { readZenHireWebhook, type ZenHireWebhookModule } from '../zenhire-webhook-payload';
import { headerNames, rawBodyOf } from './ats-webhooks';

/** What the ZenHire webhook routes need. */
export interface ZenHireWebhookRouteDeps {
  /** Signing secret of `X-CVDM-Signature`; without it both routes answer 404. */
  webhookSecret?: string;
  /** Replay window in seconds (default 300, zenhire-api.md §10 [inferred]). */
  toleranceSeconds?: number;
  store: Pick<RunStore, 'getRun' | 'saveRun'>;
  collector: ZenHireRunCollector;
  metrics: ServerMetrics;
  /** Where work that must follow the answer is queued. */
  afterResponse: AfterResponse;
  /** Epoch ms. */
  now: () => number;
}

/** Paths of the ZenHire webhook endpoints by module. */
export const ZENHIRE_WEBHOOK_PATHS: Record<ZenHireWebhookModule, string> = {
  cv_deepmatch: '/zenhire/webhooks/cvdeepmatch',
  cv_deepsearch: '/zenhire/webhooks/cvdeepsearch',
};

/**
 * `POST /zenhire/webhooks/cvdeepmatch` and `/zenhire/webhooks/cvdeepsearch` (DESIGN.md
 * flow 2; zenhire-api.md §7, §10):
 *
 * 1. `X-CVDM-Signature` verified on the raw bytes with the client's `verifyWebhookSignature`
 *    (5-minute window) → 401 `{error:{code}}` (`WEBHOOK_SIGNATURE_MISSING`, `…_MALFORMED`,
 *    `…_MISMATCH`, `WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE`), logged without the body;
 * 2. the run id read from the JSON body (see `readZenHireWebhook`) → 400 when none;
 * 3. recorded before the answer: the run is saved as open (`saveRun`, `terminal: false`) so
 *    the worker's open-run poller collects it if this process dies right after answering;
 *    a run the store already holds as terminal is a duplicate (200, not collected again);
 * 4. 200 `{status:"ok"}`, then `recordTerminalRun` with the payload (full terminal object)
 *    or the run polled through the gateway.
 */
export function registerZenHireWebhookRoutes(
  app: FastifyInstance,
  deps: ZenHireWebhookRouteDeps,
): void {
  for (const [module, path] of Object.entries(ZENHIRE_WEBHOOK_PATHS) as [
    ZenHireWebhookModule,
    string,
  ][]) {
    const source = zenhireSource(module);
    app.post(path, async (request, reply): Promise<FastifyReply> => {
      if (!deps.webhookSecret) {
        return sendError(
          reply,
          404,
          'ZENHIRE_WEBHOOKS_DISABLED',
          'no ZenHire webhook secret is configured',
        );
      }
      const rawBody = rawBodyOf(request);
      try {
        verifyWebhookSignature({
          rawBody,
          signatureHeader: request.headers[CVDM_SIGNATURE_HEADER],
          secret: deps.webhookSecret,
          toleranceSeconds: deps.toleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS,
          nowSeconds: Math.floor(deps.now() / 1000),
        });
      } catch (error) {
        const code = errorSummary(error).code;
        deps.metrics.rejected(source, code);
        deps.metrics.received(source, 'rejected');
        request.log.warn(
          { connector: source, code, headerNames: headerNames(request) },
          'webhook rejected: signature verification failed',
        );
        return sendError(reply, 401, code, 'webhook signature verification failed');
      }
      let payload: unknown;
      try {
        payload = JSON.parse(rawBody.toString('utf8'));
      } catch {
        payload = undefined;
      }
      const run = readZenHireWebhook(module, payload);
      if (!run) {
        deps.metrics.received(source, 'invalid');
        request.log.warn({ connector: source }, 'zenhire webhook without a run id');
        return sendError(reply, 400, 'WEBHOOK_INVALID', 'the body is not JSON with a run id');
      }
      try {
        const existing = await deps.store.getRun(run.id);
        if (existing?.terminal) {
          deps.metrics.received(source, 'duplicate');
          request.log.info(
            { connector: source, runId: run.id, outcome: 'duplicate' },
            'webhook accepted',
          );
          return reply.code(200).send({ status: 'ok' });
        }
        await deps.store.saveRun({
          id: run.id,
          module,
          status: existing?.status ?? 'webhook_received',
          terminal: false,
          observedAt: deps.now(),
        });
      } catch (error) {
        deps.metrics.received(source, 'error');
        request.log.error(
          { connector: source, runId: run.id, error: errorSummary(error) },
          'zenhire webhook could not be recorded',
        );
        return sendError(
          reply,
          503,
          'EVENT_NOT_RECORDED',
          'the run could not be stored; retry later',
        );
      }
      deps.afterResponse.add(reply, () => void deps.collector.schedule(run));
      deps.metrics.received(source, 'accepted');
      request.log.info(
        {
          connector: source,
          runId: run.id,
          status: run.status,
          outcome: 'accepted',
        },
        'webhook accepted',
      );
      return reply.code(200).send({ status: 'ok' });
    });
  }
}
