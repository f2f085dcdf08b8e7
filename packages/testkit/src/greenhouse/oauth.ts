import { randomBytes } from 'node:crypto';
import type { TimeScale } from '../sandbox/time-scale';

/** OAuth client credentials of a "Harvest V3 (OAuth)" credential (greenhouse-api.md §2.1). */
export interface GreenhouseOAuthClient {
  clientId: string;
  clientSecret: string;
}

/** One `POST /token` the sandbox received (inspection; no secrets). */
export interface TokenRequestRecord {
  /** Documented (sandbox clock) epoch ms. */
  at: number;
  clientId: string | null;
  grantType: string | null;
  /** `sub` form field: the Greenhouse user the token acts as (null = service account). */
  sub: number | null;
  status: number;
}

export interface IssuedToken {
  clientId: string;
  sub: number | null;
  /** Documented (sandbox clock) epoch ms when the token stops working. */
  expiresAt: number;
}

/** Result of `POST /token`: an HTTP status and an OAuth JSON body. */
export interface TokenResponse {
  status: number;
  body:
    | { token_type: 'Bearer'; access_token: string; expires_at: string }
    | { error: string; error_description: string };
}

/**
 * Client-credentials token endpoint standing in for `https://auth.greenhouse.io/token`
 * (greenhouse-api.md §2.1): HTTP Basic `client_id:client_secret`, form body
 * `grant_type=client_credentials` (also accepted as a query parameter, as GH-PHP sends it)
 * and optional `sub=<user id>`. Answers `{token_type, access_token, expires_at}` where
 * `expires_at` is an ISO-8601 timestamp on the sandbox clock (the docs name the key, not the
 * format — ISO chosen). Errors use the OAuth 2.0 shape `{error, error_description}`:
 * 401 `invalid_client`, 400 `unsupported_grant_type`, 400 `invalid_request` (unknown `sub`).
 */
export class GreenhouseTokenIssuer {
  readonly requests: TokenRequestRecord[] = [];
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(
    private readonly clients: GreenhouseOAuthClient[],
    private readonly time: TimeScale,
    /** Token lifetime in documented seconds. */
    public lifetimeSeconds: number,
    private readonly userExists: (id: number) => boolean,
  ) {}

  /** Handles one token request. */
  issue(
    authorization: string | undefined,
    form: Record<string, unknown>,
    query: Record<string, unknown>,
  ): TokenResponse {
    const creds = parseBasic(authorization);
    const grantType = String(form.grant_type ?? query.grant_type ?? '') || null;
    const subRaw = form.sub ?? query.sub;
    const sub = subRaw === undefined || subRaw === '' ? null : Number(subRaw);
    const record = (status: number): void => {
      this.requests.push({
        at: this.time.now(),
        clientId: creds?.user ?? null,
        grantType,
        sub,
        status,
      });
    };
    const client = this.clients.find(
      (c) => creds && c.clientId === creds.user && c.clientSecret === creds.password,
    );
    if (!client) {
      record(401);
      return {
        status: 401,
        body: { error: 'invalid_client', error_description: 'Client authentication failed' },
      };
    }
    if (grantType !== 'client_credentials') {
      record(400);
      return {
        status: 400,
        body: {
          error: 'unsupported_grant_type',
          error_description: 'grant_type must be client_credentials',
        },
      };
    }
    if (sub !== null && (!Number.isInteger(sub) || !this.userExists(sub))) {
      record(400);
      return {
        status: 400,
        body: {
          error: 'invalid_request',
          error_description: 'sub is not a user of this organization',
        },
      };
    }
    const accessToken = `ghs_${randomBytes(24).toString('hex')}`;
    const expiresAt = this.time.now() + this.lifetimeSeconds * 1000;
    this.tokens.set(accessToken, { clientId: client.clientId, sub, expiresAt });
    record(200);
    return {
      status: 200,
      body: {
        token_type: 'Bearer',
        access_token: accessToken,
        expires_at: new Date(expiresAt).toISOString(),
      },
    };
  }

  /** The token of an `Authorization: Bearer …` header when known and not expired. */
  verify(authorization: string | undefined): IssuedToken | undefined {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) return undefined;
    const token = this.tokens.get(match[1]);
    if (!token || token.expiresAt <= this.time.now()) return undefined;
    return token;
  }

  /** Makes every issued token expire now (inspection: force a refresh). */
  expireAll(): void {
    for (const t of this.tokens.values()) t.expiresAt = this.time.now();
  }
}

/** `Basic base64(user:password)` → parts, or undefined. */
export function parseBasic(
  authorization: string | undefined,
): { user: string; password: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
