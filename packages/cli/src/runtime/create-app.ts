import { hostname } from 'node:os';
import {
  buildConnectorRegistry,
  createUseCases,
  systemClock,
  type Clock,
  type ConnectorRegistry,
  type ConnectorPlugin,
  type LoadedConfig,
  type UseCaseTrigger,
  type UseCases,
} from '@zenhire-connect/core';
import {
  AssessmentPartnerPorts,
  GreenhouseAssessmentPartner,
  type GreenhouseConfig,
} from '@zenhire-connect/connector-greenhouse';
import { createServer, type ConnectServer, type PartnerApiHandler } from '@zenhire-connect/server';
import { createStore, type SqlStore } from '@zenhire-connect/store';
import {
  Metrics,
  Worker,
  ZenHireApiGateway,
  type Sleep,
  type WorkerOptions,
} from '@zenhire-connect/worker';
import type { ZenHireClientOptions } from '@zenhire-connect/zenhire-client';
import { Container } from 'inversify';
import type { Logger } from 'pino';
import { assessmentPartnerPorts } from './assessment-partner';

/** Which parts a process runs (`--role`). `none`: neither (one-shot commands). */
export type AppRole = 'all' | 'server' | 'worker' | 'none';

/** Options of {@link createApp}. */
export interface AppOptions {
  role: AppRole;
  logger: Logger;
  /** Time source of use-cases, worker and store writes (default system clock). */
  clock?: Clock;
  /** Waits of the worker's schedule (default real timers; `scaledSleep` for sandboxes). */
  sleep?: Sleep;
  /** Extra ZenHire client options (sandbox clocks, retry caps). */
  zenhireClient?: Pick<ZenHireClientOptions, 'sleep' | 'now' | 'retry' | 'timeoutMs'>;
  /** Worker tunables on top of those derived from the config. */
  worker?: Pick<
    WorkerOptions,
    'collect' | 'delivery' | 'reconcile' | 'shutdownDeadlineMs' | 'workerId'
  >;
  /** Overrides `config.server` host/port (`serve --port`). */
  listen?: { host?: string; port?: number };
  /** Changes the compiled triggers (e.g. add an `invitation` plan); default as compiled. */
  triggers?: (triggers: readonly UseCaseTrigger[]) => UseCaseTrigger[];
}

/** The composed application (DESIGN.md layout): one config, one store, every service. */
export interface App {
  loaded: LoadedConfig;
  store: SqlStore;
  registry: ConnectorRegistry;
  gateway: ZenHireApiGateway;
  useCases: UseCases;
  metrics: Metrics;
  clock: Clock;
  /** Built for `all` and `worker` roles (and `none`: one-shot `sync`/`reconcile` use it unstarted). */
  worker: Worker;
  /** Built for `all` and `server` roles. */
  server?: ConnectServer;
  /** Starts the server (listening) and/or the worker loops; returns the server URL. */
  start(): Promise<{ url?: string }>;
  /** Graceful shutdown: server stops accepting, worker releases claims, store closes. */
  close(): Promise<void>;
}

/**
 * Builds the application from a loaded config: store (`createStore(config.store)`,
 * migrated), connector registry (built-in plus configured plugins, one `ConnectorHost` per
 * instance with a pino child logger and a store-backed `ConnectorCache`), the ZenHire client
 * and gateway, the use-cases, the worker and (roles `all`/`server`) the fastify server.
 * Greenhouse instances with `assessmentPartner` get their partner endpoints.
 *
 * Nothing is started; call `start()`. Several workers may share one PostgreSQL store.
 * @throws PluginError, StoreError (e.g. `STORE_URL_INVALID`), migration errors.
 */
