/**
 * Records the Greenhouse sandbox keeps in memory. Field names follow Greenhouse's own
 * snake_case (greenhouse-api.md §1.5) so seeds read like the vendor's payloads; references
 * to other records are ids (`*_id`, `*_ids`), which the serializers expand into the nested
 * objects of the real JSON. Ids are numbers, as in the real API. Timestamps are ISO-8601
 * strings (UTC, `Z`).
 */

/** Custom field value types (greenhouse-api.md §1.6). Webhooks render `yes_no` as `boolean`. */
export type CustomFieldValueType =
  | 'short_text'
  | 'long_text'
  | 'yes_no'
  | 'single_select'
  | 'multi_select'
  | 'currency'
  | 'currency_range'
  | 'number'
  | 'number_range'
  | 'date'
  | 'url'
  | 'user';

/** Objects a custom field belongs to (`GET /v1/custom_fields/{field_type}`, §1.5). */
export type CustomFieldType =
  | 'application'
  | 'candidate'
  | 'job'
  | 'offer'
  | 'rejection_question'
  | 'referral_question'
  | 'user_attribute';

/**
 * A stored custom field value, already validated: text/date/url as string, number as
 * number, yes_no as boolean, single_select as the option id, multi_select as option ids,
 * user as the user id, currency as `{amount, unit}`, ranges as `{min_value, max_value, unit?}`.
 */
export type CustomFieldValue =
  | string
  | number
  | boolean
  | number[]
  | { amount: number; unit: string }
  | { min_value: number; max_value: number; unit?: string | null };

/** Values keyed by custom field id. */
export type CustomFieldValues = Record<number, CustomFieldValue>;

export interface GreenhouseCustomFieldOption {
  id: number;
  name: string;
  priority: number;
  external_id: string | null;
}

export interface GreenhouseCustomField {
  id: number;
  name: string;
  /** Immutable field key (§1.6), the key of `keyed_custom_fields` and webhook `custom_fields`. */
  name_key: string;
  field_type: CustomFieldType;
  value_type: CustomFieldValueType;
  active: boolean;
  private: boolean;
  required: boolean;
  priority: number;
  description: string | null;
  /** Options of single_select / multi_select fields (empty otherwise). */
  options: GreenhouseCustomFieldOption[];
}

export interface GreenhouseUser {
  id: number;
  first_name: string;
  last_name: string;
  /** Primary e-mail address. */
  email: string;
  other_emails: string[];
  employee_id: string | null;
  site_admin: boolean;
  disabled: boolean;
  office_ids: number[];
  department_ids: number[];
  linked_candidate_ids: number[];
  created_at: string;
  updated_at: string;
}

export interface GreenhouseDepartment {
  id: number;
  name: string;
  parent_id: number | null;
  child_ids: number[];
  external_id: string | null;
}

export interface GreenhouseOffice {
  id: number;
  name: string;
  /** Location name, e.g. `New York, NY` (webhooks: string; Harvest: `{name}`). */
  location: string | null;
  primary_contact_user_id: number | null;
  parent_id: number | null;
  child_ids: number[];
  external_id: string | null;
}

export interface GreenhouseInterviewQuestion {
  id: number;
  question: string;
}

/** An interview of a stage's plan (`job_stages[].interviews[]`). */
export interface GreenhouseStageInterview {
  id: number;
  name: string;
  schedulable: boolean;
  estimated_minutes: number;
  default_interviewer_user_ids: number[];
  interview_kit: { id: number; content: string; questions: GreenhouseInterviewQuestion[] };
}

/** A job interview stage; the lowest `priority` is the first stage (§1.5). */
export interface GreenhouseStage {
  id: number;
  job_id: number;
  name: string;
  priority: number;
  active: boolean;
  created_at: string;
  updated_at: string;
  interviews: GreenhouseStageInterview[];
}

export interface GreenhouseOpening {
  id: number;
  opening_id: string | null;
  status: 'open' | 'closed';
  opened_at: string;
  closed_at: string | null;
  application_id: number | null;
  close_reason: { id: number; name: string } | null;
}

