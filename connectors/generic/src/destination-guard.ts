import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Who may receive deliveries. Both default to `false` in the config. */
export interface DestinationPolicy {
  /** Allow private, loopback, link-local, CGNAT, unique-local and other non-public addresses. */
  allowPrivateNetworks: boolean;
  /** Allow `http://` (otherwise only `https://`). */
  allowHttp: boolean;
}

/**
 * Thrown (and passed to socket callbacks) when a destination is refused. Carries no URL
 * path or query (they may hold tokens), only the host and the refused address.
 */
export class DestinationRefusedError extends Error {
  readonly code = 'GENERIC_DESTINATION_REFUSED';
  constructor(message: string) {
    super(message);
    this.name = 'DestinationRefusedError';
  }
}

/**
 * The ipaddr.js range of `address` (`unicast` for a public address). IPv4-mapped IPv6
 * (`::ffff:127.0.0.1`) is judged as the IPv4 it carries.
 */
export function addressRange(address: string): string {
  return ipaddr.process(address).range();
}

/**
 * Whether `address` (IPv4 or IPv6 text) is a public unicast address. Everything else is
 * refused: `unspecified` (0.0.0.0, ::), `loopback` (127/8, ::1), `private` (10/8, 172.16/12,
 * 192.168/16), `linkLocal` (169.254/16, fe80::/10), `carrierGradeNat` (100.64/10),
 * `uniqueLocal` (fc00::/7), multicast, broadcast, reserved, and IPv6 transition ranges
 * that can embed an IPv4 address (6to4, Teredo, NAT64). Ranges come from ipaddr.js.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return addressRange(address) === 'unicast';
}

/** The URL's host without IPv6 brackets (`[::1]` → `::1`). */
function bareHostname(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/** `scheme://host[:port]` of a URL: what errors and logs may show (paths can hold tokens). */
export function destinationOrigin(url: string | URL): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid url)';
  }
}

/**
 * Why `rawUrl` may not be used as a destination under `policy`, or `undefined`. Checks
 * what is knowable without DNS: the scheme (`https:`, or `http:` when allowed), no
 * user-info in the URL (put credentials in `headers`), and — when the host is an IP
 * literal, in any form the WHATWG URL parser normalises (`0x7f.1`, `[::ffff:7f00:1]`) — that
 * the address is public. Host names are checked at delivery time by {@link guardedLookup}.
 */
export function destinationProblem(rawUrl: string, policy: DestinationPolicy): string | undefined {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp)) {
    return url.protocol === 'http:'
      ? 'uses http:// (set allowHttp: true to permit it)'
      : `uses ${url.protocol} (only https:// is allowed)`;
  }
  if (url.username || url.password) {
    return 'contains credentials (user:password@); send them in `headers` instead';
  }
  const host = bareHostname(url);
  if (isIP(host) && !policy.allowPrivateNetworks && !isPublicAddress(host)) {
    return `points at ${host}, a ${addressRange(host)} address (set allowPrivateNetworks: true to permit it)`;
  }
  return undefined;
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for `http.Agent` / `https.Agent` that resolves every address of the host
 * (`dns.lookup` with `all: true`) and fails with {@link DestinationRefusedError} when any
 * of them is not public (unless `allowPrivateNetworks`). Because the socket connects to
 * the addresses this function returned, a DNS answer that changes between a check and the
 * connection (DNS rebinding) cannot slip through. IP-literal hosts never reach a lookup
 * function in Node: check them with {@link destinationProblem} before sending.
 */
export function guardedLookup(policy: Pick<DestinationPolicy, 'allowPrivateNetworks'>) {
  return (
    hostname: string,
    options: { family?: number | string; hints?: number; all?: boolean },
    callback: LookupCallback,
  ): void => {
    const family = options.family === 'IPv6' ? 6 : options.family === 'IPv4' ? 4 : options.family;
    dnsLookup(
      hostname,
      { all: true, family: typeof family === 'number' ? family : 0, hints: options.hints },
      (error, addresses) => {
        if (error) return callback(error, options.all ? [] : '', 0);
        const refused = policy.allowPrivateNetworks
          ? undefined
          : addresses.find((a) => !isPublicAddress(a.address));
        if (refused) {
          return callback(
            new DestinationRefusedError(
              `destination host ${hostname} resolves to ${refused.address}, a ${addressRange(refused.address)} address (set allowPrivateNetworks: true to permit it)`,
            ),
            options.all ? [] : '',
            0,
          );
        }
        if (addresses.length === 0) {
          const notFound: NodeJS.ErrnoException = new Error(`no address for ${hostname}`);
          notFound.code = 'ENOTFOUND';
          return callback(notFound, options.all ? [] : '', 0);
        }
        if (options.all) return callback(null, addresses);
        return callback(null, addresses[0].address, addresses[0].family);
      },
    );
  };
}
