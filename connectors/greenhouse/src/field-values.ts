import type { ConnectorError, FieldWrite } from '@zenhire-connect/core';
import { greenhouseError } from './harvest-error';
import type { CustomFieldDefinition } from './harvest-records';

/**
 * One element of a Harvest `custom_fields[]` write (greenhouse-api.md §1.6, assumed the same
 * in v3 §7): `{ id, value }`, or `{ id, delete_value: "true" }` to clear.
 */
export type CustomFieldElement =
  | { id: number; value: string | number | boolean | number[] }
  | { id: number; delete_value: 'true' };

/**
 * Finds the definition a mapping names: numeric id, immutable `name_key`, or (fallback)
 * the display name, case-insensitively; `fieldTypes` restricts where to look
 * (`application` first, then `candidate`). Inactive fields are ignored.
 */
export function findCustomField(
  fields: CustomFieldDefinition[],
  reference: string,
  fieldTypes: string[] = ['application', 'candidate'],
): CustomFieldDefinition | undefined {
  const wanted = reference.trim();
  const lower = wanted.toLowerCase();
  for (const fieldType of fieldTypes) {
    const pool = fields.filter((f) => f.active && f.fieldType === fieldType);
    const hit =
      (/^\d+$/.test(wanted) ? pool.find((f) => f.id === Number(wanted)) : undefined) ??
      pool.find((f) => f.nameKey === wanted) ??
      pool.find((f) => f.name.toLowerCase() === lower);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * Converts a mapped value to the field's real type (greenhouse-api.md §1.6):
 * `number` → number; `short_text`/`long_text` → string; `url` → absolute http(s) URL;
 * `single_select` → option id (by option name, case-insensitive, or option id);
 * `multi_select` → `[option id]`; `date` → `yyyy-mm-dd` (ISO date or date-time accepted);
 * `yes_no` → boolean (`true/false/yes/no/1/0`); `user` → user id; `null` clears the field.
 * Throws `ConnectorError` `GREENHOUSE_FIELD_VALUE_INVALID` (permanent) naming the field when
 * the value cannot fit; currency and range fields are refused the same way.
 */
export function toCustomFieldElement(
  field: CustomFieldDefinition,
  write: FieldWrite,
): CustomFieldElement {
  const { value } = write;
  if (value === null) return { id: field.id, delete_value: 'true' };
  const fail = (why: string): ConnectorError =>
    greenhouseError(
      'GREENHOUSE_FIELD_VALUE_INVALID',
      `custom field "${field.name}" (${field.nameKey || field.id}, ${field.valueType}) cannot take ${describe(value)}: ${why}`,
      false,
      { details: { field: field.nameKey || String(field.id), valueType: field.valueType } },
    );
  switch (field.valueType) {
    case 'number': {
      const n =
        typeof value === 'number'
          ? value
          : typeof value === 'string' && value.trim() !== ''
            ? Number(value)
            : NaN;
      if (!Number.isFinite(n)) throw fail('not a number');
      return { id: field.id, value: n };
    }
    case 'short_text':
    case 'long_text': {
      const text = String(value);
      if (field.valueType === 'short_text' && text.length > 255)
        throw fail('longer than 255 characters');
      return { id: field.id, value: text };
    }
    case 'url': {
      const text = String(value);
      if (!/^https?:\/\/\S+$/i.test(text)) throw fail('not an absolute http(s) URL');
      return { id: field.id, value: text };
    }
    case 'single_select':
    case 'multi_select': {
      const option = findOption(field, value);
      if (!option) {
        const names = field.options.map((o) => `"${o.name}"`).join(', ');
        throw fail(`no such option (options: ${names || 'none'})`);
      }
      return { id: field.id, value: field.valueType === 'single_select' ? option.id : [option.id] };
    }
    case 'date': {
      const date = toIsoDate(value);
      if (!date) throw fail('not a date (expected yyyy-mm-dd or an ISO 8601 date-time)');
      return { id: field.id, value: date };
    }
    case 'yes_no': {
      const flag = toBoolean(value);
      if (flag === undefined) throw fail('not yes/no (expected true/false, yes/no, 1/0)');
      return { id: field.id, value: flag };
    }
    case 'user': {
      const id =
        typeof value === 'number' ? value : /^\d+$/.test(String(value)) ? Number(value) : NaN;
      if (!Number.isInteger(id)) throw fail('not a Greenhouse user id');
      return { id: field.id, value: id };
    }
    default:
      throw fail(`value type ${field.valueType} is not supported for write-back`);
  }
}

function findOption(field: CustomFieldDefinition, value: string | number | boolean) {
  const text = String(value).trim();
  return (
    field.options.find((o) => o.name.trim().toLowerCase() === text.toLowerCase()) ??
    (/^\d+$/.test(text) ? field.options.find((o) => o.id === Number(text)) : undefined)
  );
}

/** `yyyy-mm-dd` of an ISO date / date-time string or epoch ms (UTC), else undefined. */
export function toIsoDate(value: string | number | boolean): string | undefined {
  if (typeof value === 'boolean') return undefined;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value.trim())) {
    const d = new Date(`${value.trim()}T00:00:00Z`);
    return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value.trim()
      ? undefined
      : value.trim();
  }
  if (typeof value === 'string' && !/^\d{4}-\d{2}-\d{2}T/.test(value.trim())) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString().slice(0, 10);
}

function toBoolean(value: string | number | boolean): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  if (['true', 'yes', 'y', '1'].includes(text)) return true;
  if (['false', 'no', 'n', '0'].includes(text)) return false;
  return undefined;
}

function describe(value: string | number | boolean): string {
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
