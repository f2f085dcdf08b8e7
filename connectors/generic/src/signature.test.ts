import { createHmac, timingSafeEqual } from 'node:crypto';
import { checkSignature, signatureHeaderValue } from './signature';
import { genericConnector, loopbackConfig } from './__fixtures__/connector';
import { samplePlan } from './__fixtures__/sample-plan';
import { startTestReceiver } from './__fixtures__/test-receiver';

/**
 * A receiver written only from the documented scheme (README "Verifying deliveries"), as a
 * third party would: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`,
 * accepted within 300 s.
 */
function thirdPartyVerify(
  header: string,
  rawBody: Buffer,
  secret: string,
  nowSeconds: number,
): boolean {
  const fields = new Map<string, string[]>();
  for (const part of header.split(',')) {
    const [key, value] = part.split('=', 2);
    fields.set(key, [...(fields.get(key) ?? []), value]);
  }
  const t = fields.get('t')?.[0];
  if (!t || Math.abs(nowSeconds - Number(t)) > 300) return false;
  const expected = createHmac('sha256', secret)
    .update(Buffer.concat([Buffer.from(`${t}.`), rawBody]))
    .digest();
  return (fields.get('v1') ?? []).some((sig) => {
    const given = Buffer.from(sig, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

describe('X-ZenHire-Connect-Signature', () => {
  it('signs deliveries so that a receiver written from the documentation accepts them', async () => {
    const receiver = await startTestReceiver();
    try {
      const config = loopbackConfig(receiver.url);
      const { connector } = genericConnector(config);
      await connector.applyPlan(samplePlan('hris'), { previousOutcomes: [] });
      await connector.close();
      expect(receiver.requests).toHaveLength(1);
      const [request] = receiver.requests;
      const header = request.headers['x-zenhire-connect-signature'] as string;
      const now = Math.floor(Date.now() / 1000);
      expect(thirdPartyVerify(header, request.body, config.secret!, now)).toBe(true);
      // The same receiver refuses a changed body, another secret and an old timestamp.
      const changed = Buffer.from(request.body.toString().replace('B2', 'C2'));
      expect(thirdPartyVerify(header, changed, config.secret!, now)).toBe(false);
      expect(thirdPartyVerify(header, request.body, 'another-secret-0000', now)).toBe(false);
      expect(thirdPartyVerify(header, request.body, config.secret!, now + 301)).toBe(false);
    } finally {
      await receiver.close();
    }
  });

  it('produces the documented format for a known input', () => {
    const body = Buffer.from('{"a":1}');
    const value = signatureHeaderValue('secret-key', 1_700_000_000, body);
    const hex = createHmac('sha256', 'secret-key').update('1700000000.{"a":1}').digest('hex');
    expect(value).toBe(`t=1700000000,v1=${hex}`);
  });

  describe('checkSignature', () => {
    const secret = 'whsec-inbound-abcdef0123';
    const body = Buffer.from('{"event_id":"e1"}');
    const nowMs = 1_800_000_000_000;
    const t = nowMs / 1000;

    it('accepts a valid signature, also among several v1 entries (rotation)', () => {
      expect(checkSignature(signatureHeaderValue(secret, t, body), body, [secret], nowMs)).toBe(
        undefined,
      );
      const rotated = `t=${t},v1=${'0'.repeat(64)},${signatureHeaderValue(secret, t, body).split(',')[1]}`;
      expect(checkSignature(rotated, body, [secret], nowMs)).toBeUndefined();
    });

    it('names the problem: missing, malformed, invalid, expired', () => {
      const valid = signatureHeaderValue(secret, t, body);
      expect(checkSignature(undefined, body, [secret], nowMs)).toBe('SIGNATURE_MISSING');
      expect(checkSignature('sha256=abc', body, [secret], nowMs)).toBe('MALFORMED');
      expect(checkSignature(`t=${t},v1=xyz`, body, [secret], nowMs)).toBe('MALFORMED');
      expect(checkSignature(valid, Buffer.from('{"event_id":"e2"}'), [secret], nowMs)).toBe(
        'SIGNATURE_INVALID',
      );
      expect(checkSignature(valid, body, ['other-secret-xxxxxxxx'], nowMs)).toBe(
        'SIGNATURE_INVALID',
      );
      expect(checkSignature(valid, body, [secret], nowMs + 301_000)).toBe('SIGNATURE_EXPIRED');
      expect(checkSignature(valid, body, [secret], nowMs - 301_000)).toBe('SIGNATURE_EXPIRED');
      expect(checkSignature(valid, body, [secret], nowMs + 299_000)).toBeUndefined();
    });
  });
});
