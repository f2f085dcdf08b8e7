import { LeverApiError, notFound } from './lever-errors';
import type { LeverFixtureData } from './lever-fixture-data';
import { LeverIdSource } from './lever-ids';
import type {
  LeverApplication,
  LeverArchiveReason,
  LeverArchived,
  LeverFeedbackForm,
  LeverFeedbackTemplate,
  LeverNote,
  LeverNoteField,
  LeverOpportunity,
  LeverPosting,
  LeverStage,
  LeverUser,
} from './lever-model';

/** How a note came to be: only API-created notes may be updated or deleted (lever-api.md §3.2). */
export type LeverNoteOrigin = 'api' | 'ui';

/** One step in a note's life, for the inspection API. */
export interface LeverNoteHistoryEntry {
  /** Documented (virtual) epoch ms. */
  at: number;
  action: 'created' | 'commented' | 'updated' | 'deleted';
  /** `perform_as` user id, or null. */
  performAs: string | null;
  /** The note's comments after this step. */
  fields: LeverNoteField[];
  score: number | null;
}

export interface LeverNoteRecord {
  opportunityId: string;
  note: LeverNote;
  origin: LeverNoteOrigin;
  history: LeverNoteHistoryEntry[];
}

export interface LeverFeedbackRecord {
  opportunityId: string;
  form: LeverFeedbackForm;
  history: { at: number; action: 'created' | 'updated' | 'deleted'; performAs: string }[];
}

/** Domain events the sandbox turns into outgoing webhooks (lever-api.md §4.1). */
export type LeverDomainEvent =
  | {
      event: 'candidateStageChange';
      opportunity: LeverOpportunity;
      fromStageId: string;
      toStageId: string;
    }
  | {
      event: 'candidateArchiveChange';
      opportunity: LeverOpportunity;
      fromArchived: LeverArchived | null;
      toArchived: LeverArchived | null;
    }
  | { event: 'candidateHired'; opportunity: LeverOpportunity }
  | { event: 'applicationCreated'; opportunity: LeverOpportunity; application: LeverApplication }
  | { event: 'candidateDeleted'; opportunity: LeverOpportunity; userId: string | null };

/** Seed input for one opportunity: any opportunity field, plus a posting to apply to. */
export type LeverOpportunitySeed = Partial<LeverOpportunity> & {
  /** Creates an application to this posting (fires no webhook while seeding). */
  postingId?: string;
};

/** Everything `sandbox.seed()` accepts; each list is added to (or replaces by id) the data. */
export interface LeverSeedInput {
  stages?: Partial<LeverStage>[];
  archiveReasons?: Partial<LeverArchiveReason>[];
  users?: Partial<LeverUser>[];
  postings?: Partial<LeverPosting>[];
  feedbackTemplates?: Partial<LeverFeedbackTemplate>[];
  opportunities?: LeverOpportunitySeed[];
  /** Notes as written in Lever's UI (`origin: 'ui'`, not editable by API) unless `origin: 'api'`. */
  notes?: {
    opportunityId: string;
    value: string;
    user?: string | null;
    score?: number | null;
    origin?: LeverNoteOrigin;
  }[];
}

/** What `seed()` created, in input order. */
export interface LeverSeeded {
  stages: LeverStage[];
  archiveReasons: LeverArchiveReason[];
  users: LeverUser[];
  postings: LeverPosting[];
  feedbackTemplates: LeverFeedbackTemplate[];
  opportunities: LeverOpportunity[];
  notes: LeverNote[];
}

/** Filters of `GET /opportunities` (lever-api.md §3.1); repeated values are OR-ed. */
export interface LeverOpportunityFilter {
  email?: string[];
  stage_id?: string[];
  tag?: string[];
  posting_id?: string[];
  contact_id?: string[];
  origin?: string[];
  archive_reason_id?: string[];
  archived?: boolean;
  confidentiality?: 'confidential' | 'non-confidential' | 'all';
  created_at_start?: number;
  created_at_end?: number;
  updated_at_start?: number;
  updated_at_end?: number;
}

