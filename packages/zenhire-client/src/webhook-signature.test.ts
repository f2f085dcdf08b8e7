import { createHmac } from 'node:crypto';
import { ZenHireWebhookSignatureError } from './errors';
import {
  isValidWebhookSignature,
  parseSignatureHeader,
  signWebhookPayload,
  verifyWebhookSignature,
} from './webhook-signature';

const SECRET = 'whsec_test_0123456789';
const BODY = '{"id":"cvdm_7Hc2kQ","status":"finished","cv2jd_result":{"overall_score":0.78}}';
const NOW = 1_780_000_000;

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ZenHireWebhookSignatureError);
    return (error as ZenHireWebhookSignatureError).code;
  }
  return 'accepted';
}

describe('X-CVDM-Signature', () => {
  it('signs as t=<ts>,v1=<hex HMAC-SHA256 of "<t>.<body>">', () => {
    const expected = createHmac('sha256', SECRET).update(`${NOW}.${BODY}`).digest('hex');
    expect(signWebhookPayload(BODY, SECRET, NOW)).toBe(`t=${NOW},v1=${expected}`);
  });

  it('accepts a valid signature, from a string or Buffer body, within the window', () => {
    const header = signWebhookPayload(BODY, SECRET, NOW);
    expect(
      verifyWebhookSignature({
        rawBody: BODY,
        signatureHeader: header,
        secret: SECRET,
        nowSeconds: NOW + 299,
      }),
    ).toEqual({
      timestamp: NOW,
    });
    expect(
      isValidWebhookSignature({
        rawBody: Buffer.from(BODY),
        signatureHeader: [header],
        secret: SECRET,
        nowSeconds: NOW,
      }),
    ).toBe(true);
  });

  it('accepts when any of several v1 values matches (secret rotation)', () => {
    const good = signWebhookPayload(BODY, SECRET, NOW).split('v1=')[1];
    const header = `t=${NOW},v1=${'0'.repeat(64)},v1=${good}`;
    expect(
      codeOf(() =>
        verifyWebhookSignature({
          rawBody: BODY,
          signatureHeader: header,
          secret: SECRET,
          nowSeconds: NOW,
        }),
      ),
    ).toBe('accepted');
  });

  it.each([
    ['a tampered body', { rawBody: BODY.replace('0.78', '0.98') }, 'WEBHOOK_SIGNATURE_MISMATCH'],
    ['another secret', { secret: 'whsec_other' }, 'WEBHOOK_SIGNATURE_MISMATCH'],
    ['a replay after 5 minutes', { nowSeconds: NOW + 301 }, 'WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE'],
    [
      'a timestamp from the future',
      { nowSeconds: NOW - 301 },
      'WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE',
    ],
    ['a missing header', { signatureHeader: undefined }, 'WEBHOOK_SIGNATURE_MISSING'],
    ['a malformed header', { signatureHeader: 'sha256=abc' }, 'WEBHOOK_SIGNATURE_MALFORMED'],
    [
      'a truncated signature',
      { signatureHeader: signWebhookPayload(BODY, SECRET, NOW).slice(0, -2) },
      'WEBHOOK_SIGNATURE_MISMATCH',
    ],
  ])('rejects %s', (_label, override, code) => {
    const input = {
      rawBody: BODY,
      signatureHeader: signWebhookPayload(BODY, SECRET, NOW),
      secret: SECRET,
      nowSeconds: NOW,
      ...override,
    };
    expect(codeOf(() => verifyWebhookSignature(input))).toBe(code);
    expect(isValidWebhookSignature(input)).toBe(false);
  });

  it('rejects a replayed timestamp signed for another time', () => {
    const header = signWebhookPayload(BODY, SECRET, NOW).replace(`t=${NOW}`, `t=${NOW + 10}`);
    expect(
      codeOf(() =>
        verifyWebhookSignature({
          rawBody: BODY,
          signatureHeader: header,
          secret: SECRET,
          nowSeconds: NOW,
        }),
      ),
    ).toBe('WEBHOOK_SIGNATURE_MISMATCH');
  });

  it('does not put the secret in errors', () => {
    try {
      verifyWebhookSignature({
        rawBody: BODY,
        signatureHeader: `t=${NOW},v1=00`,
        secret: SECRET,
        nowSeconds: NOW,
      });
    } catch (error) {
      expect(JSON.stringify(error)).not.toContain(SECRET);
      expect(String(error)).not.toContain(SECRET);
    }
    expect(parseSignatureHeader(' t = 5 , v1 = AB ')).toEqual({ timestamp: 5, signatures: ['ab'] });
  });
});
