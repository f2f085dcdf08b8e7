import { Container } from 'inversify';
import {
  AtsConnector,
  ConnectorHost,
  type ConnectorCache,
  type ConnectorLogger,
  type ConnectorPlugin,
} from './connector';
import { connectorPluginProblem } from './connector-plugin-check';
import { MapConnectorRegistry, type RegisteredConnector } from './connector-registry';
import { PluginError } from './plugin-errors';

/** One connector instance as the config declares it (`connectors.<name>` in YAML). */
export interface ConnectorInstanceDeclaration {
  /** Plugin type, e.g. `greenhouse`. */
  type: string;
  /** Every other key is the plugin's own config, validated by its `configSchema`. */
  [key: string]: unknown;
}

/** Inputs of {@link buildConnectorRegistry}. */
export interface BuildConnectorRegistryOptions {
  /** Available plugins (built-in and loaded by `loadConnectorPlugins`). */
  plugins: readonly ConnectorPlugin[];
  /** Instances by name, e.g. the validated config's `connectors`. */
  instances: Readonly<Record<string, ConnectorInstanceDeclaration>>;
  /** Per-instance logger and store-backed cache (the host services of `ConnectorHost`). */
  host: (instance: { name: string; type: string }) => {
    logger: ConnectorLogger;
    cache: ConnectorCache;
  };
  /**
   * Parent of every instance's child container: services bound there (e.g. Greenhouse's
   * `AssessmentPartnerPorts`) are visible to every plugin.
   */
  parent?: Container;
}

/** `{ path, message }` of each zod issue, without input values (they may be secrets). */
function safeIssues(error: unknown): { path: string; message: string }[] {
  const issues = (error as { issues?: { path?: PropertyKey[]; message?: string }[] }).issues ?? [];
  return issues.map((issue) => ({
    path: (issue.path ?? []).map(String).join('.'),
    message: issue.message ?? 'invalid',
  }));
}

/**
 * Builds the {@link ConnectorRegistry} from config instances (DESIGN.md "Plugins"). For each
 * instance, in order: find the plugin by `type`, validate the instance config (every key but
 * `type`) with `plugin.configSchema`, create an inversify child container of `parent`, bind
 * `ConnectorHost` (`name`, validated `config`, `logger`, `cache`) as a constant, load
 * `plugin.containerModule`, and resolve `AtsConnector` (async bindings allowed).
 *
 * @throws PluginError `PLUGIN_INVALID` (a plugin fails the shape check, or the connector it
 *   binds has another `name`/`type` than the instance), `PLUGIN_DUPLICATE_TYPE`,
 *   `CONNECTOR_TYPE_UNKNOWN`, `CONNECTOR_CONFIG_INVALID` (issue paths and messages only).
 *   Instances built before the failure are closed.
 */
export async function buildConnectorRegistry(
  options: BuildConnectorRegistryOptions,
): Promise<MapConnectorRegistry> {
  const byType = new Map<string, ConnectorPlugin>();
  for (const plugin of options.plugins) {
    const problem = connectorPluginProblem(plugin);
    if (problem)
      throw new PluginError('PLUGIN_INVALID', `a connector plugin is invalid: ${problem}`);
    if (byType.has(plugin.type)) {
      throw new PluginError(
        'PLUGIN_DUPLICATE_TYPE',
        `two connector plugins declare type "${plugin.type}"`,
        { type: plugin.type },
      );
    }
    byType.set(plugin.type, plugin);
  }

  const built: [string, RegisteredConnector][] = [];
  try {
    for (const [name, declaration] of Object.entries(options.instances)) {
      built.push([name, await buildInstance(name, declaration, byType, options)]);
    }
  } catch (error) {
    await new MapConnectorRegistry(built).close().catch(() => undefined);
    throw error;
  }
  return new MapConnectorRegistry(built);
}

async function buildInstance(
  name: string,
  declaration: ConnectorInstanceDeclaration,
  byType: Map<string, ConnectorPlugin>,
  options: BuildConnectorRegistryOptions,
): Promise<RegisteredConnector> {
  const { type, ...rawConfig } = declaration;
  const plugin = byType.get(type);
  if (!plugin) {
    throw new PluginError(
      'CONNECTOR_TYPE_UNKNOWN',
      `connector instance "${name}" has type "${type}", but no plugin provides it (available: ${[...byType.keys()].join(', ') || 'none'}; add the plugin's package to \`plugins\`)`,
      { instance: name, type },
    );
  }
  const parsed = plugin.configSchema.safeParse(rawConfig);
  if (!parsed.success) {
    const issues = safeIssues(parsed.error);
    throw new PluginError(
      'CONNECTOR_CONFIG_INVALID',
      `connector instance "${name}" (type ${type}) has an invalid config: ${issues
        .map((i) => `${i.path || '(root)'}: ${i.message}`)
        .join('; ')}`,
      { instance: name, type, issues },
    );
  }
  const container = new Container({ parent: options.parent });
  const services = options.host({ name, type });
  const host: ConnectorHost = {
    name,
    config: parsed.data,
    logger: services.logger,
    cache: services.cache,
  };
  container.bind<ConnectorHost>(ConnectorHost).toConstantValue(host);
  await container.load(plugin.containerModule);
  const connector = await container.getAsync<AtsConnector>(AtsConnector);
  if (!connector || connector.name !== name || connector.type !== type) {
    throw new PluginError(
      'PLUGIN_INVALID',
      `plugin "${type}" bound an AtsConnector for instance "${name}" whose name/type is "${connector?.name}"/"${connector?.type}" (use ConnectorHost.name and the plugin type)`,
      { instance: name, type },
    );
  }
  return { connector, container };
}