type ListField = 'tags' | 'links' | 'sources';

const clone = <T>(value: T): T => structuredClone(value);

/**
 * In-memory Lever account: the data, the rules of each write (lever-api.md §3.2) and the
 * domain events they cause. Timestamps come from `now()` (documented epoch ms).
 */
export class LeverStore {
  readonly stages: LeverStage[] = [];
  readonly archiveReasons: LeverArchiveReason[] = [];
  readonly users: LeverUser[] = [];
  readonly postings: LeverPosting[] = [];
  readonly feedbackTemplates: LeverFeedbackTemplate[] = [];
  readonly opportunities = new Map<string, LeverOpportunity>();
  readonly deletedOpportunities = new Map<string, LeverOpportunity>();
  readonly applications = new Map<string, LeverApplication>();
  readonly notes = new Map<string, LeverNoteRecord>();
  readonly feedback = new Map<string, LeverFeedbackRecord>();
  private readonly ids: LeverIdSource;

  constructor(
    seed: string | number,
    private readonly clock: () => number,
    private readonly emit: (event: LeverDomainEvent) => void,
  ) {
    this.ids = new LeverIdSource(seed);
  }

  now(): number {
    return Math.round(this.clock());
  }

  newId(kind: string): string {
    return this.ids.next(kind);
  }

  /** Loads a whole data set (used once for the default fixture data). */
  load(data: LeverFixtureData): void {
    this.stages.push(...clone(data.stages));
    this.archiveReasons.push(...clone(data.archiveReasons));
    this.users.push(...clone(data.users));
    this.postings.push(...clone(data.postings));
    this.feedbackTemplates.push(...clone(data.feedbackTemplates));
    for (const opp of data.opportunities) {
      this.opportunities.set(opp.id, clone(opp));
      for (const applicationId of opp.applications)
        this.applications.set(
          applicationId,
          this.buildApplication(
            opp,
            data.applicationPostings[applicationId] ?? null,
            applicationId,
          ),
        );
    }
    for (const { opportunityId, form } of data.feedbackForms)
      this.feedback.set(form.id, { opportunityId, form: clone(form), history: [] });
  }

  // ---------------------------------------------------------------- seeding

