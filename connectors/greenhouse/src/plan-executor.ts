import {
  type ApplyContext,
  type ApplyResult,
  ConnectorError,
  type OperationOutcome,
  type PlanOutcomes,
  type PlanStepResult,
  type WriteOperation,
  type WritePlan,
  runPlanOperations,
} from '@zenhire-connect/core';
import { type CustomFieldElement, findCustomField, toCustomFieldElement } from './field-values';
import type { CallMeter } from './harvest-client';
import { greenhouseError } from './harvest-error';
import {
  type ApplicationState,
  type JobStage,
  createdId,
  readAppliedTag,
  readApplication,
  readNote,
} from './harvest-records';
import { routes } from './harvest-routes';
import { findCandidateTag, findRejectionReason, findStage } from './metadata-lookup';
import { type PlanDependencies, type PlanLayout, layoutPlan, num } from './plan-context';
import { lastSeenStage } from './webhook-events';

type Op<K extends WriteOperation['kind']> = Extract<WriteOperation, { kind: K }>;

/** Field writes split by the object they belong to. */
interface ResolvedFields {
  application: CustomFieldElement[];
  candidate: CustomFieldElement[];
}

const appliedTagKey = (candidateId: string, tagId: number) =>
  `gh:applied_tag:${candidateId}:${tagId}`;

/** A step's result: outcome status and the ids Greenhouse created. */
type StepResult = PlanStepResult;

/**
 * Applies one WritePlan with the fewest Harvest calls (greenhouse-api.md §5) and records an
 * outcome per operation, calling `context.onOutcome` as each completes. Operations whose
 * previous outcome is `applied`/`already_applied` are not sent again (a note is never
 * posted twice; on a retry a note without a recorded id is looked for first, see
 * `addNote`). The first failure stops the plan: its operation is `failed` (with the
 * `ConnectorError`'s code and `retryable`), later operations are `skipped` (core
 * `runPlanOperations`). Custom fields travel with a later reject when the plan has one, so
 * a SetFields outcome may be recorded by the Reject step, and fails with it.
 */
export class PlanExecutor {
  private readonly meter: CallMeter = { calls: 0 };
  private readonly layout: PlanLayout;
  private fields: Promise<ResolvedFields> | undefined;
  private application: ApplicationState | undefined;
  private appliedTags: Promise<Map<number, number>> | undefined;

  constructor(
    private readonly deps: PlanDependencies,
    private readonly plan: WritePlan,
    private readonly context: ApplyContext,
  ) {
    const done = new Set(
      context.previousOutcomes
        .filter((o) => o.status === 'applied' || o.status === 'already_applied')
        .map((o) => o.index),
    );
    this.layout = layoutPlan(plan, (i) => !done.has(i));
  }

  async run(): Promise<ApplyResult> {
    const outcomes = await runPlanOperations(
      this.plan,
      this.context,
      ({ index, operation, outcomes, previous }) => this.step(index, operation, outcomes, previous),
      {
        internalErrorCode: 'GREENHOUSE_INTERNAL',
        // One request carries every field write when the plan rejects: they fail together.
        failsWith: (index) => {
          const op = this.plan.operations[index]!;
          return op.kind === 'SetFields' || (op.kind === 'Reject' && this.carriesFields(index))
            ? [index, ...this.layout.fieldOps]
            : [index];
        },
      },
    );
    return { outcomes, calls: this.meter.calls };
  }

  private async step(
    index: number,
    op: WriteOperation,
    outcomes: PlanOutcomes,
    previous: OperationOutcome | undefined,
  ): Promise<StepResult | undefined> {
    switch (op.kind) {
      case 'SetFields':
        return this.setFields(index, outcomes);
      case 'AddNote':
        return this.addNote(op, previous);
      case 'AddTags':
        return this.addTags(op);
      case 'RemoveTags':
        return this.removeTags(op);
      case 'MoveStage':
        return this.moveStage(op);
      case 'Reject':
        return this.reject(index, op, outcomes);
      case 'CompleteAssessment':
        return this.completeAssessment(op);
    }
  }

  private carriesFields(index: number): boolean {
    return this.layout.rejectIndex === index && this.layout.fieldOps.length > 0;
  }

  // ---- ids and reads -------------------------------------------------------------

  private applicationId(): string {
    const id = this.plan.record.applicationId;
    if (!id) {
      throw greenhouseError(
        'GREENHOUSE_RECORD_INCOMPLETE',
        'this write needs the Greenhouse application id (record.applicationId)',
        false,
      );
    }
    return id;
  }

  private get candidateId(): string {
    return this.plan.record.candidateId;
  }

