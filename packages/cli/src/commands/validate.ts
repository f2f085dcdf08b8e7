import { ConfigError } from '@zenhire-connect/core';
import { ExitCode } from '../exit-codes';
import { line, type CliIo } from '../io';
import { configPath, loadCommandConfig, type GlobalOptions } from './context';

/**
 * `validate`: loads the config with every plugin and rule check. Prints `file:line:column
 * path: message` per problem (stderr) and returns 1, or a summary and 0.
 */
export function validateCommand(options: GlobalOptions, io: CliIo): number {
  const file = configPath(options, io);
  try {
    const { loaded, plugins } = loadCommandConfig(options, io);
    const summary = {
      valid: true,
      file,
      connectors: Object.entries(loaded.config.connectors).map(([name, c]) => ({
        name,
        type: c.type,
      })),
      plugins: plugins.map((p) => p.type),
      triggers: loaded.triggers.map((t) => t.name),
      mappings: loaded.mappings.map((m) => m.name),
      store: loaded.config.store.startsWith('sqlite:') ? 'sqlite' : 'postgresql',
    };
    if (options.json) {
      line(io.stdout, JSON.stringify(summary, null, 2));
    } else {
      line(io.stdout, `${file}: valid`);
      line(
        io.stdout,
        `  connectors: ${summary.connectors.map((c) => `${c.name} (${c.type})`).join(', ') || 'none'}`,
      );
      line(io.stdout, `  triggers: ${summary.triggers.join(', ') || 'none'}`);
      line(io.stdout, `  mappings: ${summary.mappings.join(', ') || 'none'}`);
      line(io.stdout, `  store: ${summary.store}`);
    }
    return ExitCode.OK;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    if (options.json) {
      line(io.stdout, JSON.stringify({ valid: false, file, issues: error.issues }, null, 2));
    }
    printConfigIssues(error, io);
    return ExitCode.USAGE;
  }
}

/** `file:line:column path: message`, one per line, on stderr. */
export function printConfigIssues(error: ConfigError, io: CliIo): void {
  for (const issue of error.issues) {
    line(io.stderr, `${issue.file}:${issue.line}:${issue.column} ${issue.path}: ${issue.message}`);
  }
  line(io.stderr, `${error.issues.length} problem${error.issues.length === 1 ? '' : 's'} found`);
}
