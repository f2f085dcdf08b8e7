import { randomUUID } from 'node:crypto';
import type { FaultInjector } from '../sandbox/faults';
import type { TimeScale } from '../sandbox/time-scale';
import { serializeGreenhouseJson, signGreenhouseWebhook } from './webhook-signature';
import {
  WEBHOOK_EVENT_ACTIONS,
  WEBHOOK_UI_LABELS,
  type GreenhouseWebhookAction,
} from './webhook-payloads';

/** A webhook endpoint as configured in Greenhouse's Dev Center (§3.1: one event per webhook). */
export interface GreenhouseWebhookConfig {
  /** Event name or action, e.g. `candidate_stage_change`, `application_created`, `hire_candidate`. */
  event: string;
  /** Receiver URL. */
  url: string;
  /** Secret key for the `Signature` HMAC. Never logged or returned by inspection. */
  secret: string;
  /** Display name (ping `payload.name`). Default `Sandbox <event>`. */
  name?: string;
  /** Extra headers ("Advanced settings", §3.1). */
  headers?: Record<string, string>;
}

/** A registered webhook, as inspection shows it (no secret). */
export interface RegisteredWebhook {
  id: number;
  name: string;
  action: GreenhouseWebhookAction;
  url: string;
  /** False when the ping failed: Greenhouse saves the webhook disabled (§3.1). */
  active: boolean;
  created_at: string;
  /** Outcome of the registration ping. */
  ping: { status?: number; error?: string };
}

export interface WebhookAttempt {
  attempt: number;
  /** Documented (sandbox clock) epoch ms when the attempt was made. */
  at: number;
  status?: number;
  error?: string;
}

/** One delivery of one event to one webhook (a duplicated delivery has two records). */
export interface WebhookDelivery {
  webhookId: number;
  action: string;
  /** `Greenhouse-Event-ID`: the same for every attempt and every copy of one event. */
  eventId: string;
  /** Raw body as sent (the signed bytes). */
  body: string;
  /** Parsed body. */
  payload: unknown;
  /** 1 normally; 2 for the extra copy of a duplicated delivery (fault injection). */
  copy: number;
  state: 'pending' | 'delivered' | 'failed' | 'dropped';
  attempts: WebhookAttempt[];
}

export interface WebhookDispatchOptions {
  /**
   * Waits before retries 2..7, in documented ms (§3.1: ≈1 m, 15 m, 60 m, 120 m, 240 m, 480 m;
   * 7 attempts). Converted with the sandbox time scale.
   */
  retryDelaysMs?: number[];
  /** Real ms to wait for a receiver's answer before counting a timeout. Default 10 000. */
  requestTimeoutMs?: number;
  /** `User-Agent` header. Default `Greenhouse-Webhooks (sandbox)` (real value not documented). */
  userAgent?: string;
}

export const DEFAULT_WEBHOOK_RETRY_DELAYS_MS = [
  60_000, 900_000, 3_600_000, 7_200_000, 14_400_000, 28_800_000,
];

/** Thrown when a webhook is registered for an event the sandbox does not send. */
export class GreenhouseWebhookConfigError extends Error {
  readonly code = 'GREENHOUSE_WEBHOOK_EVENT_UNKNOWN';
  constructor(event: string) {
    super(`unknown Greenhouse webhook event ${JSON.stringify(event)}`);
    this.name = 'GreenhouseWebhookConfigError';
  }
}

/**
 * Sends Greenhouse recruiting webhooks (greenhouse-api.md §3.1): POST with the escaped JSON
 * body, `Signature: sha256 <hex>`, `Greenhouse-Event-ID`, `Content-Type`, `User-Agent`; any
 * status but 200 (including 201/202/204), a timeout or a network error is a failure and is
 * retried on the time-scaled schedule up to 7 attempts. Retries and duplicate copies keep the
 * event id (the docs do not say; reusing it lets receivers dedupe on it).
 */