  /** `GET /applications?ids={id}`, always fresh (used on conflicts). */
  private async readApplication(): Promise<ApplicationState> {
    this.application = readApplication(
      await this.deps.client.getById<unknown>(
        routes.applications,
        this.applicationId(),
        this.meter,
      ),
    );
    return this.application;
  }

  private async knownApplication(): Promise<ApplicationState> {
    return this.application ?? this.readApplication();
  }

  private async jobId(): Promise<string> {
    const jobId = this.plan.record.jobId ?? (await this.knownApplication()).jobId;
    if (!jobId)
      throw greenhouseError('GREENHOUSE_RECORD_INCOMPLETE', 'the application has no job', false);
    return jobId;
  }

  // ---- custom fields -------------------------------------------------------------

  private resolveFields(): Promise<ResolvedFields> {
    this.fields ??= (async () => {
      const resolved: ResolvedFields = { application: [], candidate: [] };
      let definitions = await this.deps.metadata.customFields(this.meter);
      for (const write of this.layout.fieldWrites) {
        let field = findCustomField(definitions, write.field);
        if (!field) {
          await this.deps.metadata.forget('customFields');
          definitions = await this.deps.metadata.customFields(this.meter);
          field = findCustomField(definitions, write.field);
        }
        if (!field) {
          throw greenhouseError(
            'GREENHOUSE_FIELD_UNKNOWN',
            `custom field "${write.field}" is not an active application or candidate custom field in Greenhouse`,
            false,
            { details: { field: write.field } },
          );
        }
        const element = toCustomFieldElement(field, write);
        const list = field.fieldType === 'candidate' ? resolved.candidate : resolved.application;
        const existing = list.findIndex((e) => e.id === element.id);
        if (existing >= 0) list[existing] = element;
        else list.push(element);
      }
      return resolved;
    })();
    return this.fields;
  }

  /**
   * All pending SetFields in one PATCH per object (application, candidate); their outcomes
   * are recorded here, or by the reject that carries the application fields.
   */
  private async setFields(index: number, outcomes: PlanOutcomes): Promise<undefined> {
    if (outcomes.has(index)) return undefined;
    const fields = await this.resolveFields();
    const carried = this.layout.rejectIndex !== undefined;
    if (fields.application.length > 0 && !carried)
      await this.patchApplicationFields(fields.application);
    if (fields.candidate.length > 0) await this.patchCandidateFields(fields);
    if (carried && fields.application.length > 0) return undefined; // recorded by the reject
    await this.fieldOutcomes('applied', outcomes);
    return undefined;
  }

  /** `PATCH /candidates/{id}` with the candidate fields, then empties them (sent once). */
  private async patchCandidateFields(fields: ResolvedFields): Promise<void> {
    await this.deps.client.request(
      {
        method: 'PATCH',
        path: routes.candidate(this.candidateId),
        body: { custom_fields: fields.candidate },
      },
      this.meter,
    );
    fields.candidate = [];
  }

  private async patchApplicationFields(elements: CustomFieldElement[]): Promise<void> {
    await this.deps.client.request(
      {
        method: 'PATCH',
        path: routes.application(this.applicationId()),
        body: { custom_fields: elements },
      },
      this.meter,
    );
  }

  private async fieldOutcomes(
    status: 'applied' | 'already_applied',
    outcomes: PlanOutcomes,
  ): Promise<void> {
    for (const i of this.layout.fieldOps) {
      if (!outcomes.has(i)) await outcomes.record({ index: i, kind: 'SetFields', status });
    }
  }

  // ---- note ------------------------------------------------------------------------

  /**
   * `POST /v3/notes`. Notes are not idempotent (§5 "Idempotency notes"), and an earlier
   * attempt may have posted this note without its outcome reaching the ledger (the process
   * died between the POST and `onOutcome`, or the answer was lost: a 5xx/timeout on a POST
   * is not retried by the client). So on a retry (`context.attempt > 1`; without `attempt`,
   * a non-empty `previousOutcomes`) the notes of the application (else the candidate) are
   * listed first (`GET /v3/notes`, 1 extra call, retries only) and a note with exactly the
   * same body by the configured user is adopted as `already_applied` with its id. A note
   * id already on the previous outcome is kept without any call.
   *
   * Limitation: Harvest v3 has no note update endpoint (greenhouse-api.md §2.3 lists only
   * `POST /v3/notes`), so a later delivery of the same run and mapping with a changed body
   * posts a new note; it cannot correct the earlier one.
   */
  private async addNote(
    op: Op<'AddNote'>,
    previous: OperationOutcome | undefined,
  ): Promise<StepResult> {
    const known = previous?.atsIds?.noteId;
    if (known) return { status: 'already_applied', atsIds: { noteId: known } };
    if (this.isRetry()) {
      const found = await this.findNote(op.body);
      if (found) return { status: 'already_applied', atsIds: { noteId: found } };
    }
    const { data } = await this.deps.client.request<unknown>(
      { method: 'POST', path: routes.notes, body: noteBody(this.deps, this.plan, op) },
      this.meter,
    );
    const noteId = createdId(data);
    return { status: 'applied', ...(noteId ? { atsIds: { noteId } } : {}) };
  }

