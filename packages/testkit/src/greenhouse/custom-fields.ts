import type {
  CustomFieldType,
  CustomFieldValue,
  CustomFieldValues,
  GreenhouseCustomField,
} from './model';

/** One entry of Greenhouse's 422 body `{message: "Validation error", errors: [...]}` (§1.4). */
export interface GreenhouseFieldError {
  message: string;
  field: string;
}

/** The result of validating a `custom_fields[]` write: changes to apply, or errors. */
export interface CustomFieldWriteResult {
  errors: GreenhouseFieldError[];
  /** field id → new value, or `null` to clear (`delete_value: "true"`). */
  changes: Map<number, CustomFieldValue | null>;
}

/**
 * Validates a `custom_fields[]` write array in Greenhouse's write format
 * (greenhouse-api.md §1.6; the v3 PATCH is assumed to take the same elements, §7):
 *
 * - each element names the field by `id` or `name_key`; unknown, inactive or wrong-object
 *   fields are errors;
 * - `delete_value` must be the string `"true"` and clears the value; `value: null` or `""`
 *   is rejected;
 * - `single_select`: an option id (number or numeric string) or the exact option name;
 *   `multi_select`: an array of option ids; `number`: a number or numeric string;
 *   `yes_no`: boolean (or `"true"`/`"false"`); `date`: `YYYY-MM-DD`; `currency`: number + `unit`
 *   (ISO-4217); `user`: an existing user id; text and url: string (numbers are stringified).
 *
 * Nothing is applied when any element fails (the whole request is a 422).
 */
export function validateCustomFieldWrites(
  input: unknown,
  fields: GreenhouseCustomField[],
  fieldType: CustomFieldType,
  userExists: (id: number) => boolean,
): CustomFieldWriteResult {
  const errors: GreenhouseFieldError[] = [];
  const changes = new Map<number, CustomFieldValue | null>();
  if (input === undefined) return { errors, changes };
  if (!Array.isArray(input)) {
    errors.push({ message: 'custom_fields must be an array', field: 'custom_fields' });
    return { errors, changes };
  }
  input.forEach((element: unknown, index) => {
    const at = `custom_fields[${index}]`;
    if (!element || typeof element !== 'object' || Array.isArray(element)) {
      errors.push({ message: 'must be an object with id or name_key', field: at });
      return;
    }
    const e = element as Record<string, unknown>;
    if (e.id === undefined && e.name_key === undefined) {
      errors.push({ message: 'id or name_key is required', field: at });
      return;
    }
    const field = fields.find((f) =>
      e.id !== undefined ? f.id === Number(e.id) : f.name_key === e.name_key,
    );
    const label = e.id !== undefined ? String(e.id) : String(e.name_key);
    if (!field || field.field_type !== fieldType) {
      errors.push({ message: `Custom field ${label} does not exist`, field: at });
      return;
    }
    if (!field.active) {
      errors.push({ message: `Custom field ${label} is not active`, field: at });
      return;
    }
    if (e.delete_value !== undefined) {
      if (e.delete_value !== 'true') {
        errors.push({ message: 'delete_value must be the string "true"', field: at });
      } else {
        changes.set(field.id, null);
      }
      return;
    }
    const converted = convertCustomFieldValue(field, e.value, e.unit, userExists);
    if (typeof converted === 'string' && converted.startsWith('!')) {
      errors.push({ message: converted.slice(1), field: at });
      return;
    }
    changes.set(field.id, converted as CustomFieldValue);
  });
  return { errors, changes };
}

/**
 * Converts one written value to the stored form, or returns an error message prefixed with
 * `!` (kept internal; see {@link validateCustomFieldWrites} for the rules).
 */
export function convertCustomFieldValue(
  field: GreenhouseCustomField,
  value: unknown,
  unit?: unknown,
  userExists: (id: number) => boolean = () => true,
): CustomFieldValue | `!${string}` {
  if (value === null || value === undefined || value === '') {
    return '!value must not be null or empty; use delete_value: "true" to clear';
  }
  const numeric = (v: unknown): number | undefined =>
    typeof v === 'number' && Number.isFinite(v)
      ? v
      : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))
        ? Number(v)
        : undefined;
  switch (field.value_type) {
    case 'short_text':
    case 'long_text':
    case 'url':
      if (typeof value === 'string') return value;
      if (typeof value === 'number') return String(value);
      return `!value must be a string for a ${field.value_type} field`;
    case 'number': {
      const n = numeric(value);
      return n === undefined ? '!value must be numeric for a number field' : n;
    }
    case 'yes_no':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      return '!value must be true or false for a yes_no field';
    case 'date':
      if (
        typeof value === 'string' &&
        /^\d{4}-\d{2}-\d{2}$/.test(value) &&
        !Number.isNaN(Date.parse(`${value}T00:00:00Z`))
      )
        return value;
      return '!value must be a date YYYY-MM-DD';
    case 'single_select': {
      const id = numeric(value);
      const option =
        (id !== undefined ? field.options.find((o) => o.id === id) : undefined) ??
        (typeof value === 'string' ? field.options.find((o) => o.name === value) : undefined);
      return option ? option.id : `!${JSON.stringify(value)} is not an option of ${field.name_key}`;
    }
    case 'multi_select': {
      if (!Array.isArray(value)) return '!value must be an array of option ids';
      const ids: number[] = [];
      for (const v of value) {
        const option = field.options.find((o) => o.id === numeric(v));
        if (!option) return `!${JSON.stringify(v)} is not an option of ${field.name_key}`;
        ids.push(option.id);
      }
      return ids;
    }
    case 'currency': {
      const amount = numeric(value);
      if (amount === undefined) return '!value must be numeric for a currency field';
      if (typeof unit !== 'string' || !/^[A-Z]{3}$/.test(unit))
        return '!unit must be an ISO-4217 currency code';
      return { amount, unit };
    }
    case 'currency_range':
    case 'number_range': {
      const v = value as Record<string, unknown>;
      const min = numeric(v?.min_value);
      const max = numeric(v?.max_value);
      if (min === undefined || max === undefined)
        return '!value must be {min_value, max_value} with numbers';
      return { min_value: min, max_value: max, unit: typeof unit === 'string' ? unit : null };
    }
    case 'user': {
      const id = numeric(value);
      return id !== undefined && userExists(id) ? id : '!value must be an existing user id';
    }
  }
}

/** Applies validated changes to a value map (null clears). */
export function applyCustomFieldChanges(
  target: CustomFieldValues,
  changes: Map<number, CustomFieldValue | null>,
): void {
  for (const [id, value] of changes) {
    if (value === null) delete target[id];
    else target[id] = value;
  }
}
