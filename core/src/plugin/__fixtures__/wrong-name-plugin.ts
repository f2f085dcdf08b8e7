import { ContainerModule } from 'inversify';
import { AtsConnector, type ConnectorHost, type ConnectorPlugin } from '../connector';
import { FakeConnector, fakeConfigSchema } from './fake-plugin';

/** Binds a connector that ignores the instance name (a plugin bug the host must catch). */
export default {
  type: 'wrong-name',
  configSchema: fakeConfigSchema,
  containerModule: new ContainerModule(({ bind }) => {
    bind<AtsConnector>(AtsConnector).toConstantValue(
      new FakeConnector({ name: 'hard-coded' } as ConnectorHost),
    );
  }),
} as unknown as ConnectorPlugin;
