import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { operation, type RetryOperation } from 'retry';
import type { FaultInjector } from '../sandbox/faults';
import type { TimeScale } from '../sandbox/time-scale';
import {
  ORIGIN_CONFIGURABLE_EVENTS,
  type LeverOrigin,
  type LeverWebhookBody,
  type LeverWebhookEvent,
} from './lever-model';
import type { LeverDomainEvent } from './lever-store';

/**
 * Lever's webhook signature (lever-api.md §4.3): lowercase hex of
 * HMAC-SHA256(key = signature token, message = token + String(triggeredAt)). The `data`
 * object is not signed.
 */
export function leverWebhookSignature(
  signatureToken: string,
  token: string,
  triggeredAt: number,
): string {
  return createHmac('sha256', signatureToken).update(`${token}${triggeredAt}`).digest('hex');
}

/** A URL that receives webhooks: configured in Lever's UI (account token) or created by API. */
export interface LeverWebhookEndpoint {
  id: string;
  url: string;
  /** Events sent to this URL. */
  events: LeverWebhookEvent[];
  /** Origin condition (lever-api.md §4.1); applies to origin-configurable events only. */
  origins?: LeverOrigin[];
  /** Key of the signature; null sends no `signature` (UI webhooks before a token is generated). */
  signatureToken: string | null;
  via: 'ui' | 'api';
  createdAt: number;
  updatedAt: number;
}

/**
 * Delivery retries. Lever retries "five times, waiting longer and longer" without giving a
 * schedule (lever-api.md §4.4); the default here is 5 retries after 1, 2, 4, 8 and 16
 * documented minutes [INFERRED], scaled by the sandbox's time scale.
 */
export interface LeverWebhookRetryConfig {
  /** Retries after the first try. Default 5. */
  retries?: number;
  /** Documented ms before the first retry. Default 60 000. */
  firstDelayMs?: number;
  /** Growth of the delay per retry. Default 2. */
  factor?: number;
  /** Real ms to wait for the receiver's answer (not scaled). Default 5 000. */
  timeoutMs?: number;
}

/** One POST to the receiver. */
export interface LeverWebhookAttempt {
  /** Real epoch ms. */
  at: number;
  status?: number;
  /** Network error or timeout, without the body. */
  error?: string;
}

/** One delivery (event × endpoint × copy) and what became of it. */
export interface LeverWebhookDelivery {
  deliveryId: string;
  webhookId: string;
  url: string;
  event: LeverWebhookEvent;
  /** Exactly the JSON posted (the same body on every retry and duplicate copy). */
  body: LeverWebhookBody;
  /** 1 normally, 2 for the second copy of a duplicated delivery. */
  copy: number;
  attempts: LeverWebhookAttempt[];
  outcome: 'pending' | 'delivered' | 'failed' | 'dropped';
}

/** Builds the webhook `data` of a domain event (lever-api.md §4.2; non-stage-change fields [INFERRED]). */
export function leverWebhookData(event: LeverDomainEvent): Record<string, unknown> {
  const opp = event.opportunity;
  const ids = { opportunityId: opp.id, candidateId: opp.id, contactId: opp.contact };
  switch (event.event) {
    case 'candidateStageChange':
      return { ...ids, fromStageId: event.fromStageId, toStageId: event.toStageId };
    case 'candidateArchiveChange':
      return { ...ids, fromArchived: event.fromArchived, toArchived: event.toArchived };
    case 'candidateHired':
      return { ...ids };
    case 'applicationCreated':
      return { ...ids, applicationId: event.application.id, postingId: event.application.posting };
    case 'candidateDeleted':
      return { ...ids, deletedBy: event.userId };
  }
}

/**
 * Sends Lever webhooks: `POST <url>` with `User-Agent: Lever-Webhooks` and the signed JSON
 * body; any 2xx is success, everything else (3xx included) is retried (lever-api.md §4.4).
 * Drop/duplicate faults come from {@link FaultInjector.webhookCopies}.
 */
export class LeverWebhookDispatcher {
  readonly deliveries: LeverWebhookDelivery[] = [];
  private readonly pending = new Set<Promise<void>>();
  /** Running retry operations and how to end each one (resolving its delivery as failed). */
  private readonly operations = new Map<RetryOperation, () => void>();
  private stopped = false;

  constructor(
    private readonly time: TimeScale,
    private readonly faults: FaultInjector,
    private readonly endpoints: () => LeverWebhookEndpoint[],
    private readonly retry: LeverWebhookRetryConfig = {},
    private readonly includeEventId = true,
  ) {}

