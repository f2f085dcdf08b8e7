import { dirname, resolve } from 'node:path';
import { loadConnectorPlugins, type ConnectorPlugin } from '@zenhire-connect/core';
import { genericPlugin } from '@zenhire-connect/connector-generic';
import { greenhousePlugin } from '@zenhire-connect/connector-greenhouse';
import { leverPlugin } from '@zenhire-connect/connector-lever';

/** The connector plugins shipped with the CLI: `greenhouse`, `lever`, `generic`. */
export const BUILT_IN_PLUGINS: readonly ConnectorPlugin[] = [
  greenhousePlugin as ConnectorPlugin,
  leverPlugin as ConnectorPlugin,
  genericPlugin as ConnectorPlugin,
];

/**
 * Built-in plugins plus those the config lists under `plugins` (package names resolved from
 * the config file's directory, or paths relative to it).
 * @throws PluginError `PLUGIN_NOT_FOUND` / `PLUGIN_INVALID` (core `loadConnectorPlugins`).
 */
export function connectorPlugins(
  specifiers: readonly string[],
  configFile?: string,
): ConnectorPlugin[] {
  const baseDir = configFile ? dirname(resolve(configFile)) : process.cwd();
  return [...BUILT_IN_PLUGINS, ...loadConnectorPlugins([...specifiers], baseDir)];
}

/** `type` → instance config schema, for `parseConfig`'s `connectorSchemas`. */
export function connectorSchemas(
  plugins: readonly ConnectorPlugin[],
): Map<string, ConnectorPlugin['configSchema']> {
  return new Map(plugins.map((p) => [p.type, p.configSchema]));
}