export interface GreenhouseJob {
  id: number;
  name: string;
  requisition_id: string | null;
  notes: string | null;
  confidential: boolean;
  status: 'open' | 'closed' | 'draft';
  is_template: boolean;
  copied_from_id: number | null;
  job_post_id: number | null;
  created_by_id: number | null;
  created_at: string;
  opened_at: string | null;
  closed_at: string | null;
  updated_at: string;
  department_ids: number[];
  office_ids: number[];
  hiring_team: {
    hiring_manager_ids: number[];
    recruiter_ids: number[];
    coordinator_ids: number[];
    sourcer_ids: number[];
  };
  openings: GreenhouseOpening[];
  custom_fields: CustomFieldValues;
}

export interface GreenhouseContact {
  value: string;
  type: string;
}

export interface GreenhouseEducation {
  id: number;
  school_name: string;
  degree: string;
  discipline: string;
  /** ISO date-time (Harvest); webhooks render `MM/DD/YYYY`. */
  start_date: string;
  end_date: string;
}

export interface GreenhouseEmployment {
  id: number;
  company_name: string;
  title: string;
  start_date: string;
  end_date: string;
}

export interface GreenhouseAttachment {
  filename: string;
  url: string;
  type: string;
  created_at: string;
}

export interface GreenhouseCandidate {
  id: number;
  first_name: string;
  last_name: string;
  title: string | null;
  company: string | null;
  external_id: string | null;
  photo_url: string | null;
  is_private: boolean;
  can_email: boolean;
  created_at: string;
  updated_at: string;
  last_activity: string;
  phone_numbers: GreenhouseContact[];
  email_addresses: GreenhouseContact[];
  addresses: GreenhouseContact[];
  website_addresses: GreenhouseContact[];
  social_media_addresses: { value: string }[];
  educations: GreenhouseEducation[];
  employments: GreenhouseEmployment[];
  attachments: GreenhouseAttachment[];
  recruiter_id: number | null;
  coordinator_id: number | null;
  linked_user_ids: number[];
  custom_fields: CustomFieldValues;
}

export type ApplicationStatus = 'active' | 'rejected' | 'hired';

/** The rejection of an application (set by `POST /v3/applications/{id}/reject`). */
export interface GreenhouseRejection {
  rejection_reason_id: number;
  /** `notes` of the reject call (Greenhouse puts them on the activity feed). */
  notes: string | null;
  /** `rejection_email` of the reject call, kept for inspection; no e-mail is sent. */
  rejection_email: Record<string, unknown> | null;
  /** Rejection question custom field values (`field_type: rejection_question`). */
  custom_fields: CustomFieldValues;
  rejected_by_user_id: number | null;
}

export interface GreenhouseApplication {
  id: number;
  candidate_id: number;
  job_id: number;
  prospect: boolean;
  status: ApplicationStatus;
  current_stage_id: number | null;
  applied_at: string;
  rejected_at: string | null;
  hired_at: string | null;
  last_activity_at: string;
  location: { address: string } | null;
  source: { id: number; public_name: string } | null;
  credited_to_id: number | null;
  recruiter_id: number | null;
  coordinator_id: number | null;
  job_post_id: number | null;
  answers: { question: string; answer: string }[];
  attachments: GreenhouseAttachment[];
  custom_fields: CustomFieldValues;
  rejection: GreenhouseRejection | null;
}

export interface GreenhouseRejectionReason {
  id: number;
  name: string;
  type: { id: number; name: string };
}

/** An organisation-wide candidate tag (`GET /v3/candidate_tags`). */
export interface GreenhouseCandidateTag {
  id: number;
  name: string;
}

/** A tag applied to a candidate; has its own id (`POST /v3/applied_candidate_tags`, §2.3). */
export interface GreenhouseAppliedCandidateTag {
  id: number;
  candidate_id: number;
  candidate_tag_id: number;
  created_at: string;
}

export type NoteVisibility = 'admin_only' | 'private' | 'public';

export interface GreenhouseNote {
  id: number;
  candidate_id: number;
  application_id: number | null;
  user_id: number;
  body: string;
  visibility: NoteVisibility;
  type: 'NOTE' | 'ACTIVITY' | 'EMAIL';
  created_at: string;
  updated_at: string;
}
