import {
  type ApplyContext,
  type ApplyResult,
  ConnectorError,
  type OperationOutcome,
  type PlanStepResult,
  type WriteOperation,
  type WritePlan,
  runPlanOperations,
} from '@zenhire-connect/core';
import { toFeedbackFieldValues } from './feedback-fields';
import type { CallMeter } from './lever-client';
import { leverError } from './lever-error';
import type { MetadataKind, MetadataLists } from './lever-metadata';
import {
  type OpportunityState,
  noteSchema,
  readFeedbackId,
  readNoteId,
  readOpportunity,
} from './lever-records';
import { routes } from './lever-routes';
import { findFeedbackTemplate, findRejectionReason, findStage, nextStage } from './metadata-lookup';
import {
  type PlanDependencies,
  performAsQuery,
  resolvePerformAs,
  targetOpportunity,
} from './plan-context';

type Op<K extends WriteOperation['kind']> = Extract<WriteOperation, { kind: K }>;

/** A step's result: outcome status and the ids Lever holds for it. */
type StepResult = PlanStepResult;

/** Errors after which a POST may or may not have been processed. */
const AMBIGUOUS = new Set(['LEVER_NETWORK', 'LEVER_SERVER_ERROR']);

/**
 * How long the note posted for a run and mapping is remembered (ms): 90 days. A later
 * delivery of the same run and mapping (a plan changed by a mapping change, a reconcile)
 * within that time corrects the note; after it, it posts a new one. [Our choice: Lever
 * keeps notes indefinitely; reconciles run within days of a run.]
 */
export const NOTE_MEMORY_TTL_MS = 90 * 24 * 60 * 60 * 1000;

/** What the cache remembers of a note the connector wrote: its id and the text sent. */
interface RememberedNote {
  noteId: string;
  value: string;
}

/**
 * Cache key of the note that operation `slot` (e.g. `AddNote#0`, `Reject#0`: the kind and
 * its ordinal among the plan's operations of that kind) of (run, mapping) wrote on an
 * opportunity.
 */
export const noteMemoryKey = (plan: WritePlan, opportunityId: string, slot: string) =>
  `lever:note:${JSON.stringify([plan.runId, plan.mapping, opportunityId, slot])}`;

/**
 * Applies one WritePlan to one opportunity with the fewest Lever calls (lever-api.md §5) and
 * records an outcome per operation (calling `context.onOutcome` as each completes):
 *
 * - `AddNote`: `POST /notes` → `atsIds.noteId`, and the id and text are remembered in the
 *   host cache for (run, mapping, opportunity, operation slot) ({@link noteMemoryKey},
 *   {@link NOTE_MEMORY_TTL_MS}). A retry of the same delivery never touches an applied note
 *   (same plan hash, same text: nothing to correct). A NEW delivery of the same run and
 *   mapping (changed plan) that would post a note finds the remembered one instead: same
 *   text → `already_applied` with no call; changed text → `PUT /notes/{noteId}` (corrected
 *   in place, never a second note; deleted in Lever meanwhile → posted again). When an
 *   earlier POST failed without an answer, the notes are listed once and a note with the
 *   same text is adopted.
 * - `AddTags` / `RemoveTags`: `POST addTags` / `removeTags` (set operations).
 * - `MoveStage`: `PUT /stage`; `next` = the stage after the current one in `GET /stages`
 *   order (current stage from an earlier answer of this plan, else one `GET` of the
 *   opportunity); the resolved target is kept in `atsIds.stageId` so a retry never advances twice.
 * - `Reject`: `PUT /archived` with the named non-hired archive reason (plus a note when the
 *   operation has one).
 * - `SetFields`: one feedback form of the configured template (`POST /feedback`,
 *   `atsIds.feedbackId`), or `LEVER_UNSUPPORTED_OPERATION` without a template (§3.3).
 *
 * Move and reject treat "already there" as success (`already_applied`): known from an
 * earlier answer of this plan (no call), or from a re-read after Lever refused the write.
 * Operations a previous attempt applied are not sent again.
 * The first failure stops the plan: its operation is `failed` (keeping the ids Lever already
 * holds, e.g. the note of a reject whose archive call failed), later ones `skipped` (core
 * `runPlanOperations`).
 */
