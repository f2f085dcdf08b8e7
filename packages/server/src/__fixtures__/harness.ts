import { createHmac, timingSafeEqual } from 'node:crypto';
import { Writable } from 'node:stream';
import {
  createUseCases,
  MapConnectorRegistry,
  systemClock,
  WebhookVerificationError,
  type ActionInputs,
  type ApplyResult,
  type AtsConnector,
  type AtsEvent,
  type Clock,
  type ConnectorRegistry,
  type CorrelationFields,
  type InboundRequest,
  type ObservedRun,
  type ParsedWebhook,
  type ResolvedRecord,
  type RunModule,
  type RunRef,
  type StartedRun,
  type Store,
  type UseCaseTrigger,
  type ZenHireAction,
  type ZenHireGateway,
} from '@zenhire-connect/core';
import { InMemoryStore } from '@zenhire-connect/core/testing';
import { Registry } from 'prom-client';
import { createServer, type ServerDeps } from '../create-server';
import { createLogger } from '../logger';

/** Secret of the fake connector's webhooks (test value, not a real secret). */
export const FAKE_WEBHOOK_SECRET = 'fake_SECRET_wh_7c1e';
export const FAKE_SIGNATURE_HEADER = 'x-fake-signature';

/** Hex HMAC-SHA256 of the body with {@link FAKE_WEBHOOK_SECRET}. */
export function signFake(body: string | Buffer, secret = FAKE_WEBHOOK_SECRET): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/** Body of a fake webhook: one stage change (or a ping). */
export interface FakeDelivery {
  action: 'stage_change' | 'ping';
  eventId?: string;
  applicationId?: string;
  candidateId?: string;
  stage?: string;
  email?: string;
  note?: string;
}

/**
 * A minimal ATS connector: `x-fake-signature: <hex HMAC-SHA256 of the raw body>`; a
 * `stage_change` body yields one `stage_entered` event, a `ping` none.
 */
export class FakeConnector implements AtsConnector {
  readonly type = 'fake';
  readonly capabilities = { operations: [], webhooks: true, fieldTypes: [] };
  verified = 0;

  constructor(readonly name: string) {}

  async verifyWebhook(request: InboundRequest): Promise<void> {
    const raw = request.headers[FAKE_SIGNATURE_HEADER];
    const header = Array.isArray(raw) ? raw[0] : raw;
    if (!header) throw new WebhookVerificationError('SIGNATURE_MISSING', 'no signature');
    const given = Buffer.from(header, 'hex');
    const expected = Buffer.from(signFake(request.rawBody), 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new WebhookVerificationError('SIGNATURE_INVALID', 'signature does not match');
    }
    this.verified += 1;
  }

  async parseWebhook(request: InboundRequest): Promise<ParsedWebhook> {
    const body = JSON.parse(request.rawBody.toString('utf8')) as FakeDelivery;
    if (body.action === 'ping') return { events: [], reply: { status: 200, body: { ok: true } } };
    const event: AtsEvent = {
      id: body.eventId ?? 'evt-1',
      type: 'stage_entered',
      connector: this.name,
      occurredAt: new Date(request.receivedAt).toISOString(),
      record: {
        connector: this.name,
        candidateId: body.candidateId ?? 'c-1',
        applicationId: body.applicationId ?? 'a-1',
      },
      stage: { id: body.stage ?? 'assessment' },
      ...(body.email ? { candidate: { email: body.email } } : {}),
    };
    return { events: [event], reply: { status: 200, body: { ok: true } } };
  }

  async resolveRecord(): Promise<ResolvedRecord> {
    throw new Error('not used');
  }

  async applyPlan(): Promise<ApplyResult> {
    return { outcomes: [], calls: 0 };
  }

  previewPlan(): [] {
    return [];
  }
}

/** A ZenHire gateway that records starts; `hold()` makes `start` wait until released. */
export class FakeGateway implements ZenHireGateway {
  readonly started: { action: ZenHireAction; correlation: CorrelationFields }[] = [];
  readonly getRunCalls: RunRef[] = [];
  readonly runs = new Map<string, ObservedRun>();
  /** When set, `start` throws it (once per call). */
  failWith?: Error;
  #gate?: Promise<void>;
  #release?: () => void;

  hold(): void {
    this.#gate = new Promise((resolve) => (this.#release = resolve));
  }

  release(): void {
    this.#release?.();
    this.#gate = undefined;
  }

  async start(
    action: ZenHireAction,
    correlation: CorrelationFields,
    _inputs?: ActionInputs,
  ): Promise<StartedRun> {
    await this.#gate;
    if (this.failWith) throw this.failWith;
    this.started.push({ action, correlation });
    return { module: action.kind, id: `run-${this.started.length}`, status: 'pending' };
  }

