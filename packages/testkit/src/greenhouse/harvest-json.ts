/**
 * Renders sandbox records as Harvest JSON. Harvest v3 object shapes are not documented in
 * the sources we hold (greenhouse-api.md §2, §7), so every object uses the shape of the real
 * v1 examples in `__fixtures__/harvest/` (grnhse/greenhouse-api-docs), which the contract
 * tests check field by field. Where v3 is known to add fields (notes: `candidate_id`,
 * `application_id`, `type`, `updated_at`, §2.3) they are added to the v1 shape.
 */
import type {
  CustomFieldValue,
  CustomFieldValues,
  GreenhouseAppliedCandidateTag,
  GreenhouseApplication,
  GreenhouseCandidate,
  GreenhouseCustomField,
  GreenhouseDepartment,
  GreenhouseJob,
  GreenhouseNote,
  GreenhouseOffice,
  GreenhouseStage,
  GreenhouseUser,
} from './model';
import type { GreenhouseStore } from './store';

/** `{id, first_name, last_name, name, employee_id}` — how Harvest embeds a user. */
export function userRef(store: GreenhouseStore, id: number | null) {
  const u = id === null ? undefined : store.users.get(id);
  if (!u) return null;
  return {
    id: u.id,
    first_name: u.first_name,
    last_name: u.last_name,
    name: `${u.first_name} ${u.last_name}`,
    employee_id: u.employee_id,
  };
}

/** Display value of a stored custom field value (option ids become option names). */
export function displayValue(
  store: GreenhouseStore,
  field: GreenhouseCustomField,
  value: CustomFieldValue | undefined,
): unknown {
  if (value === undefined) return null;
  switch (field.value_type) {
    case 'single_select':
      return field.options.find((o) => o.id === value)?.name ?? null;
    case 'multi_select':
      return (value as number[]).map((id) => field.options.find((o) => o.id === id)?.name);
    case 'user': {
      const u = store.users.get(value as number);
      return u
        ? {
            user_id: u.id,
            name: `${u.first_name} ${u.last_name}`,
            email: u.email,
            employee_id: u.employee_id,
          }
        : null;
    }
    default:
      return value;
  }
}

/** Harvest's pair `custom_fields` (key → value) and `keyed_custom_fields` (key → {name,type,value}). */
export function harvestCustomFields(
  store: GreenhouseStore,
  fieldType: GreenhouseCustomField['field_type'],
  values: CustomFieldValues,
) {
  const custom_fields: Record<string, unknown> = {};
  const keyed_custom_fields: Record<string, { name: string; type: string; value: unknown }> = {};
  for (const field of store.fieldsOf(fieldType)) {
    const value = displayValue(store, field, values[field.id]);
    custom_fields[field.name_key] = value;
    // the real examples render yes_no as `boolean` here too (get_candidates__list.response.json)
    const type = field.value_type === 'yes_no' ? 'boolean' : field.value_type;
    keyed_custom_fields[field.name_key] = { name: field.name, type, value };
  }
  return { custom_fields, keyed_custom_fields };
}

/** Application object (fixture: `get_applications__list.response.json`). */
export function applicationJson(store: GreenhouseStore, a: GreenhouseApplication) {
  const job = store.jobs.get(a.job_id);
  const stage = a.current_stage_id === null ? undefined : store.stages.get(a.current_stage_id);
  const reason = a.rejection
    ? store.rejectionReasons.get(a.rejection.rejection_reason_id)
    : undefined;
  return {
    id: a.id,
    candidate_id: a.candidate_id,
    prospect: a.prospect,
    applied_at: a.applied_at,
    rejected_at: a.rejected_at,
    last_activity_at: a.last_activity_at,
    location: a.location,
    source: a.source,
    credited_to: userRef(store, a.credited_to_id),
    recruiter: userRef(store, a.recruiter_id),
    coordinator: userRef(store, a.coordinator_id),
    rejection_reason: reason ? { id: reason.id, name: reason.name, type: reason.type } : null,
    rejection_details: a.rejection
      ? harvestCustomFields(store, 'rejection_question', a.rejection.custom_fields)
      : null,
    jobs: job ? [{ id: job.id, name: job.name }] : [],
    job_post_id: a.job_post_id,
    status: a.status,
    current_stage: stage ? { id: stage.id, name: stage.name } : null,
    answers: a.answers,
    prospective_office: null,
    prospective_department: null,
    prospect_detail: { prospect_pool: null, prospect_stage: null, prospect_owner: null },
    ...harvestCustomFields(store, 'application', a.custom_fields),
    attachments: a.attachments,
  };
}