  /** True when an earlier attempt of this delivery may have written (see {@link addNote}). */
  private isRetry(): boolean {
    const { attempt, previousOutcomes } = this.context;
    return attempt !== undefined ? attempt > 1 : previousOutcomes.length > 0;
  }

  /**
   * Id of an existing note with exactly `body`, written by the configured user (when the
   * row names its author), on the plan's application (`application_ids`) or, without one,
   * on its candidate (`candidate_ids`); undefined when there is none.
   */
  private async findNote(body: string): Promise<string | undefined> {
    const applicationId = this.plan.record.applicationId;
    const filter = applicationId
      ? { application_ids: applicationId }
      : { candidate_ids: this.candidateId };
    const rows = await this.deps.client.listAll<unknown>(routes.notes, filter, this.meter);
    const userId = this.deps.config.userId;
    const match = rows
      .map(readNote)
      .find((n) => n.body === body && (n.userId === undefined || n.userId === userId));
    return match?.id || undefined;
  }

  // ---- tags ------------------------------------------------------------------------

  private async tagId(name: string, create: boolean): Promise<number | undefined> {
    const tags = await this.deps.metadata.candidateTags(this.meter);
    const hit = findCandidateTag(tags, name);
    if (hit || !create) return hit?.id;
    // POST /candidate_tags is idempotent by name (200 existing, 201 created; §1.5, §5).
    const { data } = await this.deps.client.request<unknown>(
      { method: 'POST', path: routes.candidateTags, body: { name: name.trim() }, safe: true },
      this.meter,
    );
    const id = Number(createdId(data));
    if (!Number.isInteger(id))
      throw greenhouseError(
        'GREENHOUSE_REQUEST_FAILED',
        'POST /candidate_tags: answer has no id',
        true,
      );
    await this.deps.metadata.rememberTag({ id, name: name.trim() });
    return id;
  }

  /** Applied-tag rows of the candidate: candidate_tag_id → applied row id (read once). */
  private listAppliedTags(): Promise<Map<number, number>> {
    this.appliedTags ??= this.deps.client
      .listAll<unknown>(
        routes.appliedCandidateTags,
        { candidate_ids: this.candidateId },
        this.meter,
      )
      .then(
        (rows) => new Map(rows.map(readAppliedTag).map((t) => [t.candidateTagId, t.id] as const)),
      );
    return this.appliedTags;
  }

  private async addTags(op: Op<'AddTags'>): Promise<StepResult> {
    const atsIds: Record<string, string> = {};
    let applied = false;
    for (const name of op.tags) {
      const tagId = (await this.tagId(name, true))!;
      let appliedId: string | undefined;
      try {
        const { status, data } = await this.deps.client.request<unknown>(
          {
            method: 'POST',
            path: routes.appliedCandidateTags,
            body: { candidate_id: num(this.candidateId), candidate_tag_id: tagId },
          },
          this.meter,
        );
        appliedId = createdId(data);
        // 200 = the row existed (Greenhouse's create convention, §1.5); 201/204 = created.
        if (status !== 200) applied = true;
      } catch (error) {
        if (!isConflict(error)) throw error;
        this.appliedTags = undefined;
        const row = (await this.listAppliedTags()).get(tagId);
        if (row === undefined) throw error;
        appliedId = String(row);
      }
      if (appliedId) {
        atsIds[`tag:${name}`] = appliedId;
        await this.deps.cache.set(
          appliedTagKey(this.candidateId, tagId),
          appliedId,
          this.deps.config.cacheTtl.lastSeenSeconds * 1000,
        );
      }
    }
    return {
      status: applied ? 'applied' : 'already_applied',
      ...(Object.keys(atsIds).length ? { atsIds } : {}),
    };
  }

