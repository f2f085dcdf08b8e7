import type { CompiledCondition, CompiledTemplate } from './template';
import type { ConfigPath } from '../config/source-map';

/** A sample scope to validate templates against; `label` names it in messages (a module). */
export interface SampleScope {
  scope: object;
  label?: string;
}

/**
 * Where rule compilers report problems. `path` is relative to the rule being compiled;
 * `template`/`condition` compile the text, validate it against each sample scope, and
 * report (returning `undefined`) instead of throwing.
 */
export interface RuleProblemSink {
  problem(path: ConfigPath, message: string, inner?: { line: number; column: number }): void;
  template(
    path: ConfigPath,
    compile: () => CompiledTemplate,
    samples: readonly SampleScope[],
  ): CompiledTemplate | undefined;
  condition(
    path: ConfigPath,
    compile: () => CompiledCondition,
    samples: readonly SampleScope[],
  ): CompiledCondition | undefined;
}
