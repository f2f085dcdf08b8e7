/**
 * Bodies of Greenhouse recruiting webhooks (`{action, payload}`, greenhouse-api.md §3), built
 * from the sandbox's current data in exactly the shape of the documentation examples in
 * `__fixtures__/webhooks/*.json` (grnhse/greenhouse-api-docs). The examples differ between
 * events, and the sandbox keeps those differences:
 *
 * - `candidate_stage_change`: `source {id, name}`; jobs without `url`/`hiring_team`.
 * - `new_candidate_application`: adds `prospect_detail`, jobs with `url` and `hiring_team`.
 * - `reject_candidate`, `unhire_candidate` (and `unreject_candidate`, undocumented, same shape):
 *   `source {id, public_name}`; `rejection_details {custom_fields}`; the `reject_candidate`
 *   example has no `candidate.url`, so the sandbox leaves it out there too.
 * - `hire_candidate`: no `status`/`current_stage`; adds `opening`, `job` (singular) and `offer`
 *   (the sandbox has no offers: a synthetic accepted offer dated at the hire).
 * - `update_candidate`: `payload.candidate` without `is_private`/`can_email`.
 *
 * Custom fields are keyed by `name_key` as `{name, type, value}`; `yes_no` is rendered as
 * `boolean` (§3.3); every field of the object type is listed, unset ones with `value: null`.
 */
import { displayValue } from './harvest-json';
import type {
  CustomFieldValues,
  GreenhouseApplication,
  GreenhouseCandidate,
  GreenhouseCustomField,
  GreenhouseJob,
} from './model';
import type { GreenhouseStore } from './store';

/** The `action` strings the sandbox sends (§3.2). */
export type GreenhouseWebhookAction =
  | 'candidate_stage_change'
  | 'new_candidate_application'
  | 'reject_candidate'
  | 'unreject_candidate'
  | 'hire_candidate'
  | 'unhire_candidate'
  | 'update_candidate'
  | 'application_updated';

/**
 * Event names as the fixtures and the Greenhouse UI call them, mapped to the `action` they
 * send (e.g. `application_created` → `new_candidate_application`).
 */
export const WEBHOOK_EVENT_ACTIONS: Record<string, GreenhouseWebhookAction> = {
  candidate_stage_change: 'candidate_stage_change',
  application_created: 'new_candidate_application',
  new_candidate_application: 'new_candidate_application',
  candidate_rejected: 'reject_candidate',
  reject_candidate: 'reject_candidate',
  candidate_unrejected: 'unreject_candidate',
  unreject_candidate: 'unreject_candidate',
  candidate_hired: 'hire_candidate',
  hire_candidate: 'hire_candidate',
  candidate_unhired: 'unhire_candidate',
  unhire_candidate: 'unhire_candidate',
  candidate_updated: 'update_candidate',
  update_candidate: 'update_candidate',
  application_updated: 'application_updated',
};

/** UI labels sent as `payload.event` in the ping (§3.1; labels not confirmed, §3.2). */
export const WEBHOOK_UI_LABELS: Record<GreenhouseWebhookAction, string> = {
  candidate_stage_change: 'Candidate or Prospect changed stage',
  new_candidate_application: 'Candidate or Prospect submitted an application',
  reject_candidate: 'Candidate or Prospect rejected',
  unreject_candidate: 'Candidate or Prospect unrejected',
  hire_candidate: 'Candidate has been hired',
  unhire_candidate: 'Candidate has been unhired',
  update_candidate: 'Candidate or Prospect updated',
  application_updated: 'Application updated',
};

/** Base of the links Greenhouse puts in webhook bodies. */
export const GREENHOUSE_APP_URL = 'https://app.greenhouse.io';

function webhookUser(store: GreenhouseStore, id: number | null) {
  const u = id === null ? undefined : store.users.get(id);
  return u
    ? {
        id: u.id,
        email: u.email,
        name: `${u.first_name} ${u.last_name}`,
        employee_id: u.employee_id,
      }
    : null;
}