  private async removeTags(op: Op<'RemoveTags'>): Promise<StepResult> {
    let removed = false;
    for (const name of op.tags) {
      const tagId = await this.tagId(name, false);
      if (tagId === undefined) continue; // no such tag in the organisation: nothing applied
      const key = appliedTagKey(this.candidateId, tagId);
      const appliedId =
        (await this.deps.cache.get<string>(key)) ??
        (await this.listAppliedTags()).get(tagId)?.toString();
      if (!appliedId) continue;
      try {
        await this.deps.client.request(
          { method: 'DELETE', path: routes.appliedCandidateTag(appliedId) },
          this.meter,
        );
        removed = true;
      } catch (error) {
        if (!(error instanceof ConnectorError && error.status === 404)) throw error;
      }
      await this.deps.cache.delete(key);
    }
    return { status: removed ? 'applied' : 'already_applied' };
  }

  // ---- stage moves -----------------------------------------------------------------

  private async fromStage(): Promise<string> {
    const applicationId = this.applicationId();
    const known =
      this.plan.record.stageId ?? (await lastSeenStage(this.deps.cache, applicationId))?.id;
    if (known) return known;
    const current = (await this.knownApplication()).stageId;
    if (!current)
      throw greenhouseError(
        'GREENHOUSE_RECORD_INCOMPLETE',
        'the application has no current stage (prospect?)',
        false,
      );
    return current;
  }

  private async stagesOf(
    jobId: string,
    needed: (stages: JobStage[]) => boolean,
  ): Promise<JobStage[]> {
    let stages = await this.deps.metadata.jobStages(jobId, this.meter);
    if (!needed(stages)) {
      await this.deps.metadata.forgetStages(jobId);
      stages = await this.deps.metadata.jobStages(jobId, this.meter);
    }
    return stages;
  }

  /** The stage after `from` in its job, if the stages are known or loadable. */
  private async nextStage(from: string, load: boolean): Promise<string | undefined> {
    const jobId = this.plan.record.jobId ?? this.application?.jobId;
    const cached = jobId ? this.deps.metadata.peek.jobStages(jobId) : undefined;
    let stages = cached;
    if ((!stages || !stages.some((s) => s.id === from)) && load) {
      stages = await this.stagesOf(jobId ?? (await this.jobId()), (s) =>
        s.some((x) => x.id === from),
      );
    }
    if (!stages) return undefined;
    const at = stages.findIndex((s) => s.id === from);
    return at >= 0 ? stages[at + 1]?.id : undefined;
  }

  private async namedStage(reference: string): Promise<string> {
    const jobId = await this.jobId();
    const stages = await this.stagesOf(jobId, (s) => findStage(s, reference) !== undefined);
    const stage = findStage(stages, reference);
    if (!stage) {
      throw greenhouseError(
        'GREENHOUSE_STAGE_UNKNOWN',
        `job ${jobId} has no stage "${reference}"`,
        false,
        {
          details: { jobId, stage: reference },
        },
      );
    }
    return stage.id;
  }

  private async moveStage(op: Op<'MoveStage'>): Promise<StepResult> {
    const applicationId = this.applicationId();
    const from = await this.fromStage();
    let target =
      op.to === 'next' ? await this.nextStage(from, false) : await this.namedStage(op.to.stage);
    if (target === from) return { status: 'already_applied' };
    const body = (fromId: string, toId?: string) => ({
      from_stage_id: num(fromId),
      ...(toId ? { to_stage_id: num(toId) } : {}),
    });
    try {
      // `next` uses the v3 advance form (no to_stage_id, §2.3).
      await this.deps.client.request(
        {
          method: 'POST',
          path: routes.move(applicationId),
          body: body(from, op.to === 'next' ? undefined : target),
        },
        this.meter,
      );
      return { status: 'applied' };
    } catch (error) {
      if (!isConflict(error)) throw error;
      const now = await this.readApplication();
      target ??= op.to === 'next' ? await this.nextStage(from, true) : target;
      if (target !== undefined && now.stageId === target) return { status: 'already_applied' };
      if (now.status !== 'active') {
        throw greenhouseError(
          'GREENHOUSE_STAGE_CONFLICT',
          `application ${applicationId} is ${now.status}; it cannot be moved`,
          false,
          {
            status: (error as ConnectorError).status,
          },
        );
      }
      if (!target || !now.stageId || now.stageId === from) throw error;
      this.deps.logger.info(
        { applicationId, from, current: now.stageId, to: target },
        'greenhouse stage changed since trigger; moving from the current stage',
      );
      await this.deps.client.request(
        { method: 'POST', path: routes.move(applicationId), body: body(now.stageId, target) },
        this.meter,
      );
      return { status: 'applied' };
    }
  }

  // ---- reject ----------------------------------------------------------------------

