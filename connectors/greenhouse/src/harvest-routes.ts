/**
 * Harvest v3 routes the connector calls, relative to the base URL (`…/v3`). Sources:
 * greenhouse-api.md §2.3 (write routes, from the v3 write-endpoint migration guide) and §2.2
 * (list filters `*_ids`, cursor pagination). Where the v3 reference was not available the
 * route follows the v3 naming of the migration guide ([INFERRED], noted per route).
 */
export const routes = {
  /** Lists, also read one record at a time with `ids=` (`HarvestClient.getById`). */
  applications: '/applications',
  candidates: '/candidates',
  jobs: '/jobs',
  /** `PATCH` (custom fields). */
  application: (id: string) => `/applications/${id}`,
  candidate: (id: string) => `/candidates/${id}`,
  /** Stages of jobs: `GET /v3/job_interview_stages?job_ids=…` (§2.3 read replacement). */
  jobStages: '/job_interview_stages',
  /** Custom field definitions with their options (`custom_field_options[]`, §1.5) [INFERRED v3]. */
  customFields: '/custom_fields',
  rejectionReasons: '/rejection_reasons',
  candidateTags: '/candidate_tags',
  appliedCandidateTags: '/applied_candidate_tags',
  appliedCandidateTag: (id: string) => `/applied_candidate_tags/${id}`,
  users: '/users',
  notes: '/notes',
  /** `POST` with `from_stage_id` (+ `to_stage_id`); 204 (§2.3). */
  move: (applicationId: string) => `/applications/${applicationId}/move`,
  /** `POST` with `rejection_reason_id`, `notes`, `custom_fields[]`; 204 (§2.3). */
  reject: (applicationId: string) => `/applications/${applicationId}/reject`,
} as const;
