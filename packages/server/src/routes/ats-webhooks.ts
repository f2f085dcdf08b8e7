import {
  errorSummary,
  isRetryable,
  type AtsEvent,
  type ConnectorRegistry,
  type EventStore,
  type InboundRequest,
  type ParsedWebhook,
} from '@zenhire-connect/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AfterResponse } from '../after-response';
import type { AtsEventProcessor } from '../ats-event-processor';
import { sendError } from '../error-response';
import type { ServerMetrics } from '../server-metrics';

/** What the ATS webhook route needs. */
export interface AtsWebhookRouteDeps {
  registry: ConnectorRegistry;
  store: Pick<EventStore, 'recordEvent'>;
  processor: AtsEventProcessor;
  metrics: ServerMetrics;
  /** Where work that must follow the answer is queued. */
  afterResponse: AfterResponse;
  /** Epoch ms (`InboundRequest.receivedAt`). */
  now: () => number;
}

/** The request body as the raw bytes the catch-all content-type parser kept. */
export function rawBodyOf(request: FastifyRequest): Buffer {
  return Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
}

/** Header names only (sorted): what a rejected webhook's log line may show. */
export function headerNames(request: FastifyRequest): string[] {
  return Object.keys(request.headers).sort();
}

function isVerificationError(error: unknown): error is Error & { code: string } {
  return (
    error instanceof Error &&
    error.name === 'WebhookVerificationError' &&
    typeof (error as { code?: unknown }).code === 'string'
  );
}

/**
 * `POST /webhooks/:connector` (DESIGN.md flow 1), one endpoint per configured connector
 * instance (404 for an unknown instance or a connector without webhooks):
 *
 * 1. `verifyWebhook` on the raw bytes; `WebhookVerificationError` → 401 `{error:{code}}`,
 *    logged with instance, code, request id and header NAMES only;
 * 2. `parseWebhook` (a connector reply ≥ 400, e.g. a body that is not JSON, is sent as
 *    an error; a retryable connector failure → 503 so the vendor retries);
 * 3. every event is recorded (`recordEvent(event, rawBody)`) BEFORE the answer; a store
 *    failure → 503 (the vendor retries; nothing was acknowledged);
 * 4. the connector's reply is sent (Greenhouse: exactly 200, greenhouse-api.md §3.1), and
 *    only then are the new events processed; duplicates (`recordEvent` → false) are not.
 */
export function registerAtsWebhookRoutes(app: FastifyInstance, deps: AtsWebhookRouteDeps): void {
  app.post<{ Params: { connector: string } }>(
    '/webhooks/:connector',
    async (request, reply): Promise<FastifyReply> => {
      const name = request.params.connector;
      const connector = deps.registry.find(name);
      if (!connector || !connector.capabilities.webhooks) {
        return sendError(
          reply,
          404,
          'CONNECTOR_NOT_FOUND',
          'no webhook endpoint for this connector instance',
        );
      }
      const rawBody = rawBodyOf(request);
      const inbound: InboundRequest = {
        method: request.method,
        headers: request.headers,
        rawBody,
        receivedAt: deps.now(),
      };
      try {
        await connector.verifyWebhook(inbound);
      } catch (error) {
        if (!isVerificationError(error)) throw error;
        deps.metrics.rejected(name, error.code);
        deps.metrics.received(name, 'rejected');
        request.log.warn(
          {
            connector: name,
            code: error.code,
            headerNames: headerNames(request),
          },
          'webhook rejected: signature verification failed',
        );
        return sendError(reply, 401, error.code, 'webhook signature verification failed');
      }

      let parsed: ParsedWebhook;
      try {
        parsed = await connector.parseWebhook(inbound);
      } catch (error) {
        const retryable = isRetryable(error);
        deps.metrics.received(name, retryable ? 'error' : 'invalid');
        request.log.warn(
          { connector: name, error: errorSummary(error), retryable },
          'webhook could not be parsed',
        );
        return retryable
          ? sendError(
              reply,
              503,
              'WEBHOOK_PARSE_FAILED',
              'the webhook could not be read now; retry later',
            )
          : sendError(reply, 400, 'WEBHOOK_INVALID', 'the webhook body could not be read');
      }
      if (parsed.reply.status >= 400) {
        deps.metrics.received(name, 'invalid');
        request.log.warn(
          { connector: name, status: parsed.reply.status },
          'webhook refused by the connector',
        );
        const body = parsed.reply.body as { error?: unknown } | undefined;
        const message =
          typeof body?.error === 'string' ? body.error : 'the webhook body could not be read';
        return sendError(reply, parsed.reply.status, 'WEBHOOK_INVALID', message);
      }

      const fresh: AtsEvent[] = [];
      let duplicates = 0;
      const processFresh = () => {
        for (const event of fresh) void deps.processor.schedule(event);
      };
      try {
        for (const event of parsed.events) {
          if (await deps.store.recordEvent(event, rawBody)) fresh.push(event);
          else duplicates += 1;
        }
      } catch (error) {
        deps.afterResponse.add(reply, processFresh);
        deps.metrics.received(name, 'error');
        request.log.error(
          { connector: name, error: errorSummary(error) },
          'webhook events could not be recorded',
        );
        return sendError(
          reply,
          503,
          'EVENT_NOT_RECORDED',
          'the event could not be stored; retry later',
        );
      }
      deps.afterResponse.add(reply, processFresh);
      const outcome = fresh.length > 0 ? 'accepted' : duplicates > 0 ? 'duplicate' : 'ignored';
      deps.metrics.received(name, outcome);
      request.log.info(
        {
          connector: name,
          outcome,
          events: parsed.events.map((e) => ({ id: e.id, type: e.type })),
          duplicates,
        },
        'webhook accepted',
      );
      return reply.code(parsed.reply.status).send(parsed.reply.body ?? { status: 'ok' });
    },
  );
}
