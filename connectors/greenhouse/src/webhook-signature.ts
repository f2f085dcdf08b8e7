import { createHmac, timingSafeEqual } from 'node:crypto';
import { type InboundRequest, WebhookVerificationError } from '@zenhire-connect/core';

/** First value of a (lower-cased) header. */
export function headerValue(headers: InboundRequest['headers'], name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** `sha256 <hex>` — what Greenhouse sends in `Signature` for `body` (greenhouse-api.md §3.1). */
export function signGreenhouseBody(secret: string, body: Buffer | string): string {
  return `sha256 ${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Verifies `Signature: sha256 <hex>`: HMAC-SHA256 with the webhook secret over the raw
 * request bytes, compared in constant time (greenhouse-api.md §3.1; Greenhouse escapes
 * Unicode before signing, so never re-serialise the body). Throws `WebhookVerificationError`
 * `SIGNATURE_MISSING` (no header), `MALFORMED` (not `sha256 <64 hex>`) or
 * `SIGNATURE_INVALID` (mismatch). Messages never contain the secret or the expected digest.
 */
export function verifyGreenhouseSignature(request: InboundRequest, secret: string): void {
  const header = headerValue(request.headers, 'signature');
  if (!header) throw new WebhookVerificationError('SIGNATURE_MISSING', 'Signature header missing');
  const match = /^sha256[ =]([0-9a-fA-F]{64})$/.exec(header.trim());
  if (!match) {
    throw new WebhookVerificationError(
      'MALFORMED',
      'Signature header is not "sha256 <hex digest>"',
    );
  }
  const expected = createHmac('sha256', secret).update(request.rawBody).digest();
  const received = Buffer.from(match[1]!.toLowerCase(), 'hex');
  if (received.length !== expected.length || !timingSafeEqual(received, expected)) {
    throw new WebhookVerificationError('SIGNATURE_INVALID', 'Signature does not match the body');
  }
}
