import type { AtsEvent } from '../model/ats-event';
import type { Link } from '../model/link';
import type { WriteOperation, WritePlan } from '../model/write-plan';
import { writePlanHash } from '../plan/build-write-plan';
import type { StartedRun } from '../ports/zenhire-gateway';
import type { UseCaseTrigger } from './use-case-deps';

const MODULE_NAMES: Record<StartedRun['module'], string> = {
  speech: 'speech analysis',
  interview: 'AI voice interview',
  ai_interview: 'AI interview',
  soft_skills: 'soft-skills assessment',
  cv_deepmatch: 'CV DeepMatch',
  cv_deepsearch: 'CV DeepSearch',
};

/**
 * The default "invited" WritePlan of a started run, or `undefined` when the trigger asks for
 * none (`trigger.invitation` unset) or nothing applies. Mapping name `invite:<trigger>`.
 * `trigger` needs only its `name` and `invitation`, so an assessment-partner test can use it
 * too (`name` `partner:<test id>`, see `startPartnerTest`); `event` is not read.
 *
 * Operations: `AddNote` (when `invitation.note` is set and ZenHire returned a candidate link:
 * "ZenHire AI voice interview started (trigger …). Candidate link: …" — the link holds the
 * candidate's access token in its fragment, zenhire-api.md §6.4, so the note's visibility
 * should be `private` or `admin_only`), then `AddTags` with `invitation.tags`.
 */
export function invitationPlan(input: {
  trigger: Pick<UseCaseTrigger, 'name' | 'invitation'>;
  event?: AtsEvent;
  run: StartedRun;
  link: Link;
}): WritePlan | undefined {
  const { trigger, run, link } = input;
  const invitation = trigger.invitation;
  if (!invitation) return undefined;
  const operations: WriteOperation[] = [];
  if (invitation.note && run.candidateLink) {
    operations.push({
      kind: 'AddNote',
      body: `ZenHire ${MODULE_NAMES[run.module]} started (trigger ${trigger.name}, run ${run.id}). Candidate link: ${run.candidateLink}`,
      visibility: invitation.note.visibility,
    });
  }
  const tags = [...new Set((invitation.tags ?? []).map((t) => t.trim()).filter(Boolean))].sort();
  if (tags.length > 0) operations.push({ kind: 'AddTags', tags });
  if (operations.length === 0) return undefined;
  const plan: Omit<WritePlan, 'hash'> = {
    runId: run.id,
    connector: link.record.connector,
    mapping: `invite:${trigger.name}`,
    record: link.record,
    operations,
  };
  return { ...plan, hash: writePlanHash(plan) };
}