  /** Records its own outcome, then those of the fields it carried. */
  private async reject(
    index: number,
    op: Op<'Reject'>,
    outcomes: PlanOutcomes,
  ): Promise<undefined> {
    const applicationId = this.applicationId();
    const reasonId = await resolveRejectionReason(this.deps, op.reason, this.meter);
    const fields = this.carriesFields(index)
      ? await this.resolveFields()
      : { application: [], candidate: [] };
    const carried = fields.application;
    let status: StepResult['status'] = 'applied';
    try {
      await this.deps.client.request(
        {
          method: 'POST',
          path: routes.reject(applicationId),
          body: rejectBody(reasonId, op, carried),
        },
        this.meter,
      );
    } catch (error) {
      if (!isConflict(error)) throw error;
      const now = await this.readApplication();
      if (now.status !== 'rejected') throw error;
      status = 'already_applied';
      // The earlier (unseen) reject may not have carried the fields: set them (idempotent).
      if (carried.length > 0) await this.patchApplicationFields(carried);
    }
    await outcomes.record({ index, kind: 'Reject', status });
    if (this.carriesFields(index)) {
      const pendingCandidateFields =
        fields.candidate.length > 0 && this.layout.fieldOps.some((i) => !outcomes.has(i));
      if (pendingCandidateFields) await this.patchCandidateFields(fields);
      await this.fieldOutcomes('applied', outcomes);
    }
    return undefined;
  }

  // ---- assessment partner ------------------------------------------------------------

  private async completeAssessment(op: Op<'CompleteAssessment'>): Promise<StepResult> {
    const partner = this.deps.config.assessmentPartner;
    if (!partner) {
      throw greenhouseError(
        'GREENHOUSE_PARTNER_NOT_CONFIGURED',
        'CompleteAssessment needs assessmentPartner in the connector config',
        false,
      );
    }
    const interview = await this.deps.partners.interview(op.partnerInterviewId);
    if (!interview) {
      throw greenhouseError(
        'GREENHOUSE_PARTNER_INTERVIEW_UNKNOWN',
        `no send_test callback URL is recorded for partner interview ${op.partnerInterviewId}`,
        false,
      );
    }
    await this.deps.partners.saveResult(op.partnerInterviewId, {
      status: op.status,
      score: op.score,
      profileUrl: op.profileUrl,
      metadata: op.metadata,
    });
    // §4.3: PATCH the callback URL, no body; Basic auth with the partner key [INFERRED].
    await this.deps.client.request(
      {
        method: 'PATCH',
        path: interview.callbackUrl,
        basicAuth: { username: partner.partnerKey, password: '' },
        safe: true,
      },
      this.meter,
    );
    return { status: 'applied' };
  }
}

/** True for Greenhouse's state-guard answers (422/409 validation). */
function isConflict(error: unknown): boolean {
  return error instanceof ConnectorError && (error.status === 422 || error.status === 409);
}

/** `POST /v3/notes` body (§2.3; key names [3P, UNVERIFIED]). */
export function noteBody(
  deps: Pick<PlanDependencies, 'config'>,
  plan: WritePlan,
  op: Op<'AddNote'>,
) {
  const { applicationId, candidateId } = plan.record;
  return {
    candidate_id: num(candidateId),
    ...(applicationId ? { application_id: num(applicationId) } : {}),
    user_id: num(deps.config.userId),
    body: op.body,
    visibility: op.visibility ?? deps.config.noteVisibility,
  };
}

/** `POST /v3/applications/{id}/reject` body (§2.3): reason, notes, custom_fields. */
export function rejectBody(
  reasonId: number | string,
  op: Op<'Reject'>,
  fields: CustomFieldElement[],
) {
  return {
    rejection_reason_id: reasonId,
    ...(op.note ? { notes: op.note } : {}),
    ...(fields.length > 0 ? { custom_fields: fields } : {}),
  };
}

/** Rejection reason id from an id or a name (case-insensitive); reloads the list once on a miss. */
async function resolveRejectionReason(
  deps: PlanDependencies,
  reason: string,
  meter: CallMeter,
): Promise<number> {
  const wanted = reason.trim();
  if (/^\d+$/.test(wanted)) return Number(wanted);
  const find = async () => findRejectionReason(await deps.metadata.rejectionReasons(meter), wanted);
  let hit = await find();
  if (!hit) {
    await deps.metadata.forget('rejectionReasons');
    hit = await find();
  }
  if (!hit) {
    throw greenhouseError(
      'GREENHOUSE_REJECTION_REASON_UNKNOWN',
      `Greenhouse has no rejection reason "${reason}"`,
      false,
      {
        details: { reason },
      },
    );
  }
  return hit.id;
}
