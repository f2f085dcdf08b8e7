import { decodeLink } from './decode-link';
import { LinkRuleSchema, type LinkRule } from './link-rules';

describe('link rules', () => {
  const greenhouseByExternalId: LinkRule = {
    name: 'gh-app',
    connector: 'greenhouse-eu',
    externalId: 'applicationId',
  };
  const leverByMetadata: LinkRule = {
    name: 'lever-opp',
    connector: 'lever',
    metadataKey: 'ats_candidate',
    as: 'applicationId',
    candidateMetadataKey: 'ats_contact',
  };

  it('reads "externalId is the Greenhouse application id"', () => {
    const result = decodeLink(
      { id: 'req_1', module: 'speech', externalId: '67890', metadata: {}, tags: [] },
      { rules: [greenhouseByExternalId] },
    );
    expect(result).toEqual({
      linked: true,
      link: {
        runId: 'req_1',
        module: 'speech',
        // Candidate id unknown: resolved later through the connector, never guessed.
        record: { connector: 'greenhouse-eu', candidateId: '', applicationId: '67890' },
        source: { kind: 'rule', rule: 'gh-app' },
      },
    });
  });

  it('reads "metadata key ats_candidate holds the Lever opportunity id" (interview candidate_ref ignored)', () => {
    const result = decodeLink(
      {
        id: 's-1',
        module: 'interview',
        externalId: 'something else',
        metadata: { ats_candidate: 'opp-uuid', ats_contact: 'contact-uuid' },
        tags: [],
      },
      { rules: [leverByMetadata] },
    );
    expect(result).toMatchObject({
      linked: true,
      link: {
        record: { connector: 'lever', candidateId: 'contact-uuid', applicationId: 'opp-uuid' },
        source: { kind: 'rule', rule: 'lever-opp' },
      },
    });
  });

  it('applies a pattern with a named group and skips values it does not match', () => {
    const rule: LinkRule = {
      name: 'prefixed',
      connector: 'greenhouse-eu',
      externalId: 'candidateId',
      pattern: '^GH-(?<id>\\d+)$',
    };
    const hit = decodeLink(
      { id: 'r', module: 'cv_deepmatch', externalId: 'GH-42', metadata: {}, tags: [] },
      { rules: [rule] },
    );
    expect(hit).toMatchObject({ linked: true, link: { record: { candidateId: '42' } } });
    const miss = decodeLink(
      { id: 'r', module: 'cv_deepmatch', externalId: 'LV-42', metadata: {}, tags: [] },
      { rules: [rule] },
    );
    expect(miss).toMatchObject({ linked: false, reason: 'foreign' });
  });

  it('honours tag and module filters and takes the first rule that applies', () => {
    const tagged: LinkRule = { ...greenhouseByExternalId, name: 'tagged', tags: ['from-gh'] };
    const speechOnly: LinkRule = {
      ...greenhouseByExternalId,
      name: 'speech-only',
      connector: 'gh-us',
      modules: ['speech'],
    };
    const run = {
      id: 'r',
      module: 'speech' as const,
      externalId: '1',
      metadata: {},
      tags: [] as string[],
    };
    expect(decodeLink(run, { rules: [tagged, speechOnly] })).toMatchObject({
      link: { source: { rule: 'speech-only' } },
    });
    expect(
      decodeLink({ ...run, tags: ['from-gh'] }, { rules: [tagged, speechOnly] }),
    ).toMatchObject({
      link: { source: { rule: 'tagged' } },
    });
    expect(decodeLink({ ...run, module: 'cv_deepmatch' }, { rules: [speechOnly] })).toMatchObject({
      reason: 'foreign',
    });
  });

  it('reports unknown_connector when a rule names an unconfigured instance', () => {
    expect(
      decodeLink(
        { id: 'r', module: 'speech', externalId: '1', metadata: {}, tags: [] },
        { rules: [greenhouseByExternalId], connectors: ['lever'] },
      ),
    ).toMatchObject({ linked: false, reason: 'unknown_connector' });
  });

  it('does not apply to a run whose source value is missing or empty', () => {
    expect(
      decodeLink(
        {
          id: 'r',
          module: 'speech',
          externalId: null,
          metadata: { ats_candidate: ' ' },
          tags: ['x'],
        },
        {
          rules: [greenhouseByExternalId, leverByMetadata],
        },
      ),
    ).toMatchObject({ linked: false, reason: 'foreign' });
  });

  describe('LinkRuleSchema', () => {
    it('accepts the YAML spellings and normalises them', () => {
      expect(
        LinkRuleSchema.parse({ name: 'a', connector: 'gh', externalId: 'application_id' }),
      ).toEqual({
        name: 'a',
        connector: 'gh',
        externalId: 'applicationId',
      });
      expect(
        LinkRuleSchema.parse({
          name: 'b',
          connector: 'lever',
          metadataKey: 'ats_candidate',
          as: 'applicationId',
        }).as,
      ).toBe('applicationId');
    });

    it.each([
      [{ name: 'a', connector: 'gh' }, 'exactly one'],
      [
        {
          name: 'a',
          connector: 'gh',
          externalId: 'candidate_id',
          metadataKey: 'k',
          as: 'candidateId',
        },
        'exactly one',
      ],
      [{ name: 'a', connector: 'gh', metadataKey: 'k' }, 'needs as'],
      [
        { name: 'a', connector: 'gh', externalId: 'candidate_id', pattern: '^(\\d+)$' },
        'named group',
      ],
      [
        { name: 'a', connector: 'gh', externalId: 'candidate_id', pattern: '(' },
        'not a valid regular expression',
      ],
      [{ name: 'a', connector: 'gh', externalId: 'candidate_id', extra: 1 }, 'extra'],
    ])('rejects %j', (input, message) => {
      const result = LinkRuleSchema.safeParse(input);
      expect(result.success).toBe(false);
      expect(JSON.stringify(result.error?.issues)).toContain(message);
    });
  });
});
