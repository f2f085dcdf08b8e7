import type { ZenHireTransport } from '../http/transport';
import { pollUntilTerminal, type PollPlan, type WaitOptions } from '../polling';
import { submitWithRecovery, type SubmitPlan } from '../submit-recovery';

/** What every API module shares within one client. */
export interface ModuleContext {
  transport: ZenHireTransport;
  /** Last poll time per run id (ms), shared so one id is never polled faster than every 10 s. */
  lastPollAt: Map<string, number>;
  /**
   * How far before the first submit attempt an ambiguous-failure lookup searches, in ms
   * (absorbs clock skew between this host and ZenHire). Default 5 min.
   */
  lookupWindowMs: number;
  /** Wait before a lookup after an ambiguous failure, in ms. Default 2,000. */
  lookupDelayMs: number;
}

/** Encodes one path segment. */
export function segment(id: string): string {
  if (typeof id !== 'string' || id.length === 0)
    throw new TypeError('id must be a non-empty string');
  return encodeURIComponent(id);
}

/** Date or ISO string → ISO 8601 string. */
export function isoDate(value: Date | string | undefined | null): string | undefined {
  if (value === undefined || value === null) return undefined;
  return value instanceof Date ? value.toISOString() : value;
}

/**
 * {@link submitWithRecovery} with the client's retry options, sleep, jitter source, logger and
 * lookup delay filled in; the caller gives only what differs per submit.
 * @throws whatever {@link submitWithRecovery} throws
 */
export function submitVia<T>(
  ctx: ModuleContext,
  plan: Omit<SubmitPlan<T>, 'retry' | 'sleep' | 'random' | 'logger' | 'lookupDelayMs'>,
): Promise<T> {
  const { transport } = ctx;
  return submitWithRecovery({
    ...plan,
    retry: transport.retryOptions,
    sleep: transport.sleep,
    random: transport.random,
    logger: transport.logger,
    lookupDelayMs: ctx.lookupDelayMs,
  });
}

/**
 * {@link pollUntilTerminal} with the client's sleep, clock, logger and shared per-id
 * `lastPollAt` (the 10 s floor of §4) filled in.
 * @throws whatever {@link pollUntilTerminal} throws
 */
export function waitVia<T>(
  ctx: ModuleContext,
  plan: Omit<PollPlan<T>, 'sleep' | 'now' | 'lastPollAt' | 'logger'>,
  options: WaitOptions<T>,
): Promise<T> {
  const { transport } = ctx;
  return pollUntilTerminal<T>(
    {
      ...plan,
      sleep: transport.sleep,
      now: transport.now,
      lastPollAt: ctx.lastPollAt,
      logger: transport.logger,
    },
    options,
  );
}
