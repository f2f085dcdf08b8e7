/**
 * Use-cases for delivery-only benchmarks (a pre-built backlog: nothing is collected from
 * ZenHire): the store, one connector, and a ZenHire gateway that refuses every call.
 */
import {
  createUseCases,
  MapConnectorRegistry,
  type AtsConnector,
  type Clock,
  type Store,
  type UseCases,
  type ZenHireGateway,
} from '@zenhire-connect/core';

function unused(): never {
  throw new Error('the delivery benchmarks make no ZenHire call');
}

/** A gateway for use-cases that only deliver (`deliverOne`); every method throws. */
export const noZenHire: ZenHireGateway = {
  start: async () => unused(),
  getRun: async () => unused(),
  listRuns: () => unused(),
  analyseRecording: async () => unused(),
};

/** `createUseCases` over `store` and `connector`, no rules; `deliverOne` is what is used. */
export function deliveryUseCases(store: Store, connector: AtsConnector, clock: Clock): UseCases {
  return createUseCases({
    store,
    gateway: noZenHire,
    connectors: MapConnectorRegistry.of(connector),
    clock,
    rules: { triggers: [], mappings: [], linkRules: [] },
  });
}
