import type { Clock } from '../ports/clock';
import type { ConnectorCache } from './connector';
import { ReadThroughCache } from './read-through-cache';

const TTL = 60_000;

/** A Map-backed ConnectorCache (TTL in ms on the same clock) that records its calls. */
function fakeCache(clock: Clock) {
  const entries = new Map<string, { value: unknown; expiresAt: number }>();
  const calls: string[] = [];
  const cache: ConnectorCache = {
    async get<T>(key: string) {
      calls.push(`get ${key}`);
      const entry = entries.get(key);
      return entry && entry.expiresAt > clock.now() ? (entry.value as T) : undefined;
    },
    async set<T>(key: string, value: T, ttlMs = Infinity) {
      calls.push(`set ${key} ${ttlMs}`);
      entries.set(key, { value, expiresAt: clock.now() + ttlMs });
    },
    async delete(key: string) {
      calls.push(`delete ${key}`);
      entries.delete(key);
    },
  };
  return { cache, entries, calls };
}

function setup() {
  let now = 1_000_000;
  const clock: Clock = { now: () => now };
  const shared = fakeCache(clock);
  return {
    clock,
    shared,
    advance: (ms: number) => (now += ms),
    /** A ReadThroughCache as one process sees it (memory of its own, shared ConnectorCache). */
    process: () => new ReadThroughCache(shared.cache, TTL, clock),
  };
}

