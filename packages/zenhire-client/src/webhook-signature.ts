import { createHmac, timingSafeEqual } from 'node:crypto';
import { ZenHireWebhookSignatureError } from './errors';

/**
 * `X-CVDM-Signature` webhooks of CV DeepMatch and CV DeepSearch (zenhire-api.md §10):
 * header `t=<unix seconds>,v1=<hex HMAC-SHA256>` (Stripe style); the signed string is
 * `"<t>.<raw body bytes>"` and the replay window 5 minutes — both [inferred] from the
 * Interview page, which says it uses "the same scheme as CV DeepMatch".
 * Verify against the RAW request bytes, before any JSON parsing.
 */
export const CVDM_SIGNATURE_HEADER = 'x-cvdm-signature';

/** Replay window in seconds (5 minutes). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** Hex HMAC-SHA256 of `"<timestamp>.<rawBody>"`. */
export function computeWebhookSignature(
  rawBody: string | Buffer,
  secret: string,
  timestampSeconds: number,
): string {
  return createHmac('sha256', secret)
    .update(`${timestampSeconds}.`)
    .update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody)
    .digest('hex');
}

/**
 * Signs a payload the way ZenHire does (used by the testkit sandbox).
 * @param timestampSeconds unix seconds; default now.
 * @returns the header value `t=<ts>,v1=<hex>`.
 */
export function signWebhookPayload(
  rawBody: string | Buffer,
  secret: string,
  timestampSeconds: number = Math.floor(Date.now() / 1000),
): string {
  return `t=${timestampSeconds},v1=${computeWebhookSignature(rawBody, secret, timestampSeconds)}`;
}

/** A parsed signature header. */
export interface ParsedSignatureHeader {
  timestamp: number;
  /** Every `v1` value (several during secret rotation). */
  signatures: string[];
}

/** Parses `t=…,v1=…`; returns null when malformed. */
export function parseSignatureHeader(header: string): ParsedSignatureHeader | null {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    const key = part.slice(0, index).trim();
    const value = part.slice(index + 1).trim();
    if (key === 't' && /^\d+$/.test(value)) timestamp = Number(value);
    if (key === 'v1' && /^[0-9a-fA-F]+$/.test(value)) signatures.push(value.toLowerCase());
  }
  if (timestamp === null || signatures.length === 0) return null;
  return { timestamp, signatures };
}

/** Input of {@link verifyWebhookSignature}. */
export interface VerifyWebhookInput {
  /** Raw request body exactly as received. */
  rawBody: string | Buffer;
  /** Value of `X-CVDM-Signature` (a header array takes its first value). */
  signatureHeader: string | string[] | undefined | null;
  /** Webhook signing secret (from the ZenHire dashboard, [inferred]). */
  secret: string;
  /** Replay window in seconds; default 300. */
  toleranceSeconds?: number;
  /** Current unix time in seconds; default now (injectable for tests). */
  nowSeconds?: number;
}

/**
 * Verifies an `X-CVDM-Signature` header with a constant-time compare.
 * @returns the signed timestamp (unix seconds).
 * @throws ZenHireWebhookSignatureError `WEBHOOK_SIGNATURE_MISSING`, `..._MALFORMED`,
 *   `WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE` (older or newer than the window), `..._MISMATCH`.
 */
export function verifyWebhookSignature(input: VerifyWebhookInput): { timestamp: number } {
  const header = Array.isArray(input.signatureHeader)
    ? input.signatureHeader[0]
    : input.signatureHeader;
  if (!header)
    throw new ZenHireWebhookSignatureError(
      'WEBHOOK_SIGNATURE_MISSING',
      'X-CVDM-Signature header missing',
    );
  const parsed = parseSignatureHeader(header);
  if (!parsed) {
    throw new ZenHireWebhookSignatureError(
      'WEBHOOK_SIGNATURE_MALFORMED',
      'X-CVDM-Signature is not "t=<ts>,v1=<hex>"',
    );
  }
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  const tolerance = input.toleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS;
  if (Math.abs(now - parsed.timestamp) > tolerance) {
    throw new ZenHireWebhookSignatureError(
      'WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE',
      `signature timestamp is ${now - parsed.timestamp} s from now (window ${tolerance} s)`,
    );
  }
  const expected = Buffer.from(
    computeWebhookSignature(input.rawBody, input.secret, parsed.timestamp),
    'hex',
  );
  const match = parsed.signatures.some((candidate) => {
    const given = Buffer.from(candidate, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!match)
    throw new ZenHireWebhookSignatureError(
      'WEBHOOK_SIGNATURE_MISMATCH',
      'X-CVDM-Signature does not match the body',
    );
  return { timestamp: parsed.timestamp };
}

/** Boolean form of {@link verifyWebhookSignature}. */
export function isValidWebhookSignature(input: VerifyWebhookInput): boolean {
  try {
    verifyWebhookSignature(input);
    return true;
  } catch {
    return false;
  }
}
