import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DELIVERY_STATUSES, type DeliveryStatus, type DeliveryStore } from '@zenhire-connect/core';
import type { ZenHireLogger } from '@zenhire-connect/zenhire-client';

/** API vendors whose calls are counted (`vendor` label). */
export type ApiVendor = 'zenhire' | 'greenhouse' | 'lever' | 'generic' | (string & {});

/** Outcome label of `zc_deliveries_total`. */
export type DeliveryOutcome =
  'succeeded' | 'retry_scheduled' | 'dead' | 'lease_lost' | 'released' | 'error';

/** Options of {@link Metrics}. */
export interface MetricsOptions {
  /** Registry to register on (the server exposes it on `/metrics`). Default: a new `Registry`. */
  registry?: Registry;
  /** Metric name prefix. Default `zc_`. */
  prefix?: string;
  /**
   * Store whose `stats()` feeds the queue gauges at every scrape. Optional: without it the
   * gauges keep the last values given to {@link Metrics.observeQueue}.
   */
  store?: Pick<DeliveryStore, 'stats'>;
  /** Time source for the queue gauges (epoch ms). Default `Date.now`. */
  now?: () => number;
}

/**
 * Prometheus metrics of the worker, on an injected prom-client `Registry` (so the server can
 * expose the same registry on `/metrics`). Connectors and the ZenHire gateway increment the
 * API counters through {@link apiCall} / {@link rateLimited}.
 *
 * | metric | type | labels |
 * |---|---|---|
 * | `zc_deliveries_total` | counter | `outcome` (`succeeded`, `retry_scheduled`, `dead`, `lease_lost`, `released`, `error`), `connector` |
 * | `zc_api_calls_total` | counter | `vendor` (`zenhire`, `greenhouse`, `lever`, …), `endpoint` (path template or `''`) |
 * | `zc_api_rate_limited_total` | counter | `vendor` (HTTP 429 answers, retried or not) |
 * | `zc_runs_collected_total` | counter | `module`, `result` (`planned`, `chained`, `unlinked`, `unsupported`, `open`) |
 * | `zc_delivery_queue_depth` | gauge | `status` |
 * | `zc_delivery_oldest_pending_age_seconds` | gauge | — (0 when nothing is pending) |
 * | `zc_end_to_end_latency_seconds` | histogram | `connector`: run terminal (or webhook arrival) → last ATS write, seconds |
 */
export class Metrics {
  readonly registry: Registry;
  readonly #deliveries: Counter<'outcome' | 'connector'>;
  readonly #apiCalls: Counter<'vendor' | 'endpoint'>;
  readonly #rateLimited: Counter<'vendor'>;
  readonly #runsCollected: Counter<'module' | 'result'>;
  readonly #queueDepth: Gauge<'status'>;
  readonly #oldestPending: Gauge;
  readonly #latency: Histogram<'connector'>;
  readonly #calls = new Map<string, number>();

