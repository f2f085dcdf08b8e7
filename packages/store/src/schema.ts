import type { DeliveryStatus } from '@zenhire-connect/core';

/*
 * Row types of the tables, as Kysely sees them. Conventions on both dialects:
 * - times are epoch milliseconds (`integer` on SQLite, `bigint` on PostgreSQL, read back as
 *   JS numbers);
 * - JSON columns hold JSON text (`text` on SQLite, `jsonb` on PostgreSQL; read back as text
 *   and parsed by the store);
 * - booleans are `integer` 0/1 on SQLite and `boolean` on PostgreSQL.
 */

/** `links`: one row per ZenHire run linked to an ATS record. */
export interface LinksTable {
  run_id: string;
  module: string;
  connector: string;
  candidate_id: string;
  application_id: string | null;
  job_id: string | null;
  stage_id: string | null;
  trigger_id: string | null;
  /** JSON of `Link['source']`. */
  source: string;
  parent_run_id: string | null;
  created_at: number;
  updated_at: number;
}

/** `inbound_events`: ATS events, primary key (connector, event_id). */
export interface InboundEventsTable {
  connector: string;
  event_id: string;
  type: string;
  /** JSON of the whole `AtsEvent`. */
  payload: string;
  /** The webhook body as received (BLOB / bytea), kept for audits and re-parsing. */
  raw_body: Buffer | null;
  received_at: number;
  processed_at: number | null;
  /** JSON of what processing produced. */
  result: string | null;
  /** Holder of the processing claim (kept after processing, for audits). */
  claimed_by: string | null;
  /** Epoch ms; the claim is expired when `claim_until <= now`. Null: never claimed or released. */
  claim_until: number | null;
}

/** `runs_seen`: ZenHire runs observed by collect/reconcile. */
export interface RunsSeenTable {
  id: string;
  module: string;
  status: string;
  terminal: number | boolean;
  observed_at: number;
  /** JSON of the validated run body, if any. */
  body: string | null;
}

/** `cursors`: named watermarks. */
export interface CursorsTable {
  name: string;
  value: string;
  updated_at: number;
}

/** `deliveries`: the delivery ledger (one WritePlan each). */
export interface DeliveriesTable {
  id: string;
  idempotency_key: string;
  run_id: string;
  connector: string;
  mapping: string;
  /** JSON of the `WritePlan`. */
  plan: string;
  plan_hash: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: number;
  /** JSON array of `OperationOutcome`. */
  outcomes: string;
  /** JSON `{ code, message }`. */
  last_error: string | null;
  claimed_by: string | null;
  lease_until: number | null;
  created_at: number;
  updated_at: number;
}

/** `connector_cache`: per-instance key-value cache, primary key (instance, key). */
export interface ConnectorCacheTable {
  instance: string;
  key: string;
  /** JSON of the cached value. */
  value: string;
  /** Epoch ms after which the entry is gone; null = no expiry. */
  expires_at: number | null;
  updated_at: number;
}

/** The whole schema, for `Kysely<StoreDatabase>`. */
export interface StoreDatabase {
  links: LinksTable;
  inbound_events: InboundEventsTable;
  runs_seen: RunsSeenTable;
  cursors: CursorsTable;
  deliveries: DeliveriesTable;
  connector_cache: ConnectorCacheTable;
}