/** `MM/DD/YYYY` from an ISO date (webhooks render education and employment dates so). */
function usDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())}/${d.getUTCFullYear()}`;
}

/** Webhook custom field map `name_key → {name, type, value}`. */
export function webhookCustomFields(
  store: GreenhouseStore,
  fieldType: GreenhouseCustomField['field_type'],
  values: CustomFieldValues,
) {
  const out: Record<string, { name: string; type: string; value: unknown }> = {};
  for (const field of store.fieldsOf(fieldType)) {
    out[field.name_key] = {
      name: field.name,
      type: field.value_type === 'yes_no' ? 'boolean' : field.value_type,
      value: displayValue(store, field, values[field.id]),
    };
  }
  return out;
}

/** The candidate object of webhook bodies. */
export function webhookCandidate(store: GreenhouseStore, c: GreenhouseCandidate) {
  return {
    id: c.id,
    first_name: c.first_name,
    last_name: c.last_name,
    title: c.title,
    company: c.company,
    created_at: c.created_at,
    external_id: c.external_id,
    photo_url: c.photo_url,
    url: `${GREENHOUSE_APP_URL}/people/${c.id}`,
    is_private: c.is_private,
    can_email: c.can_email,
    phone_numbers: c.phone_numbers,
    email_addresses: c.email_addresses,
    addresses: c.addresses,
    website_addresses: c.website_addresses,
    social_media_addresses: c.social_media_addresses,
    educations: c.educations.map((e) => ({
      school_name: e.school_name,
      degree: e.degree,
      discipline: e.discipline,
      start_date: usDate(e.start_date),
      end_date: usDate(e.end_date),
    })),
    employments: c.employments.map((e) => ({
      company_name: e.company_name,
      title: e.title,
      start_date: usDate(e.start_date),
      end_date: usDate(e.end_date),
    })),
    recruiter: webhookUser(store, c.recruiter_id),
    coordinator: webhookUser(store, c.coordinator_id),
    attachments: c.attachments.map((a) => ({ filename: a.filename, url: a.url, type: a.type })),
    tags: store.tagNamesOf(c.id),
    custom_fields: webhookCustomFields(store, 'candidate', c.custom_fields),
  };
}

function webhookDepartmentsAndOffices(store: GreenhouseStore, j: GreenhouseJob) {
  return {
    departments: j.department_ids
      .map((id) => store.departments.get(id))
      .filter((d) => d !== undefined)
      .map((d) => ({ id: d.id, name: d.name, external_id: d.external_id })),
    offices: j.office_ids
      .map((id) => store.offices.get(id))
      .filter((o) => o !== undefined)
      .map((o) => ({ id: o.id, name: o.name, location: o.location, external_id: o.external_id })),
  };
}

function webhookJob(store: GreenhouseStore, j: GreenhouseJob, detailed: boolean) {
  const team = (ids: number[]) =>
    ids.map((id) => ({ user_id: id, employee_id: store.users.get(id)?.employee_id ?? null }));
  return {
    id: j.id,
    name: j.name,
    requisition_id: j.requisition_id,
    notes: j.notes,
    confidential: j.confidential,
    job_post_id: j.job_post_id,
    status: j.status,
    created_by_id: j.created_by_id,
    created_at: j.created_at,
    opened_at: j.opened_at,
    closed_at: j.closed_at,
    ...(detailed ? { url: `${GREENHOUSE_APP_URL}/sdash/${j.id}` } : {}),
    ...webhookDepartmentsAndOffices(store, j),
    ...(detailed
      ? {
          hiring_team: {
            hiring_managers: team(j.hiring_team.hiring_manager_ids),
            sourcers: team(j.hiring_team.sourcer_ids),
            recruiters: team(j.hiring_team.recruiter_ids),
            coordinators: team(j.hiring_team.coordinator_ids),
          },
        }
      : {}),
    custom_fields: webhookCustomFields(store, 'job', j.custom_fields),
  };
}

function webhookStage(store: GreenhouseStore, a: GreenhouseApplication) {
  const stage = a.current_stage_id === null ? undefined : store.stages.get(a.current_stage_id);
  if (!stage) return null;
  return {
    id: stage.id,
    name: stage.name,
    interviews: stage.interviews.map((i) => ({
      id: i.id,
      name: i.name,
      status: 'to_be_scheduled',
      interview_kit: {
        url: `${GREENHOUSE_APP_URL}/guides/${i.interview_kit.id}/people/${a.candidate_id}?application_id=${a.id}`,
        content: i.interview_kit.content,
        questions: i.interview_kit.questions,
      },
      interviewers: i.default_interviewer_user_ids
        .map((id) => store.users.get(id))
        .filter((u) => u !== undefined)
        .map((u) => ({
          id: u.id,
          display_name: `${u.first_name} ${u.last_name}`,
          status: 'tentative',
        })),
    })),
  };
}

/** Builds the webhook body of one application event from the current data. */
export function applicationWebhookBody(
  store: GreenhouseStore,
  action: Exclude<GreenhouseWebhookAction, 'update_candidate'>,
  a: GreenhouseApplication,
): { action: string; payload: Record<string, unknown> } {
  const candidate = store.candidates.get(a.candidate_id);
  const job = store.jobs.get(a.job_id);
  if (!candidate || !job) throw new Error(`application ${a.id} has no candidate or job`);
  const url = `${GREENHOUSE_APP_URL}/people/${a.candidate_id}?application_id=${a.id}`;
  const appCustomFields = webhookCustomFields(store, 'application', a.custom_fields);
  const candidateJson = webhookCandidate(store, candidate);
  if (action === 'hire_candidate') {
    const { departments, offices } = webhookDepartmentsAndOffices(store, job);
    const jobCustomFields = webhookCustomFields(store, 'job', job.custom_fields);
    const hiredAt = a.hired_at ?? a.last_activity_at;
    return {
      action,
      payload: {
        application: {
          id: a.id,
          opening: { opening_id: job.openings[0]?.opening_id ?? null, custom_fields: [] },
          credited_to: webhookUser(store, a.credited_to_id),
          source: a.source ? { id: a.source.id, public_name: a.source.public_name } : null,
          url,
          candidate: omit(candidateJson, [
            'company',
            'created_at',
            'photo_url',
            'social_media_addresses',
            'tags',
            'website_addresses',
          ]),
          job: {
            id: job.id,
            name: job.name,
            open_date: job.opened_at,
            close_date: job.closed_at,
            requisition_id: job.requisition_id,
            departments,
            offices,
            custom_fields: jobCustomFields,
          },
          jobs: [
            {
              id: job.id,
              name: job.name,
              requisition_id: job.requisition_id,
              confidential: job.confidential,
              opened_at: job.opened_at,
              closed_at: job.closed_at,
              departments,
              offices,
              custom_fields: jobCustomFields,
            },
          ],
          custom_fields: appCustomFields,
          offer: {
            id: a.id + 1_000_000_000,
            version: 1,
            created_at: hiredAt,
            sent_at: hiredAt.slice(0, 10),
            resolved_at: hiredAt,
            starts_at: new Date(Date.parse(hiredAt) + 14 * 86_400_000).toISOString().slice(0, 10),
            custom_fields: webhookCustomFields(store, 'offer', {}),
          },
        },
      },
    };
  }
  const reason = a.rejection
    ? store.rejectionReasons.get(a.rejection.rejection_reason_id)
    : undefined;
  const rejectionShape =
    action === 'reject_candidate' ||
    action === 'unhire_candidate' ||
    action === 'unreject_candidate';
  const created = action === 'new_candidate_application';
  const application: Record<string, unknown> = {
    id: a.id,
    rejected_at: a.rejected_at,
    prospect: a.prospect,
    status: a.status,
    applied_at: a.applied_at,
    last_activity_at: a.last_activity_at,
    url,
    source: a.source
      ? rejectionShape
        ? { id: a.source.id, public_name: a.source.public_name }
        : { id: a.source.id, name: a.source.public_name }
      : null,
    credited_to: webhookUser(store, a.credited_to_id),
    rejection_reason: reason ? { id: reason.id, name: reason.name, type: reason.type } : null,
    rejection_details: a.rejection
      ? {
          custom_fields: webhookCustomFields(
            store,
            'rejection_question',
            a.rejection.custom_fields,
          ),
        }
      : null,
    current_stage: webhookStage(store, a),
    ...(created
      ? { prospect_detail: { prospect_pool: null, prospect_stage: null, prospect_owner: null } }
      : {}),
    custom_fields: appCustomFields,
    candidate: action === 'reject_candidate' ? omit(candidateJson, ['url']) : candidateJson,
    jobs: [webhookJob(store, job, created)],
  };
  return { action, payload: { application } };
}

/** `update_candidate` body: `{action, payload: {candidate}}`. */
export function candidateWebhookBody(store: GreenhouseStore, c: GreenhouseCandidate) {
  return {
    action: 'update_candidate',
    payload: { candidate: omit(webhookCandidate(store, c), ['is_private', 'can_email']) },
  };
}

function omit<T extends object>(value: T, keys: string[]): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!keys.includes(k)) out[k] = v;
  return out as Partial<T>;
}
