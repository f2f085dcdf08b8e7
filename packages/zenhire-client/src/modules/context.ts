import type { ZenHireTransport } from '../http/transport';

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
