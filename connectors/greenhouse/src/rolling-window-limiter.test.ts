import { type LimiterSlot, RollingWindowLimiter } from './rolling-window-limiter';
import { FakeTime, settle } from './__fixtures__/fake-time';

function setup(limit = 3, windowMs = 1_000, maxConcurrent = 10) {
  const time = new FakeTime();
  const limiter = new RollingWindowLimiter({
    limit,
    windowMs,
    maxConcurrent,
    clock: { now: () => time.now },
    timers: time,
  });
  const slots: LimiterSlot[] = [];
  /** Asks for `n` slots; granted ones land in `slots` (in order). */
  const request = (n: number) => {
    for (let i = 0; i < n; i++) void limiter.acquire().then((slot) => slots.push(slot));
  };
  return { time, limiter, slots, request };
}

describe('RollingWindowLimiter', () => {
  it('lets `limit` requests go, then the next one when the oldest answer leaves the window', async () => {
    const { time, limiter, slots, request } = setup(3, 1_000);
    request(5);
    await settle();
    expect(slots).toHaveLength(3);
    await time.advance(100);
    slots[0].done(); // answered at +100: counts until +1100
    await time.advance(200);
    slots[1].done(); // answered at +300: counts until +1300
    slots[2].done();
    await time.advance(799); // +1099
    expect(slots).toHaveLength(3);
    await time.advance(1); // +1100: the first answer leaves the rolling window
    expect(slots).toHaveLength(4);
    expect(slots[3].sentAt).toBe(1_000_000 + 1_100);
    await time.advance(199);
    expect(slots).toHaveLength(4);
    await time.advance(1);
    expect(slots).toHaveLength(5);
    expect(limiter.queued).toBe(0);
  });

  it('counts requests in flight as taken: no slot frees before the answer arrives', async () => {
    const { time, slots, request } = setup(2, 1_000);
    request(3);
    await settle();
    expect(slots).toHaveLength(2);
    await time.advance(5_000); // both still in flight: nothing frees, however long
    expect(slots).toHaveLength(2);
    slots[0].done();
    await time.advance(999);
    expect(slots).toHaveLength(2);
    await time.advance(1);
    expect(slots).toHaveLength(3);
  });

  it('a steady stream uses the whole limit: `limit` answered requests in every window', async () => {
    const { time, slots, request } = setup(10, 1_000);
    request(100);
    const answered = new Set<LimiterSlot>();
    // Every granted request is answered 20 ms after it was sent.
    for (let step = 0; step < 4_000 && answered.size < 100; step++) {
      for (const slot of slots) {
        if (!answered.has(slot) && time.now - slot.sentAt >= 20) {
          slot.done();
          answered.add(slot);
        }
      }
      await time.advance(5);
    }
    const sent = slots.map((s) => s.sentAt);
    expect(sent).toHaveLength(100);
    for (let i = 10; i < sent.length; i++) {
      // Never more than 10 answered within any 1,000 ms at the vendor: the 11th goes only
      // when the 1st answer (20 ms after its send) has left the window…
      expect(sent[i] - sent[i - 10]).toBeGreaterThanOrEqual(1_020);
      // …and at once then: no idle time.
      expect(sent[i] - sent[i - 10]).toBeLessThanOrEqual(1_025);
    }
  });

  it('holds at most maxConcurrent in flight', async () => {
    const { slots, request } = setup(100, 1_000, 2);
    request(5);
    await settle();
    expect(slots).toHaveLength(2);
    slots[0].done();
    await settle();
    expect(slots).toHaveLength(3);
  });

  it('X-RateLimit-Remaining tightens (another client on the credential) but never loosens', async () => {
    const { time, limiter, slots, request } = setup(10, 1_000);
    request(1);
    await settle();
    const first = slots[0];
    first.done();
    // Greenhouse counts 7 (limit 10, 3 left), we sent 1: 6 belong to someone else.
    limiter.observeRemaining(3, first.sentAt);
    expect(limiter.available()).toBe(3);
    // A stale, higher Remaining does not give slots back.
    limiter.observeRemaining(9, first.sentAt);
    expect(limiter.available()).toBe(3);
    request(4);
    await settle();
    expect(slots).toHaveLength(4);
    await time.advance(1_000); // the window moved past all of them
    expect(slots).toHaveLength(5);
  });

  it('a Remaining that only lags behind our own requests in flight adds nothing', async () => {
    const { limiter, slots, request } = setup(10, 1_000);
    request(4);
    await settle();
    slots[0].done();
    // Greenhouse counted 2 of our 4 when it answered the first: stale, not foreign traffic.
    limiter.observeRemaining(8, slots[0].sentAt);
    expect(limiter.available()).toBe(6);
  });

  it('X-RateLimit-Limit changes the limit both ways', async () => {
    const { limiter, slots, request } = setup(2, 1_000);
    request(4);
    await settle();
    expect(slots).toHaveLength(2);
    limiter.setLimit(3);
    await settle();
    expect(slots).toHaveLength(3);
    limiter.setLimit(1);
    expect(limiter.limit).toBe(1);
    expect(limiter.available()).toBe(0);
  });

  it('a pause (429 Retry-After) holds everyone, then lets one request go even with a full log', async () => {
    const { time, limiter, slots, request } = setup(2, 1_000);
    let resume!: () => void;
    request(2);
    await settle();
    slots.forEach((s) => s.done());
    limiter.pause(new Promise<void>((resolve) => (resume = resolve)));
    request(2);
    await time.advance(5_000); // the log is empty again, but the pause holds
    expect(slots).toHaveLength(2);
    resume();
    await settle();
    expect(slots).toHaveLength(4);
    // With a full log, the pause's end still lets exactly one go.
    slots.slice(2).forEach((s) => s.done());
    limiter.pause(new Promise<void>((resolve) => (resume = resolve)));
    request(2);
    resume();
    await settle();
    expect(slots).toHaveLength(5);
    await time.advance(1_000);
    expect(slots).toHaveLength(6);
  });

  it('schedule stamps the slot when the task settles, also when it fails', async () => {
    const { time, limiter } = setup(1, 1_000);
    await expect(limiter.schedule(() => Promise.reject(new Error('ECONNRESET')))).rejects.toThrow(
      'ECONNRESET',
    );
    expect(limiter.available()).toBe(0);
    await time.advance(1_000);
    expect(limiter.available()).toBe(1);
  });
});
