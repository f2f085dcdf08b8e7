import { genericPlugin } from './plugin';
import { DEFAULT_OPERATIONS, genericConfigSchema } from './config';

const SECRET = 'whsec-test-0123456789abcdef';
const webhook = { url: 'https://hooks.example.com/zenhire' };

function issues(input: unknown): string[] {
  const result = genericConfigSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('generic config', () => {
  it('fills defaults: every operation but CompleteAssessment, 3 retries, https only, no private networks', () => {
    const config = genericConfigSchema.parse({ secret: SECRET, webhook });
    expect(config.operations).toEqual(DEFAULT_OPERATIONS);
    expect(config.operations).not.toContain('CompleteAssessment');
    expect(config.webhook?.retry).toEqual({
      maxRetries: 3,
      baseDelayMs: 500,
      maxDelayMs: 30_000,
      maxRetryAfterSeconds: 60,
    });
    expect(config).toMatchObject({
      allowHttp: false,
      allowPrivateNetworks: false,
      toleranceSeconds: 300,
    });
  });

  it('needs exactly one destination and a secret to sign webhooks', () => {
    expect(issues({ secret: SECRET })).toEqual([
      ': set exactly one destination: `webhook` or `file`',
    ]);
    expect(issues({ secret: SECRET, webhook, file: { path: '/tmp/x' } })).toHaveLength(1);
    expect(issues({ webhook })).toEqual([
      'secret: a `secret` is required to sign webhook deliveries',
    ]);
    expect(issues({ file: { path: '/tmp/x.ndjson' } })).toEqual([]);
  });

  it('rejects unknown keys at every level, and short secrets', () => {
    expect(issues({ secret: SECRET, webhook, retries: 3 })[0]).toMatch(/retries/);
    expect(issues({ secret: SECRET, webhook: { ...webhook, retires: {} } })[0]).toMatch(/retires/);
    expect(issues({ secret: 'short', webhook })[0]).toMatch(/^secret/);
  });

  it('refuses headers the connector sets itself', () => {
    expect(
      issues({
        secret: SECRET,
        webhook: { ...webhook, headers: { 'X-ZenHire-Connect-Delivery': 'x' } },
      }),
    ).toEqual([
      'webhook.headers.X-ZenHire-Connect-Delivery: header X-ZenHire-Connect-Delivery is set by the connector',
    ]);
  });

  it('checks the body template when the config loads: syntax, unknown variables, JSON output', () => {
    const withTemplate = (template: string) =>
      issues({ secret: SECRET, webhook: { ...webhook, template } });
    expect(withTemplate('{"run": {{ run.id | json }}}')).toEqual([]);
    expect(withTemplate('{"run": {{ run.id | json }')[0]).toMatch(
      /^webhook.template: body template does not parse/,
    );
    expect(withTemplate('{"x": {{ assesment | json }}}')[0]).toMatch(
      /undefined variable: assesment/,
    );
    expect(withTemplate('{"x": {{ run.id | jsn }}}')[0]).toMatch(/jsn/);
    expect(withTemplate('run {{ run.id }}')[0]).toMatch(/did not render JSON/);
  });

  it('issues never echo the secret', () => {
    const result = genericPlugin.configSchema.safeParse({
      secret: SECRET,
      webhook: { url: 'http://10.0.0.1/' },
    });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error)).not.toContain(SECRET);
  });
});
