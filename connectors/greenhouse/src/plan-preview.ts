import type { HttpCallPreview, WriteOperation, WritePlan } from '@zenhire-connect/core';
import { type CustomFieldElement, findCustomField, toCustomFieldElement } from './field-values';
import { routes } from './harvest-routes';
import { findCandidateTag, findRejectionReason, findStage } from './metadata-lookup';
import { type PlanDependencies, layoutPlan, num } from './plan-context';
import { noteBody, rejectBody } from './plan-executor';

/**
 * The calls `applyPlan` would send for `plan` on a first attempt, computed from the config
 * and the in-memory metadata only (sends nothing, reads no cache asynchronously). Where
 * metadata is not loaded the preview lists the read that would load it and shows the
 * value as the mapping wrote it; a value that could not be written is shown with a `note`
 * starting `would fail:`.
 */
export function previewPlan(deps: PlanDependencies, plan: WritePlan): HttpCallPreview[] {
  const calls: HttpCallPreview[] = [];
  const url = (path: string, query?: Record<string, string>) => deps.client.url(path, query);
  const { record } = plan;
  const layout = layoutPlan(plan, () => true);
  const loaded = new Set<string>();
  const load = (
    key: string,
    path: string,
    query: Record<string, string> | undefined,
    note: string,
  ) => {
    if (loaded.has(key)) return;
    loaded.add(key);
    calls.push({ method: 'GET', url: url(path, query), note });
  };

  // Field elements of every SetFields (one write).
  const app: (CustomFieldElement | { name_key: string; value: unknown })[] = [];
  const cand: CustomFieldElement[] = [];
  const fieldProblems: string[] = [];
  const definitions = deps.metadata.peek.customFields();
  if (layout.fieldWrites.length > 0 && !definitions) {
    load(
      'fields',
      routes.customFields,
      undefined,
      'load custom field definitions and options (cache cold)',
    );
  }
  for (const write of layout.fieldWrites) {
    const field = definitions ? findCustomField(definitions, write.field) : undefined;
    if (!field) {
      if (definitions) fieldProblems.push(`would fail: unknown custom field "${write.field}"`);
      app.push({ name_key: write.field, value: write.value });
      continue;
    }
    try {
      (field.fieldType === 'candidate' ? cand : app).push(toCustomFieldElement(field, write));
    } catch (error) {
      fieldProblems.push(`would fail: ${(error as Error).message}`);
    }
  }
  const fieldNote = fieldProblems.length > 0 ? fieldProblems.join('; ') : undefined;
  const appId = record.applicationId ?? '{application_id}';

  const stagesOf = (jobId: string | undefined) =>
    jobId ? deps.metadata.peek.jobStages(jobId) : undefined;
  const tags = deps.metadata.peek.candidateTags();
  const tagIdOf = (name: string) => (tags ? findCandidateTag(tags, name)?.id : undefined);

  plan.operations.forEach((op: WriteOperation, index) => {
    switch (op.kind) {
      case 'SetFields': {
        if (index !== layout.fieldOps[0]) return;
        if (cand.length > 0) {
          calls.push({
            method: 'PATCH',
            url: url(routes.candidate(record.candidateId)),
            body: { custom_fields: cand },
            note: 'candidate custom fields',
          });
        }
        if (app.length > 0 && layout.rejectIndex === undefined) {
          calls.push({
            method: 'PATCH',
            url: url(routes.application(appId)),
            body: { custom_fields: app },
            note:
              fieldNote ??
              `all SetFields of the plan (${layout.fieldOps.length} operation(s)) in one call`,
          });
        }
        return;
      }
      case 'AddNote':
        calls.push({
          method: 'POST',
          url: url(routes.notes),
          body: noteBody(deps, plan, op),
          note: 'note id recorded so a retry never posts it twice',
        });
        return;
      case 'AddTags':
        for (const name of op.tags) {
          const id = tagIdOf(name);
          if (id === undefined) {
            if (!tags)
              load('tags', routes.candidateTags, undefined, 'load organisation tags (cache cold)');
            calls.push({
              method: 'POST',
              url: url(routes.candidateTags),
              body: { name: name.trim() },
              note: `create tag "${name}" if missing (idempotent)`,
            });
          }
          calls.push({
            method: 'POST',
            url: url(routes.appliedCandidateTags),
            body: {
              candidate_id: num(record.candidateId),
              candidate_tag_id: id ?? `{id of "${name}"}`,
            },
          });
        }
        return;
      case 'RemoveTags':
        calls.push({
          method: 'GET',
          url: url(routes.appliedCandidateTags, { candidate_ids: record.candidateId }),
          note: 'find applied tag rows (skipped when their ids are cached)',
        });
        for (const name of op.tags) {
          calls.push({
            method: 'DELETE',
            url: url(routes.appliedCandidateTag(`{applied id of "${name}"}`)),
          });
        }
        return;
      case 'MoveStage': {
        if (!record.stageId)
          calls.push({
            method: 'GET',
            url: url(routes.applications, { ids: appId }),
            note: 're-read current stage for from_stage_id',
          });
        const from = record.stageId ?? '{current_stage_id}';
        let to: string | undefined;
        if (op.to !== 'next') {
          const stages = stagesOf(record.jobId);
          if (!stages)
            load(
              `stages:${record.jobId}`,
              routes.jobStages,
              { job_ids: record.jobId ?? '{job_id}' },
              'load job stages (cache cold)',
            );
          const reference = op.to.stage.trim();
          to = (stages && findStage(stages, reference)?.id) ?? `{id of stage "${reference}"}`;
          if (to === record.stageId) return;
        }
        calls.push({
          method: 'POST',
          url: url(routes.move(appId)),
          body: { from_stage_id: num(from) || from, ...(to ? { to_stage_id: num(to) || to } : {}) },
          note:
            op.to === 'next'
              ? 'advance to the next stage; on 422 re-read the application'
              : 'on 422 re-read the application',
        });
        return;
      }
      case 'Reject': {
        const wanted = op.reason.trim();
        const reasons = deps.metadata.peek.rejectionReasons();
        let reasonId: number | string = /^\d+$/.test(wanted)
          ? Number(wanted)
          : `{id of reason "${wanted}"}`;
        if (typeof reasonId === 'string') {
          const hit = reasons && findRejectionReason(reasons, wanted);
          if (hit) reasonId = hit.id;
          else if (!reasons)
            load(
              'reasons',
              routes.rejectionReasons,
              undefined,
              'load rejection reasons (cache cold)',
            );
        }
        const carried = index === layout.rejectIndex ? (app as CustomFieldElement[]) : [];
        calls.push({
          method: 'POST',
          url: url(routes.reject(appId)),
          body: rejectBody(reasonId, op, carried),
          note:
            index === layout.rejectIndex && layout.fieldOps.length > 0
              ? (fieldNote ?? "reject and set the plan's custom fields in one call")
              : 'on 422 re-read the application',
        });
        return;
      }
      case 'CompleteAssessment':
        calls.push({
          method: 'PATCH',
          url: `{send_test url of partner interview ${op.partnerInterviewId}}`,
          note: 'Assessment Partner completion (no body); Greenhouse then calls test_status',
        });
        return;
    }
  });
  return calls;
}
