function sortKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let sorted = true;
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1] > keys[i]) {
      sorted = false;
      break;
    }
  }
  if (sorted) return value;
  const out: Record<string, unknown> = {};
  for (const key of keys.sort()) out[key] = record[key];
  return out;
}

/**
 * Canonical JSON: object keys sorted (UTF-16 code unit order), no whitespace, `undefined`
 * and function properties left out, non-finite numbers as `null` (`JSON.stringify` rules
 * otherwise). For the value domain of plans (strings, finite numbers, booleans, null, plain
 * objects and arrays) this matches RFC 8785 (JCS) output, so the text — and its hash — does
 * not depend on the order keys were written in YAML or built in code.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, sortKeys) ?? 'null';
}
