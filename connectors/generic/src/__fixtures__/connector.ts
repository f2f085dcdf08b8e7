import { createTestConnectorHost, type TestConnectorHost } from '@zenhire-connect/testkit';
import { GenericConnector, type GenericConnectorOptions } from '../generic-connector';
import type { GenericConfigInput } from '../config';

/** A GenericConnector named `hris` on a test host (config parsed by the connector). */
export function genericConnector(
  config: GenericConfigInput,
  options: GenericConnectorOptions = {},
): { connector: GenericConnector; host: TestConnectorHost } {
  const host = createTestConnectorHost({ name: 'hris', config });
  return { connector: new GenericConnector(host, options), host };
}

/** Config of a webhook instance delivering to a loopback test receiver. */
export function loopbackConfig(
  url: string,
  overrides: Partial<GenericConfigInput> = {},
): GenericConfigInput {
  return {
    secret: 'whsec-test-0123456789abcdef',
    webhook: { url, retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 2 } },
    allowPrivateNetworks: true,
    allowHttp: true,
    ...overrides,
  };
}
