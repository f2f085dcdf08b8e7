import { formatMs, parseSince } from './duration';

describe('parseSince', () => {
  const now = Date.parse('2026-11-21T12:00:00Z');
  it('reads durations back from now and ISO date-times', () => {
    expect(parseSince('90s', now)).toBe(now - 90_000);
    expect(parseSince('30m', now)).toBe(now - 1_800_000);
    expect(parseSince('24h', now)).toBe(Date.parse('2026-11-20T12:00:00Z'));
    expect(parseSince('7d', now)).toBe(Date.parse('2026-11-14T12:00:00Z'));
    expect(parseSince('2026-11-20T08:00:00Z', now)).toBe(Date.parse('2026-11-20T08:00:00Z'));
  });
  it('refuses anything else with exit code 1', () => {
    expect(() => parseSince('yesterday', now)).toThrow(
      expect.objectContaining({ code: 'SINCE_INVALID', exitCode: 1 }),
    );
  });
  it('formats durations for people', () => {
    expect(formatMs(850)).toBe('850 ms');
    expect(formatMs(4_230)).toBe('4.2 s');
    expect(formatMs(85_000)).toBe('1 min 25 s');
  });
});
