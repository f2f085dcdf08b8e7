import { readFileSync } from 'node:fs';
import {
  ConfigError,
  parseConfig,
  type ConnectorPlugin,
  type LoadedConfig,
} from '@zenhire-connect/core';
import { BUILT_IN_PLUGINS, connectorPlugins, connectorSchemas } from './plugins';

/** A validated config with the connector plugins it needs. */
export interface RuntimeConfig {
  loaded: LoadedConfig;
  /** Built-in plugins plus the config's `plugins`. */
  plugins: ConnectorPlugin[];
}

/** Options of {@link loadRuntimeConfig} / {@link parseRuntimeConfig}. */
export interface RuntimeConfigOptions {
  /** Environment for `${VAR}` (default `process.env`). */
  env?: NodeJS.ProcessEnv;
}

/**
 * Parses config text in two passes: the first reads `plugins` (without checking connector
 * instance configs), the plugins are loaded, and the second validates every
 * `connectors.<name>` with its plugin's schema. When the first pass fails, the second runs
 * with the built-in plugins only so one error lists every problem.
 *
 * @throws ConfigError `CONFIG_INVALID` (issues with file:line:column); PluginError when a
 *   listed plugin cannot be loaded.
 */
export function parseRuntimeConfig(
  text: string,
  file: string,
  options: RuntimeConfigOptions = {},
): RuntimeConfig {
  const env = options.env ?? process.env;
  let plugins: ConnectorPlugin[];
  try {
    const first = parseConfig(text, { file, env });
    plugins = connectorPlugins(first.config.plugins, file);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    plugins = [...BUILT_IN_PLUGINS];
  }
  const loaded = parseConfig(text, { file, env, connectorSchemas: connectorSchemas(plugins) });
  return { loaded, plugins };
}

/**
 * Reads and parses one YAML config file (see {@link parseRuntimeConfig}).
 * @throws ConfigError with one issue at 0:0 when the file cannot be read.
 */
export function loadRuntimeConfig(path: string, options: RuntimeConfigOptions = {}): RuntimeConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    throw new ConfigError(`cannot read ${path}`, [
      {
        file: path,
        line: 0,
        column: 0,
        path: '(file)',
        message: `cannot read the config file (${code})`,
      },
    ]);
  }
  return parseRuntimeConfig(text, path, options);
}
