import { isMap, isPair, isScalar, visit, type Document, type Scalar } from 'yaml';
import { isSecretKey } from './secrets';

/** Environment variables as `process.env` holds them. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** A problem found while substituting, at the scalar that holds it. */
export interface EnvProblem {
  node: Scalar;
  message: string;
}

const REFERENCE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
const SINGLE_REFERENCE = /^\$\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\}$/;

/**
 * Replaces `${VAR}` and `${VAR:-default}` in every string value of the document, in place
 * (map keys are left alone). `$${` writes a literal `${`. `${VAR}` with `VAR` unset is a
 * problem naming the variable; `${VAR:-default}` uses `default` when `VAR` is unset or
 * empty. A plain (unquoted) value that is exactly one reference becomes a number or boolean
 * when the variable holds one (`port: ${PORT}`), except under secret keys, which stay
 * strings. Values are never copied into problem messages.
 */
export function substituteEnvironment(doc: Document, env: Environment): EnvProblem[] {
  const problems: EnvProblem[] = [];
  visit(doc, {
    Scalar(key, node, path) {
      if (key === 'key' || typeof node.value !== 'string' || !node.value.includes('$')) return;
      const raw = node.value;
      const parent = path[path.length - 1];
      const keyName = isPair(parent) && isScalar(parent.key) ? String(parent.key.value) : '';
      const missing: string[] = [];
      const replaced = raw.replace(REFERENCE, (match, name?: string, fallback?: string) => {
        if (match === '$$') return '$';
        const value = env[name!];
        if (fallback !== undefined) return value === undefined || value === '' ? fallback : value;
        if (value === undefined) {
          missing.push(name!);
          return '';
        }
        return value;
      });
      if (missing.length > 0) {
        for (const name of missing) {
          problems.push({
            node,
            message: `environment variable ${name} is not set (referenced as \${${name}})`,
          });
        }
        return;
      }
      if (/\$\{/.test(raw.replace(REFERENCE, ''))) {
        problems.push({
          node,
          message:
            'malformed environment reference: write ${NAME} or ${NAME:-default} (NAME: letters, digits, _), or $${ for a literal ${',
        });
        return;
      }
      node.value =
        node.type === 'PLAIN' && SINGLE_REFERENCE.test(raw) && !isSecretKey(keyName)
          ? retype(replaced)
          : replaced;
    },
  });
  return problems;
}

function retype(text: string): string | number | boolean {
  if (/^-?(0|[1-9]\d*)(\.\d+)?$/.test(text)) return Number(text);
  if (text === 'true') return true;
  if (text === 'false') return false;
  return text;
}

/** Collects `[path, raw value]` of every secret key (see `isSecretKey`) before substitution. */
export function collectSecretValues(
  doc: Document,
): { path: (string | number)[]; raw: unknown; node: Scalar | undefined }[] {
  const found: { path: (string | number)[]; raw: unknown; node: Scalar | undefined }[] = [];
  const walk = (node: unknown, path: (string | number)[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const k = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (k === undefined) continue;
        if (isSecretKey(k) && (isScalar(pair.value) || pair.value === null)) {
          const scalar = isScalar(pair.value) ? pair.value : undefined;
          found.push({ path: [...path, k], raw: scalar?.value, node: scalar });
        } else {
          walk(pair.value, [...path, k]);
        }
      }
    } else if (node && typeof node === 'object' && 'items' in node) {
      const items = (node as { items: unknown[] }).items;
      items.forEach((item, i) => walk(item, [...path, i]));
    }
  };
  walk(doc.contents, []);
  return found;
}
