import { convertCustomFieldValue } from './custom-fields';
import type {
  CustomFieldValue,
  CustomFieldValues,
  GreenhouseAppliedCandidateTag,
  GreenhouseApplication,
  GreenhouseCandidate,
  GreenhouseCandidateTag,
  GreenhouseCustomField,
  GreenhouseCustomFieldOption,
  GreenhouseDepartment,
  GreenhouseJob,
  GreenhouseNote,
  GreenhouseOffice,
  GreenhouseRejectionReason,
  GreenhouseStage,
  GreenhouseUser,
} from './model';

type Seed<T, Required extends keyof T> = Partial<T> & Pick<T, Required>;

/**
 * Custom field values in seeds: keyed by field id or `name_key`; single_select values may be
 * the option name (converted to the option id).
 */
export type SeedCustomFields = Record<string, CustomFieldValue | string>;

export type StageSeed = string | (Partial<GreenhouseStage> & { name: string });

export type JobSeed = Seed<Omit<GreenhouseJob, 'custom_fields'>, 'name'> & {
  /** Stages in order (priority = position when not given). */
  stages?: StageSeed[];
  custom_fields?: SeedCustomFields;
};

export type CandidateSeed = Seed<
  Omit<GreenhouseCandidate, 'custom_fields'>,
  'first_name' | 'last_name'
> & {
  /** Shortcut for `email_addresses: [{value: email, type: 'personal'}]`. */
  email?: string;
  /** Tag names: creates org tags when missing and applies them. */
  tags?: string[];
  custom_fields?: SeedCustomFields;
};

export type ApplicationSeed = Seed<
  Omit<GreenhouseApplication, 'custom_fields'>,
  'candidate_id' | 'job_id'
> & { custom_fields?: SeedCustomFields };

export type CustomFieldSeed = Seed<
  Omit<GreenhouseCustomField, 'options'>,
  'name' | 'field_type' | 'value_type'
> & { options?: (string | (Partial<GreenhouseCustomFieldOption> & { name: string }))[] };

/**
 * Data for {@link GreenhouseStore.seed} (and `GreenhouseSandbox.seed`). Every list is
 * optional; every record's `id` is optional (allocated when absent); other missing fields get
 * neutral defaults (null, [], false, the sandbox clock's time). Records with an existing id
 * replace the stored one.
 */
export interface GreenhouseSeed {
  users?: Seed<GreenhouseUser, 'first_name' | 'last_name'>[];
  departments?: Seed<GreenhouseDepartment, 'name'>[];
  offices?: Seed<GreenhouseOffice, 'name'>[];
  customFields?: CustomFieldSeed[];
  jobs?: JobSeed[];
  candidates?: CandidateSeed[];
  applications?: ApplicationSeed[];
  rejectionReasons?: Seed<GreenhouseRejectionReason, 'name'>[];
  candidateTags?: Seed<GreenhouseCandidateTag, 'name'>[];
  appliedCandidateTags?: Seed<GreenhouseAppliedCandidateTag, 'candidate_id' | 'candidate_tag_id'>[];
  notes?: Seed<GreenhouseNote, 'candidate_id' | 'body'>[];
}

/** Thrown when seed data refers to records that do not exist. */
export class GreenhouseSeedError extends Error {
  readonly code = 'GREENHOUSE_SEED_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'GreenhouseSeedError';
  }
}

/**
 * In-memory Greenhouse organisation: the tables the sandbox serves and changes. Ids of new
 * records come from one counter starting at `firstId` (numbers, like the real API).
 */
export class GreenhouseStore {
  readonly users = new Map<number, GreenhouseUser>();
  readonly departments = new Map<number, GreenhouseDepartment>();
  readonly offices = new Map<number, GreenhouseOffice>();
  readonly customFields = new Map<number, GreenhouseCustomField>();
  readonly jobs = new Map<number, GreenhouseJob>();
  readonly stages = new Map<number, GreenhouseStage>();
  readonly candidates = new Map<number, GreenhouseCandidate>();
  readonly applications = new Map<number, GreenhouseApplication>();
  readonly rejectionReasons = new Map<number, GreenhouseRejectionReason>();
  readonly candidateTags = new Map<number, GreenhouseCandidateTag>();
  readonly appliedCandidateTags = new Map<number, GreenhouseAppliedCandidateTag>();
  readonly notes = new Map<number, GreenhouseNote>();
  private idCounter: number;

  constructor(
    private readonly nowIso: () => string,
    firstId = 90_000_001,
  ) {
    this.idCounter = firstId;
  }

  /** A fresh numeric id (never reused). */
  nextId(): number {
    return this.idCounter++;
  }

  private idFor(id: number | undefined): number {
    if (id === undefined) return this.nextId();
    if (id >= this.idCounter) this.idCounter = id + 1;
    return id;
  }

