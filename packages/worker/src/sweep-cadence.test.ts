import { documentedPollDelayMs, SweepCadence } from './sweep-cadence';

describe('SweepCadence', () => {
  it('follows the documented 15/30/60 s cadence before any run has finished', () => {
    expect([0, 119_999, 120_000, 299_999, 300_000].map(documentedPollDelayMs)).toEqual([
      15_000, 15_000, 30_000, 30_000, 60_000,
    ]);
    const cadence = new SweepCadence();
    const sweep = { calls: 1, completed: 0, open: 3, elapsedMs: 15_000 };
    expect(cadence.next({ ...sweep, youngestOpenAgeMs: 10_000 })).toBe(15_000);
    expect(cadence.next({ ...sweep, youngestOpenAgeMs: 400_000 })).toBe(60_000);
  });

  it('waits longer when a listing call finds few finished runs, within the latency bound', () => {
    const cadence = new SweepCadence({ listCallsPerRun: 0.1, maxIntervalMs: 300_000 });
    // 2 runs per minute finish: one call should find 10 → about 5 minutes.
    const next = cadence.next({
      calls: 1,
      completed: 1,
      open: 400,
      youngestOpenAgeMs: 10_000,
      elapsedMs: 30_000,
    });
    expect(next).toBe(300_000);
    const busy = new SweepCadence({ listCallsPerRun: 0.1 });
    // 200 runs per minute: the documented cadence wins.
    expect(
      busy.next({
        calls: 1,
        completed: 100,
        open: 50,
        youngestOpenAgeMs: 10_000,
        elapsedMs: 30_000,
      }),
    ).toBe(15_000);
  });

  it('idles when nothing is open and never goes below 10 s', () => {
    const cadence = new SweepCadence({ minIntervalMs: 1_000, idleIntervalMs: 90_000 });
    expect(
      cadence.next({ calls: 1, completed: 0, open: 0, youngestOpenAgeMs: null, elapsedMs: 1 }),
    ).toBe(90_000);
    expect(
      cadence.next({ calls: 1, completed: 0, open: 1, youngestOpenAgeMs: 0, elapsedMs: 1 }),
    ).toBeGreaterThanOrEqual(10_000);
  });
});
