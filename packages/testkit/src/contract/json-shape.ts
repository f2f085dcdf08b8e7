/**
 * Compares the JSON shape of a sandbox's payload with a real vendor payload: same field
 * names, same nesting, same JSON types (a number where the vendor sends a number, null
 * where it sends null). Values are not compared. Used by the fixture contract tests,
 * which load the captures in `shared/fixtures/`.
 */

/** One difference between a real payload and ours, with the JSON path where it occurs. */
export interface ShapeDifference {
  path: string;
  problem: 'missing' | 'type' | 'extra';
  real?: string;
  ours?: string;
}

export interface ShapeOptions {
  /** Report fields we send that the real payload lacks. Default false. */
  reportExtra?: boolean;
  /**
   * Paths (e.g. `$.payload.application.custom_fields`) whose inner keys are data, not
   * schema (custom fields keyed by the customer's field names): only the type is compared.
   */
  opaquePaths?: string[];
  /** Treat `null` in the real payload as compatible with any type of ours. Default true. */
  nullMatchesAny?: boolean;
}

/** JSON type name of a value: `null`, `array`, `object`, `string`, `number`, `boolean`. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * Lists every way `ours` departs from the shape of `real`. An empty list means the shapes
 * agree. Array elements are compared element-wise against the real array's first element
 * (real captures hold one example element per array).
 */
export function compareJsonShape(
  real: unknown,
  ours: unknown,
  options: ShapeOptions = {},
  path = '$',
): ShapeDifference[] {
  const nullMatchesAny = options.nullMatchesAny ?? true;
  const realType = jsonType(real);
  const ourType = jsonType(ours);
  if (realType !== ourType) {
    if (realType === 'null' && nullMatchesAny) return [];
    if (ourType === 'null' && realType !== 'null') {
      // we sent null where the vendor had a value: allowed (vendors send null for "no value")
      return [];
    }
    return [{ path, problem: 'type', real: realType, ours: ourType }];
  }
  if (options.opaquePaths?.includes(path)) return [];
  const out: ShapeDifference[] = [];
  if (realType === 'array') {
    const realItems = real as unknown[];
    const ourItems = ours as unknown[];
    if (realItems.length === 0) return out;
    for (let i = 0; i < ourItems.length; i++) {
      out.push(...compareJsonShape(realItems[0], ourItems[i], options, `${path}[]`));
      if (out.length) break;
    }
    return out;
  }
  if (realType === 'object') {
    const r = real as Record<string, unknown>;
    const o = ours as Record<string, unknown>;
    for (const key of Object.keys(r)) {
      if (!(key in o)) {
        out.push({ path: `${path}.${key}`, problem: 'missing', real: jsonType(r[key]) });
        continue;
      }
      out.push(...compareJsonShape(r[key], o[key], options, `${path}.${key}`));
    }
    if (options.reportExtra) {
      for (const key of Object.keys(o)) {
        if (!(key in r))
          out.push({ path: `${path}.${key}`, problem: 'extra', ours: jsonType(o[key]) });
      }
    }
  }
  return out;
}

/** Human-readable lines for a failed comparison, e.g. `$.payload.id: type number ≠ string`. */
export function formatShapeDifferences(diffs: ShapeDifference[]): string {
  return diffs
    .map((d) =>
      d.problem === 'type'
        ? `${d.path}: type ${d.real} (real) ≠ ${d.ours} (ours)`
        : d.problem === 'missing'
          ? `${d.path}: missing (real has ${d.real})`
          : `${d.path}: extra field (${d.ours}) not in the real payload`,
    )
    .join('\n');
}