  async getRun(ref: RunRef): Promise<ObservedRun> {
    this.getRunCalls.push(ref);
    const run = this.runs.get(ref.id);
    if (!run) throw new Error(`unknown run ${ref.id}`);
    return run;
  }

  async *listRuns(_module: RunModule): AsyncIterable<ObservedRun> {}

  async analyseRecording(): Promise<StartedRun> {
    throw new Error('not used');
  }
}

/** A pino logger (with the server's redaction) writing into `lines`. */
export function captureLogger(): { logger: ReturnType<typeof createLogger>; text: () => string } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), text: () => lines.join('') };
}

/** The trigger of the tests: `stage_entered` into stage `assessment` → AI voice interview. */
export function interviewTrigger(connector: string): UseCaseTrigger {
  return {
    name: 'invite',
    connector,
    matches: (event) => event.type === 'stage_entered' && event.stage?.id === 'assessment',
    action: { kind: 'interview', personaId: 'persona-1', consentMode: 'explicit' },
  };
}

export interface Harness {
  store: Store;
  gateway: FakeGateway;
  connector: FakeConnector;
  registry: ConnectorRegistry;
  metricsRegistry: Registry;
  logs: () => string;
  server: ReturnType<typeof createServer>;
}

/**
 * A server over the fake connector `fake-eu`, real core use-cases (one interview trigger),
 * an in-memory store (or the one given), the fake gateway and a capturing logger.
 * `useCaseClock` is the use-cases' clock (event claims); default the system clock.
 */
export function createHarness(
  options: Partial<ServerDeps> & { store?: Store; useCaseClock?: Clock } = {},
): Harness {
  const store = options.store ?? new InMemoryStore();
  const gateway = new FakeGateway();
  const connector = new FakeConnector('fake-eu');
  const registry = MapConnectorRegistry.of(connector);
  const metricsRegistry = options.metricsRegistry ?? new Registry();
  const { logger, text } = captureLogger();
  const useCases = createUseCases({
    store,
    gateway,
    connectors: registry,
    clock: options.useCaseClock ?? systemClock,
    rules: { triggers: [interviewTrigger('fake-eu')], mappings: [], linkRules: [] },
  });
  const { useCaseClock: _useCaseClock, ...serverOptions } = options;
  const server = createServer({
    registry,
    store,
    useCases,
    metricsRegistry,
    logger,
    ...serverOptions,
    zenhire: { gateway, ...options.zenhire },
  });
  return { store, gateway, connector, registry, metricsRegistry, logs: text, server };
}

/** An HTTP answer as the tests read it. */
export interface Answer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  json: () => any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const listening: ReturnType<typeof createServer>[] = [];
const urls = new WeakMap<ReturnType<typeof createServer>, Promise<string>>();

/** Base URL of the server, listening on 127.0.0.1 with a random port (started once). */
export function urlOf(server: ReturnType<typeof createServer>): Promise<string> {
  let url = urls.get(server);
  if (!url) {
    url = server.listen({ host: '127.0.0.1', port: 0 });
    urls.set(server, url);
    listening.push(server);
  }
  return url;
}

/** Closes every server {@link urlOf} started (call in `afterEach`). */
export async function closeServers(): Promise<void> {
  await Promise.all(listening.splice(0).map((s) => s.close()));
}

/**
 * Simulates `kill -9` of a server for the tests: stops its HTTP listener without waiting
 * for (or finishing) queued processing.
 */
export async function kill(server: ReturnType<typeof createServer>): Promise<void> {
  const index = listening.indexOf(server);
  if (index >= 0) listening.splice(index, 1);
  await server.app.close();
}

/** One real HTTP request to the server on loopback (fetch). */
export async function request(
  server: ReturnType<typeof createServer>,
  input: {
    method?: string;
    url: string;
    headers?: Record<string, string>;
    payload?: string | Buffer;
  },
): Promise<Answer> {
  const base = await urlOf(server);
  const res = await fetch(`${base}${input.url}`, {
    method: input.method ?? 'GET',
    headers: input.headers ?? {},
    ...(input.payload !== undefined ? { body: input.payload } : {}),
  });
  const body = await res.text();
  return {
    statusCode: res.status,
    headers: Object.fromEntries(res.headers.entries()),
    body,
    json: () => JSON.parse(body),
  };
}

/** Posts a signed fake webhook over HTTP. */
export function postFake(
  server: Harness['server'],
  delivery: FakeDelivery,
  options: { instance?: string; signature?: string } = {},
): Promise<Answer> {
  const payload = JSON.stringify(delivery);
  return request(server, {
    method: 'POST',
    url: `/webhooks/${options.instance ?? 'fake-eu'}`,
    headers: {
      'content-type': 'application/json',
      [FAKE_SIGNATURE_HEADER]: options.signature ?? signFake(payload),
    },
    payload,
  });
}
