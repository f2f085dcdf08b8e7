import type { z } from 'zod';
import type { ConfigIssue } from '../errors';
import { closest } from './did-you-mean';
import { formatPath, type ConfigPath, type ConfigSourceMap } from './source-map';

type AnySchema = z.core.$ZodType;

interface DefLike {
  type: string;
  innerType?: AnySchema;
  in?: AnySchema;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  valueType?: AnySchema;
  options?: AnySchema[];
  discriminator?: string;
  getter?: () => AnySchema;
}

function defOf(schema: AnySchema): DefLike {
  return schema._zod.def as unknown as DefLike;
}

function unwrap(schema: AnySchema): AnySchema {
  let s = schema;
  for (let i = 0; i < 20; i++) {
    const def = defOf(s);
    if (def.innerType) s = def.innerType;
    else if (def.type === 'pipe' && def.in) s = def.in;
    else if (def.type === 'lazy' && def.getter) s = def.getter();
    else break;
  }
  return s;
}

/**
 * The schema that validates the value at `path` (through optional, default, pipe, array,
 * record and discriminated-union wrappers; the union option is chosen from `data`).
 */
export function schemaAt(root: AnySchema, path: ConfigPath, data: unknown): AnySchema | undefined {
  let schema: AnySchema | undefined = unwrap(root);
  let value = data;
  for (const segment of path) {
    if (!schema) return undefined;
    schema = unwrap(selectOption(schema, value));
    const def = defOf(schema);
    if (def.type === 'object' && def.shape && typeof segment === 'string') {
      schema = def.shape[segment];
    } else if (def.type === 'array' && def.element) {
      schema = def.element;
    } else if (def.type === 'record' && def.valueType) {
      schema = def.valueType;
    } else {
      return undefined;
    }
    value =
      value !== null && typeof value === 'object'
        ? (value as Record<string, unknown>)[segment]
        : undefined;
    if (schema) schema = unwrap(schema);
  }
  return schema ? selectOption(schema, value) : undefined;
}

function selectOption(schema: AnySchema, value: unknown): AnySchema {
  const def = defOf(schema);
  if (def.type !== 'union' || !def.options) return schema;
  const discriminator = def.discriminator;
  if (discriminator && value && typeof value === 'object') {
    const wanted = (value as Record<string, unknown>)[discriminator];
    for (const option of def.options) {
      const shape = defOf(unwrap(option)).shape;
      const literal = shape?.[discriminator];
      if (literal && (literal as z.ZodType).safeParse(wanted).success) return unwrap(option);
    }
  }
  const objects = def.options.map(unwrap).filter((o) => defOf(o).type === 'object');
  return objects.length === 1 ? objects[0] : schema;
}

/** Keys an object schema allows. */
export function allowedKeys(schema: AnySchema | undefined): string[] {
  if (!schema) return [];
  const def = defOf(unwrap(schema));
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

function valueAt(data: unknown, path: ConfigPath): unknown {
  let value = data;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

/** zod's expected type in the words of a YAML file. */
function expectedName(expected: string): string {
  if (expected === 'object' || expected === 'record' || expected === 'map') return 'a mapping';
  if (expected === 'array' || expected === 'tuple') return 'a list';
  return expected;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}

const TEMPLATE_HINT =
  '; a Liquid template must be quoted in YAML, e.g. value: "{{ assessment.cefr }}"';

/**
 * Turns zod issues into {@link ConfigIssue}s with file:line:column, dotted path and what
 * was expected. `prefix` is the path of the validated value inside the document (connector
 * instances are validated on their own). Values are never quoted (they may be secrets).
 */
export function issuesFromZod(
  error: z.ZodError,
  options: { root: AnySchema; data: unknown; prefix?: ConfigPath; source: ConfigSourceMap },
): ConfigIssue[] {
  const { root, data, source } = options;
  const prefix = options.prefix ?? [];
  const out: ConfigIssue[] = [];
  for (const issue of error.issues) {
    const local = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const path = [...prefix, ...local];
    const at = (p: ConfigPath, message: string, keyPos?: string): void => {
      const pos =
        keyPos === undefined ? source.position(p) : source.keyPosition(p.slice(0, -1), keyPos);
      out.push({
        file: source.file,
        line: pos.line,
        column: pos.column,
        path: formatPath(p),
        message,
      });
    };
    switch (issue.code) {
      case 'unrecognized_keys': {
        const keys = allowedKeys(schemaAt(root, local, data));
        for (const key of issue.keys) {
          const guess = closest(key, keys);
          at(
            [...path, key],
            `unknown key "${key}"${guess ? `; did you mean "${guess}"?` : ''}${keys.length ? ` Expected one of: ${keys.join(', ')}` : ''}`,
            key,
          );
        }
        break;
      }
      case 'invalid_type': {
        const value = valueAt(data, local);
        const custom = !issue.message.startsWith('Invalid input');
        if (value === undefined) {
          const key = local[local.length - 1];
          at(
            path,
            typeof key === 'string'
              ? `missing required key "${key}" (${custom ? issue.message : `expected ${expectedName(issue.expected)}`})`
              : custom
                ? issue.message
                : `expected ${expectedName(issue.expected)}`,
          );
        } else {
          const hint = source.isFlowMap(path) && issue.expected === 'string' ? TEMPLATE_HINT : '';
          at(
            path,
            `${custom ? issue.message : `expected ${expectedName(issue.expected)}`}, got ${describe(value)}${hint}`,
          );
        }
        break;
      }
      case 'invalid_value': {
        const value = valueAt(data, local);
        const last = local[local.length - 1];
        if (value === undefined && typeof last === 'string') {
          const wanted = issue.values.map((v) => JSON.stringify(v)).join(', ');
          at(path, `missing required key "${last}" (expected ${wanted})`);
          break;
        }
        const options = issue.values.map((v) => JSON.stringify(v));
        const guess =
          typeof value === 'string'
            ? closest(
                value,
                issue.values.filter((v): v is string => typeof v === 'string'),
              )
            : undefined;
        at(
          path,
          issue.message.startsWith('Invalid')
            ? `expected ${options.length === 1 ? options[0] : `one of ${options.join(', ')}`}${guess ? `; did you mean "${guess}"?` : ''}`
            : issue.message,
        );
        break;
      }
      case 'invalid_union': {
        const value = valueAt(data, local);
        if (value === undefined && local.length > 0) {
          const key = local[local.length - 1];
          at(path, `missing required key "${String(key)}" (${issue.message})`);
        } else {
          const guess =
            typeof value === 'string' && 'options' in issue && Array.isArray(issue.options)
              ? closest(
                  value,
                  (issue.options as unknown[]).filter((v): v is string => typeof v === 'string'),
                )
              : undefined;
          at(path, `${issue.message}${guess ? `; did you mean "${guess}"?` : ''}`);
        }
        break;
      }
      default:
        at(path, issue.message);
    }
  }
  return out;
}
