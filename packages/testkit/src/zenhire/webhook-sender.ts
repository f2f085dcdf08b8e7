import { createHmac } from 'node:crypto';
import type { FaultInjector } from '../sandbox/faults';

/**
 * Signature header value of a CV DeepMatch / DeepSearch webhook (zenhire-api.md §10):
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` keyed with the webhook
 * secret. The signed string is [inferred] in the spec from the Interview page.
 */
export function signCvdmWebhook(secret: string, timestampSeconds: number, rawBody: string): string {
  const v1 = createHmac('sha256', secret).update(`${timestampSeconds}.${rawBody}`).digest('hex');
  return `t=${timestampSeconds},v1=${v1}`;
}

/** One delivery attempt, as recorded by the sandbox (the secret is never recorded). */
export interface WebhookDelivery {
  /** Id of the match / run the event is about. */
  subject: string;
  url: string;
  /** 1-based attempt number within one copy of the event. */
  attempt: number;
  /** 1 normally; 2 for the duplicate copy injected by `faults.webhooks.duplicateRate`. */
  copy: number;
  /** `delivered` = 2xx; `rejected` = non-2xx; `error` = network error/timeout; `dropped` = fault-injected, never sent. */
  outcome: 'delivered' | 'rejected' | 'error' | 'dropped';
  status?: number;
  signature?: string;
  body: string;
  /** Real epoch ms of the attempt. */
  at: number;
}

/** Retry policy of outgoing webhooks ([not found] in the docs, §10; our choice). */
export interface WebhookRetryPolicy {
  /** Attempts per event including the first. Default 4. */
  maxAttempts: number;
  /** Documented seconds before attempt n+1 (n = 1, 2, …); the last value repeats. Default [30, 120, 600]. */
  backoffSeconds: number[];
  /** Real ms an attempt may take before it counts as an error. Default 5000. */
  timeoutMs: number;
}

/**
 * Sends signed webhooks with retries on non-2xx and network errors, honouring the
 * fault injector's webhook drop/duplicate rates. Backoff is documented time: a retry fires
 * through the time scale, or on the sandbox's `advanceTime`. Deliveries really POST to the
 * given URL.
 */
export class WebhookSender {
  readonly deliveries: WebhookDelivery[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  /** Scheduled retries: real epoch ms when their timer fires (Infinity = only on `advanceTime`). */
  private readonly retries = new Set<{ realDueAt: number }>();
  private stopped = false;

  constructor(
    private readonly secret: () => string,
    private readonly faults: FaultInjector,
    private readonly policy: WebhookRetryPolicy,
    /** Documented epoch ms now. */
    private readonly now: () => number,
    /** Runs `fn` at documented time `atMs`; true when a real timer will fire it. */
    /** Runs `fn` at documented time `atMs`; returns the real ms until it fires by itself. */
    private readonly schedule: (atMs: number, fn: () => void) => number | undefined,
  ) {}

  /** Queues delivery of `payload` to `url`. Returns at once; see {@link idle}. */
  send(subject: string, url: string, payload: unknown): void {
    const body = JSON.stringify(payload);
    const copies = this.faults.webhookCopies();
    if (copies === 0) {
      this.deliveries.push({
        subject,
        url,
        attempt: 1,
        copy: 1,
        outcome: 'dropped',
        body,
        at: Date.now(),
      });
      return;
    }
    for (let copy = 1; copy <= copies; copy++)
      this.track(this.attempt(subject, url, body, copy, 1));
  }

  /** Retries scheduled and not yet attempted. */
  get pendingRetryCount(): number {
    return this.retries.size;
  }

  /**
   * Resolves when no delivery is in flight and no retry fires within `withinRealMs`
   * (default 10 000 real ms). Retries further away (a slow or frozen time scale) wait for
   * the sandbox's `advanceTime` and do not hold it up.
   */
  async idle(withinRealMs = 10_000): Promise<void> {
    const soon = () => [...this.retries].some((r) => r.realDueAt <= Date.now() + withinRealMs);
    while (this.inFlight.size > 0 || soon()) {
      if (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
      else await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Stops sending (used by `stop()`; the sandbox cancels the scheduled retries). */
  stop(): void {
    this.stopped = true;
    this.retries.clear();
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async attempt(
    subject: string,
    url: string,
    body: string,
    copy: number,
    attempt: number,
  ): Promise<void> {
    if (this.stopped) return;
    // Real wall-clock seconds, so receivers with a 5-minute tolerance accept it at any time scale.
    const t = Math.floor(Date.now() / 1000);
    const signature = signCvdmWebhook(this.secret(), t, body);
    const record: WebhookDelivery = {
      subject,
      url,
      attempt,
      copy,
      outcome: 'error',
      signature,
      body,
      at: Date.now(),
    };
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-cvdm-signature': signature },
        body,
        signal: AbortSignal.timeout(this.policy.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      record.status = res.status;
      record.outcome = res.ok ? 'delivered' : 'rejected';
    } catch {
      record.outcome = 'error';
    }
    this.deliveries.push(record);
    if (record.outcome === 'delivered' || attempt >= this.policy.maxAttempts || this.stopped)
      return;
    const backoff = this.policy.backoffSeconds;
    const waitS = backoff[Math.min(attempt - 1, backoff.length - 1)] ?? 30;
    const retry = { realDueAt: Number.POSITIVE_INFINITY };
    this.retries.add(retry);
    const delay = this.schedule(this.now() + waitS * 1000, () => {
      this.retries.delete(retry);
      this.track(this.attempt(subject, url, body, copy, attempt + 1));
    });
    if (delay !== undefined) retry.realDueAt = Date.now() + delay;
  }
}