/** Candidate object (fixture: `get_candidates__list.response.json`). */
export function candidateJson(store: GreenhouseStore, c: GreenhouseCandidate) {
  const applications = [...store.applications.values()].filter((a) => a.candidate_id === c.id);
  return {
    id: c.id,
    first_name: c.first_name,
    last_name: c.last_name,
    company: c.company,
    title: c.title,
    created_at: c.created_at,
    updated_at: c.updated_at,
    last_activity: c.last_activity,
    is_private: c.is_private,
    photo_url: c.photo_url,
    attachments: c.attachments,
    application_ids: applications.map((a) => a.id),
    phone_numbers: c.phone_numbers,
    addresses: c.addresses,
    email_addresses: c.email_addresses,
    website_addresses: c.website_addresses,
    social_media_addresses: c.social_media_addresses,
    recruiter: userRef(store, c.recruiter_id),
    coordinator: userRef(store, c.coordinator_id),
    can_email: c.can_email,
    tags: store.tagNamesOf(c.id),
    applications: applications.map((a) => {
      const { custom_fields: _cf, keyed_custom_fields: _kcf, ...rest } = applicationJson(store, a);
      return rest;
    }),
    educations: c.educations,
    employments: c.employments,
    linked_user_ids: c.linked_user_ids,
    ...harvestCustomFields(store, 'candidate', c.custom_fields),
  };
}

function departmentJson(d: GreenhouseDepartment) {
  return {
    id: d.id,
    name: d.name,
    parent_id: d.parent_id,
    child_ids: d.child_ids,
    external_id: d.external_id,
  };
}

function officeJson(o: GreenhouseOffice) {
  return {
    id: o.id,
    name: o.name,
    location: { name: o.location },
    primary_contact_user_id: o.primary_contact_user_id,
    parent_id: o.parent_id,
    child_ids: o.child_ids,
    external_id: o.external_id,
  };
}

/** Job object (fixture: `get_job__retrieve.response.json`). */
export function jobJson(store: GreenhouseStore, j: GreenhouseJob) {
  const users = (ids: number[], responsible?: boolean) =>
    ids
      .map((id, i) => {
        const ref = userRef(store, id);
        return ref && responsible !== undefined ? { ...ref, responsible: i === 0 } : ref;
      })
      .filter((u) => u !== null);
  return {
    id: j.id,
    name: j.name,
    requisition_id: j.requisition_id,
    notes: j.notes,
    confidential: j.confidential,
    status: j.status,
    created_at: j.created_at,
    opened_at: j.opened_at,
    closed_at: j.closed_at,
    updated_at: j.updated_at,
    is_template: j.is_template,
    copied_from_id: j.copied_from_id,
    departments: j.department_ids
      .map((id) => store.departments.get(id))
      .filter((d) => d !== undefined)
      .map(departmentJson),
    offices: j.office_ids
      .map((id) => store.offices.get(id))
      .filter((o) => o !== undefined)
      .map(officeJson),
    ...harvestCustomFields(store, 'job', j.custom_fields),
    hiring_team: {
      hiring_managers: users(j.hiring_team.hiring_manager_ids),
      recruiters: users(j.hiring_team.recruiter_ids, true),
      coordinators: users(j.hiring_team.coordinator_ids, true),
      sourcers: users(j.hiring_team.sourcer_ids),
    },
    openings: j.openings,
  };
}

