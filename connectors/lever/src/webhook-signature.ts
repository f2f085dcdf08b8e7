import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import {
  type ConnectorCache,
  type InboundRequest,
  WebhookVerificationError,
} from '@zenhire-connect/core';
import { type LeverWebhookBody, webhookBodySchema } from './lever-records';

/** hex(HMAC-SHA256(signatureToken, token + triggeredAt)) — Lever's webhook signature (lever-api.md §4.3). */
export function signLeverWebhook(
  signatureToken: string,
  token: string,
  triggeredAt: number,
): string {
  return createHmac('sha256', signatureToken).update(`${token}${triggeredAt}`).digest('hex');
}

/** Parses a webhook body; throws `WebhookVerificationError('MALFORMED')` when it is not Lever's envelope. */
export function readWebhookBody(rawBody: Buffer): LeverWebhookBody {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new WebhookVerificationError('MALFORMED', 'webhook body is not JSON');
  }
  const parsed = webhookBodySchema.safeParse(json);
  if (!parsed.success) {
    throw new WebhookVerificationError(
      'MALFORMED',
      'webhook body lacks event, triggeredAt (ms) or token',
    );
  }
  return parsed.data;
}

/** Cache key under which a delivery token is remembered (a hash: the token itself is not stored). */
export function replayKey(token: string): string {
  return `lever:webhook-token:${createHash('sha256').update(token).digest('hex')}`;
}

export interface WebhookCheckOptions {
  /** Configured signature tokens (account token and/or per-webhook tokens). */
  signatureTokens: string[];
  /** Accepted distance between `triggeredAt` and the arrival time, in seconds. */
  replayWindowSeconds: number;
  cache: ConnectorCache;
}

/**
 * Verifies a Lever webhook (lever-api.md §4.3) and remembers it:
 *
 * 1. the signature in the body: `signature` must equal hex HMAC-SHA256 over
 *    `token + triggeredAt` with one of the configured signature tokens (constant-time compare);
 * 2. freshness: `|receivedAt − triggeredAt|` ≤ `replayWindowSeconds`;
 * 3. replay: the `token` was not seen before — it is then remembered in the cache for twice
 *    the window (older deliveries already fail step 2).
 *
 * `data` is not covered by the signature: act only on what the API says (re-read).
 *
 * @returns the parsed body.
 * @throws WebhookVerificationError `MALFORMED`, `SIGNATURE_MISSING` (no `signature`, or no
 *   token configured), `SIGNATURE_INVALID`, `SIGNATURE_EXPIRED`, `REPLAYED`. Messages never
 *   contain the signature token, the delivery token or the expected signature.
 */
export async function verifyLeverWebhook(
  request: InboundRequest,
  options: WebhookCheckOptions,
): Promise<LeverWebhookBody> {
  const body = readWebhookBody(request.rawBody);
  if (!body.signature)
    throw new WebhookVerificationError('SIGNATURE_MISSING', 'webhook body has no signature');
  if (options.signatureTokens.length === 0) {
    throw new WebhookVerificationError(
      'SIGNATURE_MISSING',
      'no webhookSignatureToken is configured for this connector',
    );
  }
  if (!/^[0-9a-fA-F]{64}$/.test(body.signature)) {
    throw new WebhookVerificationError('SIGNATURE_INVALID', 'webhook signature does not match');
  }
  const received = Buffer.from(body.signature.toLowerCase(), 'hex');
  let valid = false;
  for (const key of options.signatureTokens) {
    const expected = Buffer.from(signLeverWebhook(key, body.token, body.triggeredAt), 'hex');
    // Every configured token is compared (no early exit) so timing does not tell which matched.
    if (timingSafeEqual(received, expected)) valid = true;
  }
  if (!valid)
    throw new WebhookVerificationError('SIGNATURE_INVALID', 'webhook signature does not match');
  const windowMs = options.replayWindowSeconds * 1000;
  const skew = Math.abs(request.receivedAt - body.triggeredAt);
  if (skew > windowMs) {
    throw new WebhookVerificationError(
      'SIGNATURE_EXPIRED',
      `webhook triggeredAt is ${Math.round(skew / 1000)} s from now (window ${options.replayWindowSeconds} s)`,
    );
  }
  const key = replayKey(body.token);
  if ((await options.cache.get<number>(key)) !== undefined) {
    throw new WebhookVerificationError('REPLAYED', 'webhook token was already used');
  }
  await options.cache.set(key, body.triggeredAt, 2 * windowMs);
  return body;
}
