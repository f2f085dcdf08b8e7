import { Counter, type Registry } from 'prom-client';

/** Outcome label of `zc_webhooks_received_total`. */
export type WebhookOutcome =
  /** At least one new event (or run) was recorded; processing follows the answer. */
  | 'accepted'
  /** Every event was recorded before: answered 200, nothing reprocessed. */
  | 'duplicate'
  /** Verified, but nothing to process (ping, an action no trigger uses). */
  | 'ignored'
  /** Signature (or replay) check failed: 401. */
  | 'rejected'
  /** The body could not be read (4xx). */
  | 'invalid'
  /** Recording failed (5xx): the sender retries. */
  | 'error';

/** Result label of `zc_webhook_events_processed_total`. */
export type EventProcessingResult = 'processed' | 'error';

function counter<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: L[],
): Counter<L> {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter<L>;
  return new Counter({ name, help, labelNames, registers: [registry] });
}

/**
 * The server's Prometheus counters, registered on the injected prom-client `Registry`
 * (the one `/metrics` exposes, shared with the worker's metrics). Creating a second server
 * on the same registry reuses the counters.
 *
 * | metric | labels |
 * |---|---|
 * | `zc_webhooks_received_total` | `connector` (instance name, or `zenhire:cvdeepmatch` / `zenhire:cvdeepsearch`), `outcome` ({@link WebhookOutcome}) |
 * | `zc_webhooks_rejected_total` | `connector`, `code` (`SIGNATURE_MISSING`, `SIGNATURE_INVALID`, `WEBHOOK_SIGNATURE_MISMATCH`, …) |
 * | `zc_webhook_events_processed_total` | `connector`, `result` (`processed`, `error`: left unprocessed for recovery) |
 */
export class ServerMetrics {
  readonly #received: Counter<'connector' | 'outcome'>;
  readonly #rejected: Counter<'connector' | 'code'>;
  readonly #processed: Counter<'connector' | 'result'>;

  constructor(registry: Registry, prefix = 'zc_') {
    this.#received = counter(
      registry,
      `${prefix}webhooks_received_total`,
      'Webhooks received, by connector instance and outcome.',
      ['connector', 'outcome'],
    );
    this.#rejected = counter(
      registry,
      `${prefix}webhooks_rejected_total`,
      'Webhooks rejected by signature verification, by connector instance and error code.',
      ['connector', 'code'],
    );
    this.#processed = counter(
      registry,
      `${prefix}webhook_events_processed_total`,
      'Recorded webhook events (or ZenHire runs) processed after the answer, by result.',
      ['connector', 'result'],
    );
  }

  received(connector: string, outcome: WebhookOutcome): void {
    this.#received.inc({ connector, outcome });
  }

  rejected(connector: string, code: string): void {
    this.#rejected.inc({ connector, code });
  }

  processed(connector: string, result: EventProcessingResult): void {
    this.#processed.inc({ connector, result });
  }
}