export class PlanExecutor {
  private readonly meter: CallMeter = { calls: 0 };
  private readonly opportunityId: string;
  /** Ids worked out for the operation in progress (kept on its outcome even when it fails). */
  private pendingIds: Record<string, string> = {};
  private known: OpportunityState | undefined;
  private performAs: Promise<string | undefined> | undefined;

  constructor(
    private readonly deps: PlanDependencies,
    private readonly plan: WritePlan,
    private readonly context: ApplyContext,
  ) {
    this.opportunityId = targetOpportunity(plan);
  }

  async run(): Promise<ApplyResult> {
    const outcomes = await runPlanOperations(
      this.plan,
      this.context,
      ({ index, operation, previous }) => {
        this.pendingIds = {};
        return this.step(index, operation, previous);
      },
      {
        internalErrorCode: 'LEVER_INTERNAL',
        failedAtsIds: ({ previous }) => ({ ...previous?.atsIds, ...this.pendingIds }),
      },
    );
    return { outcomes, calls: this.meter.calls };
  }

  private step(
    index: number,
    op: WriteOperation,
    prev: OperationOutcome | undefined,
  ): Promise<StepResult> {
    switch (op.kind) {
      case 'AddNote':
        return this.addNote(op.body, prev, this.slot(index));
      case 'AddTags':
        return this.editTags(op, true);
      case 'RemoveTags':
        return this.editTags(op, false);
      case 'MoveStage':
        return this.moveStage(op, prev);
      case 'Reject':
        return this.reject(op, prev, this.slot(index));
      case 'SetFields':
        return this.setFields(op, prev);
      case 'CompleteAssessment':
        throw leverError(
          'LEVER_UNSUPPORTED_OPERATION',
          'CompleteAssessment is a Greenhouse Assessment Partner operation; Lever has none',
          false,
        );
    }
  }

  // ------------------------------------------------------------------ notes

  /** `AddNote#0`, `Reject#1`, …: the operation's kind and ordinal among the plan's of that kind. */
  private slot(index: number): string {
    const kind = this.plan.operations[index]!.kind;
    const ordinal = this.plan.operations.slice(0, index).filter((o) => o.kind === kind).length;
    return `${kind}#${ordinal}`;
  }

  /** The note of an `AddNote` or of a `Reject` with a note (see the class docs). */
  private async addNote(
    value: string,
    prev: OperationOutcome | undefined,
    slot: string,
  ): Promise<StepResult> {
    // This delivery already wrote it (e.g. a reject whose archive call failed after the
    // note): same plan, same text, nothing to write.
    const previousId = prev?.atsIds?.noteId;
    if (previousId) return { status: 'already_applied', atsIds: { noteId: previousId } };
    const key = noteMemoryKey(this.plan, this.opportunityId, slot);
    const remembered = await this.deps.cache.get<RememberedNote>(key);
    if (remembered) {
      if (remembered.value === value)
        return { status: 'already_applied', atsIds: { noteId: remembered.noteId } };
      // Not kept on a failed outcome until the PUT succeeded: a retry must correct it again.
      if (await this.correctNote(remembered.noteId, value)) {
        this.pendingIds.noteId = remembered.noteId;
        await this.rememberNote(key, remembered.noteId, value);
        return { status: 'applied', atsIds: { noteId: remembered.noteId } };
      }
    } else if (prev?.status === 'failed' && prev.error && AMBIGUOUS.has(prev.error.code)) {
      const found = await this.findNote(value);
      if (found) {
        await this.rememberNote(key, found, value);
        return { status: 'already_applied', atsIds: { noteId: found } };
      }
    }
    const noteId = await this.postNote(value);
    await this.rememberNote(key, noteId, value);
    return { status: 'applied', atsIds: { noteId } };
  }

  /**
   * `PUT /notes/{noteId}` with the new text (lever-api.md §3.2 "Update note": replaces the
   * whole note, API-created notes only). False when Lever no longer has the note
   * (`LEVER_NOT_FOUND`: deleted meanwhile), so it is posted again. Other errors throw.
   */
  private async correctNote(noteId: string, value: string): Promise<boolean> {
    try {
      await this.deps.client.request(
        {
          method: 'PUT',
          path: routes.note(this.opportunityId, noteId),
          body: { values: [{ value }] },
        },
        this.meter,
      );
      return true;
    } catch (error) {
      if (error instanceof ConnectorError && error.code === 'LEVER_NOT_FOUND') return false;
      throw error;
    }
  }

