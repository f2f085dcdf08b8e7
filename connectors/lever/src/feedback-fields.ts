import type { FieldWrite } from '@zenhire-connect/core';
import { leverError } from './lever-error';
import type { LeverFeedbackField, LeverFeedbackTemplate } from './lever-records';

/** One entry of `fieldValues` in `POST /opportunities/{id}/feedback` (lever-api.md §3.2). */
export interface FeedbackFieldValue {
  id: string;
  value: unknown;
}

const OPTION_TYPES = new Set(['score-system', 'dropdown', 'multiple-choice']);
const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Converts the plan's field writes to feedback form values of `template` (lever-api.md
 * §3.2, field types). A write's `field` names a template field by its text (case-insensitive)
 * or id. Values, by template field type:
 *
 * - `score-system`, `dropdown`, `multiple-choice`: an option text (case-insensitive), or a
 *   number / numeric text matching the option that starts with it (`4` → "4 - Strong Hire");
 * - `multiple-select`: comma-separated option texts → list;
 * - `text`, `textarea`, `code`: the value as text;
 * - `score`, `scorecard`: a number [INFERRED: Lever's value format for these is not documented];
 * - `yes-no`: `"yes"` / `"no"` from a boolean or yes/no/true/false text [INFERRED];
 * - `date`: epoch milliseconds (Lever's timestamp unit, §1.4) from a number or an ISO date.
 *
 * A null value is sent as null (clears the field). Throws `LEVER_FIELD_UNKNOWN` (no such
 * field, listing the template's fields) or `LEVER_FIELD_VALUE_INVALID`.
 */
export function toFeedbackFieldValues(
  template: LeverFeedbackTemplate,
  writes: FieldWrite[],
): FeedbackFieldValue[] {
  return writes.map((write) => {
    const field =
      template.fields.find((f) => f.id === write.field) ??
      template.fields.find((f) => same(f.text, write.field));
    if (!field) {
      throw leverError(
        'LEVER_FIELD_UNKNOWN',
        `feedback template "${template.text}" has no field "${write.field}"; fields: ${template.fields.map((f) => f.text).join(', ')}`,
        false,
      );
    }
    return {
      id: field.id,
      value: write.value === null ? null : convert(field, write.value, template.text),
    };
  });
}

function convert(
  field: LeverFeedbackField,
  value: string | number | boolean,
  templateName: string,
): unknown {
  const invalid = (expected: string) =>
    leverError(
      'LEVER_FIELD_VALUE_INVALID',
      `field "${field.text}" of feedback template "${templateName}" (${field.type}) needs ${expected}, got ${JSON.stringify(value)}`,
      false,
    );
  const options = (field.options ?? []).map((o) => o.text);
  const option = (raw: string): string | undefined =>
    options.find((o) => same(o, raw)) ??
    (/^\d+$/.test(raw.trim())
      ? options.find((o) => new RegExp(`^${raw.trim()}(\\D|$)`).test(o.trim()))
      : undefined);
  if (OPTION_TYPES.has(field.type)) {
    const found = option(String(value));
    if (!found) throw invalid(`one of: ${options.join(', ')}`);
    return found;
  }
  switch (field.type) {
    case 'multiple-select': {
      const picked = String(value)
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
        .map((v) => option(v));
      if (picked.some((v) => v === undefined))
        throw invalid(`options among: ${options.join(', ')}`);
      return picked;
    }
    case 'score':
    case 'scorecard': {
      const n = typeof value === 'number' ? value : Number(value);
      if (typeof value === 'boolean' || !Number.isFinite(n)) throw invalid('a number');
      return n;
    }
    case 'yes-no': {
      const text = String(value).trim().toLowerCase();
      if (text === 'true' || text === 'yes') return 'yes';
      if (text === 'false' || text === 'no') return 'no';
      throw invalid('yes or no');
    }
    case 'date': {
      const ms = typeof value === 'number' ? value : Date.parse(String(value));
      if (typeof value === 'boolean' || !Number.isFinite(ms)) throw invalid('a date');
      return ms;
    }
    default:
      return String(value);
  }
}