  /** Removes every record. */
  clear(): void {
    for (const table of [
      this.users,
      this.departments,
      this.offices,
      this.customFields,
      this.jobs,
      this.stages,
      this.candidates,
      this.applications,
      this.rejectionReasons,
      this.candidateTags,
      this.appliedCandidateTags,
      this.notes,
    ])
      table.clear();
  }

  /**
   * Loads records (see {@link GreenhouseSeed}); throws {@link GreenhouseSeedError} on a
   * dangling reference (unknown job, candidate, stage, custom field or option).
   */
  seed(data: GreenhouseSeed): void {
    const now = this.nowIso();
    for (const u of data.users ?? []) {
      const id = this.idFor(u.id);
      this.users.set(id, {
        email: `${u.first_name}.${u.last_name}.${id}@example.com`.toLowerCase().replace(/\s/g, ''),
        other_emails: [],
        employee_id: null,
        site_admin: false,
        disabled: false,
        office_ids: [],
        department_ids: [],
        linked_candidate_ids: [],
        created_at: now,
        updated_at: now,
        ...u,
        id,
      });
    }
    for (const d of data.departments ?? []) {
      const id = this.idFor(d.id);
      this.departments.set(id, { parent_id: null, child_ids: [], external_id: null, ...d, id });
    }
    for (const o of data.offices ?? []) {
      const id = this.idFor(o.id);
      this.offices.set(id, {
        location: null,
        primary_contact_user_id: null,
        parent_id: null,
        child_ids: [],
        external_id: null,
        ...o,
        id,
      });
    }
    for (const f of data.customFields ?? []) {
      const id = this.idFor(f.id);
      const options = (f.options ?? []).map((o, i) =>
        typeof o === 'string'
          ? { id: this.nextId(), name: o, priority: i, external_id: null }
          : { priority: i, external_id: null, ...o, id: this.idFor(o.id) },
      );
      this.customFields.set(id, {
        name_key: f.name.toLowerCase().replace(/[^a-z0-9]+/g, '_'),
        active: true,
        private: false,
        required: false,
        priority: this.customFields.size,
        description: null,
        ...f,
        id,
        options,
      });
    }
    for (const j of data.jobs ?? []) {
      const id = this.idFor(j.id);
      const { stages, custom_fields, ...rest } = j;
      this.jobs.set(id, {
        requisition_id: null,
        notes: null,
        confidential: false,
        status: 'open',
        is_template: false,
        copied_from_id: null,
        job_post_id: null,
        created_by_id: null,
        created_at: now,
        opened_at: now,
        closed_at: null,
        updated_at: now,
        department_ids: [],
        office_ids: [],
        hiring_team: {
          hiring_manager_ids: [],
          recruiter_ids: [],
          coordinator_ids: [],
          sourcer_ids: [],
        },
        openings: [],
        ...rest,
        id,
        custom_fields: this.resolveValues(custom_fields, 'job', `job ${id}`),
      });
      (stages ?? []).forEach((s, i) => {
        const stage = typeof s === 'string' ? { name: s } : s;
        const stageId = this.idFor(stage.id);
        this.stages.set(stageId, {
          priority: i,
          active: true,
          created_at: now,
          updated_at: now,
          interviews: [],
          ...stage,
          id: stageId,
          job_id: id,
        });
      });
    }
    for (const t of data.candidateTags ?? []) {
      const id = this.idFor(t.id);
      this.candidateTags.set(id, { ...t, id });
    }
    for (const c of data.candidates ?? []) {
      const id = this.idFor(c.id);
      const { email, tags, custom_fields, ...rest } = c;
      this.candidates.set(id, {
        title: null,
        company: null,
        external_id: null,
        photo_url: null,
        is_private: false,
        can_email: true,
        created_at: now,
        updated_at: now,
        last_activity: now,
        phone_numbers: [],
        email_addresses: email ? [{ value: email, type: 'personal' }] : [],
        addresses: [],
        website_addresses: [],
        social_media_addresses: [],
        educations: [],
        employments: [],
        attachments: [],
        recruiter_id: null,
        coordinator_id: null,
        linked_user_ids: [],
        ...rest,
        id,
        custom_fields: this.resolveValues(custom_fields, 'candidate', `candidate ${id}`),
      });
      for (const name of tags ?? []) this.applyTag(id, this.tagNamed(name).tag.id, now);
    }
    for (const a of data.applications ?? []) {
      const id = this.idFor(a.id);
      if (!this.candidates.has(a.candidate_id))
        throw new GreenhouseSeedError(`application ${id}: unknown candidate ${a.candidate_id}`);
      if (!this.jobs.has(a.job_id))
        throw new GreenhouseSeedError(`application ${id}: unknown job ${a.job_id}`);
      const { custom_fields, ...rest } = a;
      const stageId =
        a.current_stage_id === undefined
          ? (this.stagesOf(a.job_id)[0]?.id ?? null)
          : a.current_stage_id;
      if (stageId !== null && this.stages.get(stageId)?.job_id !== a.job_id)
        throw new GreenhouseSeedError(
          `application ${id}: stage ${stageId} is not a stage of job ${a.job_id}`,
        );
      this.applications.set(id, {
        prospect: false,
        status: 'active',
        applied_at: now,
        rejected_at: null,
        hired_at: null,
        last_activity_at: now,
        location: null,
        source: null,
        credited_to_id: null,
        recruiter_id: null,
        coordinator_id: null,
        job_post_id: null,
        answers: [],
        attachments: [],
        rejection: null,
        ...rest,
        current_stage_id: stageId,
        id,
        custom_fields: this.resolveValues(custom_fields, 'application', `application ${id}`),
      });
    }
    for (const r of data.rejectionReasons ?? []) {
      const id = this.idFor(r.id);
      this.rejectionReasons.set(id, {
        type: { id: 1, name: 'We rejected them' },
        ...r,
        id,
      });
    }
    for (const t of data.appliedCandidateTags ?? []) {
      if (!this.candidates.has(t.candidate_id) || !this.candidateTags.has(t.candidate_tag_id))
        throw new GreenhouseSeedError(
          `applied tag: unknown candidate ${t.candidate_id} or tag ${t.candidate_tag_id}`,
        );
      const id = this.idFor(t.id);
      this.appliedCandidateTags.set(id, { created_at: now, ...t, id });
    }
    for (const n of data.notes ?? []) {
      const id = this.idFor(n.id);
      this.notes.set(id, {
        application_id: null,
        user_id: this.users.keys().next().value ?? 0,
        visibility: 'public',
        type: 'NOTE',
        created_at: now,
        updated_at: now,
        ...n,
        id,
      });
    }
  }

