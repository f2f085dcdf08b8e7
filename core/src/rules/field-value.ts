import type { FieldWrite } from '../model/write-plan';
import { liquidText } from './template';

/** Result of converting a rendered field template to the declared field type. */
export type FieldValueResult =
  | { ok: true; value: FieldWrite['value'] }
  | { ok: false; reason: 'empty_value' | 'invalid_value'; detail: string };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const EMPTY: FieldValueResult = {
  ok: false,
  reason: 'empty_value',
  detail: 'the template rendered empty',
};
const NOT_A_NUMBER: FieldValueResult = {
  ok: false,
  reason: 'invalid_value',
  detail: 'expected a number',
};

/**
 * Converts what a field template rendered (`CompiledTemplate.renderValue`: its text, or the
 * scope value of a bare `{{ path }}`, taken as Liquid prints it, trimmed) to its declared
 * type:
 *
 * - empty text → `empty_value` (the field is left untouched: a missing score never wipes
 *   what the ATS holds);
 * - `number`: a finite decimal number (`87`, `4.2`, `-1e3`);
 * - `text`, `single_select`: the text (for single-select the connector maps the option
 *   name to the ATS option id);
 * - `date`: `YYYY-MM-DD`, or an ISO 8601 date-time whose date part is taken as written;
 * - `yes_no`: `true`/`yes`/`1` or `false`/`no`/`0` (case-insensitive).
 *
 * Anything else → `invalid_value` with a detail that never quotes the value.
 *
 * A finite number rendered for a `number` field is taken as it is (the same value as
 * printing it and parsing the text back; `-0` becomes `0`), a non-finite one is invalid.
 */
export function convertFieldValue(rendered: unknown, type: FieldWrite['type']): FieldValueResult {
  if (typeof rendered === 'number' && type === 'number') {
    return Number.isFinite(rendered)
      ? { ok: true, value: rendered === 0 ? 0 : rendered }
      : NOT_A_NUMBER;
  }
  const text = liquidText(rendered).trim();
  if (text === '') return EMPTY;
  switch (type) {
    case 'number': {
      const n = Number(text);
      return Number.isFinite(n) && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)
        ? { ok: true, value: n }
        : NOT_A_NUMBER;
    }
    case 'text':
    case 'single_select':
      return { ok: true, value: text };
    case 'date': {
      const day = text.slice(0, 10);
      return DATE.test(day) &&
        (text.length === 10 || text[10] === 'T') &&
        !Number.isNaN(Date.parse(day))
        ? { ok: true, value: day }
        : { ok: false, reason: 'invalid_value', detail: 'expected a date YYYY-MM-DD' };
    }
    case 'yes_no': {
      const t = text.toLowerCase();
      if (t === 'true' || t === 'yes' || t === '1') return { ok: true, value: true };
      if (t === 'false' || t === 'no' || t === '0') return { ok: true, value: false };
      return { ok: false, reason: 'invalid_value', detail: 'expected yes/no (true/false)' };
    }
  }
}
