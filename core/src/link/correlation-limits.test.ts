import {
  CORRELATION_LIMITS as CLIENT_LIMITS,
  validateCorrelation,
} from '@zenhire-connect/zenhire-client';
import { CORRELATION_LIMITS } from './correlation-limits';
import { encodeLink } from './link-codec';

describe('CORRELATION_LIMITS', () => {
  it('agrees with the ZenHire client’s limits (one set of §2 figures)', () => {
    expect(CORRELATION_LIMITS).toEqual(CLIENT_LIMITS);
  });

  it('produces fields the client’s validator accepts', () => {
    const fields = encodeLink(
      {
        module: 'interview',
        record: { connector: 'greenhouse-eu', candidateId: '1', applicationId: '2', jobId: '3' },
        triggerId: 'invite',
      },
      { metadata: { team: 'eu' }, tags: ['batch'] },
    );
    expect(() =>
      validateCorrelation({
        candidateRef: fields.externalId,
        metadata: fields.metadata,
        tags: fields.tags,
      }),
    ).not.toThrow();
  });
});
