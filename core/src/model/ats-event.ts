import type { RecordRef } from './record-ref';

/** ATS events that can start ZenHire work (DESIGN.md "Trigger"). */
export type AtsEventType =
  | 'stage_entered'
  | 'application_created'
  | 'tag_added'
  | 'rejected'
  | 'hired'
  | 'archived'
  | 'candidate_updated';

/** A named ATS object as the event carried it. */
export interface NamedRef {
  id: string;
  name?: string;
}

/**
 * A connector-neutral event parsed from an ATS webhook (or raised through the generic
 * connector's inbound endpoint).
 */
export interface AtsEvent {
  /** Dedupe key, unique per delivery of the vendor (e.g. `Greenhouse-Event-ID`). */
  id: string;
  type: AtsEventType;
  /** Connector instance name. */
  connector: string;
  /** ISO 8601. */
  occurredAt: string;
  record: RecordRef;
  job?: NamedRef;
  stage?: NamedRef;
  /** The stage before a `stage_entered` (Greenhouse sends none: the connector remembers it). */
  previousStage?: NamedRef;
  tags?: string[];
  candidate?: { name?: string; email?: string };
}