export class GreenhouseWebhookDispatcher {
  readonly webhooks: RegisteredWebhook[] = [];
  readonly deliveries: WebhookDelivery[] = [];
  private readonly secrets = new Map<number, { secret: string; headers: Record<string, string> }>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];
  private nextWebhookId = 9590;
  private readonly retryDelaysMs: number[];

  constructor(
    private readonly time: TimeScale,
    private readonly faults: FaultInjector,
    private readonly options: WebhookDispatchOptions = {},
  ) {
    this.retryDelaysMs = options.retryDelaysMs ?? DEFAULT_WEBHOOK_RETRY_DELAYS_MS;
  }

  /**
   * Registers a webhook and sends the ping (`{action: "ping", payload: {web_hook_id, name,
   * endpoint_url, event, active, "content-type", created_at, updated_at}}`). A failed ping
   * (non-200, timeout) leaves the webhook inactive until {@link enable}.
   * @throws GreenhouseWebhookConfigError for an unknown event name.
   */
  async register(config: GreenhouseWebhookConfig): Promise<RegisteredWebhook> {
    const action = WEBHOOK_EVENT_ACTIONS[config.event];
    if (!action) throw new GreenhouseWebhookConfigError(config.event);
    const id = this.nextWebhookId++;
    const createdAt = this.time.date().toISOString();
    const webhook: RegisteredWebhook = {
      id,
      name: config.name ?? `Sandbox ${config.event}`,
      action,
      url: config.url,
      active: false,
      created_at: createdAt,
      ping: {},
    };
    this.secrets.set(id, { secret: config.secret, headers: config.headers ?? {} });
    const body = serializeGreenhouseJson({
      action: 'ping',
      payload: {
        web_hook_id: id,
        name: webhook.name,
        endpoint_url: webhook.url,
        event: WEBHOOK_UI_LABELS[action],
        active: true,
        'content-type': 'application/json',
        created_at: createdAt,
        updated_at: createdAt,
      },
    });
    const result = await this.post(webhook, body, randomUUID());
    webhook.ping = result;
    webhook.active = result.status === 200;
    this.webhooks.push(webhook);
    return webhook;
  }

  /** Re-enables a webhook whose ping failed (the "re-enable by hand" step, §3.1). */
  enable(webhookId: number): void {
    const w = this.webhooks.find((x) => x.id === webhookId);
    if (w) w.active = true;
  }

  /** Removes a webhook; pending retries to it stop. */
  unregister(webhookId: number): void {
    const i = this.webhooks.findIndex((x) => x.id === webhookId);
    if (i >= 0) this.webhooks.splice(i, 1);
  }

  /** True when at least one active webhook listens to `action`. */
  listens(action: GreenhouseWebhookAction): boolean {
    return this.webhooks.some((w) => w.active && w.action === action);
  }

  /**
   * Sends an event to every active webhook of its action. The body is built once, now, so it
   * reflects the data at the moment of the change; retries resend the same bytes.
   */
  emit(action: GreenhouseWebhookAction, build: () => unknown): void {
    const targets = this.webhooks.filter((w) => w.active && w.action === action);
    if (targets.length === 0) return;
    const body = serializeGreenhouseJson(build());
    const payload = JSON.parse(body) as unknown;
    for (const webhook of targets) {
      const eventId = randomUUID();
      const copies = this.faults.webhookCopies();
      if (copies === 0) {
        this.deliveries.push({
          webhookId: webhook.id,
          action,
          eventId,
          body,
          payload,
          copy: 1,
          state: 'dropped',
          attempts: [],
        });
        continue;
      }
      for (let copy = 1; copy <= copies; copy++) {
        const delivery: WebhookDelivery = {
          webhookId: webhook.id,
          action,
          eventId,
          body,
          payload,
          copy,
          state: 'pending',
          attempts: [],
        };
        this.deliveries.push(delivery);
        void this.attempt(delivery);
      }
    }
  }

  /** Resolves when no delivery attempt is running and no retry is scheduled. */
  idle(): Promise<void> {
    if (this.inFlight === 0 && this.timers.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Cancels scheduled retries (the sandbox is stopping). */
  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.notifyIdle();
  }

  private async attempt(delivery: WebhookDelivery): Promise<void> {
    const webhook = this.webhooks.find((w) => w.id === delivery.webhookId);
    if (!webhook) {
      delivery.state = 'failed';
      this.notifyIdle();
      return;
    }
    this.inFlight++;
    const number = delivery.attempts.length + 1;
    const at = this.time.now();
    const result = await this.post(webhook, delivery.body, delivery.eventId);
    delivery.attempts.push({ attempt: number, at, ...result });
    this.inFlight--;
    if (result.status === 200) {
      delivery.state = 'delivered';
    } else if (number > this.retryDelaysMs.length) {
      delivery.state = 'failed';
    } else {
      const timer = setTimeout(
        () => {
          this.timers.delete(timer);
          void this.attempt(delivery);
        },
        this.time.toRealMs(this.retryDelaysMs[number - 1]),
      );
      this.timers.add(timer);
    }
    this.notifyIdle();
  }

  private async post(
    webhook: RegisteredWebhook,
    body: string,
    eventId: string,
  ): Promise<{ status?: number; error?: string }> {
    const conf = this.secrets.get(webhook.id);
    try {
      const res = await fetch(webhook.url, {
        method: 'POST',
        headers: {
          ...conf?.headers,
          'Content-Type': 'application/json',
          'User-Agent': this.options.userAgent ?? 'Greenhouse-Webhooks (sandbox)',
          Signature: signGreenhouseWebhook(body, conf?.secret ?? ''),
          'Greenhouse-Event-ID': eventId,
        },
        body,
        signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 10_000),
      });
      await res.arrayBuffer().catch(() => undefined);
      return { status: res.status };
    } catch (err) {
      // e.g. ECONNREFUSED, TimeoutError — never the URL's credentials or the body
      const code = (err as { cause?: { code?: unknown } }).cause?.code;
      return { error: typeof code === 'string' ? code : err instanceof Error ? err.name : 'Error' };
    }
  }

  private notifyIdle(): void {
    if (this.inFlight !== 0 || this.timers.size !== 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
