import { LinkEncodeError } from './link-errors';
import { decodeLink } from './decode-link';
import {
  decodeSchemeLink,
  encodeLink,
  encodeRecordReference,
  parseRecordReference,
  type LinkTarget,
} from './link-codec';
import { RUN_MODULES, type CorrelationFields, type RunModule } from '../model/run';

const record = {
  connector: 'greenhouse-eu',
  candidateId: '12345',
  applicationId: '67890',
  jobId: '555',
  stageId: '42',
};

function asRun(module: RunModule, fields: CorrelationFields, id = 'run_1') {
  return { id, module, ...fields };
}

function captureError(fn: () => unknown): LinkEncodeError {
  try {
    fn();
  } catch (error) {
    if (error instanceof LinkEncodeError) return error;
    throw error;
  }
  throw new Error('expected a LinkEncodeError');
}

describe('encodeLink / decodeLink round trip', () => {
  it.each(RUN_MODULES)('round-trips a full link for %s runs', (module) => {
    const target: LinkTarget = {
      module,
      record,
      triggerId: 'invite-on-screen',
      parentRunId: 'sess-1',
    };
    const fields = encodeLink(target, { metadata: { team: 'eu' }, tags: ['batch-3'] });
    expect(fields.externalId).toBe('zc1:greenhouse-eu:67890');
    expect(fields.metadata).toEqual({
      zc_v: '1',
      zc_connector: 'greenhouse-eu',
      zc_candidate: '12345',
      zc_application: '67890',
      zc_job: '555',
      zc_stage: '42',
      zc_trigger: 'invite-on-screen',
      zc_parent_run: 'sess-1',
      team: 'eu',
    });
    expect(fields.tags).toEqual(['zc', 'zc-conn:greenhouse-eu', 'zc-job:555', 'batch-3']);
    const result = decodeLink(asRun(module, fields, 'run_9'));
    expect(result).toEqual({
      linked: true,
      link: {
        runId: 'run_9',
        module,
        record,
        triggerId: 'invite-on-screen',
        parentRunId: 'sess-1',
        source: { kind: 'scheme', version: 'zc1' },
      },
    });
  });

  it('uses c-<candidateId> when the record has no application', () => {
    const fields = encodeLink({
      module: 'speech',
      record: { connector: 'lever', candidateId: 'abc' },
    });
    expect(fields.externalId).toBe('zc1:lever:c-abc');
    expect(fields.tags).toEqual(['zc', 'zc-conn:lever']);
    const result = decodeLink(asRun('speech', fields));
    expect(result.linked && result.link.record).toEqual({ connector: 'lever', candidateId: 'abc' });
  });

  it('escapes separators and non-ASCII so any id round-trips', () => {
    const odd = { connector: 'gh:eu', candidateId: 'x/y z', applicationId: 'c-1:2é' };
    const reference = encodeRecordReference(odd);
    expect(reference).toBe('zc1:gh%3Aeu:%63-1%3A2%C3%A9');
    expect(parseRecordReference(reference)).toEqual({
      connector: 'gh:eu',
      applicationId: 'c-1:2é',
    });
    expect(
      parseRecordReference(encodeRecordReference({ connector: 'l', candidateId: 'c-1' })),
    ).toEqual({
      connector: 'l',
      candidateId: 'c-1',
    });
    const fields = encodeLink({ module: 'cv_deepmatch', record: odd });
    const result = decodeLink(asRun('cv_deepmatch', fields));
    expect(result.linked && result.link.record).toEqual(odd);
  });

  it('accepts runs whose module does not echo the reference (CV DeepMatch: externalId absent)', () => {
    const fields = encodeLink({ module: 'cv_deepmatch', record });
    const result = decodeLink({
      id: 'cvdm_1',
      module: 'cv_deepmatch',
      metadata: fields.metadata,
      tags: [],
    });
    expect(result.linked).toBe(true);
  });

  it('is deterministic', () => {
    const target: LinkTarget = { module: 'interview', record, triggerId: 't' };
    expect(encodeLink(target)).toEqual(encodeLink(target));
  });
});