  constructor(options: MetricsOptions = {}) {
    const registry = options.registry ?? new Registry();
    const prefix = options.prefix ?? 'zc_';
    const store = options.store;
    const now = options.now ?? Date.now;
    this.registry = registry;
    this.#deliveries = new Counter({
      name: `${prefix}deliveries_total`,
      help: 'Delivery attempts by outcome.',
      labelNames: ['outcome', 'connector'],
      registers: [registry],
    });
    this.#apiCalls = new Counter({
      name: `${prefix}api_calls_total`,
      help: 'HTTP calls to vendor APIs (every attempt, retries included).',
      labelNames: ['vendor', 'endpoint'],
      registers: [registry],
    });
    this.#rateLimited = new Counter({
      name: `${prefix}api_rate_limited_total`,
      help: 'HTTP 429 answers from vendor APIs.',
      labelNames: ['vendor'],
      registers: [registry],
    });
    this.#runsCollected = new Counter({
      name: `${prefix}runs_collected_total`,
      help: 'ZenHire runs handed to collect (recordTerminalRun) by result.',
      labelNames: ['module', 'result'],
      registers: [registry],
    });
    this.#queueDepth = new Gauge({
      name: `${prefix}delivery_queue_depth`,
      help: 'Deliveries by status.',
      labelNames: ['status'],
      registers: [registry],
      collect: store
        ? async () => {
            this.observeQueue(await store.stats(now()));
          }
        : undefined,
    });
    this.#oldestPending = new Gauge({
      name: `${prefix}delivery_oldest_pending_age_seconds`,
      help: 'Age of the oldest pending delivery, seconds (0 when none).',
      registers: [registry],
    });
    this.#latency = new Histogram({
      name: `${prefix}end_to_end_latency_seconds`,
      help: 'Run terminal (or webhook arrival) to last ATS write, seconds.',
      labelNames: ['connector'],
      buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600],
      registers: [registry],
    });
  }

  /** Counts one delivery attempt's outcome. */
  delivery(outcome: DeliveryOutcome, connector: string): void {
    this.#deliveries.inc({ outcome, connector });
  }

  /** Counts one HTTP call to a vendor API (call it per attempt, retries included). */
  apiCall(vendor: ApiVendor, endpoint = ''): void {
    this.#apiCalls.inc({ vendor, endpoint });
    for (const key of [vendor, `${vendor} ${endpoint}`]) {
      this.#calls.set(key, (this.#calls.get(key) ?? 0) + 1);
    }
  }

  /** Counts one HTTP 429 answer of a vendor API. */
  rateLimited(vendor: ApiVendor): void {
    this.#rateLimited.inc({ vendor });
  }

  /** Counts one run handed to collect, by the `recordTerminalRun` result status. */
  runCollected(module: string, result: string): void {
    this.#runsCollected.inc({ module, result });
  }

  /** Observes one end-to-end latency in **milliseconds** (stored in seconds). */
  endToEndLatency(connector: string, ms: number): void {
    this.#latency.observe({ connector }, Math.max(0, ms) / 1000);
  }

  /** Sets the queue gauges from `DeliveryStore.stats()` (`oldestPendingAgeMs` in ms). */
  observeQueue(stats: {
    byStatus: Partial<Record<DeliveryStatus, number>>;
    oldestPendingAgeMs: number | null;
  }): void {
    for (const status of DELIVERY_STATUSES) {
      this.#queueDepth.set({ status }, stats.byStatus[status] ?? 0);
    }
    this.#oldestPending.set((stats.oldestPendingAgeMs ?? 0) / 1000);
  }

  /**
   * Calls counted by {@link apiCall} since start, for a vendor or one of its endpoints
   * (benchmarks, `sync` progress).
   */
  apiCalls(vendor: ApiVendor, endpoint?: string): number {
    return this.#calls.get(endpoint === undefined ? vendor : `${vendor} ${endpoint}`) ?? 0;
  }

  /**
   * Hooks for `new ZenHireClient({...})`: `onRequest` counts every attempt as a `zenhire` call;
   * `logger` wraps yours and counts the 429s the client retried (its `zenhire request retry`
   * warning with `status: 429`). Thrown 429s are counted by the gateway.
   */
  zenhireClientHooks<L extends ZenHireLoggerLike>(
    logger?: L,
  ): { onRequest: (info: { endpoint: string }) => void; logger: ZenHireLoggerLike } {
    return {
      onRequest: (info) => this.apiCall('zenhire', info.endpoint),
      logger: {
        debug: (obj, msg) => logger?.debug(obj, msg),
        info: (obj, msg) => logger?.info(obj, msg),
        warn: (obj, msg) => {
          if ((obj as { status?: unknown }).status === 429) this.rateLimited('zenhire');
          logger?.warn(obj, msg);
        },
        error: (obj, msg) => logger?.error(obj, msg),
      },
    };
  }
}

/** The pino-compatible logger subset the ZenHire client takes: the client's `ZenHireLogger`. */
export type ZenHireLoggerLike = ZenHireLogger;