  seed(input: LeverSeedInput): LeverSeeded {
    const out: LeverSeeded = {
      stages: [],
      archiveReasons: [],
      users: [],
      postings: [],
      feedbackTemplates: [],
      opportunities: [],
      notes: [],
    };
    for (const s of input.stages ?? []) {
      const stage: LeverStage = {
        id: s.id ?? this.newId('stage'),
        text: s.text ?? 'Sandbox stage',
      };
      upsert(this.stages, stage);
      out.stages.push(clone(stage));
    }
    for (const r of input.archiveReasons ?? []) {
      const reason: LeverArchiveReason = {
        id: r.id ?? this.newId('archive-reason'),
        text: r.text ?? (r.type === 'hired' ? 'Hired' : 'Not a fit'),
        status: r.status ?? 'active',
        type: r.type ?? 'non-hired',
      };
      upsert(this.archiveReasons, reason);
      out.archiveReasons.push(clone(reason));
    }
    for (const u of input.users ?? []) {
      const id = u.id ?? this.newId('user');
      const name = u.name ?? `Sandbox User ${this.users.length + 1}`;
      const user: LeverUser = {
        id,
        name,
        username: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
        email: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@sandbox.lever.test`,
        accessRole: 'team member',
        photo: null,
        createdAt: this.now(),
        deactivatedAt: null,
        externalDirectoryId: null,
        linkedContactIds: null,
        jobTitle: null,
        managerId: null,
        ...u,
      } as LeverUser;
      upsert(this.users, user);
      out.users.push(clone(user));
    }
    for (const p of input.postings ?? []) {
      const posting: LeverPosting = {
        id: p.id ?? this.newId('posting'),
        text: p.text ?? 'Sandbox Posting',
        state: 'published',
        user: this.defaultUserId(),
        owner: this.defaultUserId(),
        hiringManager: null,
        tags: [],
        createdAt: this.now(),
        updatedAt: this.now(),
        ...p,
      };
      upsert(this.postings, posting);
      out.postings.push(clone(posting));
    }
    for (const t of input.feedbackTemplates ?? []) {
      const template: LeverFeedbackTemplate = {
        id: t.id ?? this.newId('feedback-template'),
        text: t.text ?? 'Sandbox Feedback Template',
        group: null,
        instructions: '',
        fields: t.fields ?? [
          {
            id: this.newId('feedback-field'),
            type: 'score-system',
            text: 'Overall rating',
            description: '',
            required: false,
            prompt: 'Select one',
            options: [
              { text: '4 - Strong Hire' },
              { text: '3 - Hire' },
              { text: '2 - No Hire' },
              { text: '1 - Strong No Hire' },
            ],
          },
        ],
        createdAt: this.now(),
        stage: null,
        updatedAt: this.now(),
        ...t,
      } as LeverFeedbackTemplate;
      upsert(this.feedbackTemplates, template);
      out.feedbackTemplates.push(clone(template));
    }
    for (const seedOpp of input.opportunities ?? [])
      out.opportunities.push(clone(this.buildOpportunity(seedOpp)));
    for (const n of input.notes ?? []) {
      const opp = this.opportunity(n.opportunityId);
      const record = this.addNote(
        opp,
        { value: n.value, score: n.score ?? null },
        n.user ?? null,
        n.origin ?? 'ui',
      );
      out.notes.push(clone(record.note));
    }
    return out;
  }

  private buildOpportunity(seedOpp: LeverOpportunitySeed): LeverOpportunity {
    const { postingId, ...fields } = seedOpp;
    const id = fields.id ?? this.newId('opportunity');
    const n = this.opportunities.size + 1;
    const createdAt = fields.createdAt ?? this.now();
    const owner = fields.owner === undefined ? this.defaultUserId() : fields.owner;
    const stage = fields.stage ?? this.stages[0]?.id ?? 'lead-new';
    const opp: LeverOpportunity = {
      id,
      name: `Sandbox Candidate ${n}`,
      contact: this.newId('contact'),
      headline: '',
      stage,
      confidentiality: 'non-confidential',
      location: '',
      phones: [],
      emails: [`sandbox.candidate.${n}@example.com`],
      links: [],
      archived: null,
      tags: [],
      sources: [],
      stageChanges: [
        {
          toStageId: stage,
          toStageIndex: this.stageIndex(stage),
          updatedAt: createdAt,
          userId: owner,
        },
      ],
      origin: 'sourced',
      sourcedBy: owner,
      owner,
      followers: owner ? [owner] : [],
      applications: [],
      createdAt,
      updatedAt: createdAt,
      lastInteractionAt: createdAt,
      lastAdvancedAt: createdAt,
      snoozedUntil: null,
      urls: {
        list: 'https://hire.lever.co/candidates',
        show: `https://hire.lever.co/candidates/${id}`,
      },
      isAnonymized: false,
      dataProtection: null,
      ...fields,
    };
    this.opportunities.set(id, opp);
    if (postingId) {
      const application = this.buildApplication(opp, postingId);
      this.applications.set(application.id, application);
      opp.applications = [application.id];
    }
    return opp;
  }

