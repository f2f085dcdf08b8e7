import { runDemo } from '@zenhire-connect/cli';
import pino from 'pino';

// `zenhire-connect demo` end to end (fewer candidates than the default dozen to keep the
// test short): every candidate's Greenhouse record holds what the mapping planned.
describe('demo', () => {
  it('writes every candidate scores into the Greenhouse sandbox', async () => {
    const report = await runDemo({
      candidates: 5,
      logger: pino({ level: 'silent' }),
      deadlineMs: 25_000,
    });

    expect(report.problems).toEqual([]);
    expect(report.rows).toHaveLength(5);
    for (const row of report.rows) {
      expect({ candidate: row.candidate, problems: row.problems }).toEqual({
        candidate: row.candidate,
        problems: [],
      });
      expect(row.cefr).toMatch(/^(A1|A2|B1|B2|C1|C2)$/);
      expect(row.overallPercent).toEqual(expect.any(Number));
      expect(row.fluencyPercent).toEqual(expect.any(Number));
      expect(row.written).toEqual(
        expect.arrayContaining(['3 fields', 'note', 'tag zenhire-assessed']),
      );
      // Stage rules: B2 or better moves on, below B1 is rejected, B1 stays (or a held result).
      if (row.written.includes('move')) expect(row.newStage).toBe('Hiring Manager Interview');
      else if (row.written.includes('reject')) expect(row.newStage).toMatch(/^rejected/);
      else expect(row.newStage).toBe('ZenHire Screen');
    }
    expect(report.ok).toBe(true);
    expect(report.figures.completedRuns).toBe(5);
    expect(report.figures.atsCallsPerWriteBack).toBeGreaterThanOrEqual(3);
    expect(report.figures.atsCallsTrigger).toBe(0);
  });
});
