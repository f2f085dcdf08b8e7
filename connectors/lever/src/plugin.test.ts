import { Container } from 'inversify';
import { AtsConnector, ConnectorHost, isConnectorPlugin } from '@zenhire-connect/core';
import { createTestConnectorHost } from '@zenhire-connect/testkit';
import leverDefault, { LeverConnector, leverPlugin } from './index';

const API_KEY = 'lever-key-for-plugin-test-xyz';
const input = {
  apiKey: API_KEY,
  webhookSignatureToken: 'sig-token-for-plugin-test',
  performAs: 'user-1',
};

describe('leverPlugin', () => {
  it('is the default export, a valid ConnectorPlugin of type lever', () => {
    expect(leverDefault).toBe(leverPlugin);
    expect(leverPlugin.type).toBe('lever');
    expect(isConnectorPlugin(leverPlugin)).toBe(true);
  });

  it('fills the spec defaults (base URL, 5 min replay window, 10 rps / burst 20, 1 h caches)', () => {
    expect(leverPlugin.configSchema.parse(input)).toMatchObject({
      baseUrl: 'https://api.lever.co/v1',
      replayWindowSeconds: 300,
      rateLimit: { requestsPerSecond: 10, burst: 20 },
      cacheTtl: { metadataSeconds: 3600 },
    });
  });

  it('is strict: unknown keys, no credential, both credentials, feedbackTemplate without performAs', () => {
    const bad = [
      { ...input, clientSecret: 'x' },
      { webhookSignatureToken: 's' },
      { ...input, accessToken: 'token' },
      { apiKey: 'k', feedbackTemplate: 'Scorecard' },
      { ...input, rateLimit: { requestsPerSecond: 10, burstSize: 20 } },
    ];
    for (const config of bad)
      expect(leverPlugin.configSchema.safeParse(config).success).toBe(false);
    expect(
      leverPlugin.configSchema.safeParse({
        accessToken: 'oauth',
        webhookSignatureToken: ['a', 'b'],
      }).success,
    ).toBe(true);
  });

  it('does not echo secrets in validation errors', () => {
    const result = leverPlugin.configSchema.safeParse({
      ...input,
      accessToken: 'oauth-secret-value',
      replayWindowSeconds: -1,
    });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error)).not.toContain(API_KEY);
    expect(JSON.stringify(result.error)).not.toContain('oauth-secret-value');
  });

  it('binds AtsConnector (singleton) from ConnectorHost in a container', async () => {
    const container = new Container();
    container
      .bind<ConnectorHost>(ConnectorHost)
      .toConstantValue(createTestConnectorHost({ name: 'lever-eu', config: input }));
    await container.load(leverPlugin.containerModule);
    const connector = container.get<AtsConnector>(AtsConnector);
    expect(connector).toBeInstanceOf(LeverConnector);
    expect(container.get<AtsConnector>(AtsConnector)).toBe(connector);
    expect(connector).toMatchObject({
      name: 'lever-eu',
      type: 'lever',
      capabilities: { webhooks: true, fieldTypes: [] },
    });
    expect(connector.capabilities.operations).toEqual([
      'AddNote',
      'AddTags',
      'RemoveTags',
      'MoveStage',
      'Reject',
    ]);
  });
});