  private buildApplication(
    opp: LeverOpportunity,
    postingId: string | null,
    id?: string,
  ): LeverApplication {
    const posting = this.postings.find((p) => p.id === postingId);
    return {
      id: id ?? this.newId('application'),
      type: 'posting',
      opportunityId: opp.id,
      candidateId: opp.id,
      posting: postingId,
      postingOwner: posting?.owner ?? null,
      postingHiringManager: posting?.hiringManager ?? null,
      user: null,
      name: opp.name,
      email: opp.emails[0] ?? null,
      phone: opp.phones[0] ?? null,
      company: null,
      links: [],
      comments: null,
      customQuestions: [],
      createdAt: opp.createdAt,
      archived: null,
      requisitionForHire: null,
    };
  }

  private defaultUserId(): string | null {
    const admin =
      this.users.find((u) => u.accessRole === 'super admin' && !u.deactivatedAt) ?? this.users[0];
    return admin?.id ?? null;
  }

  // ---------------------------------------------------------------- lookups

  opportunity(id: string): LeverOpportunity {
    const opp = this.opportunities.get(id);
    if (!opp) throw notFound('opportunities', id);
    return opp;
  }

  user(id: string): LeverUser | undefined {
    return this.users.find((u) => u.id === id);
  }

  stageIndex(stageId: string): number {
    return this.stages.findIndex((s) => s.id === stageId);
  }

  /**
   * Validates a `perform_as` user id: 400 when the user does not exist, 403 when deactivated
   * (lever-api.md §1.1: it must be a Lever user id) [status codes INFERRED].
   */
  performAs(userId: string): LeverUser {
    const user = this.user(userId);
    if (!user) throw new LeverApiError(400, `perform_as user ${userId} was not found`);
    if (user.deactivatedAt)
      throw new LeverApiError(403, `perform_as user ${userId} is deactivated`);
    return user;
  }

  listOpportunities(filter: LeverOpportunityFilter): LeverOpportunity[] {
    const anyOf = (wanted: string[] | undefined, has: (v: string) => boolean) =>
      !wanted?.length || wanted.some(has);
    const canonicalEmail = (e: string) => e.trim().toLowerCase();
    return (
      [...this.opportunities.values()]
        .filter((o) => {
          const conf = filter.confidentiality ?? 'non-confidential';
          if (conf !== 'all' && o.confidentiality !== conf) return false;
          if (filter.archived !== undefined && (o.archived !== null) !== filter.archived)
            return false;
          return (
            anyOf(filter.email, (e) =>
              o.emails.some((x) => canonicalEmail(x) === canonicalEmail(e)),
            ) &&
            anyOf(filter.stage_id, (s) => o.stage === s) &&
            anyOf(filter.tag, (t) => o.tags.includes(t)) &&
            anyOf(filter.contact_id, (c) => o.contact === c) &&
            anyOf(filter.origin, (g) => o.origin === g) &&
            anyOf(filter.archive_reason_id, (r) => o.archived?.reason === r) &&
            anyOf(filter.posting_id, (p) =>
              o.applications.some((a) => this.applications.get(a)?.posting === p),
            ) &&
            (filter.created_at_start === undefined || o.createdAt >= filter.created_at_start) &&
            (filter.created_at_end === undefined || o.createdAt <= filter.created_at_end) &&
            (filter.updated_at_start === undefined || o.updatedAt >= filter.updated_at_start) &&
            (filter.updated_at_end === undefined || o.updatedAt <= filter.updated_at_end)
          );
        })
        // oldest first; ties keep insertion order (stable sort) [order INFERRED]
        .sort((a, b) => a.createdAt - b.createdAt)
    );
  }

