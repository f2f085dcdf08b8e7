import type { FastifyRequest } from 'fastify';
import type { CreditLedger } from './credits';
import type { WebhookSender } from './webhook-sender';

/** Module permissions of a key (`clients.permissions[]`, zenhire-api.md §1). */
export type ZenHirePermission = 'speech' | 'interview' | 'cvdeepmatch' | 'cvdeepsearch';

/** An API key the sandbox accepts. Keys are opaque strings (§1); any format works. */
export interface ZenHireApiKeyConfig {
  key: string;
  permissions: ZenHirePermission[];
  /** Non-English Speech audio needs this (§1, §5.8). Default false. */
  multilingual?: boolean;
  /** Tenant; ids of another client answer 404 (§1 "Tenancy"). Default `'client_1'`. */
  clientId?: string;
  /** Speech submits per minute for this key (§4). Default: the sandbox's `rateLimitPerMinute`. */
  rateLimitPerMinute?: number;
  /**
   * Key state (§3.1): `expired` → 401 `API_KEY_EXPIRED`, `client_inactive` → 401
   * `CLIENT_INACTIVE`, `revoked` → 401 `INVALID_API_KEY`. Default `active`.
   */
  state?: 'active' | 'expired' | 'client_inactive' | 'revoked';
  /** IP allow-list for Speech submit (§3.1 `IP_NOT_ALLOWED`); omitted = any address. */
  allowedIps?: string[];
}

/**
 * Outcome a test forces on a run or session. Speech: `success`, `partial` (accent not
 * scored, credits in proportion), `failed` (no scores, no charge), `low_confidence`
 * (success with `candidateDetection.confidence: "low"`). CV DeepMatch maps `success` /
 * `partial` / `low_confidence` to `finished`; the product-page endpoints report
 * `partial` / `low_confidence` / `failed` in their own `status`.
 */
export type ForcedOutcome = 'success' | 'partial' | 'failed' | 'low_confidence';

/** The authenticated caller of a request. */
export interface ZenHireCaller {
  clientId: string;
  /** UUID form of the client id (Interview's `client_id`). */
  clientUuid: string;
  key: ZenHireApiKeyConfig;
}

/**
 * How a module answers a missing or unknown key: `standard` = 401 `MISSING_API_KEY` /
 * `INVALID_API_KEY`; `cvdm-submit` = 403 `MISSING_PERMISSION` (§3.1, CVDM submit);
 * `unauthenticated` = 401 `UNAUTHENTICATED` (CVDM read paths, CVDS).
 */
export type AuthStyle = 'standard' | 'cvdm-submit' | 'unauthenticated';

/** What the ZenHire sandbox gives its modules (Speech, Interview, CVDM, CVDS, …). */
export interface ZenHireRuntime {
  readonly seed: string | number;
  /** Documented ("virtual") epoch ms: the time scale plus {@link ZenHireSandbox.advanceTime}. */
  now(): number;
  date(): Date;
  /** Real ms that `documentedMs` take. */
  toRealMs(documentedMs: number): number;
  /**
   * Checks the key and (unless `null`) the module permission; throws a
   * `ZenHireSandboxError` otherwise.
   */
  authenticate(
    request: FastifyRequest,
    permission: ZenHirePermission | null,
    style?: AuthStyle,
  ): ZenHireCaller;
  ledger(clientId: string): CreditLedger;
  /** A deterministic UUID for the n-th object of `kind`. */
  uuid(kind: string): string;
  /** A counter per `kind`, starting at 1. */
  next(kind: string): number;
  /** The forced outcome for the first of `keys` that has one (see `forceOutcome`). */
  forcedOutcome(...keys: (string | null | undefined)[]): ForcedOutcome | undefined;
  /** Runs `fn` when documented time reaches `atMs` (real timer scaled, or on `advanceTime`). */
  schedule(atMs: number, fn: () => void): void;
  readonly webhooks: WebhookSender;
}

/** Header names a key is read from. `Authorization: Bearer` is [inferred] from §1. */
export function readApiKey(request: FastifyRequest): string | undefined {
  const header = request.headers['x-api-key'];
  const key = Array.isArray(header) ? header[0] : header;
  if (key) return key;
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim() || undefined;
  return undefined;
}
