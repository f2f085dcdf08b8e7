import { Container } from 'inversify';
import { AtsConnector, ConnectorHost } from '@zenhire-connect/core';
import { createTestConnectorHost } from '@zenhire-connect/testkit';
import greenhouseDefault, {
  AssessmentPartnerPorts,
  GreenhouseAssessmentPartner,
  greenhousePlugin,
} from './index';
import { SECRETS, configInput } from './__fixtures__/nock-greenhouse';
import { AssessmentPartnerApi } from './assessment-partner';
import { GreenhouseConnector } from './greenhouse-connector';

describe('greenhousePlugin', () => {
  it('is the default export, of type greenhouse', () => {
    expect(greenhouseDefault).toBe(greenhousePlugin);
    expect(greenhousePlugin.type).toBe('greenhouse');
  });

  it('fills defaults from the spec (v3 base URL, token URL, note visibility)', () => {
    const config = greenhousePlugin.configSchema.parse(configInput());
    expect(config).toMatchObject({
      baseUrl: 'https://harvest.greenhouse.io/v3',
      tokenUrl: 'https://auth.greenhouse.io/token',
      userId: '4080',
      noteVisibility: 'private',
      rateLimit: { requestsPerWindow: 50, windowSeconds: 10, maxConcurrent: 4 },
    });
  });

  it('is strict: unknown keys, a partner key of 171 characters and a bad test action are refused', () => {
    expect(greenhousePlugin.configSchema.safeParse({ ...configInput(), apiKey: 'x' }).success).toBe(
      false,
    );
    expect(
      greenhousePlugin.configSchema.safeParse({
        ...configInput(),
        assessmentPartner: { partnerKey: 'k'.repeat(171), tests: [] },
      }).success,
    ).toBe(false);
    expect(
      greenhousePlugin.configSchema.safeParse({
        ...configInput(),
        assessmentPartner: {
          partnerKey: 'k',
          tests: [
            {
              id: 't',
              name: 'T',
              action: { kind: 'speech', personaId: 'p', consentMode: 'explicit' },
            },
          ],
        },
      }).success,
    ).toBe(false);
  });

  it("accepts a partner test's invitation with a trigger's shape and defaults", () => {
    const test = {
      id: 't',
      name: 'T',
      action: { kind: 'interview', personaId: 'p', consentMode: 'explicit' },
    };
    const parse = (extra: object) =>
      greenhousePlugin.configSchema.safeParse({
        ...configInput(),
        assessmentPartner: { partnerKey: 'k', tests: [{ ...test, ...extra }] },
      });
    const withNote = parse({ invitation: { note: {}, tags: ['zenhire-invited'] } });
    expect(withNote.success).toBe(true);
    expect(withNote.data?.assessmentPartner?.tests[0].invitation).toEqual({
      note: { visibility: 'private' },
      tags: ['zenhire-invited'],
    });
    // Omitted stays omitted here; the runtime then writes a private note (core default).
    expect(parse({}).data?.assessmentPartner?.tests[0].invitation).toBeUndefined();
    expect(parse({ invitation: { note: { visibility: 'everyone' } } }).success).toBe(false);
    expect(parse({ invitation: { email: true } }).success).toBe(false);
  });

  it('does not echo secrets in validation errors', () => {
    const result = greenhousePlugin.configSchema.safeParse({ ...configInput(), webhookSecret: 42 });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error)).not.toContain(SECRETS.clientSecret);
  });

  it('binds AtsConnector (singleton) and the Assessment Partner API from the host in a container', async () => {
    const container = new Container();
    container
      .bind<ConnectorHost>(ConnectorHost)
      .toConstantValue(createTestConnectorHost({ name: 'greenhouse-eu', config: configInput() }));
    container.bind(AssessmentPartnerPorts).toConstantValue({
      launcher: { launch: async () => ({ partnerInterviewId: '1' }) },
      status: { status: async () => undefined },
    });
    await container.load(greenhousePlugin.containerModule);
    const connector = container.get<AtsConnector>(AtsConnector);
    expect(connector).toBeInstanceOf(GreenhouseConnector);
    expect(container.get<AtsConnector>(AtsConnector)).toBe(connector);
    expect(connector).toMatchObject({ name: 'greenhouse-eu', type: 'greenhouse' });
    expect(container.get(GreenhouseAssessmentPartner)).toBeInstanceOf(AssessmentPartnerApi);
    await connector.close?.();
  });
});