  /** `GET /tags`: every tag in use with the number of opportunities carrying it. */
  tagCounts(): { text: string; count: number }[] {
    const counts = new Map<string, number>();
    for (const o of this.opportunities.values())
      for (const t of o.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
    return [...counts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([text, count]) => ({ count, text }));
  }

  // ---------------------------------------------------------------- writes

  /**
   * Moves an opportunity to a stage (`PUT /opportunities/{id}/stage`, or a recruiter in the
   * UI). Setting the current stage again changes nothing and fires no webhook.
   * @throws LeverApiError 404 for an unknown opportunity or stage.
   */
  changeStage(opportunityId: string, stageId: string, userId: string | null): LeverOpportunity {
    const opp = this.opportunity(opportunityId);
    const index = this.stageIndex(stageId);
    if (index < 0) throw notFound('stages', stageId);
    if (opp.stage === stageId) return opp;
    const from = opp.stage;
    const at = this.now();
    opp.stage = stageId;
    opp.stageChanges.push({ toStageId: stageId, toStageIndex: index, updatedAt: at, userId });
    opp.lastAdvancedAt = at;
    this.touch(opp, at);
    this.emit({
      event: 'candidateStageChange',
      opportunity: opp,
      fromStageId: from,
      toStageId: stageId,
    });
    return opp;
  }

  /**
   * Archives with a reason, changes the reason, or unarchives with `null`
   * (`PUT /opportunities/{id}/archived`). A `hired` reason also fires `candidateHired`.
   * @throws LeverApiError 404 for an unknown opportunity or archive reason.
   */
  setArchived(
    opportunityId: string,
    reasonId: string | null,
    _userId: string | null,
  ): LeverOpportunity {
    const opp = this.opportunity(opportunityId);
    const reason =
      reasonId === null ? undefined : this.archiveReasons.find((r) => r.id === reasonId);
    if (reasonId !== null && !reason) throw notFound('archive_reasons', reasonId);
    const from = opp.archived ? { ...opp.archived } : null;
    if ((from?.reason ?? null) === reasonId) return opp;
    const at = this.now();
    opp.archived = reasonId === null ? null : { reason: reasonId, archivedAt: at };
    this.touch(opp, at);
    this.emit({
      event: 'candidateArchiveChange',
      opportunity: opp,
      fromArchived: from,
      toArchived: opp.archived,
    });
    if (reason?.type === 'hired') this.emit({ event: 'candidateHired', opportunity: opp });
    return opp;
  }

  /** Set-add or set-remove of tags, links or sources (`POST …/addTags` etc.). */
  editList(
    opportunityId: string,
    field: ListField,
    values: string[],
    add: boolean,
  ): LeverOpportunity {
    const opp = this.opportunity(opportunityId);
    const before = opp[field].length;
    if (add) for (const v of values) if (!opp[field].includes(v)) opp[field].push(v);
    if (!add) opp[field] = opp[field].filter((v) => !values.includes(v));
    if (opp[field].length !== before) this.touch(opp, this.now());
    return opp;
  }

  /** Creates an application to a posting and fires `applicationCreated`. */
  createApplication(opportunityId: string, postingId: string): LeverApplication {
    const opp = this.opportunity(opportunityId);
    if (!this.postings.some((p) => p.id === postingId)) throw notFound('postings', postingId);
    const application = this.buildApplication(opp, postingId);
    application.createdAt = this.now();
    this.applications.set(application.id, application);
    opp.applications = [application.id];
    this.touch(opp, application.createdAt);
    this.emit({ event: 'applicationCreated', opportunity: opp, application });
    return application;
  }

  /** Deletes an opportunity (UI action) and fires `candidateDeleted`. */
  deleteOpportunity(opportunityId: string, userId: string | null): void {
    const opp = this.opportunity(opportunityId);
    this.opportunities.delete(opportunityId);
    this.deletedOpportunities.set(opportunityId, opp);
    this.emit({ event: 'candidateDeleted', opportunity: opp, userId });
  }

  // ---------------------------------------------------------------- notes

  /** Adds a note (or, with `threadNoteId`, a comment to an existing note thread). */
  addNote(
    opp: LeverOpportunity,
    input: { value: string; score?: number | null; secret?: boolean; createdAt?: number },
    userId: string | null,
    origin: LeverNoteOrigin,
    threadNoteId?: string,
  ): LeverNoteRecord {
    const at = this.now();
    const field: LeverNoteField = {
      createdAt: input.createdAt ?? at,
      score: input.score ?? null,
      stage: opp.stage,
      text: 'Comment',
      type: 'note',
      user: userId,
      value: input.value,
    };
    if (threadNoteId) {
      const record = this.noteRecord(opp.id, threadNoteId);
      record.note.fields.push(field);
      record.history.push({
        at,
        action: 'commented',
        performAs: userId,
        fields: clone(record.note.fields),
        score: field.score,
      });
      this.touch(opp, at);
      return record;
    }
    const note: LeverNote = {
      id: this.newId('note'),
      text: 'Note',
      fields: [field],
      user: userId,
      secret: input.secret ?? false,
      completedAt: field.createdAt,
      deletedAt: null,
      createdAt: field.createdAt,
    };
    const record: LeverNoteRecord = {
      opportunityId: opp.id,
      note,
      origin,
      history: [
        {
          at,
          action: 'created',
          performAs: userId,
          fields: clone(note.fields),
          score: field.score,
        },
      ],
    };
    this.notes.set(note.id, record);
    this.touch(opp, at);
    return record;
  }

  noteRecord(opportunityId: string, noteId: string): LeverNoteRecord {
    const record = this.notes.get(noteId);
    if (!record || record.opportunityId !== opportunityId || record.note.deletedAt !== null)
      throw notFound('notes', noteId);
    return record;
  }

  /**
   * Replaces the comments of an API-created note (`PUT /opportunities/{id}/notes/{noteId}`).
   * @throws LeverApiError 404 unknown note; 403 for a note written in Lever's UI (lever-api.md §3.2
   * says only API-created notes can be updated; the status is [INFERRED]).
   */
  updateNote(
    opportunityId: string,
    noteId: string,
    values: { value: string; createdAt?: number }[],
    score: number | null | undefined,
    userId: string | null,
  ): LeverNoteRecord {
    const opp = this.opportunity(opportunityId);
    const record = this.noteRecord(opportunityId, noteId);
    if (record.origin !== 'api')
      throw new LeverApiError(
        403,
        `note ${noteId} was not created through the API and cannot be updated`,
      );
    const at = this.now();
    const author = record.note.user;
    record.note.fields = values.map((v, i) => ({
      createdAt: v.createdAt ?? at,
      score: i === 0 ? (score ?? record.note.fields[0]?.score ?? null) : null,
      stage: opp.stage,
      text: 'Comment',
      type: 'note',
      user: author,
      value: v.value,
    }));
    record.history.push({
      at,
      action: 'updated',
      performAs: userId,
      fields: clone(record.note.fields),
      score: score ?? null,
    });
    this.touch(opp, at);
    return record;
  }

  deleteNote(opportunityId: string, noteId: string, userId: string | null): void {
    const record = this.noteRecord(opportunityId, noteId);
    if (record.origin !== 'api')
      throw new LeverApiError(
        403,
        `note ${noteId} was not created through the API and cannot be deleted`,
      );
    const at = this.now();
    record.note.deletedAt = at;
    record.history.push({
      at,
      action: 'deleted',
      performAs: userId,
      fields: clone(record.note.fields),
      score: null,
    });
  }

  notesOf(opportunityId: string): LeverNoteRecord[] {
    return [...this.notes.values()].filter(
      (r) => r.opportunityId === opportunityId && r.note.deletedAt === null,
    );
  }

  // ---------------------------------------------------------------- feedback

  feedbackTemplate(id: string): LeverFeedbackTemplate {
    const template = this.feedbackTemplates.find((t) => t.id === id);
    if (!template) throw notFound('feedback_templates', id);
    return template;
  }

  /**
   * Creates a feedback form from a template (`POST /opportunities/{id}/feedback`).
   * @throws LeverApiError 404 unknown opportunity or template; 400 for a field id not in the
   * template or an option value that is not one of the field's options.
   */
  createFeedback(
    opportunityId: string,
    input: {
      baseTemplateId: string;
      fieldValues?: { id: string; value: unknown }[];
      panel?: string;
      interview?: string;
      createdAt?: number;
      completedAt?: number;
    },
    userId: string,
  ): LeverFeedbackRecord {
    this.opportunity(opportunityId);
    const template = this.feedbackTemplate(input.baseTemplateId);
    const at = this.now();
    const form: LeverFeedbackForm = {
      id: this.newId('feedback'),
      type: 'interview',
      text: template.text,
      instructions: template.instructions,
      fields: template.fields.map((f) => ({ ...clone(f), value: null })),
      baseTemplateId: template.id,
      interview: input.interview ?? null,
      panel: input.panel ?? null,
      user: userId,
      createdAt: input.createdAt ?? at,
      completedAt: input.completedAt ?? input.createdAt ?? at,
      updatedAt: null,
      deletedAt: null,
    };
    applyFieldValues(form, input.fieldValues ?? []);
    const record: LeverFeedbackRecord = {
      opportunityId,
      form,
      history: [{ at, action: 'created', performAs: userId }],
    };
    this.feedback.set(form.id, record);
    return record;
  }

  feedbackRecord(opportunityId: string, feedbackId: string): LeverFeedbackRecord {
    const record = this.feedback.get(feedbackId);
    if (!record || record.opportunityId !== opportunityId) throw notFound('feedback', feedbackId);
    return record;
  }

  updateFeedback(
    opportunityId: string,
    feedbackId: string,
    input: { fieldValues?: { id: string; value: unknown }[]; completedAt?: number },
    userId: string,
  ): LeverFeedbackRecord {
    const record = this.feedbackRecord(opportunityId, feedbackId);
    if (record.form.deletedAt !== null) throw notFound('feedback', feedbackId);
    applyFieldValues(record.form, input.fieldValues ?? []);
    const at = this.now();
    if (input.completedAt !== undefined) record.form.completedAt = input.completedAt;
    record.form.updatedAt = at;
    record.history.push({ at, action: 'updated', performAs: userId });
    return record;
  }

  deleteFeedback(opportunityId: string, feedbackId: string, userId: string): void {
    const record = this.feedbackRecord(opportunityId, feedbackId);
    if (record.form.deletedAt !== null) throw notFound('feedback', feedbackId);
    const at = this.now();
    record.form.deletedAt = at;
    record.history.push({ at, action: 'deleted', performAs: userId });
  }

  private touch(opp: LeverOpportunity, at: number): void {
    opp.updatedAt = at;
    opp.lastInteractionAt = at;
  }
}

function upsert<T extends { id: string }>(list: T[], item: T): void {
  const i = list.findIndex((x) => x.id === item.id);
  if (i >= 0) list[i] = item;
  else list.push(item);
}

const OPTION_TYPES = new Set(['dropdown', 'multiple-choice', 'score-system']);

/** Writes `fieldValues` into a form; option fields must use one of the option texts [INFERRED]. */
function applyFieldValues(form: LeverFeedbackForm, values: { id: string; value: unknown }[]): void {
  for (const { id, value } of values) {
    const field = form.fields.find((f) => f.id === id);
    if (!field)
      throw new LeverApiError(
        400,
        `field ${id} is not a field of feedback template ${form.baseTemplateId}`,
      );
    const options = field.options?.map((o) => o.text) ?? [];
    if (OPTION_TYPES.has(field.type) && value !== null && !options.includes(value as string))
      throw new LeverApiError(400, `value for field ${id} must be one of: ${options.join(', ')}`);
    if (field.type === 'multiple-select' && value !== null) {
      if (!Array.isArray(value) || value.some((v) => !options.includes(v as string)))
        throw new LeverApiError(
          400,
          `value for field ${id} must be a list of: ${options.join(', ')}`,
        );
    }
    field.value = value;
  }
}
