import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import type { ConnectorPlugin } from './connector';
import { connectorPluginProblem } from './connector-plugin-check';
import { PluginError } from './plugin-errors';

/** Options of {@link loadConnectorPlugins}. */
export interface LoadConnectorPluginsOptions {
  /**
   * Loads a resolved module file (default: Node's `require`). Plugins are CommonJS modules
   * (the project builds CommonJS; ESM-only plugins are not supported). Tests pass
   * `jest.requireActual` so TypeScript fixtures load.
   */
  load?: (resolvedPath: string) => unknown;
}

function isPathSpecifier(specifier: string): boolean {
  return specifier.startsWith('.') || isAbsolute(specifier);
}

/**
 * The plugin a module exports: its `default` export, the module itself, or its only named
 * export that is a valid plugin. Returns the problem text when there is none.
 */
function pluginOf(moduleExports: unknown): ConnectorPlugin | string {
  const mod = moduleExports as Record<string, unknown> | null | undefined;
  if (mod && typeof mod === 'object' && mod.default !== undefined) {
    const problem = connectorPluginProblem(mod.default);
    return problem
      ? `its default export is not a ConnectorPlugin: ${problem}`
      : (mod.default as ConnectorPlugin);
  }
  const self = connectorPluginProblem(mod);
  if (!self) return mod as unknown as ConnectorPlugin;
  const named = Object.values(mod ?? {}).filter((v) => connectorPluginProblem(v) === undefined);
  if (named.length === 1) return named[0] as ConnectorPlugin;
  return named.length === 0
    ? `it exports no ConnectorPlugin (${self}); export one as the default export`
    : `it exports ${named.length} ConnectorPlugins; export the one to use as the default export`;
}

/**
 * Loads connector plugins listed in the config's `plugins` (DESIGN.md "Plugins"). A specifier
 * is a package name (resolved from `baseDir`, the directory of the config file, like Node's
 * `require` from there) or a path (`./plugins/my-ats`, absolute or relative to `baseDir`).
 * The module must export a `ConnectorPlugin` (`{ type, configSchema, containerModule }`) as
 * its default export, as the module itself, or as its only plugin-shaped named export.
 *
 * @returns the plugins in specifier order.
 * @throws PluginError `PLUGIN_NOT_FOUND` (does not resolve), `PLUGIN_INVALID` (fails to load
 *   or exports no valid plugin), `PLUGIN_DUPLICATE_TYPE` (two specifiers give one `type`).
 */
export function loadConnectorPlugins(
  specifiers: readonly string[],
  baseDir: string,
  options: LoadConnectorPluginsOptions = {},
): ConnectorPlugin[] {
  const nodeRequire = createRequire(join(resolve(baseDir), 'zenhire-connect-plugins.js'));
  const load = options.load ?? ((path: string) => nodeRequire(path));
  const plugins: ConnectorPlugin[] = [];
  const seen = new Map<string, string>();
  for (const specifier of specifiers) {
    const request = isPathSpecifier(specifier) ? resolve(baseDir, specifier) : specifier;
    let resolved: string;
    try {
      resolved = nodeRequire.resolve(request);
    } catch {
      throw new PluginError(
        'PLUGIN_NOT_FOUND',
        isPathSpecifier(specifier)
          ? `connector plugin "${specifier}" not found at ${request}`
          : `connector plugin package "${specifier}" is not installed (looked from ${resolve(baseDir)}; run npm install ${specifier})`,
        { specifier },
      );
    }
    let exported: unknown;
    try {
      exported = load(resolved);
    } catch (error) {
      throw new PluginError(
        'PLUGIN_INVALID',
        `connector plugin "${specifier}" failed to load: ${(error as Error).message}`,
        { specifier },
      );
    }
    const plugin = pluginOf(exported);
    if (typeof plugin === 'string') {
      throw new PluginError(
        'PLUGIN_INVALID',
        `connector plugin "${specifier}" is invalid: ${plugin}`,
        {
          specifier,
        },
      );
    }
    const previous = seen.get(plugin.type);
    if (previous !== undefined) {
      throw new PluginError(
        'PLUGIN_DUPLICATE_TYPE',
        `connector plugins "${previous}" and "${specifier}" both declare type "${plugin.type}"`,
        { type: plugin.type, specifiers: [previous, specifier] },
      );
    }
    seen.set(plugin.type, specifier);
    plugins.push(plugin);
  }
  return plugins;
}
