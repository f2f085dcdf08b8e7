import type { Delivery, DeliveryStatus } from '@zenhire-connect/core';
import { CliError, ExitCode } from '../exit-codes';
import { line, type CliIo } from '../io';
import { renderTable } from '../output/table';
import { withApp, type GlobalOptions } from './context';

/** Filters of `deliveries list`. */
export interface DeliveriesListOptions {
  status?: DeliveryStatus;
  connector?: string;
  run?: string;
  limit?: number;
}

function summary(d: Delivery) {
  return {
    id: d.id,
    status: d.status,
    connector: d.plan.connector,
    mapping: d.plan.mapping,
    runId: d.plan.runId,
    record: d.plan.record.applicationId ?? d.plan.record.candidateId,
    operations: d.plan.operations.map((o) => o.kind),
    attempts: d.attempts,
    nextAttemptAt: new Date(d.nextAttemptAt).toISOString(),
    lastError: d.lastError ?? null,
  };
}

function printList(deliveries: Delivery[], options: GlobalOptions, io: CliIo): void {
  if (options.json) {
    line(io.stdout, JSON.stringify(deliveries.map(summary), null, 2));
    return;
  }
  if (deliveries.length === 0) {
    line(io.stdout, 'no deliveries');
    return;
  }
  line(
    io.stdout,
    renderTable(
      [
        'id',
        'status',
        'connector',
        'mapping',
        'run',
        'record',
        'operations',
        'attempts',
        'last error',
      ],
      deliveries.map((d) => {
        const s = summary(d);
        return [
          s.id,
          s.status,
          s.connector,
          s.mapping,
          s.runId,
          s.record,
          s.operations.join(', '),
          s.attempts,
          s.lastError ? `${s.lastError.code}: ${s.lastError.message}` : '',
        ];
      }),
    ),
  );
}

/** `deliveries list`: newest first, filtered. */
export function deliveriesListCommand(
  options: GlobalOptions & DeliveriesListOptions,
  io: CliIo,
): Promise<number> {
  return withApp(options, io, 'none', async (app) => {
    const list = await app.store.listDeliveries({
      ...(options.status ? { status: options.status } : {}),
      ...(options.connector ? { connector: options.connector } : {}),
      ...(options.run ? { runId: options.run } : {}),
      limit: options.limit ?? 50,
    });
    printList(list, options, io);
    return ExitCode.OK;
  });
}

/** `deliveries dead`: the dead letters (deliveries that used up their attempts or failed for good). */
export function deliveriesDeadCommand(
  options: GlobalOptions & Omit<DeliveriesListOptions, 'status'>,
  io: CliIo,
): Promise<number> {
  return deliveriesListCommand({ ...options, status: 'dead' }, io);
}

/**
 * `deliveries retry <id>`: replays a dead delivery now (attempts reset; operations already
 * applied are skipped by the connector, so nothing is written twice). A running worker picks
 * it up; `--now` delivers it in this process.
 * @throws CliError `DELIVERY_NOT_FOUND` (3), `DELIVERY_NOT_DEAD` (4).
 */
export function deliveriesRetryCommand(
  id: string,
  options: GlobalOptions & { now?: boolean },
  io: CliIo,
): Promise<number> {
  return withApp(options, io, 'none', async (app) => {
    const delivery = await app.store.getDelivery(id);
    if (!delivery)
      throw new CliError('DELIVERY_NOT_FOUND', `no delivery ${id}`, ExitCode.NOT_FOUND);
    const replayed = await app.store.replay(id, app.clock.now());
    if (!replayed) {
      throw new CliError(
        'DELIVERY_NOT_DEAD',
        `delivery ${id} is ${delivery.status}; only dead deliveries are replayed`,
        ExitCode.CHECK_FAILED,
      );
    }
    const drained = options.now ? await app.worker.deliverDue() : undefined;
    const after = await app.store.getDelivery(id);
    if (options.json) {
      line(
        io.stdout,
        JSON.stringify({ id, replayed: true, status: after?.status, deliveries: drained }),
      );
    } else {
      line(io.stdout, `delivery ${id} replayed: now ${after?.status ?? 'unknown'}`);
    }
    return after?.status === 'dead' ? ExitCode.RUNTIME : ExitCode.OK;
  });
}