describe('limits (zenhire-api.md §2)', () => {
  it('accepts a 255-char externalId and refuses 256 for speech', () => {
    const base = 'zc1:gh:'.length;
    const ok = encodeLink({
      module: 'speech',
      record: { connector: 'gh', candidateId: '1', applicationId: 'a'.repeat(255 - base) },
    });
    expect(ok.externalId).toHaveLength(255);
    const error = captureError(() =>
      encodeLink({
        module: 'speech',
        record: { connector: 'gh', candidateId: '1', applicationId: 'a'.repeat(256 - base) },
      }),
    );
    expect(error.code).toBe('CORRELATION_LIMIT');
    expect(error.details).toMatchObject({ field: 'externalId', actual: '256 characters' });
  });

  it('accepts a 256-char candidate_ref and refuses 257 (never truncates)', () => {
    const base = 'zc1:gh:'.length;
    const ok = encodeLink({
      module: 'interview',
      record: { connector: 'gh', candidateId: '1', applicationId: 'a'.repeat(256 - base) },
    });
    expect(ok.externalId).toHaveLength(256);
    const error = captureError(() =>
      encodeLink({
        module: 'interview',
        record: { connector: 'gh', candidateId: '1', applicationId: 'a'.repeat(257 - base) },
      }),
    );
    expect(error.details).toMatchObject({ field: 'candidate_ref', actual: '257 characters' });
  });

  it('counts escaped characters in the length', () => {
    // 100 ':' become 300 chars once percent-encoded.
    const error = captureError(() =>
      encodeLink({ module: 'speech', record: { connector: 'gh', candidateId: ':'.repeat(100) } }),
    );
    expect(error.details).toMatchObject({ field: 'externalId' });
  });

  it('refuses metadata values over 500 chars', () => {
    const error = captureError(() =>
      encodeLink({ module: 'speech', record }, { metadata: { note: 'x'.repeat(501) } }),
    );
    expect(error.details).toMatchObject({ field: 'metadata.note' });
    expect(() =>
      encodeLink({ module: 'speech', record }, { metadata: { note: 'x'.repeat(500) } }),
    ).not.toThrow();
  });

  it('refuses metadata keys over 40 chars', () => {
    const error = captureError(() =>
      encodeLink({ module: 'speech', record }, { metadata: { ['k'.repeat(41)]: 'v' } }),
    );
    expect(error.details).toMatchObject({ field: `metadata.${'k'.repeat(41)}` });
  });

  it('refuses more than 50 keys once merged with the link keys', () => {
    // The full link uses 6 keys here (no trigger, no parent run): 44 user keys fit, 45 do not.
    const keys = (n: number) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));
    const fields = encodeLink({ module: 'speech', record }, { metadata: keys(44) });
    expect(Object.keys(fields.metadata)).toHaveLength(50);
    const error = captureError(() =>
      encodeLink({ module: 'speech', record }, { metadata: keys(45) }),
    );
    expect(error.details).toMatchObject({ field: 'metadata', actual: '51 keys' });
  });

  it('refuses metadata over 8 KB as JSON (UTF-8 bytes)', () => {
    // 20 values of 400 "é" (2 bytes each) = 16,000 bytes.
    const big = Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [`k${i}`, 'é'.repeat(400)]),
    );
    const error = captureError(() => encodeLink({ module: 'speech', record }, { metadata: big }));
    expect(error.details).toMatchObject({ field: 'metadata', limit: 'at most 8192 bytes as JSON' });
  });

  it('refuses user metadata in the zc_ namespace', () => {
    const error = captureError(() =>
      encodeLink({ module: 'speech', record }, { metadata: { zc_connector: 'other' } }),
    );
    expect(error.code).toBe('LINK_RESERVED_KEY');
  });

  it('refuses more than 20 distinct tags and tags outside 1–40 chars', () => {
    const tags = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`);
    // 3 link tags + 17 user tags = 20.
    expect(encodeLink({ module: 'speech', record }, { tags: tags(17) }).tags).toHaveLength(20);
    expect(
      captureError(() => encodeLink({ module: 'speech', record }, { tags: tags(18) })).details,
    ).toMatchObject({
      field: 'tags',
    });
    // Duplicates (after trimming) count once, as ZenHire de-duplicates.
    expect(
      encodeLink({ module: 'speech', record }, { tags: [...tags(17), ' t1 ', 'zc'] }).tags,
    ).toHaveLength(20);
    expect(
      captureError(() => encodeLink({ module: 'speech', record }, { tags: ['  '] })).details,
    ).toMatchObject({
      field: 'tags[0]',
    });
    expect(
      captureError(() => encodeLink({ module: 'speech', record }, { tags: ['x'.repeat(41)] }))
        .details,
    ).toMatchObject({ field: 'tags[0]' });
  });

  it('leaves out a derived connector tag that would exceed 40 chars (metadata still links)', () => {
    const long = { connector: 'c'.repeat(35), candidateId: '1' };
    const fields = encodeLink({ module: 'speech', record: long });
    expect(fields.tags).toEqual(['zc']);
    expect(decodeLink(asRun('speech', fields)).linked).toBe(true);
  });

  it('refuses a record without connector or candidate id', () => {
    expect(
      captureError(() =>
        encodeLink({ module: 'speech', record: { connector: 'gh', candidateId: '' } }),
      ).code,
    ).toBe('LINK_INVALID_RECORD');
  });
});

describe('decoding runs that are not (cleanly) ours', () => {
  const ours = encodeLink({ module: 'speech', record });

  it('reports no_correlation for a run without any correlation fields', () => {
    expect(
      decodeLink({ id: 'r', module: 'speech', externalId: null, metadata: {}, tags: [] }),
    ).toMatchObject({
      linked: false,
      reason: 'no_correlation',
    });
  });

  it('reports foreign for another system’s run, never guessing', () => {
    const result = decodeLink({
      id: 'r',
      module: 'speech',
      externalId: '67890',
      metadata: { ats: 'greenhouse' },
      tags: ['batch-3'],
    });
    expect(result).toMatchObject({ linked: false, reason: 'foreign' });
  });

  it('reports malformed when the reference disagrees with the metadata', () => {
    const result = decodeLink({
      ...ours,
      externalId: 'zc1:greenhouse-eu:99999',
      id: 'r',
      module: 'speech',
    });
    expect(result).toMatchObject({ linked: false, reason: 'malformed' });
    if (!result.linked) expect(result.detail).toContain('does not match');
  });

  it('reports malformed when a foreign externalId sits next to our metadata', () => {
    expect(decodeLink({ ...ours, externalId: 'ATS-1', id: 'r', module: 'speech' })).toMatchObject({
      reason: 'malformed',
    });
  });

  it('reports malformed for a zc1 reference without link metadata', () => {
    expect(
      decodeLink({
        id: 'r',
        module: 'speech',
        externalId: ours.externalId,
        metadata: {},
        tags: ['zc'],
      }),
    ).toMatchObject({ reason: 'malformed' });
  });

  it('reports malformed for an unknown version or missing keys', () => {
    expect(
      decodeLink({
        id: 'r',
        module: 'speech',
        metadata: { ...ours.metadata, zc_v: '2' },
        tags: [],
      }),
    ).toMatchObject({ reason: 'malformed' });
    const { zc_candidate: _omit, ...noCandidate } = ours.metadata;
    expect(
      decodeLink({ id: 'r', module: 'speech', metadata: noCandidate, tags: [] }),
    ).toMatchObject({
      reason: 'malformed',
    });
  });

  it('does not fall through to link rules for a malformed run of ours', () => {
    const result = decodeLink(
      { id: 'r', module: 'speech', externalId: 'zc1:gh', metadata: {}, tags: [] },
      { rules: [{ name: 'any', connector: 'gh', externalId: 'applicationId' }] },
    );
    expect(result).toMatchObject({ reason: 'malformed' });
  });

  it('reports unknown_connector when the instance is not configured', () => {
    const result = decodeLink({ ...ours, id: 'r', module: 'speech' }, { connectors: ['lever'] });
    expect(result).toMatchObject({ linked: false, reason: 'unknown_connector' });
    expect(
      decodeLink({ ...ours, id: 'r', module: 'speech' }, { connectors: ['greenhouse-eu'] }).linked,
    ).toBe(true);
    const configured = new Set(['greenhouse-eu']);
    expect(decodeLink({ ...ours, id: 'r', module: 'speech' }, { connectors: configured })).toEqual(
      decodeLink({ ...ours, id: 'r', module: 'speech' }, { connectors: ['greenhouse-eu'] }),
    );
    expect(
      decodeLink({ ...ours, id: 'r', module: 'speech' }, { connectors: new Set(['lever']) }),
    ).toMatchObject({ linked: false, reason: 'unknown_connector' });
  });

  it('decodeSchemeLink returns undefined for runs without any zc trace', () => {
    expect(
      decodeSchemeLink({ id: 'r', module: 'speech', externalId: 'x', metadata: { a: '1' } }),
    ).toBeUndefined();
  });
});
