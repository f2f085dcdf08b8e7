/**
 * The ATS side of a link: which record a ZenHire run belongs to.
 *
 * Ids are strings whatever the ATS uses (Greenhouse sends numbers, Lever UUIDs), so one
 * type serves every connector; connectors convert at their edge.
 */
export interface RecordRef {
  /** Configured connector instance name (e.g. `greenhouse-eu`), not the connector type. */
  connector: string;
  /** Greenhouse candidate id; Lever contact id (or opportunity id when no contact is known). */
  candidateId: string;
  /** Greenhouse application id; Lever opportunity id. */
  applicationId?: string;
  jobId?: string;
  stageId?: string;
}

/** Stable string form, e.g. `greenhouse-eu/c:123/a:456`, for logs and keys. */
export function recordKey(ref: RecordRef): string {
  return `${ref.connector}/c:${ref.candidateId}${ref.applicationId ? `/a:${ref.applicationId}` : ''}`;
}
