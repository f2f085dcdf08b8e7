import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { FaultInjector, type FaultConfig, type FaultResponder, type InjectedFault } from './faults';
import { TimeScale } from './time-scale';

/** Options every sandbox takes. */
export interface SandboxOptions {
  /** Seed for deterministic scores, ids and fault draws. Default `'zenhire-connect'`. */
  seed?: string | number;
  /** Real ms per documented ms (see {@link TimeScale}). Default 1 (real time). */
  timeScale?: number;
  /** Fault injection at start; change later with {@link SandboxServer.faults}. */
  faults?: FaultConfig;
  /** Listen address. Default `127.0.0.1` (sandboxes never listen beyond loopback). */
  host?: string;
  /** Listen port. Default 0 (a random free port). */
  port?: number;
}

/** One request the sandbox received, for tests to assert on. */
export interface RecordedCall {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, unknown>;
  /** Request headers; `authorization`, `x-api-key` and `cookie` are replaced by `[redacted]`. */
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, or undefined (multipart and binary bodies are not kept). */
  body?: unknown;
  /** Status sent, or undefined when no response was sent (timeout, reset). */
  status?: number;
  fault?: InjectedFault;
  /** Real epoch ms when the request arrived. */
  at: number;
}

const REDACTED_HEADERS = new Set(['authorization', 'x-api-key', 'cookie']);
/** Paths under this prefix are the inspection API; faults and call logs skip them. */
export const INSPECTION_PREFIX = '/__sandbox';

/**
 * Base of the ZenHire, Greenhouse and Lever sandboxes: a real fastify HTTP server on
 * loopback with a call log, fault injection, a time scale and an inspection API
 * (`GET /__sandbox/calls`, `PUT /__sandbox/faults`, `POST /__sandbox/reset-calls`).
 */
export abstract class SandboxServer {
  readonly app: FastifyInstance;
  readonly time: TimeScale;
  readonly seed: string | number;
  readonly faults: FaultInjector;
  /** Every request received (except the inspection API), in arrival order. */
  readonly calls: RecordedCall[] = [];
  private baseUrl?: string;

  constructor(protected readonly options: SandboxOptions = {}) {
    this.seed = options.seed ?? 'zenhire-connect';
    this.time = new TimeScale(options.timeScale ?? 1);
    this.faults = new FaultInjector(this.seed);
    if (options.faults) this.faults.configure(options.faults);
    this.app = Fastify({ logger: false, forceCloseConnections: true });
    this.app.addHook('onRequest', async (request, reply) => {
      if (request.url.startsWith(INSPECTION_PREFIX)) return;
      const call: RecordedCall = {
        method: request.method,
        path: request.url.split('?')[0],
        query: {},
        headers: redactHeaders(request.headers),
        at: Date.now(),
      };
      this.calls.push(call);
      (request as FastifyRequest & { sandboxCall?: RecordedCall }).sandboxCall = call;
      const fault = await this.faults.apply(request, reply, this.errorResponder);
      if (fault) call.fault = fault;
      if (reply.sent) return reply;
    });
    this.app.addHook('preHandler', async (request) => {
      const call = (request as FastifyRequest & { sandboxCall?: RecordedCall }).sandboxCall;
      if (!call) return;
      call.query = { ...(request.query as Record<string, unknown>) };
      if (request.body !== undefined && !Buffer.isBuffer(request.body)) call.body = request.body;
    });
    this.app.addHook('onResponse', async (request, reply) => {
      const call = (request as FastifyRequest & { sandboxCall?: RecordedCall }).sandboxCall;
      if (call) call.status = reply.statusCode;
    });
    this.app.get(`${INSPECTION_PREFIX}/calls`, async () => this.calls);
    this.app.post(`${INSPECTION_PREFIX}/reset-calls`, async () => {
      this.calls.length = 0;
      return { ok: true };
    });
    this.app.put(`${INSPECTION_PREFIX}/faults`, async (request) => {
      this.faults.configure((request.body ?? {}) as FaultConfig);
      return this.faults.current();
    });
  }

  /** Renders an injected error or 429 in the vendor's own error shape. */
  protected abstract readonly errorResponder: FaultResponder;

  /** Starts listening; resolves to the base URL, e.g. `http://127.0.0.1:43817`. */
  async start(): Promise<string> {
    if (this.baseUrl) return this.baseUrl;
    await this.app.listen({ host: this.options.host ?? '127.0.0.1', port: this.options.port ?? 0 });
    const address = this.app.server.address();
    if (!address || typeof address === 'string') throw new Error('sandbox did not bind a TCP port');
    this.baseUrl = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
    return this.baseUrl;
  }

  /** Base URL; throws when the sandbox was not started. */
  get url(): string {
    if (!this.baseUrl) throw new Error('sandbox not started: call start() first');
    return this.baseUrl;
  }

  /** Stops listening and closes open connections. */
  async stop(): Promise<void> {
    await this.app.close();
    this.baseUrl = undefined;
  }

  /** Calls matching a method and a path (string: exact; RegExp: test). */
  callsTo(method: string, path: string | RegExp): RecordedCall[] {
    return this.calls.filter(
      (c) =>
        c.method === method && (typeof path === 'string' ? c.path === path : path.test(c.path)),
    );
  }
}

function redactHeaders(headers: FastifyRequest['headers']): RecordedCall['headers'] {
  const out: RecordedCall['headers'] = {};
  for (const [k, v] of Object.entries(headers)) out[k] = REDACTED_HEADERS.has(k) ? '[redacted]' : v;
  return out;
}

export type { FastifyInstance, FastifyReply, FastifyRequest };
