import type { FastifyReply, FastifyRequest } from 'fastify';
import { SeededStream } from './seeded';

/**
 * Fault injection knobs shared by every sandbox. Rates are fractions 0–1 of requests;
 * durations are real milliseconds (not scaled). All draws come from a seeded stream, so
 * the same seed gives the same sequence of faults.
 */
export interface FaultConfig {
  /** Added latency before every answer, ms; a number or a [min, max] range. */
  latencyMs?: number | [number, number];
  /** Fraction of requests answered with each status (bodies in the vendor's error shape). */
  errorRates?: Partial<Record<500 | 502 | 503, number>>;
  /** Fraction of requests that never get an answer (the client's timeout fires). */
  timeoutRate?: number;
  /** Fraction of requests whose connection is reset (socket destroyed, no response). */
  resetRate?: number;
  /** Answer the next `count` requests with 429 and `Retry-After: retryAfterSeconds`. */
  rateLimitStorm?: { count: number; retryAfterSeconds: number };
  /** Outgoing webhooks: fraction dropped (never sent) and fraction sent twice. */
  webhooks?: { dropRate?: number; duplicateRate?: number };
  /** Paths (prefix match) that faults never touch, e.g. inspection endpoints. */
  exemptPaths?: string[];
}

/** The fault a request drew, recorded in the sandbox's call log. */
export type InjectedFault = 'latency' | 'error' | 'timeout' | 'reset' | 'rate_limit_storm';

/** Vendor-specific rendering of an injected error or 429 (status, headers, body). */
export type FaultResponder = (
  status: number,
  reply: FastifyReply,
  retryAfterSeconds?: number,
) => FastifyReply;

/**
 * Applies a {@link FaultConfig} to requests. `apply` returns `true` when it already
 * answered (or dropped) the request, so the route must not run.
 */
export class FaultInjector {
  private config: FaultConfig = {};
  private readonly draws: SeededStream;
  private readonly webhookDraws: SeededStream;
  private stormLeft = 0;

  constructor(seed: string | number) {
    this.draws = new SeededStream(seed, 'faults');
    this.webhookDraws = new SeededStream(seed, 'webhook-faults');
  }

  /** Replaces the whole configuration (an empty object turns every fault off). */
  configure(config: FaultConfig): void {
    this.config = { ...config };
    this.stormLeft = config.rateLimitStorm?.count ?? 0;
  }

  current(): FaultConfig {
    return { ...this.config };
  }

  /** For outgoing webhooks: how many copies to send (0 = dropped, 2 = duplicated). */
  webhookCopies(): number {
    const w = this.config.webhooks;
    if (!w) return 1;
    const draw = this.webhookDraws.next();
    if (draw < (w.dropRate ?? 0)) return 0;
    if (draw < (w.dropRate ?? 0) + (w.duplicateRate ?? 0)) return 2;
    return 1;
  }

  /**
   * Draws this request's fault. Returns what was injected; for everything but `latency`
   * the request has been answered (error, 429) or taken over (timeout, reset), so the
   * route must not run (`reply.sent` is true).
   */
  async apply(
    request: FastifyRequest,
    reply: FastifyReply,
    respond: FaultResponder,
  ): Promise<InjectedFault | undefined> {
    const c = this.config;
    const path = request.url.split('?')[0];
    if (c.exemptPaths?.some((p) => path.startsWith(p))) return undefined;

    let fault: InjectedFault | undefined;
    if (c.latencyMs !== undefined) {
      const ms = Array.isArray(c.latencyMs)
        ? c.latencyMs[0] + this.draws.next() * (c.latencyMs[1] - c.latencyMs[0])
        : c.latencyMs;
      if (ms > 0) {
        await new Promise((resolve) => setTimeout(resolve, ms));
        fault = 'latency';
      }
    }
    if (this.stormLeft > 0 && c.rateLimitStorm) {
      this.stormLeft--;
      respond(429, reply, c.rateLimitStorm.retryAfterSeconds);
      return 'rate_limit_storm';
    }
    const draw = this.draws.next();
    let edge = 0;
    if (c.resetRate && draw < (edge += c.resetRate)) {
      reply.hijack();
      request.raw.socket.destroy();
      return 'reset';
    }
    if (c.timeoutRate && draw < (edge += c.timeoutRate)) {
      // Never answer; the connection stays open until the client gives up.
      reply.hijack();
      return 'timeout';
    }
    for (const status of [500, 502, 503] as const) {
      const rate = c.errorRates?.[status];
      if (rate && draw < (edge += rate)) {
        respond(status, reply, status === 503 ? 1 : undefined);
        return 'error';
      }
    }
    return fault;
  }
}
