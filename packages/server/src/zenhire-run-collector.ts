import { errorSummary, type UseCases, type ZenHireGateway } from '@zenhire-connect/core';
import type { Logger } from 'pino';
import type { ProcessingQueue } from './processing-queue';
import type { ServerMetrics } from './server-metrics';
import type { ZenHireWebhookRun } from './zenhire-webhook-payload';

/** Dependencies of {@link ZenHireRunCollector}. */
export interface ZenHireRunCollectorDeps {
  useCases: Pick<UseCases, 'recordTerminalRun'>;
  /** Reads the run when the webhook payload is not the full terminal object. */
  gateway?: Pick<ZenHireGateway, 'getRun'>;
  queue: ProcessingQueue;
  metrics: ServerMetrics;
  logger: Logger;
}

/** Metrics/log label of a ZenHire webhook module. */
export function zenhireSource(module: ZenHireWebhookRun['module']): string {
  return module === 'cv_deepmatch' ? 'zenhire:cvdeepmatch' : 'zenhire:cvdeepsearch';
}

/**
 * Hands a run announced by a verified ZenHire webhook to `recordTerminalRun` (DESIGN.md flow
 * 2), after the webhook was answered: the payload itself when it is the full terminal
 * object, else the run read through the gateway (`getRun`, one poll). Without a gateway, or
 * when anything fails, the run stays recorded as open in the store and the worker's
 * open-run poller collects it.
 */
export class ZenHireRunCollector {
  constructor(private readonly deps: ZenHireRunCollectorDeps) {}

  /** Queues the run; resolves when it has been handled (or was already queued). */
  async schedule(run: ZenHireWebhookRun): Promise<void> {
    await this.deps.queue.add(`zenhire\u0000${run.module}\u0000${run.id}`, () =>
      this.#collect(run),
    );
  }

  async #collect(run: ZenHireWebhookRun): Promise<void> {
    const { useCases, gateway, metrics, logger } = this.deps;
    const source = zenhireSource(run.module);
    const context = { source, module: run.module, runId: run.id };
    try {
      const observed =
        run.observed ??
        (gateway ? await gateway.getRun({ module: run.module, id: run.id }) : undefined);
      if (!observed) {
        logger.info(context, 'zenhire webhook run left open for the worker (no gateway to poll)');
        return;
      }
      const result = await useCases.recordTerminalRun(observed);
      metrics.processed(source, 'processed');
      logger.info(
        {
          ...context,
          polled: !run.observed,
          result: result.status,
          ...(result.status === 'planned' ? { deliveries: result.deliveries.length } : {}),
        },
        'zenhire webhook run collected',
      );
    } catch (error) {
      metrics.processed(source, 'error');
      logger.warn(
        { ...context, error: errorSummary(error) },
        'zenhire webhook run not collected; left open for the worker',
      );
    }
  }
}
