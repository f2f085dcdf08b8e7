import { ContainerModule } from 'inversify';
import {
  AtsConnector,
  type ConnectorHost,
  ConnectorHost as ConnectorHostToken,
  type ConnectorPlugin,
} from '@zenhire-connect/core';
import type {
  AssessmentPartnerApi,
  AssessmentPartnerPorts as PartnerPorts,
} from './assessment-partner';
import { type GreenhouseConfig, greenhouseConfigSchema } from './config';
import { GreenhouseConnector } from './greenhouse-connector';

/**
 * DI key of the ports the runtime binds for the Assessment Partner endpoints (launcher,
 * status source, `onResponseError`); same name as the interface (DESIGN.md "Plugins").
 */
export const AssessmentPartnerPorts = Symbol('AssessmentPartnerPorts');
export type AssessmentPartnerPorts = PartnerPorts;

/** DI key of the instance's `AssessmentPartnerApi` (needs `AssessmentPartnerPorts` bound). */
export const GreenhouseAssessmentPartner = Symbol('GreenhouseAssessmentPartner');
export type GreenhouseAssessmentPartner = AssessmentPartnerApi;

/**
 * Binds, in the host's per-instance child container: `AtsConnector` → a singleton
 * `GreenhouseConnector` built from `ConnectorHost`, and `GreenhouseAssessmentPartner` → its
 * Assessment Partner endpoints (resolve it only when `assessmentPartner` is configured and
 * `AssessmentPartnerPorts` is bound).
 */
export const greenhouseContainerModule = new ContainerModule(({ bind }) => {
  bind<AtsConnector>(AtsConnector)
    .toDynamicValue(
      (context) => new GreenhouseConnector(context.get<ConnectorHost>(ConnectorHostToken)),
    )
    .inSingletonScope();
  bind<AssessmentPartnerApi>(GreenhouseAssessmentPartner)
    .toDynamicValue((context) => {
      const connector = context.get<AtsConnector>(AtsConnector) as GreenhouseConnector;
      return connector.assessmentPartner(context.get<PartnerPorts>(AssessmentPartnerPorts));
    })
    .inSingletonScope();
});

/** The Greenhouse connector plugin (type `greenhouse`); also the package's default export. */
export const greenhousePlugin: ConnectorPlugin<GreenhouseConfig> = {
  type: 'greenhouse',
  configSchema:
    greenhouseConfigSchema as unknown as ConnectorPlugin<GreenhouseConfig>['configSchema'],
  containerModule: greenhouseContainerModule,
};
