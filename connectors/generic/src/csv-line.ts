import { stringify } from 'csv-stringify/sync';
import type { DeliveryTemplateContext } from './body-template';

/**
 * Columns of the CSV file sink, in order (header written once, when the file is empty):
 * `delivery_id`, `run_id`, `connector`, `mapping`, `plan_hash`, `candidate_id`,
 * `application_id`, `job_id`, `stage_id` (empty when absent), `operations` and `skipped`
 * (JSON arrays, see `DeliveryTemplateContext`).
 */
export const CSV_COLUMNS = [
  'delivery_id',
  'run_id',
  'connector',
  'mapping',
  'plan_hash',
  'candidate_id',
  'application_id',
  'job_id',
  'stage_id',
  'operations',
  'skipped',
] as const;

function csvText(cells: readonly string[]): string {
  // RFC 4180 quoting by csv-stringify; line breaks inside cells are escaped by JSON.stringify
  // (operations) or replaced (ids), so one delivery is always one physical line.
  return stringify([cells.map((c) => c.replace(/[\r\n]+/g, ' '))], { eof: false });
}

/** The CSV header line (no line break). */
export function csvHeader(): string {
  return csvText([...CSV_COLUMNS]);
}

/** One CSV line (no line break) for a delivery. */
export function csvLine(context: DeliveryTemplateContext): string {
  return csvText([
    context.delivery_id,
    context.run.id,
    context.connector,
    context.mapping,
    context.plan_hash,
    context.record.candidate_id,
    context.record.application_id ?? '',
    context.record.job_id ?? '',
    context.record.stage_id ?? '',
    JSON.stringify(context.operations),
    JSON.stringify(context.skipped),
  ]);
}