  private rememberNote(key: string, noteId: string, value: string): Promise<void> {
    return this.deps.cache.set<RememberedNote>(key, { noteId, value }, NOTE_MEMORY_TTL_MS);
  }

  private async postNote(value: string): Promise<string> {
    const { data } = await this.deps.client.request<unknown>(
      {
        method: 'POST',
        path: routes.notes(this.opportunityId),
        query: performAsQuery(await this.actingUser()),
        body: { value },
      },
      this.meter,
    );
    const noteId = readNoteId(data);
    this.pendingIds.noteId = noteId;
    return noteId;
  }

  /** An existing (not deleted) note whose first comment is `value`, from `GET /notes`. */
  private async findNote(value: string): Promise<string | undefined> {
    const notes = await this.deps.client.listAll<unknown>(
      routes.notes(this.opportunityId),
      {},
      this.meter,
    );
    for (const raw of notes) {
      const note = noteSchema.safeParse(raw);
      if (note.success && !note.data.deletedAt && note.data.fields[0]?.value === value)
        return note.data.id;
    }
    return undefined;
  }

  // ------------------------------------------------------------------ tags

  private async editTags(op: Op<'AddTags'> | Op<'RemoveTags'>, add: boolean): Promise<StepResult> {
    if (this.known) {
      const has = new Set(this.known.tags);
      if (op.tags.every((t) => has.has(t) === add)) return { status: 'already_applied' };
    }
    const { data } = await this.deps.client.request<unknown>(
      {
        method: 'POST',
        path: add ? routes.addTags(this.opportunityId) : routes.removeTags(this.opportunityId),
        query: performAsQuery(await this.actingUser()),
        body: { tags: op.tags },
        safe: true,
      },
      this.meter,
    );
    this.remember(data);
    return { status: 'applied' };
  }

  // ------------------------------------------------------------------ stage

  private async moveStage(
    op: Op<'MoveStage'>,
    prev: OperationOutcome | undefined,
  ): Promise<StepResult> {
    let target: string;
    if (op.to === 'next') {
      const resolved = prev?.atsIds?.stageId;
      if (resolved) {
        target = resolved;
      } else {
        const current = (this.known ?? (await this.readOpportunity())).stageId;
        if (!current)
          throw leverError(
            'LEVER_RECORD_INCOMPLETE',
            `opportunity ${this.opportunityId} has no stage`,
            false,
          );
        target = nextStage(await this.list('stages'), current).id;
      }
    } else {
      const ref = op.to.stage;
      const stage = await this.lookup('stages', (stages) => findStage(stages, ref));
      if (!stage) {
        const names = (this.deps.metadata.peek('stages') ?? []).map((s) => s.text);
        throw leverError(
          'LEVER_STAGE_UNKNOWN',
          `stage "${ref}" not found in GET /stages; stages: ${names.join(', ')}`,
          false,
        );
      }
      target = stage.id;
    }
    this.pendingIds.stageId = target;
    if (this.known?.stageId === target)
      return { status: 'already_applied', atsIds: { stageId: target } };
    const status = await this.setState(
      { method: 'PUT', path: routes.stage(this.opportunityId), body: { stage: target } },
      (opp) => opp.stageId === target,
    );
    return { status, atsIds: { stageId: target } };
  }

  // ------------------------------------------------------------------ reject

  private async reject(
    op: Op<'Reject'>,
    prev: OperationOutcome | undefined,
    slot: string,
  ): Promise<StepResult> {
    const reason = await this.lookup('archiveReasons', (reasons) => {
      try {
        return findRejectionReason(reasons, op.reason);
      } catch (error) {
        if (error instanceof ConnectorError && error.code === 'LEVER_ARCHIVE_REASON_HIRED')
          throw error;
        return undefined;
      }
    });
    const found =
      reason ?? findRejectionReason(this.deps.metadata.peek('archiveReasons') ?? [], op.reason);
    this.pendingIds.archiveReasonId = found.id;
    const ids: Record<string, string> = { archiveReasonId: found.id };
    if (op.note) {
      const note = await this.addNote(op.note, prev, slot);
      ids.noteId = note.atsIds!.noteId!;
      this.pendingIds.noteId = ids.noteId;
    }
    if (this.known && this.known.archivedReason === found.id)
      return { status: 'already_applied', atsIds: ids };
    const status = await this.setState(
      { method: 'PUT', path: routes.archived(this.opportunityId), body: { reason: found.id } },
      (opp) => opp.archivedReason === found.id,
    );
    return { status, atsIds: ids };
  }

