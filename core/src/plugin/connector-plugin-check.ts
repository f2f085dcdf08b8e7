import type { ConnectorPlugin } from './connector';

/** Connector types: lower-case letter first, then letters, digits, `_` or `-` (as in the config). */
export const CONNECTOR_TYPE_PATTERN = /^[a-z][a-z0-9_-]*$/;

/**
 * Why `value` is not a valid {@link ConnectorPlugin}, or `undefined` when it is: `type` a
 * connector type string, `configSchema` a zod schema (has `safeParse`), `containerModule` an
 * inversify `ContainerModule` (has `load` and a numeric `id`; checked by shape so a plugin
 * built against another copy of inversify still passes).
 */
export function connectorPluginProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return 'it is not an object';
  const plugin = value as Record<string, unknown>;
  if (typeof plugin.type !== 'string' || !CONNECTOR_TYPE_PATTERN.test(plugin.type)) {
    return 'its `type` is not a connector type such as "greenhouse"';
  }
  const schema = plugin.configSchema as { safeParse?: unknown } | null | undefined;
  if (!schema || typeof schema.safeParse !== 'function') {
    return 'its `configSchema` is not a zod schema';
  }
  const module = plugin.containerModule as { load?: unknown; id?: unknown } | null | undefined;
  if (!module || typeof module.load !== 'function' || typeof module.id !== 'number') {
    return 'its `containerModule` is not an inversify ContainerModule';
  }
  return undefined;
}

/** Type guard over {@link connectorPluginProblem}. */
export function isConnectorPlugin(value: unknown): value is ConnectorPlugin {
  return connectorPluginProblem(value) === undefined;
}
