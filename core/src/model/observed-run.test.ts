import { isTerminalStatus, terminalAtOf, toObservedRun } from './observed-run';

describe('toObservedRun', () => {
  it('reads the session reference, stringifies metadata and marks terminal statuses', () => {
    expect(
      toObservedRun('interview', {
        id: 's1',
        status: 'completed',
        candidate_ref: 'zc1:gh:1',
        metadata: { n: 3, ok: true, none: null },
        tags: [],
        created_at: '2026-05-29T10:00:00Z',
      }),
    ).toMatchObject({
      externalId: 'zc1:gh:1',
      metadata: { n: '3', ok: 'true' },
      terminal: true,
      createdAt: '2026-05-29T10:00:00Z',
    });
    expect(
      toObservedRun('speech', { id: 'r', status: 'processing', metadata: {}, tags: [] }).terminal,
    ).toBe(false);
    expect(toObservedRun('cv_deepmatch', { id: 'c', status: 'finished' }).terminal).toBe(true);
  });

  it('maps a CV DeepMatch row field by field and keeps the body itself', () => {
    const body = {
      id: 'cvdm_1',
      status: 'failed',
      externalId: 'zc1:gh:2',
      metadata: { zc_v: '1' },
      tags: ['zc', 7],
      created_at: '2026-05-29T10:00:00Z',
    };
    const run = toObservedRun('cv_deepmatch', body);
    expect(run).toEqual({
      module: 'cv_deepmatch',
      id: 'cvdm_1',
      status: 'failed',
      terminal: true,
      externalId: 'zc1:gh:2',
      metadata: { zc_v: '1' },
      tags: ['zc'],
      createdAt: '2026-05-29T10:00:00Z',
      body,
    });
    expect(run.body).toBe(body);
  });

  it('defaults missing fields: AI interview id, soft-skills status, no createdAt', () => {
    const ai = toObservedRun('ai_interview', { interview_id: 'ai1', status: 'partial' });
    expect(ai).toMatchObject({ id: 'ai1', terminal: true, externalId: null, tags: [] });
    expect(ai.metadata).toEqual({});
    expect(ai).not.toHaveProperty('createdAt');
    expect(toObservedRun('soft_skills', { id: 'ss1' })).toMatchObject({
      status: 'scored',
      terminal: true,
    });
    expect(toObservedRun('speech', { status: 'success', created_at: '' })).not.toHaveProperty(
      'createdAt',
    );
    expect(toObservedRun('speech', { createdAt: 'a', created_at: 'b' }).createdAt).toBe('a');
  });
});

describe('isTerminalStatus', () => {
  it.each([
    ['speech', 'partial', true],
    ['speech', 'queued', false],
    ['interview', 'failed', true],
    ['cv_deepmatch', 'processing', false],
    ['soft_skills', 'anything', true],
  ] as const)('%s %s → %p', (module, status, expected) => {
    expect(isTerminalStatus(module, status)).toBe(expected);
  });
});

describe('terminalAtOf', () => {
  it('reads the first parseable completion field, in epoch ms', () => {
    expect(terminalAtOf({ processing_completed_at: '2026-05-29T10:00:00Z' })).toBe(
      Date.parse('2026-05-29T10:00:00Z'),
    );
    expect(terminalAtOf({ completedAt: 'not a date', timestamp: '2026-05-29T10:00:01Z' })).toBe(
      Date.parse('2026-05-29T10:00:01Z'),
    );
    expect(terminalAtOf({})).toBeUndefined();
    expect(terminalAtOf(null)).toBeUndefined();
  });
});
