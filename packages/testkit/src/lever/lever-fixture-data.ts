import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  LeverArchiveReason,
  LeverFeedbackForm,
  LeverFeedbackTemplate,
  LeverOpportunity,
  LeverPosting,
  LeverStage,
  LeverUser,
} from './lever-model';

/**
 * Folder of the recorded Lever payloads (ELv2, see `__fixtures__/SOURCES.md`). From `dist/`
 * (tsc does not copy JSON files) it falls back to the sources next to it.
 */
export function leverFixturesDir(): string {
  const candidates = [
    join(__dirname, '__fixtures__'),
    join(__dirname, '..', '..', 'src', 'lever', '__fixtures__'),
  ];
  const found = candidates.find((dir) => existsSync(dir));
  if (!found) throw new Error(`Lever fixtures not found (looked in ${candidates.join(', ')})`);
  return found;
}

/** Parsed JSON of a file under `__fixtures__/nango-integration-templates/`. */
export function readLeverFixture(relativePath: string): unknown {
  return JSON.parse(
    readFileSync(join(leverFixturesDir(), 'nango-integration-templates', relativePath), 'utf8'),
  );
}

/** One recorded exchange of a Nango `tests/*.test.json` file. */
export interface RecordedExchange {
  method: string;
  path: string;
  status: number;
  response: unknown;
  request: { params?: Record<string, string>; data?: unknown };
}

/** The recorded Lever exchanges of `tests/<name>.test.json` (`api.<method>.<path>`). */
export function recordedExchanges(name: string): RecordedExchange[] {
  const file = readLeverFixture(`tests/${name}.test.json`) as {
    api: Record<string, Record<string, Omit<RecordedExchange, 'method' | 'path'>>>;
  };
  const out: RecordedExchange[] = [];
  for (const [method, paths] of Object.entries(file.api))
    for (const [path, exchange] of Object.entries(paths))
      out.push({ method: method.toUpperCase(), path, ...exchange });
  return out;
}

function only(name: string): RecordedExchange {
  const [exchange] = recordedExchanges(name);
  return exchange;
}

const clone = <T>(value: T): T => structuredClone(value);

/** The whole default data set, built from the recorded payloads. */
export interface LeverFixtureData {
  stages: LeverStage[];
  archiveReasons: LeverArchiveReason[];
  users: LeverUser[];
  opportunities: LeverOpportunity[];
  feedbackTemplates: LeverFeedbackTemplate[];
  feedbackForms: { opportunityId: string; form: LeverFeedbackForm }[];
  postings: LeverPosting[];
  /** Posting of each application id the opportunities reference. */
  applicationPostings: Record<string, string>;
}

/**
 * Builds the default data set from the recorded sandbox payloads:
 * - stages: `mocks-raw-responses/get/proxy/v1/stages/get-stages.json` (11 stages, 4 built-in ids);
 * - archive reasons: `get-archive-reasons` (12 reasons, one `hired`: "Hired" `0092d31b-…`);
 * - users: `get-user` ("Nango Seed User 1", interviewer) plus the owner and two other
 *   user ids the recordings reference, as admins (their names are not recorded: made up);
 * - opportunities: the `addTags` (archived), `addLinks` (with an email), archive mock and
 *   `create-opportunity` (active, `lead-new`) responses;
 * - feedback: the `get-feedback` form and a template derived from it;
 * - postings: `get-postings` plus `get-posting`.
 */
export function loadLeverFixtureData(): LeverFixtureData {
  const stages = clone(
    (
      readLeverFixture('mocks-raw-responses/get/proxy/v1/stages/get-stages.json') as {
        data: LeverStage[];
      }
    ).data,
  );
  const archiveReasons = clone(
    (only('get-archive-reasons').response as { data: LeverArchiveReason[] }).data,
  );
  const recordedUser = (only('get-user').response as { data: LeverUser }).data;
  const extraUser = (id: string, name: string, role: LeverUser['accessRole']): LeverUser => ({
    ...clone(recordedUser),
    id,
    name,
    username: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    email: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@sandbox.lever.test`,
    accessRole: role,
  });
  const users: LeverUser[] = [
    clone(recordedUser),
    extraUser('32bc4d3b-1aa6-4e2b-92d0-2e575047001e', 'Sandbox Super Admin', 'super admin'),
    extraUser('c4bc6266-375b-4d45-9b3b-ad527ba5f3ef', 'Taylor Conlin', 'admin'),
    extraUser('a36cc64a-c990-4732-8288-9d4913220c7f', 'Sandbox Recruiter', 'team member'),
  ];

  const opportunities: LeverOpportunity[] = [];
  const addOpportunity = (opp: LeverOpportunity) => {
    const i = opportunities.findIndex((o) => o.id === opp.id);
    if (i >= 0) opportunities[i] = clone(opp);
    else opportunities.push(clone(opp));
  };
  // addLinks carries the richest contact data; addTags the latest tags for the same opportunity.
  const links = (only('update-opportunity-links').response as { data: LeverOpportunity }).data;
  const tags = (only('update-opportunity-tags').response as { data: LeverOpportunity }).data;
  addOpportunity({ ...links, tags: tags.tags, sources: tags.sources, links: links.links });
  addOpportunity(
    (
      readLeverFixture(
        'mocks-raw-responses/put/proxy/v1/opportunities/1bd11d54-9d97-444a-a4e3-1cd56ceedbc5/archived/update-opportunity-archived.json',
      ) as { data: LeverOpportunity }
    ).data,
  );
  addOpportunity((only('create-opportunity').response as { data: LeverOpportunity }).data);

  const form = clone((only('get-feedback').response as { data: LeverFeedbackForm }).data);
  const template: LeverFeedbackTemplate = {
    id: form.baseTemplateId,
    text: form.text,
    group: null,
    instructions: form.instructions,
    fields: form.fields.map(({ value: _value, ...field }) => field),
    createdAt: form.createdAt,
    stage: null,
    updatedAt: form.updatedAt,
  };
  const feedbackForms = [{ opportunityId: '6408dc54-7015-4e5b-8d60-23afff2b1efc', form }];

  const postings = clone(
    (
      readLeverFixture('mocks-raw-responses/get/proxy/v1/postings/get-postings.json') as {
        data: LeverPosting[];
      }
    ).data,
  );
  const posting = (only('get-posting').response as { data: LeverPosting }).data;
  if (!postings.some((p) => p.id === posting.id)) postings.push(clone(posting));

  return {
    stages,
    archiveReasons,
    users,
    opportunities,
    feedbackTemplates: [template],
    feedbackForms,
    postings,
    // Both recorded applications are to "Nango Seed Posting 1" (create-opportunity request
    // `postings`, and the panel of 6408dc54's application in the recordings).
    applicationPostings: {
      '7278da68-141b-4203-b209-8ca6c0fa1f2d': posting.id,
      '75b839b7-4173-4473-89ec-abdd4c6f7194': posting.id,
    },
  };
}
