import { ConfigError, type ConfigIssue } from '../errors';

/**
 * One `ConfigError` (code `CONFIG_INVALID`) listing every issue sorted by position, one per
 * line as `file:line:column path: message`.
 */
export function configError(issues: ConfigIssue[]): ConfigError {
  const sorted = [...issues].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column,
  );
  const lines = sorted.map((i) => `${i.file}:${i.line}:${i.column} ${i.path}: ${i.message}`);
  return new ConfigError(
    `invalid configuration (${sorted.length} problem${sorted.length === 1 ? '' : 's'}):\n  ${lines.join('\n  ')}`,
    sorted,
  );
}
