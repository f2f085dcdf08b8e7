/**
 * The parts of Harvest objects the connector reads, and tolerant readers for them. v3
 * object shapes are not fully documented (greenhouse-api.md §7): readers accept the v1
 * shapes of the vendor examples (`current_stage {id,name}`, `jobs[]`) and the flat v3-style
 * ids (`current_stage_id`, `job_id`) alike. Ids become strings at this edge (RecordRef rule).
 */

/** Application as the connector needs it. */
export interface ApplicationState {
  id: string;
  candidateId: string;
  jobId?: string;
  jobName?: string;
  stageId?: string;
  stageName?: string;
  /** `active`, `rejected`, `hired` (greenhouse-api.md §1.5). */
  status: string;
}

export interface CandidateSummary {
  id: string;
  name?: string;
  email?: string;
}

/** Job interview stage; the lowest `priority` is the first stage (§1.5). */
export interface JobStage {
  id: string;
  name: string;
  jobId: string;
  priority: number;
}

export interface CustomFieldOption {
  id: number;
  name: string;
}

/** Custom field definition (`value_type` per greenhouse-api.md §1.6). */
export interface CustomFieldDefinition {
  id: number;
  name: string;
  nameKey: string;
  /** `application`, `candidate`, `job`, … */
  fieldType: string;
  valueType: string;
  active: boolean;
  options: CustomFieldOption[];
}

export interface RejectionReason {
  id: number;
  name: string;
}

export interface CandidateTag {
  id: number;
  name: string;
}

export interface AppliedCandidateTag {
  id: number;
  candidateId: number;
  candidateTagId: number;
}

/** Note as the connector compares it (`GET /v3/notes` rows, greenhouse-api.md §2.3). */
export interface NoteSummary {
  id: string;
  body: string;
  /** Author: `user_id`, or v1's `user.id`; undefined when the row carries neither. */
  userId?: string;
}

export interface GreenhouseUserSummary {
  id: number;
  name: string;
  email?: string;
}

type Json = Record<string, unknown>;

const obj = (value: unknown): Json => (value && typeof value === 'object' ? (value as Json) : {});
const idString = (value: unknown): string | undefined =>
  typeof value === 'number' || (typeof value === 'string' && value !== '')
    ? String(value)
    : undefined;
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * An application (`GET /v3/applications` row, greenhouse-api.md §1.5): v1 `candidate {id}`,
 * `jobs[0]` / `job`, `current_stage {id,name}` or flat `candidate_id`, `job_id`,
 * `current_stage_id`. Never throws: a missing id is `''`, a missing status `active`.
 */
export function readApplication(data: unknown): ApplicationState {
  const a = obj(data);
  const stage = obj(a.current_stage);
  const jobs = Array.isArray(a.jobs) ? a.jobs.map(obj) : [];
  const job = jobs[0] ?? obj(a.job);
  const candidate = obj(a.candidate);
  return {
    id: idString(a.id) ?? '',
    candidateId: idString(a.candidate_id) ?? idString(candidate.id) ?? '',
    jobId: idString(a.job_id) ?? idString(job.id),
    jobName: str(job.name),
    stageId: idString(a.current_stage_id) ?? idString(stage.id),
    stageName: str(stage.name),
    status: str(a.status) ?? 'active',
  };
}

/** A candidate: `id`, `first_name last_name` as `name`, the first `email_addresses[].value`. Never throws. */
export function readCandidate(data: unknown): CandidateSummary {
  const c = obj(data);
  const name = [str(c.first_name), str(c.last_name)].filter(Boolean).join(' ');
  const emails = Array.isArray(c.email_addresses) ? c.email_addresses.map(obj) : [];
  return {
    id: idString(c.id) ?? '',
    ...(name ? { name } : {}),
    ...(str(emails[0]?.value) ? { email: str(emails[0]?.value) } : {}),
  };
}

/** A job stage (§1.5); `jobId` falls back to the job the list was read for, `priority` to 0. Never throws. */
export function readStage(data: unknown, jobId?: string): JobStage {
  const s = obj(data);
  return {
    id: idString(s.id) ?? '',
    name: str(s.name) ?? '',
    jobId: idString(s.job_id) ?? jobId ?? '',
    priority: typeof s.priority === 'number' ? s.priority : 0,
  };
}

/**
 * A custom field definition (§1.6) with its options (`custom_field_options` or `options`);
 * `active` unless the row says `false`. Never throws; a missing numeric id is `NaN`.
 */
export function readCustomField(data: unknown): CustomFieldDefinition {
  const f = obj(data);
  const options = Array.isArray(f.custom_field_options)
    ? f.custom_field_options
    : Array.isArray(f.options)
      ? f.options
      : [];
  return {
    id: Number(f.id),
    name: str(f.name) ?? '',
    nameKey: str(f.name_key) ?? '',
    fieldType: str(f.field_type) ?? '',
    valueType: str(f.value_type) ?? '',
    active: f.active !== false,
    options: options.map(obj).map((o) => ({ id: Number(o.id), name: str(o.name) ?? '' })),
  };
}

/** A rejection reason `{id, name}`. Never throws; a missing id is `NaN`. */
export function readRejectionReason(data: unknown): RejectionReason {
  const r = obj(data);
  return { id: Number(r.id), name: str(r.name) ?? '' };
}

/** An organisation candidate tag `{id, name}`. Never throws; a missing id is `NaN`. */
export function readCandidateTag(data: unknown): CandidateTag {
  const t = obj(data);
  return { id: Number(t.id), name: str(t.name) ?? '' };
}

/** An applied tag row: `candidate_tag_id` or v1 `candidate_tag {id}`. Never throws; missing ids are `NaN`. */
export function readAppliedTag(data: unknown): AppliedCandidateTag {
  const t = obj(data);
  return {
    id: Number(t.id),
    candidateId: Number(t.candidate_id),
    candidateTagId: Number(t.candidate_tag_id ?? obj(t.candidate_tag).id),
  };
}

/** A user: `name` or `first_name last_name`, `primary_email_address` or `email`. Never throws. */
export function readUser(data: unknown): GreenhouseUserSummary {
  const u = obj(data);
  const name = str(u.name) ?? [str(u.first_name), str(u.last_name)].filter(Boolean).join(' ');
  const email = str(u.primary_email_address) ?? str(u.email);
  return { id: Number(u.id), name, ...(email ? { email } : {}) };
}

/** A note row of `GET /v3/notes` (read shape `{id, body, user_id | user {id}, …}`, §2.3). */
export function readNote(data: unknown): NoteSummary {
  const n = obj(data);
  const userId = idString(n.user_id) ?? idString(obj(n.user).id);
  return {
    id: idString(n.id) ?? '',
    body: str(n.body) ?? '',
    ...(userId ? { userId } : {}),
  };
}

/** The created object's id from a POST answer (`{id}`), if any. */
export function createdId(data: unknown): string | undefined {
  return idString(obj(data).id);
}
