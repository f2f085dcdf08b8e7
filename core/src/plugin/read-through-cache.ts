import { type Clock, systemClock } from '../ports/clock';
import type { ConnectorCache } from './connector';

interface Held {
  value: unknown;
  /** Epoch ms after which the entry is no longer fresh. */
  expiresAt: number;
}

/**
 * A read-through cache for connector metadata (stages, custom fields, users, ...), keyed by
 * string, in two tiers in front of a loader that reads the vendor API:
 *
 * 1. memory: per process (per instance of this class), fresh for `ttlMs` milliseconds after
 *    the value was stored or copied in; `peek` reads it synchronously (for `previewPlan`);
 * 2. the host's `ConnectorCache`: persisted and shared with every other process serving the
 *    same connector instance; values are written with TTL `ttlMs` and must be JSON.
 *
 * Loads are single-flight per key within this process: concurrent `get`/`reload` calls for a
 * key that is being loaded share that one load (and its loader, e.g. the first caller's call
 * meter). Other processes may load the same key at the same time. A loader that rejects is
 * not cached: the key is free again and the next `get` calls a loader again.
 *
 * Errors: rejections of the loader and of the `ConnectorCache` are passed on unchanged.
 */
export class ReadThroughCache {
  private readonly memory = new Map<string, Held>();
  private readonly loading = new Map<string, Promise<unknown>>();

  /**
   * @param cache the host's shared, persisted `ConnectorCache` (second tier).
   * @param ttlMs how long a value stays fresh, in milliseconds, in memory and in `cache`.
   * @param clock time source (epoch ms); `systemClock` by default.
   */
  constructor(
    private readonly cache: ConnectorCache,
    private readonly ttlMs: number,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * The value of `key`: from memory while fresh, else from the `ConnectorCache` (copied into
   * memory, fresh for another `ttlMs`), else from `loader` (shared with a load of `key`
   * already under way in this process), whose result is stored in both tiers.
   * Throws what `loader` or the `ConnectorCache` throws; a failed load is not cached.
   */
  async get<T>(key: string, loader: () => Promise<T>): Promise<T> {
    const held = this.peek<T>(key);
    if (held !== undefined) return held;
    const cached = await this.cache.get<T>(key);
    if (cached !== undefined) {
      this.hold(key, cached);
      return cached;
    }
    return this.reload(key, loader);
  }

  /**
   * Loads `key` through `loader` whatever the tiers hold (explicit refresh), joining a load
   * of `key` already under way in this process, and stores the result in memory and the
   * `ConnectorCache`. Throws what `loader` or the `ConnectorCache` throws; nothing is stored
   * then, and the next `get`/`reload` calls a loader again.
   */
  reload<T>(key: string, loader: () => Promise<T>): Promise<T> {
    const pending = this.loading.get(key) as Promise<T> | undefined;
    if (pending) return pending;
    const load = (async () => {
      const value = await loader();
      await this.set(key, value);
      return value;
    })().finally(() => this.loading.delete(key));
    this.loading.set(key, load);
    return load;
  }

  /**
   * The in-memory value of `key` in this process, synchronously; never reads the
   * `ConnectorCache` nor loads. Only a fresh value by default; with `stale: true` also one
   * older than `ttlMs` (a preview may prefer an old list to none). Undefined when absent.
   */
  peek<T>(key: string, options: { stale?: boolean } = {}): T | undefined {
    const held = this.memory.get(key);
    if (!held) return undefined;
    return options.stale || held.expiresAt > this.clock.now() ? (held.value as T) : undefined;
  }

  /**
   * The value of `key` from memory while fresh, else from the `ConnectorCache`, without
   * loading and without copying it into memory. Undefined when neither holds it.
   */
  async getIfCached<T>(key: string): Promise<T | undefined> {
    return this.peek<T>(key) ?? (await this.cache.get<T>(key));
  }

  /**
   * Stores `value` (JSON) under `key`: in memory (at once, fresh for `ttlMs`) and in the
   * `ConnectorCache` with TTL `ttlMs`. Throws what the `ConnectorCache` throws (the memory
   * copy is kept then).
   */
  async set<T>(key: string, value: T): Promise<void> {
    this.hold(key, value);
    await this.cache.set(key, value, this.ttlMs);
  }

  /**
   * Drops `key` from memory (at once) and from the `ConnectorCache`, so the next `get` loads
   * it. A load of `key` already under way still stores its result when it ends.
   */
  async forget(key: string): Promise<void> {
    this.memory.delete(key);
    await this.cache.delete(key);
  }

  /** The keys held in memory in this process that start with `prefix`, fresh or not. */
  keysInMemory(prefix = ''): string[] {
    return [...this.memory.keys()].filter((key) => key.startsWith(prefix));
  }

  private hold(key: string, value: unknown): void {
    this.memory.set(key, { value, expiresAt: this.clock.now() + this.ttlMs });
  }
}
