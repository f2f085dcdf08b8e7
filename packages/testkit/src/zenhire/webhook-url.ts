import { isIP } from 'node:net';
import { ZenHireSandboxError } from './errors';

/** Test escapes for the webhook URL rules (our test receivers are `http://127.0.0.1`). */
export interface WebhookUrlPolicy {
  /** Accept `http://` URLs (the vendor answers `INSECURE_WEBHOOK_URL`). Default false. */
  allowInsecureWebhooks: boolean;
  /** Accept loopback / private / link-local hosts (the vendor answers `PRIVATE_WEBHOOK_URL`). Default false. */
  allowPrivateWebhooks: boolean;
}

/**
 * True for loopback, private (RFC 1918, IPv6 ULA), link-local and unspecified addresses,
 * and `localhost`. Host names are not resolved (the vendor re-resolves DNS before each
 * attempt, §7.1; the sandbox only checks literal addresses).
 */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const kind = isIP(host);
  if (kind === 4) {
    const [a, b] = host.split('.').map(Number);
    return (
      a === 127 ||
      a === 10 ||
      a === 0 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254)
    );
  }
  if (kind === 6) {
    if (host === '::1' || host === '::') return true;
    if (host.startsWith('::ffff:')) return isPrivateHost(host.slice(7));
    return /^f[cd]/.test(host) || /^fe[89ab]/.test(host);
  }
  return false;
}

/**
 * Validates a `webhook_url` (zenhire-api.md §7.1): `https://` only
 * (`INSECURE_WEBHOOK_URL`), not private/loopback/link-local (`PRIVATE_WEBHOOK_URL`).
 * An unparsable URL is `INVALID_INPUT`.
 */
export function checkWebhookUrl(raw: string, policy: WebhookUrlPolicy): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ZenHireSandboxError(400, 'INVALID_INPUT', 'webhook_url is not a URL.', {
      details: { fields: { webhook_url: ['must be a URL'] } },
    });
  }
  if (url.protocol !== 'https:' && !(policy.allowInsecureWebhooks && url.protocol === 'http:'))
    throw new ZenHireSandboxError(400, 'INSECURE_WEBHOOK_URL', 'webhook_url must use https://.');
  if (isPrivateHost(url.hostname) && !policy.allowPrivateWebhooks)
    throw new ZenHireSandboxError(
      400,
      'PRIVATE_WEBHOOK_URL',
      'webhook_url resolves to a private address.',
    );
  return url.toString();
}