export async function createApp(
  loaded: LoadedConfig,
  plugins: readonly ConnectorPlugin[],
  options: AppOptions,
): Promise<App> {
  const { config } = loaded;
  const logger = options.logger;
  const clock = options.clock ?? systemClock;
  const store = createStore(config.store, { clock });
  try {
    await store.migrate();
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  const metrics = new Metrics({ store, now: () => clock.now() });
  const gateway = ZenHireApiGateway.create(
    {
      apiKey: config.zenhire.apiKey,
      baseUrl: config.zenhire.baseUrl,
      logger: logger.child({ component: 'zenhire-client' }),
      ...options.zenhireClient,
    },
    { metrics },
  );

  // One parent binding serves every Greenhouse instance: each instance's partner API is
  // resolved (a singleton of its child container) while `currentPorts` holds its own ports.
  const parent = new Container();
  const partnerInstances = Object.entries(config.connectors).filter(
    ([, c]) => c.type === 'greenhouse' && (c as unknown as GreenhouseConfig).assessmentPartner,
  );
  let currentPorts: AssessmentPartnerPorts | undefined;
  parent.bind(AssessmentPartnerPorts).toDynamicValue(() => {
    if (!currentPorts) throw new Error('AssessmentPartnerPorts requested outside createApp');
    return currentPorts;
  });

  let registry: ConnectorRegistry;
  try {
    registry = await buildConnectorRegistry({
      plugins,
      instances: config.connectors,
      host: ({ name, type }) => ({
        logger: logger.child({ connector: name, type }),
        cache: store.connectorCache(name),
      }),
      parent,
    });
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }

  const compiledTriggers: UseCaseTrigger[] = [...loaded.triggers];
  const useCases = createUseCases({
    store,
    gateway,
    connectors: registry,
    clock,
    rules: {
      triggers: options.triggers ? options.triggers(compiledTriggers) : compiledTriggers,
      mappings: loaded.mappings,
      linkRules: loaded.linkRules,
    },
    options: {
      retry: config.worker,
      apiBaseUrl: config.zenhire.baseUrl,
      // Names this process in `inbound_events.claimed_by` (a random suffix is added per event).
      eventClaim: { owner: `${hostname()}-${process.pid}` },
    },
  });

  const partnerApis = new Map<string, PartnerApiHandler>();
  for (const [name] of partnerInstances) {
    currentPorts = assessmentPartnerPorts({
      connector: name,
      useCases,
      logger: logger.child({ connector: name, component: 'assessment-partner' }),
    });
    partnerApis.set(name, registry.resolve<PartnerApiHandler>(name, GreenhouseAssessmentPartner));
  }
  currentPorts = undefined;

  const runsServer = options.role === 'all' || options.role === 'server';
  const runsWorker = options.role === 'all' || options.role === 'worker';
  const worker = new Worker({
    store,
    useCases,
    gateway,
    clock,
    ...(options.sleep ? { sleep: options.sleep } : {}),
    metrics,
    logger: logger.child({ component: 'worker' }),
    // With the server in this process (role `all`) the server's periodic recovery (every
    // 60 s, same 60 s grace on `clock`, every page) already re-runs unprocessed events, so
    // the worker's own event-recovery pass would only repeat the same store query.
    events: { enabled: !runsServer },
    ...options.worker,
    delivery: {
      maxInFlight: config.worker.concurrency,
      leaseMs: config.worker.leaseSeconds * 1000,
      ...options.worker?.delivery,
    },
  });

  const server = runsServer
    ? createServer({
        registry,
        store,
        useCases,
        zenhire: { webhookSecret: config.zenhire.webhookSecret, gateway },
        metricsRegistry: metrics.registry,
        logger: logger.child({ component: 'server' }),
        partnerApis,
        bodyLimitBytes: config.server.bodyLimitBytes,
        recoverEveryMs: 60_000,
        // Leave just-received events to the live processing; receipt times are on `clock`.
        recoveryGraceMs: 60_000,
        storeNow: () => clock.now(),
        // Wall time: ATS webhook signatures carry real timestamps (Lever's replay window),
        // even when the ZenHire side runs on a sandbox clock.
      })
    : undefined;

  let closed: Promise<void> | undefined;
  return {
    loaded,
    store,
    registry,
    gateway,
    useCases,
    metrics,
    clock,
    worker,
    server,
    async start() {
      let url: string | undefined;
      if (server) {
        url = await server.listen({
          host: options.listen?.host ?? config.server.host,
          port: options.listen?.port ?? config.server.port,
        });
        logger.info({ url }, 'server listening');
      }
      if (runsWorker) worker.start();
      return { url };
    },
    close() {
      closed ??= (async () => {
        const t0 = Date.now();
        const results = await Promise.allSettled([
          server?.close().then(() => logger.debug({ ms: Date.now() - t0 }, 'server closed')),
          worker.stop(),
        ]);
        await registry
          .close()
          .catch((error: unknown) => logger.warn({ err: error }, 'closing connectors failed'));
        logger.debug({ ms: Date.now() - t0 }, 'connectors closed');
        await store.close();
        for (const r of results) {
          if (r.status === 'rejected')
            logger.warn({ err: r.reason as unknown }, 'shutdown step failed');
        }
      })();
      return closed;
    },
  };
}