  private resolveValues(
    values: SeedCustomFields | undefined,
    fieldType: GreenhouseCustomField['field_type'],
    owner: string,
  ): CustomFieldValues {
    const out: CustomFieldValues = {};
    for (const [key, value] of Object.entries(values ?? {})) {
      const field = [...this.customFields.values()].find(
        (f) => f.field_type === fieldType && (String(f.id) === key || f.name_key === key),
      );
      if (!field)
        throw new GreenhouseSeedError(`${owner}: unknown ${fieldType} custom field ${key}`);
      const converted = convertCustomFieldValue(field, value, (value as { unit?: unknown })?.unit);
      if (typeof converted === 'string' && converted.startsWith('!')) {
        // ranges and currencies are seeded in their stored form
        if (typeof value === 'object' && value !== null) out[field.id] = value;
        else throw new GreenhouseSeedError(`${owner}: ${key}: ${converted.slice(1)}`);
      } else out[field.id] = converted as CustomFieldValue;
    }
    return out;
  }

  /** Stages of a job ordered by priority (first stage first). */
  stagesOf(jobId: number): GreenhouseStage[] {
    return [...this.stages.values()]
      .filter((s) => s.job_id === jobId)
      .sort((a, b) => a.priority - b.priority || a.id - b.id);
  }

  /** Custom fields of one object type, ordered by priority. */
  fieldsOf(fieldType: GreenhouseCustomField['field_type']): GreenhouseCustomField[] {
    return [...this.customFields.values()]
      .filter((f) => f.field_type === fieldType)
      .sort((a, b) => a.priority - b.priority || a.id - b.id);
  }

  /** Finds a tag by name, case-insensitively, creating it when missing. */
  tagNamed(name: string): { tag: GreenhouseCandidateTag; created: boolean } {
    const existing = [...this.candidateTags.values()].find(
      (t) => t.name.toLowerCase() === name.trim().toLowerCase(),
    );
    if (existing) return { tag: existing, created: false };
    const tag = { id: this.nextId(), name: name.trim() };
    this.candidateTags.set(tag.id, tag);
    return { tag, created: true };
  }

  /** Applies a tag to a candidate; returns the existing row when already applied. */
  applyTag(
    candidateId: number,
    tagId: number,
    at: string,
  ): { row: GreenhouseAppliedCandidateTag; created: boolean } {
    const existing = [...this.appliedCandidateTags.values()].find(
      (t) => t.candidate_id === candidateId && t.candidate_tag_id === tagId,
    );
    if (existing) return { row: existing, created: false };
    const row = {
      id: this.nextId(),
      candidate_id: candidateId,
      candidate_tag_id: tagId,
      created_at: at,
    };
    this.appliedCandidateTags.set(row.id, row);
    return { row, created: true };
  }

  /** Tag names applied to a candidate, in the order they were applied. */
  tagNamesOf(candidateId: number): string[] {
    return [...this.appliedCandidateTags.values()]
      .filter((t) => t.candidate_id === candidateId)
      .map((t) => this.candidateTags.get(t.candidate_tag_id)?.name)
      .filter((n): n is string => n !== undefined);
  }
}