describe('ReadThroughCache', () => {
  it('loads once, then answers from memory while fresh, storing in both tiers with the TTL', async () => {
    const t = setup();
    const cache = t.process();
    const loader = jest.fn(async () => ['a', 'b']);
    expect(await cache.get('k', loader)).toEqual(['a', 'b']);
    expect(t.shared.calls).toEqual(['get k', `set k ${TTL}`]);
    t.advance(TTL - 1);
    expect(await cache.get('k', loader)).toEqual(['a', 'b']);
    expect(loader).toHaveBeenCalledTimes(1);
    expect(t.shared.calls).toHaveLength(2); // memory answered: no ConnectorCache read
  });

  it('after the memory TTL, reads the ConnectorCache again, then the loader when that expired too', async () => {
    const t = setup();
    const cache = t.process();
    await cache.get('k', async () => 'first');
    t.advance(TTL);
    // Another process refreshed the shared entry meanwhile.
    await t.shared.cache.set('k', 'from another process', TTL);
    const loader = jest.fn(async () => 'second');
    expect(await cache.get('k', loader)).toBe('from another process');
    expect(loader).not.toHaveBeenCalled();
    expect(cache.peek('k')).toBe('from another process'); // copied into memory, fresh again
    t.advance(TTL);
    expect(await cache.get('k', loader)).toBe('second');
    expect(loader).toHaveBeenCalledTimes(1);
  });

  it('a new process starts from the ConnectorCache without loading', async () => {
    const t = setup();
    await t.process().get('k', async () => [1, 2, 3]);
    const other = t.process();
    expect(other.peek('k')).toBeUndefined();
    const loader = jest.fn(async () => [9]);
    expect(await other.get('k', loader)).toEqual([1, 2, 3]);
    expect(loader).not.toHaveBeenCalled();
  });

  it('10 concurrent gets of one key call the loader once and all get its value', async () => {
    const t = setup();
    const cache = t.process();
    let release!: (value: string) => void;
    const loader = jest.fn(() => new Promise<string>((resolve) => (release = resolve)));
    const gets = Array.from({ length: 10 }, () => cache.get('k', loader));
    await new Promise((resolve) => setImmediate(resolve));
    release('v');
    expect(await Promise.all(gets)).toEqual(Array(10).fill('v'));
    expect(loader).toHaveBeenCalledTimes(1);
    expect(t.shared.calls.filter((c) => c.startsWith('set'))).toEqual([`set k ${TTL}`]);
  });

  it('loads of different keys do not share', async () => {
    const t = setup();
    const cache = t.process();
    const loader = jest.fn(async () => 'v');
    await Promise.all([cache.get('a', loader), cache.get('b', loader)]);
    expect(loader).toHaveBeenCalledTimes(2);
  });

  it('a failed load is not cached, rejects every waiting caller, and the next get loads again', async () => {
    const t = setup();
    const cache = t.process();
    const failing = jest.fn(async (): Promise<string> => {
      throw new Error('vendor down');
    });
    const results = await Promise.allSettled([cache.get('k', failing), cache.get('k', failing)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(failing).toHaveBeenCalledTimes(1);
    expect(cache.peek('k', { stale: true })).toBeUndefined();
    expect(t.shared.entries.has('k')).toBe(false);

    const working = jest.fn(async () => 'v');
    expect(await cache.get('k', working)).toBe('v');
    expect(working).toHaveBeenCalledTimes(1);
  });

  it('reload loads whatever the tiers hold and joins a load under way', async () => {
    const t = setup();
    const cache = t.process();
    await cache.get('k', async () => 'old');
    const loader = jest.fn(async () => 'new');
    const [a, b] = await Promise.all([cache.reload('k', loader), cache.get('k', loader)]);
    expect(a).toBe('new');
    expect(b).toBe('old'); // memory still fresh for get
    expect(loader).toHaveBeenCalledTimes(1);
    expect(cache.peek('k')).toBe('new');
    expect(await t.shared.cache.get('k')).toBe('new');

    const both = await Promise.all([cache.reload('k', loader), cache.reload('k', loader)]);
    expect(both).toEqual(['new', 'new']);
    expect(loader).toHaveBeenCalledTimes(2);
  });

  it('forget drops memory and the ConnectorCache, so the next get loads', async () => {
    const t = setup();
    const cache = t.process();
    await cache.get('k', async () => 'old');
    await cache.forget('k');
    expect(cache.peek('k', { stale: true })).toBeUndefined();
    expect(t.shared.entries.has('k')).toBe(false);
    const loader = jest.fn(async () => 'new');
    expect(await cache.get('k', loader)).toBe('new');
    expect(loader).toHaveBeenCalledTimes(1);
  });

  it('peek is fresh-only by default; stale: true also shows an expired in-memory value', async () => {
    const t = setup();
    const cache = t.process();
    expect(cache.peek('k')).toBeUndefined();
    expect(cache.peek('k', { stale: true })).toBeUndefined();
    await cache.get('k', async () => 'v');
    expect(cache.peek('k')).toBe('v');
    t.advance(TTL);
    expect(cache.peek('k')).toBeUndefined();
    expect(cache.peek('k', { stale: true })).toBe('v');
  });

  it('set stores in memory at once and in the ConnectorCache with the TTL', async () => {
    const t = setup();
    const cache = t.process();
    const stored = cache.set('k', { id: 1 });
    expect(cache.peek('k')).toEqual({ id: 1 });
    await stored;
    expect(t.shared.calls).toEqual([`set k ${TTL}`]);
    const loader = jest.fn(async () => ({ id: 2 }));
    expect(await cache.get('k', loader)).toEqual({ id: 1 });
    expect(loader).not.toHaveBeenCalled();
  });

  it('getIfCached reads fresh memory, else the ConnectorCache, and never loads or copies', async () => {
    const t = setup();
    const cache = t.process();
    expect(await cache.getIfCached('k')).toBeUndefined();
    await t.shared.cache.set('k', 'shared', TTL);
    expect(await cache.getIfCached('k')).toBe('shared');
    expect(cache.peek('k')).toBeUndefined();
    await cache.set('k', 'mine');
    t.shared.calls.length = 0;
    expect(await cache.getIfCached('k')).toBe('mine');
    expect(t.shared.calls).toEqual([]);
  });

  it("keysInMemory lists the keys in this process's memory by prefix, expired ones included", async () => {
    const t = setup();
    const cache = t.process();
    await cache.set('gh:stages:1', []);
    await cache.set('gh:stages:2', []);
    await cache.set('gh:users', []);
    t.advance(TTL);
    expect(cache.keysInMemory('gh:stages:').sort()).toEqual(['gh:stages:1', 'gh:stages:2']);
    expect(cache.keysInMemory()).toHaveLength(3);
    await cache.forget('gh:stages:1');
    expect(cache.keysInMemory('gh:stages:')).toEqual(['gh:stages:2']);
  });
});