/** Job interview stage (fixture: `get_job_stages__list.response.json`). */
export function stageJson(store: GreenhouseStore, s: GreenhouseStage) {
  return {
    id: s.id,
    name: s.name,
    created_at: s.created_at,
    updated_at: s.updated_at,
    job_id: s.job_id,
    priority: s.priority,
    active: s.active,
    interviews: s.interviews.map((i) => ({
      id: i.id,
      name: i.name,
      schedulable: i.schedulable,
      estimated_minutes: i.estimated_minutes,
      default_interviewer_users: i.default_interviewer_user_ids
        .map((id) => userRef(store, id))
        .filter((u) => u !== null),
      interview_kit: i.interview_kit,
    })),
  };
}

/** Custom field definition (fixture: `get_custom_fields__list.response.json`). */
export function customFieldJson(f: GreenhouseCustomField) {
  return {
    id: f.id,
    name: f.name,
    active: f.active,
    field_type: f.field_type,
    priority: f.priority,
    value_type: f.value_type,
    private: f.private,
    required: f.required,
    require_approval: false,
    trigger_new_version: false,
    name_key: f.name_key,
    description: f.description,
    expose_in_job_board_api: false,
    api_only: false,
    offices: [],
    departments: [],
    template_token_string: `{{${f.name_key.toUpperCase()}}}`,
    custom_field_options: f.options.map(customFieldOptionJson),
  };
}

/** Custom field option (fixture: `get_custom_field_options__list.response.json`). */
export function customFieldOptionJson(o: GreenhouseCustomField['options'][number]) {
  return { id: o.id, name: o.name, priority: o.priority, external_id: o.external_id };
}

/** User (fixture: `get_users__list.response.json`). */
export function userJson(store: GreenhouseStore, u: GreenhouseUser) {
  return {
    id: u.id,
    name: `${u.first_name} ${u.last_name}`,
    first_name: u.first_name,
    last_name: u.last_name,
    primary_email_address: u.email,
    updated_at: u.updated_at,
    created_at: u.created_at,
    disabled: u.disabled,
    site_admin: u.site_admin,
    emails: [u.email, ...u.other_emails],
    employee_id: u.employee_id,
    linked_candidate_ids: u.linked_candidate_ids,
    offices: u.office_ids
      .map((id) => store.offices.get(id))
      .filter((o) => o !== undefined)
      .map((o) => ({
        ...officeJson(o),
        parent_office_external_id: o.parent_id
          ? (store.offices.get(o.parent_id)?.external_id ?? null)
          : null,
        child_office_external_ids: o.child_ids.map(
          (id) => store.offices.get(id)?.external_id ?? null,
        ),
      })),
    departments: u.department_ids
      .map((id) => store.departments.get(id))
      .filter((d) => d !== undefined)
      .map((d) => ({
        ...departmentJson(d),
        parent_department_external_id: d.parent_id
          ? (store.departments.get(d.parent_id)?.external_id ?? null)
          : null,
        child_department_external_ids: d.child_ids.map(
          (id) => store.departments.get(id)?.external_id ?? null,
        ),
      })),
  };
}

/**
 * Note: the v1 note shape (fixture `post_candidate_note.response.json`, including the legacy
 * misspelled `visiblity`) plus the v3 read fields `candidate_id`, `application_id`, `type`,
 * `updated_at` (greenhouse-api.md §2.3).
 */
export function noteJson(store: GreenhouseStore, n: GreenhouseNote) {
  return {
    id: n.id,
    created_at: n.created_at,
    updated_at: n.updated_at,
    body: n.body,
    user: userRef(store, n.user_id),
    private: n.visibility !== 'public',
    visiblity: n.visibility,
    visibility: n.visibility,
    candidate_id: n.candidate_id,
    application_id: n.application_id,
    type: n.type,
  };
}

/** Applied candidate tag row (§2.3: `{candidate_id, candidate_tag_id}` with its own id). */
export function appliedTagJson(t: GreenhouseAppliedCandidateTag) {
  return {
    id: t.id,
    candidate_id: t.candidate_id,
    candidate_tag_id: t.candidate_tag_id,
    created_at: t.created_at,
  };
}
