import type { Liquid } from 'liquidjs';
import type { ZenHireConnectConfig } from '../config/schema';
import { formatPath, type ConfigPath, type ConfigSourceMap } from '../config/source-map';
import { closest } from '../config/did-you-mean';
import type { ConfigIssue } from '../errors';
import { configError } from '../config/config-error';
import type { LinkRule } from '../link/link-rules';
import { createRuleEngine } from './liquid-engine';
import { compileMapping, type CompiledMapping } from './mapping';
import type { RuleProblemSink } from './problems';
import { RuleTemplateError } from './template';
import { compileTrigger, type CompiledTrigger } from './trigger';
import { MODULE_DIMENSIONS } from './template-context';
import type { RunModule } from '../model/run';

/** Triggers, mappings and link rules ready to run. */
export interface CompiledRules {
  triggers: CompiledTrigger[];
  mappings: CompiledMapping[];
  linkRules: LinkRule[];
}

/** Options of {@link compileRules}. */
export interface CompileRulesOptions {
  /** Positions for error messages (given by `parseConfig`); without it issues are at 0:0. */
  source?: ConfigSourceMap;
  /** The Liquid engine (default: `createRuleEngine()`). */
  liquid?: Liquid;
}

/**
 * Compiles the `triggers`, `mappings` and `linkRules` of a validated config once: parses
 * every Liquid template and condition and renders it against a typed sample context per
 * module with strict variables, so a typo, an unknown filter, a dimension the module does
 * not produce or bad syntax fails here, not at delivery time. Also checks that rule names
 * are unique per kind and that every `connector` names a configured instance.
 *
 * Throws `ConfigError` (code `CONFIG_INVALID`) listing every problem with
 * file:line:column and the dotted path.
 */
export function compileRules(
  config: ZenHireConnectConfig,
  options: CompileRulesOptions = {},
): CompiledRules {
  const liquid = options.liquid ?? createRuleEngine();
  const issues: ConfigIssue[] = [];
  const source = options.source;
  const add = (
    path: ConfigPath,
    message: string,
    inner?: { line: number; column: number },
  ): void => {
    const pos = source
      ? inner
        ? source.positionInScalar(path, inner.line, inner.column)
        : source.position(path)
      : { line: 0, column: 0 };
    issues.push({
      file: source?.file ?? '<config>',
      line: pos.line,
      column: pos.column,
      path: formatPath(path),
      message,
    });
  };
  const instances = Object.keys(config.connectors);
  const checkConnector = (path: ConfigPath, name: string): boolean => {
    if (Object.prototype.hasOwnProperty.call(config.connectors, name)) return true;
    const guess = closest(name, instances);
    add(
      path,
      `unknown connector instance "${name}"${guess ? `; did you mean "${guess}"?` : ''} Configured: ${instances.join(', ') || '(none)'}`,
    );
    return false;
  };
  const checkUnique = (section: string, names: string[]): void => {
    const seen = new Map<string, number>();
    names.forEach((name, i) => {
      if (seen.has(name))
        add([section, i, 'name'], `duplicate name "${name}" (also ${section}[${seen.get(name)}])`);
      else seen.set(name, i);
    });
  };
  const sink = (prefix: ConfigPath): RuleProblemSink => {
    const report = (path: ConfigPath, error: unknown, label?: string): void => {
      const e =
        error instanceof RuleTemplateError ? error : new RuleTemplateError(String(error), 1, 1);
      let suffix = label ? ` (for module ${label})` : '';
      if (label && /assessment\.dim\b/.test(e.message) && label in MODULE_DIMENSIONS) {
        const dims = MODULE_DIMENSIONS[label as RunModule];
        suffix = ` (module ${label} has ${dims.length ? `dimensions: ${dims.join(', ')}` : 'no dimensions'})`;
      }
      add([...prefix, ...path], `${e.message}${suffix}`, { line: e.line, column: e.column });
    };
    const compileAndValidate = <T extends { validate(sample: object): void }>(
      path: ConfigPath,
      compile: () => T,
      samples: readonly { scope: object; label?: string }[],
    ): T | undefined => {
      let compiled: T;
      try {
        compiled = compile();
      } catch (error) {
        report(path, error);
        return undefined;
      }
      for (const sample of samples) {
        try {
          compiled.validate(sample.scope);
        } catch (error) {
          report(
            path,
            error,
            samples.length > 1 || /assessment\.dim\b/.test(String((error as Error).message))
              ? sample.label
              : undefined,
          );
          return undefined;
        }
      }
      return compiled;
    };
    return {
      problem: (path, message, inner) => add([...prefix, ...path], message, inner),
      template: compileAndValidate,
      condition: compileAndValidate,
    };
  };

  checkUnique(
    'triggers',
    config.triggers.map((t) => t.name),
  );
  checkUnique(
    'mappings',
    config.mappings.map((m) => m.name),
  );
  checkUnique(
    'linkRules',
    config.linkRules.map((r) => r.name),
  );
  config.linkRules.forEach((rule, i) =>
    checkConnector(['linkRules', i, 'connector'], rule.connector),
  );

  const triggers: CompiledTrigger[] = [];
  config.triggers.forEach((trigger, i) => {
    if (!checkConnector(['triggers', i, 'connector'], trigger.connector)) return;
    const compiled = compileTrigger(liquid, trigger, sink(['triggers', i]));
    if (compiled) triggers.push(compiled);
  });
  const mappings: CompiledMapping[] = [];
  config.mappings.forEach((mapping, i) => {
    if (!checkConnector(['mappings', i, 'connector'], mapping.connector)) return;
    const compiled = compileMapping(liquid, mapping, sink(['mappings', i]));
    if (compiled) mappings.push(compiled);
  });

  if (issues.length > 0) throw configError(issues);
  return { triggers, mappings, linkRules: config.linkRules };
}
