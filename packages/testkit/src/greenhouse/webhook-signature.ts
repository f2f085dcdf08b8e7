import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Serialises a webhook body the way Greenhouse does before signing (greenhouse-api.md §3.1,
 * "Unicode caveat"): JSON with `<`, `>`, `&` and every non-ASCII character written as a
 * `\uXXXX` escape (UTF-16 code units, lowercase hex), so the raw bytes are pure ASCII.
 * Receivers must verify the signature over these raw bytes, never over a re-serialised object.
 */
export function serializeGreenhouseJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u0080-\uffff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * The `Signature` header value: `sha256 <lowercase hex HMAC-SHA256 of the raw body keyed with
 * the webhook secret>` — algorithm name, one space, hex digest (§3.1).
 */
export function signGreenhouseWebhook(rawBody: string | Buffer, secret: string): string {
  return `sha256 ${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** Checks a `Signature` header against a raw body in constant time. */
export function verifyGreenhouseSignature(
  rawBody: string | Buffer,
  secret: string,
  header: string | undefined,
): boolean {
  if (!header) return false;
  const expected = Buffer.from(signGreenhouseWebhook(rawBody, secret));
  const got = Buffer.from(header);
  return expected.length === got.length && timingSafeEqual(expected, got);
}
