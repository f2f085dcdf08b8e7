import { Container } from 'inversify';
import { AtsConnector, ConnectorHost, type ConnectorPlugin } from '@zenhire-connect/core';

/** A connector built by {@link buildConnectorFromPlugin} and its container. */
export interface BuiltConnector {
  connector: AtsConnector;
  container: Container;
}

/**
 * Builds one instance exactly as the host does (core `buildConnectorRegistry`): a child
 * inversify `Container` of `parent` (of a fresh empty container when none is given, so
 * parent lookups behave as in the host), `ConnectorHost` bound as a
 * constant, `plugin.containerModule` loaded, `AtsConnector` resolved with `getAsync`.
 * `host.config` must already be the output of `plugin.configSchema` (see
 * `parseConnectorConfig`).
 */
export async function buildConnectorFromPlugin(
  plugin: ConnectorPlugin,
  host: ConnectorHost,
  parent?: Container,
): Promise<BuiltConnector> {
  const container = new Container({ parent: parent ?? new Container() });
  container.bind<ConnectorHost>(ConnectorHost).toConstantValue(host);
  await container.load(plugin.containerModule);
  const connector = await container.getAsync<AtsConnector>(AtsConnector);
  return { connector, container };
}

/**
 * Validates a raw instance config (every key but `type`) with the plugin's schema, as the
 * host does. @throws Error naming the issue paths and messages (not the values).
 */
export function parseConnectorConfig(plugin: ConnectorPlugin, raw: unknown): unknown {
  const parsed = plugin.configSchema.safeParse(raw);
  if (!parsed.success) {
    const issues =
      (parsed.error as { issues?: { path?: PropertyKey[]; message?: string }[] }).issues ?? [];
    throw new Error(
      `config rejected by ${plugin.type}'s configSchema: ${issues
        .map((i) => `${(i.path ?? []).map(String).join('.') || '(root)'}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return parsed.data;
}
