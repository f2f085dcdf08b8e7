import {
  archiveReasonSchema,
  listPageSchema,
  readOpportunity,
  stageSchema,
  webhookSubscriptionSchema,
} from './lever-records';
import { findRejectionReason, findStage, nextStage } from './metadata-lookup';
import { recordedResponses } from './__fixtures__/nango-fixtures';

const recorded = recordedResponses();
const dataOf = (body: unknown) => (body as { data: unknown }).data;
const opportunityResponses = recorded.filter(
  (r) =>
    /^\/v1\/opportunities(\/[^/]+\/(archived|stage|addTags|removeTags|addLinks|addSources))?$/.test(
      r.path.replace('/proxy', ''),
    ) && r.method !== 'GET',
);
const stageResponses = recorded.filter((r) => r.path.endsWith('/v1/stages'));
const reasonResponses = recorded.filter((r) => /\/v1\/archive_reasons/.test(r.path));
const webhookResponses = recorded.filter((r) => /\/v1\/webhooks/.test(r.path) && r.status !== 204);

describe('real Lever payloads (NangoHQ recordings of the Lever sandbox)', () => {
  it('finds the recorded opportunity, stage, archive reason and webhook responses', () => {
    expect(opportunityResponses.length).toBeGreaterThanOrEqual(8);
    expect(stageResponses.length).toBe(3);
    expect(reasonResponses.length).toBe(2);
    expect(webhookResponses.length).toBe(2);
  });

  it.each(opportunityResponses.map((r) => [r.file, r] as const))(
    'reads the opportunity in %s',
    (_file, response) => {
      const opp = readOpportunity(dataOf(response.body));
      const raw = dataOf(response.body) as {
        id: string;
        stage: string;
        tags: string[];
        contact: string;
      };
      expect(opp).toMatchObject({
        id: raw.id,
        stageId: raw.stage,
        contactId: raw.contact,
        tags: raw.tags,
      });
    },
  );

  it('reads archive state and the stage before the current one from an archived opportunity', () => {
    const tags = recorded.find((r) => r.file === 'tests/update-opportunity-tags.test.json')!;
    expect(readOpportunity(dataOf(tags.body))).toMatchObject({
      stageId: 'lead-reached-out',
      previousStageId: 'lead-new',
      archivedReason: 'c97322d4-a7f3-4008-948c-4f8e9c58d372',
      applicationIds: ['7278da68-141b-4203-b209-8ca6c0fa1f2d'],
    });
    const created = recorded.find((r) => r.file === 'tests/create-opportunity.test.json')!;
    expect(readOpportunity(dataOf(created.body))).toMatchObject({
      archivedReason: null,
      email: 'test@nango.dev',
      name: 'Nango Test Candidate',
    });
    expect(readOpportunity(dataOf(created.body)).previousStageId).toBeUndefined();
  });

  it.each(stageResponses.map((r) => [r.file, r] as const))(
    'reads the stage list in %s in pipeline order',
    (_file, response) => {
      const page = listPageSchema.parse(response.body);
      const stages = page.data.map((s) => stageSchema.parse(s));
      expect(stages).toHaveLength(11);
      expect(findStage(stages, 'offer')?.text).toBe('Offer');
      expect(findStage(stages, 'hm review')?.id).toBe('49422c7e-5b86-4a06-9386-d432f6e98d57');
      expect(nextStage(stages, 'applicant-new').text).toBe('HM Review');
      expect(() => nextStage(stages, 'c78a59b9-0f6c-42a1-8cac-c7911d3e450d')).toThrow(
        expect.objectContaining({ code: 'LEVER_STAGE_LAST' }),
      );
    },
  );

  it('reads the archive reasons and resolves a rejection reason by name, refusing the hired one', () => {
    const list = reasonResponses.find((r) => r.file === 'tests/get-archive-reasons.test.json')!;
    const reasons = listPageSchema.parse(list.body).data.map((r) => archiveReasonSchema.parse(r));
    expect(reasons).toHaveLength(12);
    expect(findRejectionReason(reasons, 'timing').id).toBe('c97322d4-a7f3-4008-948c-4f8e9c58d372');
    expect(findRejectionReason(reasons, 'd35867b1-f661-4ec2-b477-b3e6524cc8b6').text).toBe(
      'Position closed',
    );
    expect(() => findRejectionReason(reasons, 'Hired')).toThrow(
      expect.objectContaining({ code: 'LEVER_ARCHIVE_REASON_HIRED' }),
    );
    expect(() => findRejectionReason(reasons, 'Ghosted')).toThrow(
      expect.objectContaining({ code: 'LEVER_ARCHIVE_REASON_UNKNOWN' }),
    );
    const one = reasonResponses.find((r) => r.file === 'tests/get-archive-reason.test.json')!;
    expect(archiveReasonSchema.parse(dataOf(one.body))).toMatchObject({
      text: 'Timing',
      type: 'non-hired',
      status: 'active',
    });
  });

  it('reads the webhook subscriptions (create answers the signature token once, the list never does)', () => {
    const created = webhookResponses.find((r) => r.method === 'POST')!;
    const sub = webhookSubscriptionSchema.parse(dataOf(created.body));
    expect(sub.event).toBe('candidateHired');
    expect(sub.configuration?.signatureToken).toMatch(/^[0-9a-f]{48}$/);
    const list = webhookResponses.find((r) => r.method === 'GET')!;
    const subs = (dataOf(list.body) as unknown[]).map((w) => webhookSubscriptionSchema.parse(w));
    expect(subs.map((s) => s.event)).toContain('candidateStageChange');
    expect(subs.every((s) => s.configuration?.signatureToken === undefined)).toBe(true);
  });
});
