import type { HttpCallPreview, WritePlan } from '@zenhire-connect/core';
import { toFeedbackFieldValues } from './feedback-fields';
import type { Query } from './lever-client';
import { type MetadataKind, metadataPath } from './lever-metadata';
import { routes } from './lever-routes';
import {
  findFeedbackTemplate,
  findRejectionReason,
  findStage,
  findUser,
  nextStage,
} from './metadata-lookup';
import { type PlanDependencies, isEmail, targetOpportunity } from './plan-context';

/**
 * The calls `applyPlan` would make for a first attempt of `plan`, worked out from the config
 * and the in-memory caches only: nothing is sent. A cache this process has not loaded yet
 * shows as the `GET` that would fill it (note `cache cold`). Ids that only Lever can tell
 * (the stage after the current one when the current stage is unknown, the id of a stage or
 * reason missing from the cache) appear as `<…>` placeholders. Operations Lever cannot do
 * (`CompleteAssessment`, `SetFields` without `feedbackTemplate`) make no call.
 */
export function previewPlan(deps: PlanDependencies, plan: WritePlan): HttpCallPreview[] {
  const { client, metadata, config } = deps;
  const calls: HttpCallPreview[] = [];
  const warmed = new Set<MetadataKind>();
  const ensure = (kind: MetadataKind) => {
    if (metadata.peek(kind) || warmed.has(kind)) return;
    warmed.add(kind);
    calls.push({
      method: 'GET',
      url: client.url(metadataPath(kind), { limit: 100 }),
      note: `cache cold: load ${kind}`,
    });
  };
  let oppId: string;
  try {
    oppId = targetOpportunity(plan);
  } catch {
    return [];
  }
  let performAs: string | undefined = config.performAs;
  const actingUser = (): Query => {
    if (performAs && isEmail(performAs)) {
      ensure('users');
      const user = findUser(metadata.peek('users') ?? [], performAs);
      performAs = user?.id ?? '<user id of performAs>';
    }
    return performAs ? { perform_as: performAs } : {};
  };
  /** The stage the opportunity is in as far as the preview knows (record, then earlier writes). */
  let currentStage = plan.record.stageId;
  /** Whether an earlier call of this plan answers with the opportunity (no re-read needed). */
  let knowsOpportunity = false;

  const note = (value: string, why: string) =>
    calls.push({
      method: 'POST',
      url: client.url(routes.notes(oppId), actingUser()),
      body: { value },
      note: why,
    });

  for (const op of plan.operations) {
    switch (op.kind) {
      case 'AddNote':
        note(
          op.body,
          'create note (its id is recorded; a later delivery of the same run and mapping updates it with PUT /notes/{noteId})',
        );
        break;
      case 'AddTags':
      case 'RemoveTags': {
        const add = op.kind === 'AddTags';
        calls.push({
          method: 'POST',
          url: client.url(add ? routes.addTags(oppId) : routes.removeTags(oppId), actingUser()),
          body: { tags: op.tags },
          note: `${add ? 'add' : 'remove'} tags`,
        });
        knowsOpportunity = true;
        break;
      }
      case 'MoveStage': {
        if (op.to === 'next' && !knowsOpportunity) {
          calls.push({
            method: 'GET',
            url: client.url(routes.opportunity(oppId)),
            note: 're-read current stage for next',
          });
        }
        ensure('stages');
        const stages = metadata.peek('stages') ?? [];
        let target: string;
        if (op.to === 'next') {
          let next: string | undefined;
          try {
            next = currentStage ? nextStage(stages, currentStage).id : undefined;
          } catch {
            next = undefined;
          }
          target = next ?? '<stage after the current one>';
        } else {
          const ref = op.to.stage;
          target = findStage(stages, ref)?.id ?? `<id of stage "${ref}">`;
        }
        calls.push({
          method: 'PUT',
          url: client.url(routes.stage(oppId), actingUser()),
          body: { stage: target },
          note: op.to === 'next' ? 'move to the next stage in GET /stages order' : 'move stage',
        });
        currentStage = target;
        knowsOpportunity = true;
        break;
      }
      case 'Reject': {
        ensure('archiveReasons');
        let reason: string;
        try {
          reason = findRejectionReason(metadata.peek('archiveReasons') ?? [], op.reason).id;
        } catch {
          reason = `<id of archive reason "${op.reason}">`;
        }
        if (op.note) note(op.note, 'rejection note');
        calls.push({
          method: 'PUT',
          url: client.url(routes.archived(oppId), actingUser()),
          body: { reason },
          note: 'archive with a non-hired reason (reject)',
        });
        knowsOpportunity = true;
        break;
      }
      case 'SetFields': {
        const ref = config.feedbackTemplate;
        if (!ref) break;
        ensure('feedbackTemplates');
        const template = findFeedbackTemplate(metadata.peek('feedbackTemplates') ?? [], ref);
        let fieldValues: unknown = op.fields.map((f) => ({
          id: `<id of field "${f.field}">`,
          value: f.value,
        }));
        if (template) {
          try {
            fieldValues = toFeedbackFieldValues(template, op.fields);
          } catch {
            // Shown with placeholders; applyPlan reports the problem.
          }
        }
        calls.push({
          method: 'POST',
          url: client.url(routes.feedback(oppId), actingUser()),
          body: {
            baseTemplateId: template?.id ?? `<id of feedback template "${ref}">`,
            fieldValues,
          },
          note: 'scores as a feedback form',
        });
        break;
      }
      case 'CompleteAssessment':
        break;
    }
  }
  return calls;
}
