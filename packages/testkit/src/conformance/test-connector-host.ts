import type { ConnectorCache, ConnectorHost, ConnectorLogger } from '@zenhire-connect/core';

/** One log call captured by {@link createTestConnectorHost}. */
export interface CapturedLog {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: object;
  msg?: string;
}

/** A `ConnectorHost` whose logs and cache can be inspected. */
export interface TestConnectorHost extends ConnectorHost {
  /** Every log call, in order. */
  logs: CapturedLog[];
  /** Cache content: key → `{ value, expiresAt? }` (epoch ms). */
  cacheEntries: Map<string, { value: unknown; expiresAt?: number }>;
}

/** Options of {@link createTestConnectorHost}. */
export interface TestConnectorHostOptions {
  /** Instance name (default `conformance`). */
  name?: string;
  /** Instance config as the plugin's `configSchema` produced it. */
  config: unknown;
  /** Epoch ms for cache expiry (default `Date.now`). */
  now?: () => number;
}

/**
 * A `ConnectorHost` for tests: an in-memory `ConnectorCache` (values stored as JSON copies,
 * TTL in ms against `now`) and a logger that keeps every call in `logs` (pino-style
 * `(obj, msg?)`). The runtime uses the store-backed cache and pino instead.
 */
export function createTestConnectorHost(options: TestConnectorHostOptions): TestConnectorHost {
  const now = options.now ?? Date.now;
  const cacheEntries = new Map<string, { value: unknown; expiresAt?: number }>();
  const logs: CapturedLog[] = [];
  const cache: ConnectorCache = {
    async get<T>(key: string): Promise<T | undefined> {
      const entry = cacheEntries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt !== undefined && entry.expiresAt <= now()) {
        cacheEntries.delete(key);
        return undefined;
      }
      return JSON.parse(JSON.stringify(entry.value)) as T;
    },
    async set<T>(key: string, value: T, ttlMs?: number): Promise<void> {
      cacheEntries.set(key, {
        value: JSON.parse(JSON.stringify(value ?? null)),
        ...(ttlMs !== undefined ? { expiresAt: now() + ttlMs } : {}),
      });
    },
    async delete(key: string): Promise<void> {
      cacheEntries.delete(key);
    },
  };
  const log =
    (level: CapturedLog['level']) =>
    (obj: object, msg?: string): void => {
      logs.push({ level, obj, ...(msg !== undefined ? { msg } : {}) });
    };
  const logger: ConnectorLogger = {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
  };
  return {
    name: options.name ?? 'conformance',
    config: options.config,
    logger,
    cache,
    logs,
    cacheEntries,
  };
}
