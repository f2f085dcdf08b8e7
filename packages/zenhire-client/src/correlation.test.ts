import { CORRELATION_LIMITS, checkCorrelation, validateCorrelation } from './correlation';
import { ZenHireLimitError } from './errors';

const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`key_${i}`, 'v']));

describe('validateCorrelation (zenhire-api.md §2)', () => {
  it('accepts values at every limit', () => {
    expect(() =>
      validateCorrelation({
        externalId: 'x'.repeat(255),
        candidateRef: 'c'.repeat(256),
        metadata: { ...fifty },
        tags: Array.from(
          { length: 20 },
          (_, i) => `${'t'.repeat(38)}${String(i).padStart(2, '0')}`,
        ),
      }),
    ).not.toThrow();
    expect(() =>
      validateCorrelation({ metadata: { k: 'v'.repeat(500), n: 3, b: true } }),
    ).not.toThrow();
  });

  it.each([
    [{ externalId: '' }, 'externalId'],
    [{ externalId: 'x'.repeat(256) }, 'externalId'],
    [{ candidateRef: 'c'.repeat(257) }, 'candidate_ref'],
    [{ metadata: { ...fifty, one_more: 'v' } }, 'metadata'],
    [{ metadata: { ['k'.repeat(41)]: 'v' } }, `metadata.${'k'.repeat(41)}`],
    [{ metadata: { '': 'v' } }, 'metadata.'],
    [{ metadata: { note: 'v'.repeat(501) } }, 'metadata.note'],
    [{ tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'tags'],
    [{ tags: ['ok', ''] }, 'tags[1]'],
    [{ tags: ['x'.repeat(41)] }, 'tags[0]'],
  ])('refuses %p naming %s', (input, field) => {
    try {
      validateCorrelation(input);
      throw new Error('no error');
    } catch (error) {
      expect(error).toBeInstanceOf(ZenHireLimitError);
      expect((error as ZenHireLimitError).field).toBe(field);
      expect((error as ZenHireLimitError).code).toBe('LIMIT_EXCEEDED');
    }
  });

  it('counts the 8 KB total in UTF-8 bytes', () => {
    const metadata = Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [`k${i}`, 'é'.repeat(250)]),
    );
    expect(checkCorrelation({ metadata })).toEqual([
      {
        field: 'metadata',
        limit: `at most ${CORRELATION_LIMITS.metadataMaxBytes} bytes as JSON`,
        actual: expect.stringMatching(/bytes$/),
      },
    ]);
  });

  it('counts tags after trimming and de-duplication, as ZenHire does', () => {
    const tags = [...Array.from({ length: 20 }, (_, i) => `t${i}`), ' t0 ', 't1'];
    expect(checkCorrelation({ tags })).toEqual([]);
  });

  it('lists every violation', () => {
    expect(
      checkCorrelation({ externalId: '', candidateRef: 'c'.repeat(300), tags: [''] }).map(
        (v) => v.field,
      ),
    ).toEqual(['externalId', 'candidate_ref', 'tags[0]']);
  });
});
