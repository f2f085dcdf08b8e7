import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Header carrying the signature of a body, outbound (deliveries) and inbound (events):
 * `X-ZenHire-Connect-Signature: t=<unix seconds>,v1=<hex>` where `<hex>` is the lower-case
 * hex HMAC-SHA256, keyed with the configured `secret` (UTF-8 bytes), of the UTF-8 string
 * `"<t>.<body>"`: the decimal timestamp exactly as sent in `t`, one ASCII dot, then the raw
 * request body bytes. Several `v1=` entries may appear (secret rotation); one matching is
 * enough. The scheme follows Stripe's `Stripe-Signature` so receivers can reuse known code.
 */
export const SIGNATURE_HEADER = 'X-ZenHire-Connect-Signature';
/**
 * Header carrying the delivery id: the delivery's idempotency key (core
 * `deliveryIdempotencyKey`: the plan hash, SHA-256 hex of the plan's canonical JSON, which
 * holds run id, connector, mapping and content). Identical on every retry of the same
 * delivery, so a receiver dedupes on it.
 */
export const DELIVERY_HEADER = 'X-ZenHire-Connect-Delivery';
/** Default replay window of inbound signatures: 300 s (5 minutes) either side of now. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** Lower-case hex HMAC-SHA256 of `"<timestamp>.<body>"` keyed with `secret`. */
export function computeSignature(
  secret: string,
  timestampSeconds: number,
  body: Buffer | string,
): string {
  return createHmac('sha256', secret)
    .update(`${timestampSeconds}.`)
    .update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body)
    .digest('hex');
}

/**
 * The `X-ZenHire-Connect-Signature` value for `body` at `timestampSeconds` (unix seconds,
 * integer): `t=<timestampSeconds>,v1=<hex>`.
 */
export function signatureHeaderValue(
  secret: string,
  timestampSeconds: number,
  body: Buffer | string,
): string {
  const t = Math.floor(timestampSeconds);
  return `t=${t},v1=${computeSignature(secret, t, body)}`;
}

/** Why a signature header was refused (maps to `WebhookVerificationError` codes). */
export type SignatureProblem =
  'SIGNATURE_MISSING' | 'MALFORMED' | 'SIGNATURE_INVALID' | 'SIGNATURE_EXPIRED';

/**
 * Checks a `t=…,v1=…` header against `body` (raw bytes as received). The HMAC is compared
 * in constant time (`crypto.timingSafeEqual`); the timestamp must be within
 * `toleranceSeconds` of `nowMs` (epoch milliseconds) either way.
 *
 * @returns `undefined` when valid, otherwise the problem (never throws).
 */
export function checkSignature(
  header: string | undefined,
  body: Buffer,
  secrets: readonly string[],
  nowMs: number,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): SignatureProblem | undefined {
  if (!header) return 'SIGNATURE_MISSING';
  let timestamp: number | undefined;
  const candidates: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) {
      candidates.push(Buffer.from(value.toLowerCase(), 'hex'));
    }
  }
  if (timestamp === undefined || candidates.length === 0) return 'MALFORMED';
  let matched = false;
  for (const secret of secrets) {
    const expected = Buffer.from(computeSignature(secret, timestamp, body), 'hex');
    for (const candidate of candidates) {
      // Both are 32 bytes (regex above), as timingSafeEqual requires.
      if (timingSafeEqual(expected, candidate)) matched = true;
    }
  }
  if (!matched) return 'SIGNATURE_INVALID';
  if (Math.abs(nowMs / 1000 - timestamp) > toleranceSeconds) return 'SIGNATURE_EXPIRED';
  return undefined;
}