  // ------------------------------------------------------------------ fields → feedback form

  private async setFields(
    op: Op<'SetFields'>,
    prev: OperationOutcome | undefined,
  ): Promise<StepResult> {
    const templateRef = this.deps.config.feedbackTemplate;
    if (!templateRef) {
      throw leverError(
        'LEVER_UNSUPPORTED_OPERATION',
        'SetFields needs feedbackTemplate: Lever opportunities have no writable custom fields (lever-api.md §3.3)',
        false,
      );
    }
    const template = await this.lookup('feedbackTemplates', (list) =>
      findFeedbackTemplate(list, templateRef),
    );
    if (!template) {
      throw leverError(
        'LEVER_FEEDBACK_TEMPLATE_UNKNOWN',
        `feedback template "${templateRef}" not found in GET /feedback_templates`,
        false,
      );
    }
    const fieldValues = toFeedbackFieldValues(template, op.fields);
    const query = performAsQuery(await this.actingUser());
    const previousId = prev?.atsIds?.feedbackId;
    if (previousId) {
      await this.deps.client.request(
        {
          method: 'PUT',
          path: routes.feedbackForm(this.opportunityId, previousId),
          query,
          body: { fieldValues },
        },
        this.meter,
      );
      return { status: 'applied', atsIds: { feedbackId: previousId } };
    }
    const { data } = await this.deps.client.request<unknown>(
      {
        method: 'POST',
        path: routes.feedback(this.opportunityId),
        query,
        body: { baseTemplateId: template.id, fieldValues },
      },
      this.meter,
    );
    return { status: 'applied', atsIds: { feedbackId: readFeedbackId(data) } };
  }

  // ------------------------------------------------------------------ shared

  /**
   * Sends a set-operation (stage, archive). When Lever refuses it (4xx), re-reads the
   * opportunity: already in the wanted state → `already_applied`, else the error stands.
   */
  private async setState(
    request: { method: 'PUT'; path: string; body: unknown },
    reached: (opp: OpportunityState) => boolean,
  ): Promise<'applied' | 'already_applied'> {
    try {
      const { data } = await this.deps.client.request<unknown>(
        { ...request, query: performAsQuery(await this.actingUser()) },
        this.meter,
      );
      this.remember(data);
      return 'applied';
    } catch (error) {
      if (!(error instanceof ConnectorError) || error.retryable) throw error;
      const opp = await this.readOpportunity().catch(() => undefined);
      if (opp && reached(opp)) return 'already_applied';
      throw error;
    }
  }

  private async readOpportunity(): Promise<OpportunityState> {
    const { data } = await this.deps.client.request<unknown>(
      { method: 'GET', path: routes.opportunity(this.opportunityId) },
      this.meter,
    );
    this.known = readOpportunity(data);
    return this.known;
  }

  /** Keeps the opportunity an answer carried (stage, archive, tags) for later operations. */
  private remember(data: unknown): void {
    try {
      this.known = readOpportunity(data);
    } catch {
      this.known = undefined;
    }
  }

  private list<K extends MetadataKind>(kind: K): Promise<MetadataLists[K]> {
    return this.deps.metadata.get(kind, this.meter);
  }

  /** Finds in a cached list; when not found, refreshes the list once (it may be stale) and looks again. */
  private async lookup<K extends MetadataKind, T>(
    kind: K,
    find: (list: MetadataLists[K]) => T | undefined,
  ): Promise<T | undefined> {
    const hit = find(await this.list(kind));
    if (hit !== undefined) return hit;
    return find(await this.deps.metadata.refresh(kind, this.meter));
  }

  private actingUser(): Promise<string | undefined> {
    this.performAs ??= resolvePerformAs(this.deps, this.meter);
    return this.performAs;
  }
}
