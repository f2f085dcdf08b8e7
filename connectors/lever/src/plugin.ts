import { ContainerModule } from 'inversify';
import {
  AtsConnector,
  type ConnectorHost,
  ConnectorHost as ConnectorHostToken,
  type ConnectorPlugin,
} from '@zenhire-connect/core';
import { type LeverConfig, leverConfigSchema } from './config';
import { LeverConnector } from './lever-connector';

/**
 * Binds, in the host's per-instance child container, `AtsConnector` → a singleton
 * `LeverConnector` built from `ConnectorHost` (DESIGN.md "Plugins").
 */
export const leverContainerModule = new ContainerModule(({ bind }) => {
  bind<AtsConnector>(AtsConnector)
    .toDynamicValue((context) => new LeverConnector(context.get<ConnectorHost>(ConnectorHostToken)))
    .inSingletonScope();
});

/** The Lever connector plugin (type `lever`); also the package's default export. */
export const leverPlugin: ConnectorPlugin<LeverConfig> = {
  type: 'lever',
  configSchema: leverConfigSchema as unknown as ConnectorPlugin<LeverConfig>['configSchema'],
  containerModule: leverContainerModule,
};
