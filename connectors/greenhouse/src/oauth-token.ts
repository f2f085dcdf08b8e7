import axios, { type AxiosInstance } from 'axios';
import { type Clock, systemClock } from '@zenhire-connect/core';
import { greenhouseError } from './harvest-error';

/** A Harvest v3 access token and when it stops working (epoch ms). */
export interface AccessToken {
  accessToken: string;
  expiresAt: number;
}

export interface OAuthTokenSourceOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Greenhouse user id sent as `sub` (the acting user, greenhouse-api.md §2.1). */
  userId: string;
  /** Renew this many seconds before `expires_at`. */
  refreshMarginSeconds: number;
  /** Request timeout in milliseconds. */
  timeoutMs: number;
  clock?: Clock;
  /** Called once per token request actually sent (for metrics and tests). */
  onTokenRequest?: () => void;
}

/**
 * OAuth 2.0 client-credentials tokens for Harvest v3 (greenhouse-api.md §2.1):
 * `POST tokenUrl` with HTTP Basic `client_id:client_secret` and the form body
 * `grant_type=client_credentials&sub=<user id>`; the answer is
 * `{ token_type, access_token, expires_at }` — `expires_at` is a timestamp (ISO 8601, or
 * epoch seconds/ms; `expires_in` seconds is accepted as a fallback).
 *
 * The token is cached and renewed `refreshMarginSeconds` before it expires; concurrent
 * callers share one in-flight request (single flight). Errors: `ConnectorError`
 * `GREENHOUSE_AUTH_FAILED` (400/401/403, permanent) or `GREENHOUSE_NETWORK` /
 * `GREENHOUSE_SERVER_ERROR` (retryable). Neither the secret nor the token ever appears in
 * an error.
 */
export class OAuthTokenSource {
  private current: AccessToken | undefined;
  private inFlight: Promise<AccessToken> | undefined;
  private readonly http: AxiosInstance;
  private readonly clock: Clock;

  constructor(private readonly options: OAuthTokenSourceOptions) {
    this.clock = options.clock ?? systemClock;
    this.http = axios.create({ timeout: options.timeoutMs, validateStatus: () => true });
  }

  /** A valid access token, fetching one when none is cached or it is about to expire. */
  async token(): Promise<string> {
    const now = this.clock.now();
    const margin = this.options.refreshMarginSeconds * 1000;
    if (this.current && now < this.current.expiresAt - margin) return this.current.accessToken;
    return (await this.refresh()).accessToken;
  }

  /**
   * Drops `rejected` (the token a 401 answered) so the next `token()` fetches a new one.
   * A token already replaced by a newer one is left alone, so N parallel 401s cause one
   * refresh.
   */
  invalidate(rejected: string): void {
    if (this.current?.accessToken === rejected) this.current = undefined;
  }

  private refresh(): Promise<AccessToken> {
    if (!this.inFlight) {
      this.inFlight = this.fetchToken().finally(() => {
        this.inFlight = undefined;
      });
    }
    return this.inFlight;
  }

  private async fetchToken(): Promise<AccessToken> {
    const { tokenUrl, clientId, clientSecret, userId } = this.options;
    this.options.onTokenRequest?.();
    const body = new URLSearchParams({ grant_type: 'client_credentials', sub: userId });
    let response;
    try {
      response = await this.http.post(tokenUrl, body.toString(), {
        auth: { username: clientId, password: clientSecret },
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
      });
    } catch (error) {
      const reason = (error as { code?: string }).code ?? 'request failed';
      throw greenhouseError(
        'GREENHOUSE_NETWORK',
        `POST ${safeUrl(tokenUrl)}: no response (${reason})`,
        true,
      );
    }
    const { status, data } = response;
    if (status >= 500 || status === 429) {
      throw greenhouseError(
        'GREENHOUSE_SERVER_ERROR',
        `POST ${safeUrl(tokenUrl)}: token endpoint answered ${status}`,
        true,
        { status },
      );
    }
    if (status !== 200 && status !== 201) {
      throw greenhouseError(
        'GREENHOUSE_AUTH_FAILED',
        `POST ${safeUrl(tokenUrl)}: token request refused (${status}) — check clientId, clientSecret and userId (sub)`,
        false,
        { status },
      );
    }
    const accessToken = (data as { access_token?: unknown } | undefined)?.access_token;
    const expiresAt = readExpiry(data, this.clock.now());
    if (typeof accessToken !== 'string' || !accessToken || expiresAt === undefined) {
      throw greenhouseError(
        'GREENHOUSE_AUTH_FAILED',
        `POST ${safeUrl(tokenUrl)}: token response lacks access_token or expires_at`,
        false,
        { status },
      );
    }
    this.current = { accessToken, expiresAt };
    return this.current;
  }
}

/** `expires_at` (ISO 8601 or epoch s/ms) or `expires_in` (seconds) as epoch ms. */
export function readExpiry(data: unknown, now: number): number | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const { expires_at: at, expires_in: inSeconds } = data as {
    expires_at?: unknown;
    expires_in?: unknown;
  };
  if (typeof at === 'number' && Number.isFinite(at)) return at < 1e12 ? at * 1000 : at;
  if (typeof at === 'string') {
    if (/^\d+$/.test(at)) return readExpiry({ expires_at: Number(at) }, now);
    const parsed = Date.parse(at);
    if (!Number.isNaN(parsed)) return parsed;
  }
  if (typeof inSeconds === 'number' && Number.isFinite(inSeconds)) return now + inSeconds * 1000;
  return undefined;
}

/** The URL without query or user info, for messages. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid url)';
  }
}
