import type { WriteOperationKind, WritePlan } from './write-plan';

/**
 * Lifecycle of a delivery (one WritePlan for one Link):
 * `pending` → (claimed) `in_progress` → `succeeded` | `pending` again with `nextAttemptAt`
 * (retryable failure) | `dead` (permanent failure or attempts exhausted; a person can
 * replay it, which sets it back to `pending`).
 */
export const DELIVERY_STATUSES = ['pending', 'in_progress', 'succeeded', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * What happened to one operation of a plan. `atsIds` records what the ATS created (e.g.
 * `{ noteId: '123' }`), so a retry never posts a second note: the connector skips
 * operations whose outcome is `applied`/`already_applied` and corrects instead of re-posting.
 */
/**
 * `status` meanings: `applied` (written now), `already_applied` (the ATS already had it),
 * `skipped` without `error` (deliberately nothing to write), `skipped` WITH `error` (not
 * attempted: blocked by an earlier failure or aborted — still to do), `failed`.
 */
export interface OperationOutcome {
  /** Index into `plan.operations`. */
  index: number;
  kind: WriteOperationKind;
  status: 'applied' | 'already_applied' | 'skipped' | 'failed';
  atsIds?: Record<string, string>;
  /**
   * Why `skipped` or `failed`. `retryAfterMs` carries the vendor's `Retry-After` (ms) so the
   * retry is scheduled no sooner than the vendor asked.
   */
  error?: { code: string; message: string; retryable: boolean; retryAfterMs?: number };
}

export interface Delivery {
  /** Store-assigned id. */
  id: string;
  /** `sha256(runId, connector, mapping, plan.hash)`; unique in the store. */
  idempotencyKey: string;
  plan: WritePlan;
  status: DeliveryStatus;
  /** Attempts started so far. */
  attempts: number;
  /** When the delivery may next be claimed (epoch ms). */
  nextAttemptAt: number;
  /** Outcomes recorded so far (kept across attempts). */
  outcomes: OperationOutcome[];
  lastError: { code: string; message: string } | null;
  /** Worker holding the lease while `in_progress`. */
  claimedBy: string | null;
  /** Lease expiry (epoch ms); an expired lease makes the delivery claimable again. */
  leaseUntil: number | null;
  createdAt: number;
  updatedAt: number;
}

/**
 * True when an operation needs no further attempt: `applied`, `already_applied`, or
 * `skipped` without an error. A `skipped` outcome carrying an error (`BLOCKED`, `ABORTED`)
 * was not attempted and is not done.
 */
export function isOutcomeDone(outcome: OperationOutcome | undefined): boolean {
  if (!outcome) return false;
  if (outcome.status === 'applied' || outcome.status === 'already_applied') return true;
  return outcome.status === 'skipped' && outcome.error === undefined;
}
