import { toObservedRun, type ObservedRun, type RunModule } from '@zenhire-connect/core';
import { CVDM_TERMINAL_STATUSES, CvDeepMatchRequestSchema } from '@zenhire-connect/zenhire-client';

/** The two ZenHire modules that deliver signed webhooks (zenhire-api.md §10). */
export type ZenHireWebhookModule = Extract<RunModule, 'cv_deepmatch' | 'cv_deepsearch'>;

/** What a verified ZenHire webhook says about its run. */
export interface ZenHireWebhookRun {
  module: ZenHireWebhookModule;
  /** ZenHire run id (`id`, or a legacy alias such as `request_id`). */
  id: string;
  /** Status as sent, when the payload has one. */
  status?: string;
  /**
   * The run ready for `recordTerminalRun`, when the payload is the full terminal object;
   * `undefined` when the run must be read through the gateway (poll).
   */
  observed?: ObservedRun;
}

const ENVELOPE_KEYS = ['data', 'run', 'object', 'request'] as const;
const ID_KEYS = ['id', 'request_id', 'requestId', 'run_id', 'runId'] as const;

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function idOf(record: Record<string, unknown>): string | undefined {
  for (const key of ID_KEYS) {
    const value = record[key];
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return undefined;
}

/**
 * Reads the run out of a verified `X-CVDM-Signature` webhook body (already JSON-parsed).
 *
 * The payload shape is [not found] (zenhire-api.md §10: "close to the poll object minus
 * `cv_parser_result`" [inferred] for CV DeepMatch; "not final" for CV DeepSearch). Choice:
 * the run object is the body itself, or the object under `data` / `run` / `object` /
 * `request` when the body has no id of its own.
 *
 * - CV DeepMatch: when the object passes the client's `CvDeepMatchRequestSchema` (§7.1) and
 *   its status is terminal (`finished`, `failed`; `finished` also needs its `cv2jd_result`),
 *   it is used as the observed run (no extra API call), mapped by core's `toObservedRun`
 *   exactly as the worker maps a polled run, except that `externalId` falls back to a
 *   snake_case `external_id`; otherwise only the id is taken and the run is polled.
 * - CV DeepSearch: results are not released (§7.2), so only the id is taken; the run is
 *   always polled.
 *
 * @returns `undefined` when no run id can be found (the caller answers 400).
 */
export function readZenHireWebhook(
  module: ZenHireWebhookModule,
  payload: unknown,
): ZenHireWebhookRun | undefined {
  let record = asRecord(payload);
  if (record && !idOf(record)) {
    record = ENVELOPE_KEYS.map((k) => asRecord(record?.[k])).find((r) => r && idOf(r));
  }
  if (!record) return undefined;
  const id = idOf(record);
  if (!id) return undefined;
  const status = typeof record.status === 'string' ? record.status : undefined;
  const run: ZenHireWebhookRun = { module, id, ...(status ? { status } : {}) };
  if (module !== 'cv_deepmatch') return run;
  const parsed = CvDeepMatchRequestSchema.safeParse(record);
  if (!parsed.success) return run;
  const body = parsed.data;
  if (!(CVDM_TERMINAL_STATUSES as readonly string[]).includes(body.status)) return run;
  if (body.status === 'finished' && !body.cv2jd_result) return run;
  const observed = toObservedRun(module, body);
  // Webhook-only fallback kept from the hand-built object: a snake_case `external_id`
  // when the payload has no string `externalId` (toObservedRun reads `externalId` only).
  if (observed.externalId === null && typeof record.external_id === 'string') {
    observed.externalId = record.external_id;
  }
  run.observed = observed;
  return run;
}
