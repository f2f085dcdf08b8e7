import { ContainerModule } from 'inversify';
import {
  AtsConnector,
  type ConnectorHost,
  ConnectorHost as ConnectorHostToken,
  type ConnectorPlugin,
} from '@zenhire-connect/core';
import { type GenericConfig, genericConfigSchema } from './config';
import { GenericConnector } from './generic-connector';

/**
 * Binds, in the host's per-instance child container, `AtsConnector` → a singleton
 * `GenericConnector` built from `ConnectorHost`.
 */
export const genericContainerModule = new ContainerModule(({ bind }) => {
  bind<AtsConnector>(AtsConnector)
    .toDynamicValue(
      (context) => new GenericConnector(context.get<ConnectorHost>(ConnectorHostToken)),
    )
    .inSingletonScope();
});

/** The generic connector plugin (type `generic`); also the package's default export. */
export const genericPlugin: ConnectorPlugin<GenericConfig> = {
  type: 'generic',
  configSchema: genericConfigSchema as unknown as ConnectorPlugin<GenericConfig>['configSchema'],
  containerModule: genericContainerModule,
};
