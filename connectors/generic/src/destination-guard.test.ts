import { genericConfigSchema } from './config';
import { destinationProblem, guardedLookup, isPublicAddress } from './destination-guard';
import { genericConnector, loopbackConfig } from './__fixtures__/connector';
import { samplePlan } from './__fixtures__/sample-plan';
import { startTestReceiver } from './__fixtures__/test-receiver';

const SECRET = 'whsec-test-0123456789abcdef';
const strict = { allowPrivateNetworks: false, allowHttp: false };

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.254',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '100.127.255.254',
    '0.0.0.0',
    '255.255.255.255',
    '224.0.0.1',
    '::1',
    '::',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '::ffff:7f00:1',
    '2002:7f00:1::1',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    '93.184.216.34',
    '8.8.8.8',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
  ])('accepts %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('destination check at config time', () => {
  it.each([
    'https://127.0.0.1/hook',
    'https://10.0.0.8/hook',
    'https://172.20.1.1/hook',
    'https://192.168.0.10/hook',
    'https://169.254.169.254/latest/meta-data',
    'https://100.64.12.1/hook',
    'https://0.0.0.0/hook',
    'https://[::1]/hook',
    'https://[fc00::5]/hook',
    'https://[fe80::1]/hook',
    'https://[::ffff:127.0.0.1]/hook',
    'https://0x7f.1/hook',
    'https://2130706433/hook',
  ])('refuses %s unless allowPrivateNetworks', (url) => {
    const result = genericConfigSchema.safeParse({ secret: SECRET, webhook: { url } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain('webhook.url');
    expect(
      genericConfigSchema.safeParse({
        secret: SECRET,
        webhook: { url },
        allowPrivateNetworks: true,
      }).success,
    ).toBe(true);
  });

  it('refuses http:// unless allowHttp, other schemes and credentials in the URL', () => {
    expect(destinationProblem('http://hooks.example.com/x', strict)).toMatch(/allowHttp/);
    expect(
      destinationProblem('http://hooks.example.com/x', { ...strict, allowHttp: true }),
    ).toBeUndefined();
    expect(destinationProblem('file:///etc/passwd', strict)).toMatch(/only https/);
    expect(destinationProblem('ftp://hooks.example.com/', strict)).toMatch(/only https/);
    expect(destinationProblem('https://user:pw@hooks.example.com/', strict)).toMatch(/credentials/);
    expect(destinationProblem('hooks.example.com/x', strict)).toBe('is not a URL');
  });

  it('accepts public https destinations, by name or by public IP', () => {
    expect(destinationProblem('https://hooks.example.com/zenhire', strict)).toBeUndefined();
    expect(destinationProblem('https://93.184.216.34/zenhire', strict)).toBeUndefined();
    expect(destinationProblem('https://[2606:4700::1111]/zenhire', strict)).toBeUndefined();
  });
});

describe('destination check at delivery time (after DNS resolution)', () => {
  it('refuses a host name that resolves to loopback (localhost), sending nothing', async () => {
    const receiver = await startTestReceiver();
    try {
      const url = `http://localhost:${receiver.port}/hook`;
      const { connector } = genericConnector(loopbackConfig(url, { allowPrivateNetworks: false }));
      const error = await connector.applyPlan(samplePlan('hris'), { previousOutcomes: [] }).then(
        () => undefined,
        (e: unknown) => e,
      );
      await connector.close();
      expect(error).toMatchObject({ code: 'GENERIC_DESTINATION_REFUSED', retryable: false });
      expect((error as Error).message).toMatch(/localhost resolves to (127\.0\.0\.1|::1)/);
      expect(receiver.requests).toHaveLength(0);
    } finally {
      await receiver.close();
    }
  });

  it('delivers to localhost when allowPrivateNetworks is set', async () => {
    const receiver = await startTestReceiver();
    try {
      // The receiver listens on 127.0.0.1 only; ask for IPv4 addresses of localhost.
      const url = `http://localhost:${receiver.port}/hook`;
      const { connector } = genericConnector(loopbackConfig(url));
      const lookup = guardedLookup({ allowPrivateNetworks: true });
      const addresses = await new Promise<unknown>((resolve, reject) =>
        lookup('localhost', { all: true, family: 4 }, (err, result) =>
          err ? reject(err) : resolve(result),
        ),
      );
      expect(addresses).toEqual(expect.arrayContaining([{ address: '127.0.0.1', family: 4 }]));
      const result = await connector.applyPlan(samplePlan('hris'), { previousOutcomes: [] });
      await connector.close();
      expect(result.calls).toBe(1);
      expect(receiver.requests).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  it('refuses every address family through the guarded lookup', async () => {
    const lookup = guardedLookup({ allowPrivateNetworks: false });
    for (const options of [{ all: true }, { all: false }, { family: 4 }]) {
      const error = await new Promise<unknown>((resolve) =>
        lookup('localhost', options, (err) => resolve(err)),
      );
      expect(error).toMatchObject({ code: 'GENERIC_DESTINATION_REFUSED' });
    }
  });
});
