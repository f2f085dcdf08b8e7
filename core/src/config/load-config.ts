import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { ConfigIssue } from '../errors';
import { compileRules, type CompiledRules } from '../rules/compile-rules';
import { configError } from './config-error';
import { closest } from './did-you-mean';
import { collectSecretValues, substituteEnvironment, type Environment } from './env';
import { ConfigSchema, type ZenHireConnectConfig } from './schema';
import { inlineSecretProblem, inlineStorePasswordProblem } from './secrets';
import { ConfigSourceMap, formatPath, type ConfigPath } from './source-map';
import { issuesFromZod } from './zod-issues';

/** Connector instance config schemas by connector type (`ConnectorPlugin.configSchema`). */
export type ConnectorSchemas = ReadonlyMap<string, z.ZodType> | Readonly<Record<string, z.ZodType>>;

/** Options of {@link parseConfig} and {@link loadConfig}. */
export interface ParseConfigOptions {
  /** File name used in messages (default `config.yaml`). */
  file?: string;
  /** Environment for `${VAR}` (default `process.env`). */
  env?: Environment;
  /**
   * Instance config schema per connector type. Each `connectors.<name>` entry is validated
   * by the schema of its `type` with `type` removed (the plugin sees only its own keys);
   * a type missing from the map is an error at its line. When omitted, instance configs are
   * not checked beyond `type` (a first pass that only needs `plugins:` to load them).
   */
  connectorSchemas?: ConnectorSchemas;
}

/** A loaded configuration: validated values and compiled rules. */
export interface LoadedConfig extends CompiledRules {
  file: string;
  config: ZenHireConnectConfig;
}

function schemaFor(schemas: ConnectorSchemas, type: string): z.ZodType | undefined {
  if (schemas instanceof Map) return schemas.get(type);
  const record = schemas as Readonly<Record<string, z.ZodType>>;
  return Object.prototype.hasOwnProperty.call(record, type) ? record[type] : undefined;
}

function typeNames(schemas: ConnectorSchemas): string[] {
  return schemas instanceof Map ? [...schemas.keys()] : Object.keys(schemas);
}

/**
 * Parses and validates configuration text (YAML 1.2, one document):
 *
 * 1. YAML syntax (duplicate keys included) — errors name file:line:column;
 * 2. secrets: any key named like a secret (`apiKey`, `clientSecret`, `webhookSecret`,
 *    `partnerKey`, `signingSecret`, `token`, `password`, …; see `isSecretKey`) must be
 *    exactly `${ENV_VAR}`; a PostgreSQL password in `store` too;
 * 3. `${VAR}` / `${VAR:-default}` substitution from `options.env` (`$${` for a literal);
 *    an unset variable is an error naming it (values never appear in messages);
 * 4. the zod schema (`ConfigSchema`): strict objects, unknown keys with "did you mean";
 * 5. each connector instance against its plugin's schema (`options.connectorSchemas`);
 * 6. rules (`compileRules`): templates and conditions compiled and checked.
 *
 * Returns the validated config (defaults applied) and compiled rules. Throws `ConfigError`
 * (code `CONFIG_INVALID`) whose `issues` list every problem found by the first failing
 * stage group (syntax; else secrets/env/schema/connectors; else rules).
 */
export function parseConfig(text: string, options: ParseConfigOptions = {}): LoadedConfig {
  const file = options.file ?? 'config.yaml';
  const env = options.env ?? process.env;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    logLevel: 'error',
    uniqueKeys: true,
  });
  const source = new ConfigSourceMap(file, doc, lineCounter);
  const issues: ConfigIssue[] = [];
  const at = (path: ConfigPath, message: string, offset?: number): void => {
    const pos = offset === undefined ? source.position(path) : source.positionOfOffset(offset);
    issues.push({ file, line: pos.line, column: pos.column, path: formatPath(path), message });
  };

  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const message = error.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '');
      at([], `invalid YAML: ${message}`, error.pos[0]);
    }
    throw configError(issues);
  }

  for (const secret of collectSecretValues(doc)) {
    const problem = inlineSecretProblem(secret.raw);
    if (problem) at(secret.path, problem);
  }
  const storeNode = doc.get('store', true) as { value?: unknown } | undefined;
  const storeProblem = inlineStorePasswordProblem(storeNode?.value);
  if (storeProblem) at(['store'], storeProblem);

  for (const problem of substituteEnvironment(doc, env)) {
    at([], problem.message, problem.node.range?.[0]);
    issues[issues.length - 1].path = pathOfNode(source, problem.node) ?? '(document)';
  }
  if (issues.length > 0) throw configError(issues);

  const data: unknown = doc.toJS({ maxAliasCount: 100 }) ?? {};
  const parsed = ConfigSchema.safeParse(data);
  if (!parsed.success) {
    issues.push(...issuesFromZod(parsed.error, { root: ConfigSchema, data, source }));
  }

  // Connector instances: validated even when other sections failed, so one run lists all.
  const connectors: Record<string, unknown> =
    data &&
    typeof data === 'object' &&
    'connectors' in data &&
    isObject((data as { connectors: unknown }).connectors)
      ? (data as { connectors: Record<string, unknown> }).connectors
      : {};
  const validatedConnectors: Record<string, Record<string, unknown>> = {};
  if (options.connectorSchemas) {
    const known = typeNames(options.connectorSchemas);
    for (const [name, instance] of Object.entries(connectors)) {
      if (!isObject(instance) || typeof instance.type !== 'string') continue; // schema reported it
      const schema = schemaFor(options.connectorSchemas, instance.type);
      if (!schema) {
        const guess = closest(instance.type, known);
        at(
          ['connectors', name, 'type'],
          `unknown connector type "${instance.type}"${guess ? `; did you mean "${guess}"?` : ''} Known types: ${known.join(', ') || '(no connector plugin loaded)'}`,
        );
        continue;
      }
      const { type, ...rest } = instance;
      const result = schema.safeParse(rest);
      if (result.success) {
        validatedConnectors[name] = { ...(isObject(result.data) ? result.data : {}), type };
      } else {
        issues.push(
          ...issuesFromZod(result.error, {
            root: schema,
            data: rest,
            prefix: ['connectors', name],
            source,
          }),
        );
      }
    }
  }
  if (issues.length > 0 || !parsed.success) throw configError(issues);

  const config = parsed.data;
  if (options.connectorSchemas) {
    for (const name of Object.keys(config.connectors)) {
      config.connectors[name] = validatedConnectors[name] as (typeof config.connectors)[string];
    }
  }
  const rules = compileRules(config, { source });
  return { file, config, ...rules };
}

/**
 * Reads and parses one YAML config file (the only I/O of core). Relative paths resolve
 * from the working directory; messages use the path as given. Throws `ConfigError` as
 * {@link parseConfig} does, and `ConfigError` with code `CONFIG_INVALID` and one issue at
 * 0:0 when the file cannot be read.
 */
export function loadConfig(
  path: string,
  options: Omit<ParseConfigOptions, 'file'> = {},
): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    throw configError([
      {
        file: path,
        line: 0,
        column: 0,
        path: '(file)',
        message: `cannot read the config file (${code})`,
      },
    ]);
  }
  return parseConfig(text, { ...options, file: path });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Dotted path of a node, found by walking the document (used for env problems). */
function pathOfNode(source: ConfigSourceMap, node: unknown): string | undefined {
  return source.pathOf(node);
}