  /** Sends one event to every endpoint subscribed to it (`origin` filters configurable events). */
  dispatch(
    event: LeverWebhookEvent,
    data: Record<string, unknown>,
    origin?: LeverOrigin,
  ): LeverWebhookDelivery[] {
    const eventId = randomUUID();
    const out: LeverWebhookDelivery[] = [];
    for (const endpoint of this.endpoints()) {
      if (!endpoint.events.includes(event)) continue;
      if (
        origin &&
        endpoint.origins &&
        ORIGIN_CONFIGURABLE_EVENTS.includes(event) &&
        !endpoint.origins.includes(origin)
      )
        continue;
      out.push(...this.send(endpoint, event, data, eventId));
    }
    return out;
  }

  /** Sends to one endpoint regardless of its events (used by the UI "test" ping). */
  send(
    endpoint: LeverWebhookEndpoint,
    event: LeverWebhookEvent,
    data: Record<string, unknown>,
    eventId = randomUUID(),
  ): LeverWebhookDelivery[] {
    const triggeredAt = Math.round(this.time.now());
    const token = randomBytes(24).toString('hex');
    const body: LeverWebhookBody = {
      ...(this.includeEventId ? { id: eventId } : {}),
      event,
      triggeredAt,
      token,
      signature: endpoint.signatureToken
        ? leverWebhookSignature(endpoint.signatureToken, token, triggeredAt)
        : '',
      data,
    };
    if (!endpoint.signatureToken) delete (body as Partial<LeverWebhookBody>).signature;
    const copies = this.faults.webhookCopies();
    const base = {
      deliveryId: '',
      webhookId: endpoint.id,
      url: endpoint.url,
      event,
      body,
      attempts: [],
    };
    if (copies === 0) {
      const dropped: LeverWebhookDelivery = {
        ...base,
        deliveryId: randomUUID(),
        copy: 1,
        outcome: 'dropped',
      };
      this.deliveries.push(dropped);
      return [dropped];
    }
    const out: LeverWebhookDelivery[] = [];
    for (let copy = 1; copy <= copies; copy++) {
      const delivery: LeverWebhookDelivery = {
        ...base,
        attempts: [],
        deliveryId: randomUUID(),
        copy,
        outcome: 'pending',
      };
      this.deliveries.push(delivery);
      out.push(delivery);
      const done = this.run(delivery).finally(() => this.pending.delete(done));
      this.pending.add(done);
    }
    return out;
  }

  private run(delivery: LeverWebhookDelivery): Promise<void> {
    const op = operation({
      retries: this.retry.retries ?? 5,
      factor: this.retry.factor ?? 2,
      minTimeout: Math.max(1, this.time.toRealMs(this.retry.firstDelayMs ?? 60_000)),
      randomize: false,
      unref: true,
    });
    return new Promise<void>((resolve) => {
      let finished = false;
      const finish = (outcome: LeverWebhookDelivery['outcome']) => {
        if (finished) return;
        finished = true;
        delivery.outcome = outcome;
        this.operations.delete(op);
        resolve();
      };
      this.operations.set(op, () => finish('failed'));
      op.attempt(() => {
        if (this.stopped) return finish('failed');
        void this.post(delivery).then((ok) => {
          if (ok) return finish('delivered');
          if (this.stopped || !op.retry(new Error('webhook delivery failed'))) finish('failed');
        });
      });
    });
  }

  private async post(delivery: LeverWebhookDelivery): Promise<boolean> {
    const attempt: LeverWebhookAttempt = { at: Date.now() };
    delivery.attempts.push(attempt);
    try {
      const res = await fetch(delivery.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Lever-Webhooks' },
        body: JSON.stringify(delivery.body),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.retry.timeoutMs ?? 5_000),
      });
      attempt.status = res.status;
      await res.arrayBuffer().catch(() => undefined);
      return res.status >= 200 && res.status < 300;
    } catch (error) {
      attempt.error = error instanceof Error ? error.name + ': ' + error.message : 'request failed';
      return false;
    }
  }

  /** Resolves when every delivery has succeeded or used up its retries. */
  async settle(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  /** Cancels pending retries (called by the sandbox's `stop()`). */
  stop(): void {
    this.stopped = true;
    for (const [op, end] of this.operations) {
      op.stop();
      end();
    }
  }
}
