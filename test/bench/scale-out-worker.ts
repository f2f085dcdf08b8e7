/**
 * Child process of the scale-out benchmark (`scale-out.ts` forks it): one worker with its
 * own PostgreSQL pool and its own Greenhouse connector (own token, own limiter), running the
 * worker's `DeliveryLoop` with its defaults until nothing is due.
 *
 * Protocol (IPC): the parent sends `{ storeUrl, pgSchema, greenhouseUrl, workerId }`; the
 * child answers `{ type: 'ready' }`, waits for `{ type: 'go' }`, drains, answers
 * `{ type: 'done', succeeded, retryScheduled, dead, leaseLost, errors, cpuMs }` and exits.
 */
import { createStore } from '@zenhire-connect/store';
import { DeliveryLoop, type DeliverySummary } from '@zenhire-connect/worker';
import { deliveryUseCases } from './delivery-use-cases';
import { greenhouseConnector } from './greenhouse-backlog';

/** What the parent sends first. */
export interface ScaleOutWorkerConfig {
  storeUrl: string;
  pgSchema: string;
  greenhouseUrl: string;
  workerId: string;
}

/** The child's last message. */
export interface ScaleOutWorkerDone extends DeliverySummary {
  type: 'done';
  cpuMs: number;
}

function send(message: unknown): Promise<void> {
  return new Promise((resolve, reject) =>
    process.send!(message, undefined, {}, (error) => (error ? reject(error) : resolve())),
  );
}

function nextMessage<T>(): Promise<T> {
  return new Promise((resolve) => process.once('message', (m) => resolve(m as T)));
}

async function main(): Promise<void> {
  const config = await nextMessage<ScaleOutWorkerConfig>();
  const store = createStore(config.storeUrl, { pgSchema: config.pgSchema, poolSize: 4 });
  const connector = greenhouseConnector(config.greenhouseUrl, {
    requestsPerWindow: 1_000_000,
    windowSeconds: 30,
  });
  const clock = { now: () => Date.now() };
  const loop = new DeliveryLoop({
    store,
    useCases: deliveryUseCases(store, connector, clock),
    clock,
    workerId: config.workerId,
  });
  try {
    await store.ping();
    await send({ type: 'ready' });
    await nextMessage<{ type: 'go' }>();
    const cpu = process.cpuUsage();
    const total: DeliverySummary = {
      claimed: 0,
      succeeded: 0,
      retryScheduled: 0,
      dead: 0,
      leaseLost: 0,
      errors: 0,
    };
    for (;;) {
      const summary = await loop.drain();
      for (const k of Object.keys(total) as (keyof DeliverySummary)[]) total[k] += summary[k];
      const { byStatus } = await store.stats(clock.now());
      if (byStatus.pending === 0 && byStatus.in_progress === 0) break;
      // Others still hold deliveries (or a retry is due later): look again shortly.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const used = process.cpuUsage(cpu);
    const done: ScaleOutWorkerDone = {
      type: 'done',
      ...total,
      cpuMs: (used.user + used.system) / 1000,
    };
    await send(done);
  } finally {
    await loop.stop(1_000);
    await connector.close();
    await store.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
