import type { GreenhouseSeed } from '@zenhire-connect/testkit';

/** Greenhouse ids of the demo hiring plan (seeded into the sandbox next to its fixture data). */
export const DEMO_JOB = {
  id: 9100,
  name: 'Customer Support Agent (EN)',
  stages: {
    review: { id: 9101, name: 'Application Review' },
    screen: { id: 9102, name: 'ZenHire Screen' },
    interview: { id: 9103, name: 'Hiring Manager Interview' },
    offer: { id: 9104, name: 'Offer' },
  },
} as const;

/** Rejection reason of the sandbox's fixture data used below B1. */
export const DEMO_REJECTION_REASON = 'Not qualified';

/** Application custom field the demo adds (the fixture data has `cefr_level` and `assessment_score`). */
export const DEMO_FLUENCY_FIELD = {
  id: 4010,
  name: 'Fluency Percent',
  name_key: 'fluency_percent',
} as const;

/**
 * Candidates of the Greenhouse documentation examples (ids and names of the sandbox's
 * fixture data: grnhse/greenhouse-api-docs, Apache-2.0), applied to the demo job.
 */
const FIXTURE_CANDIDATES = [
  { id: 265772, name: 'Giuseppe Hurley' },
  { id: 265788, name: 'Hector Porter' },
  { id: 60304594, name: 'Jane Smith' },
  { id: 53883394, name: 'John Locke' },
];

/** More candidates in the same shape (seeded with `seedData`). */
const EXTRA_CANDIDATES = [
  ['Amara', 'Okafor'],
  ['Lucas', 'Bernard'],
  ['Mei', 'Tanaka'],
  ['Sofia', 'Rossi'],
  ['Daniel', 'Kowalski'],
  ['Priya', 'Nair'],
  ['Tomás', 'García'],
  ['Hannah', 'Schmidt'],
  ['Omar', 'Haddad'],
  ['Elena', 'Popescu'],
  ['Kwame', 'Mensah'],
  ['Ingrid', 'Larsen'],
];

/** One demo candidate with the application the demo moves. */
export interface DemoCandidate {
  candidateId: number;
  applicationId: number;
  name: string;
}

/**
 * The seed for `GreenhouseSandbox.seedData`: the demo job with its stages, the fluency
 * field, extra candidates, and one application per candidate in "Application Review".
 */
export function demoSeed(count: number): { seed: GreenhouseSeed; candidates: DemoCandidate[] } {
  const candidates: DemoCandidate[] = [];
  const seedCandidates: NonNullable<GreenhouseSeed['candidates']> = [];
  for (let i = 0; i < count; i += 1) {
    const fixture = FIXTURE_CANDIDATES[i];
    if (fixture) {
      candidates.push({
        candidateId: fixture.id,
        applicationId: 9_200_001 + i,
        name: fixture.name,
      });
      continue;
    }
    const [first, last] =
      EXTRA_CANDIDATES[(i - FIXTURE_CANDIDATES.length) % EXTRA_CANDIDATES.length];
    const round = Math.floor((i - FIXTURE_CANDIDATES.length) / EXTRA_CANDIDATES.length);
    const candidateId = 9_300_001 + i;
    const lastName = round === 0 ? last : `${last} ${round + 1}`;
    seedCandidates.push({
      id: candidateId,
      first_name: first,
      last_name: lastName,
      email: `${first}.${last}${round || ''}@example.com`
        .toLowerCase()
        .normalize('NFD')
        .replace(/[^\x20-\x7e]/g, ''),
      tags: ['demo'],
    });
    candidates.push({ candidateId, applicationId: 9_200_001 + i, name: `${first} ${lastName}` });
  }
  const s = DEMO_JOB.stages;
  const seed: GreenhouseSeed = {
    customFields: [
      {
        ...DEMO_FLUENCY_FIELD,
        field_type: 'application',
        value_type: 'number',
      },
    ],
    jobs: [
      {
        id: DEMO_JOB.id,
        name: DEMO_JOB.name,
        status: 'open',
        stages: [s.review, s.screen, s.interview, s.offer].map((stage) => ({ ...stage })),
      },
    ],
    candidates: seedCandidates,
    applications: candidates.map((c) => ({
      id: c.applicationId,
      candidate_id: c.candidateId,
      job_id: DEMO_JOB.id,
      status: 'active' as const,
      current_stage_id: s.review.id,
    })),
  };
  return { seed, candidates };
}
