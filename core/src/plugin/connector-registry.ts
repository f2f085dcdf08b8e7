import type { Container, ServiceIdentifier } from 'inversify';
import type { AtsConnector } from './connector';
import { PluginError } from './plugin-errors';

/**
 * The configured connector instances by name (DESIGN.md "Plugins"). Built once at start
 * (see `buildConnectorRegistry`); the use-cases look connectors up by `RecordRef.connector`.
 */
export interface ConnectorRegistry {
  /** The connector of an instance. @throws PluginError `CONNECTOR_NOT_FOUND`. */
  get(name: string): AtsConnector;
  /** The connector of an instance, or `undefined`. */
  find(name: string): AtsConnector | undefined;
  has(name: string): boolean;
  /** Instance names, in config order. */
  names(): string[];
  /**
   * Another service the instance's plugin bound in its child container, e.g. Greenhouse's
   * Assessment Partner API. @throws PluginError `CONNECTOR_NOT_FOUND`; inversify's error when
   * the service is not bound.
   */
  resolve<T>(name: string, token: ServiceIdentifier<T>): T;
  /** Calls `close()` on every connector that has one (errors are collected, then the first is thrown). */
  close(): Promise<void>;
}

export const ConnectorRegistry = Symbol('ConnectorRegistry');

/** One built instance: its connector and the child container it came from. */
export interface RegisteredConnector {
  connector: AtsConnector;
  container?: Container;
}

/** {@link ConnectorRegistry} over a map of built instances (insertion order = config order). */
export class MapConnectorRegistry implements ConnectorRegistry {
  readonly #instances: Map<string, RegisteredConnector>;

  constructor(instances: Iterable<[string, RegisteredConnector]>) {
    this.#instances = new Map(instances);
  }

  /** A registry over ready-made connectors keyed by their `name` (tests, embedding). */
  static of(...connectors: AtsConnector[]): MapConnectorRegistry {
    return new MapConnectorRegistry(connectors.map((c) => [c.name, { connector: c }]));
  }

  get(name: string): AtsConnector {
    return this.#entry(name).connector;
  }

  find(name: string): AtsConnector | undefined {
    return this.#instances.get(name)?.connector;
  }

  has(name: string): boolean {
    return this.#instances.has(name);
  }

  names(): string[] {
    return [...this.#instances.keys()];
  }

  resolve<T>(name: string, token: ServiceIdentifier<T>): T {
    const entry = this.#entry(name);
    if (!entry.container) {
      throw new PluginError(
        'CONNECTOR_NOT_FOUND',
        `connector instance "${name}" was not built in a container`,
        { instance: name },
      );
    }
    return entry.container.get<T>(token);
  }

  async close(): Promise<void> {
    const errors: unknown[] = [];
    for (const { connector } of this.#instances.values()) {
      try {
        await connector.close?.();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw errors[0];
  }

  #entry(name: string): RegisteredConnector {
    const entry = this.#instances.get(name);
    if (!entry) {
      throw new PluginError(
        'CONNECTOR_NOT_FOUND',
        `no connector instance named "${name}" is configured (configured: ${this.names().join(', ') || 'none'})`,
        { instance: name },
      );
    }
    return entry;
  }
}
