import type { ConnectorCache, ConnectorHost, ConnectorLogger } from '@zenhire-connect/core';

/** One log call as recorded by `createMemoryConnectorHost`. */
export interface LoggedEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: object;
  msg?: string;
}

/**
 * A `ConnectorHost` kept in memory: a TTL cache (`now` in epoch ms, injectable) and a
 * logger that records every entry in `logs`. For examples and dry runs; the runtime uses
 * the store-backed cache instead. Tests should use `createTestConnectorHost` from
 * `@zenhire-connect/testkit` (same cache and log capture, values stored as JSON like the
 * store does); this export stays for callers outside this package.
 */
export function createMemoryConnectorHost(
  name: string,
  config: unknown,
  now: () => number = Date.now,
): ConnectorHost & {
  logs: LoggedEntry[];
  entries: Map<string, { value: unknown; expiresAt?: number }>;
} {
  const entries = new Map<string, { value: unknown; expiresAt?: number }>();
  const logs: LoggedEntry[] = [];
  const cache: ConnectorCache = {
    async get<T>(key: string) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt !== undefined && entry.expiresAt <= now()) {
        entries.delete(key);
        return undefined;
      }
      return structuredClone(entry.value) as T;
    },
    async set<T>(key: string, value: T, ttlMs?: number) {
      entries.set(key, {
        value: structuredClone(value),
        ...(ttlMs ? { expiresAt: now() + ttlMs } : {}),
      });
    },
    async delete(key: string) {
      entries.delete(key);
    },
  };
  const log =
    (level: LoggedEntry['level']) =>
    (obj: object, msg?: string): void => {
      logs.push({ level, obj, ...(msg ? { msg } : {}) });
    };
  const logger: ConnectorLogger = {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
  };
  return { name, config, logger, cache, logs, entries };
}
