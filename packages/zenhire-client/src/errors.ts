/**
 * Typed errors of the ZenHire client. Every error has a stable string `code`.
 *
 * Secrets never appear here: errors are built from safe fields only (method, path,
 * status, envelope fields). No axios error, request config or header object is ever
 * attached, so `JSON.stringify(err)`, `err.toJSON()` and `util.inspect(err)` cannot leak
 * the API key.
 */

/** HTTP method and path template of the endpoint an error came from, e.g. `GET /api/v1/speech/analyze/{id}`. */
export interface EndpointRef {
  method: string;
  /** Path with ids kept (they are not secrets); query string removed. */
  path: string;
}

/** Base class of every error thrown by this package. */
export class ZenHireError extends Error {
  /** Stable machine-readable code. */
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }

  /** JSON form used by loggers; carries no secrets. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message };
  }
}

/**
 * Category of an API error (zenhire-api.md §3.1), the discriminant to branch on:
 * - `validation`: 400 / 413 input rejections;
 * - `auth`: 401 (missing, invalid, expired key, inactive client);
 * - `credits`: 402 `INSUFFICIENT_CREDITS`;
 * - `permission`: 403 (module permission, multilingual, IP allow-list);
 * - `not_found`: 404;
 * - `not_ready`: `ARTIFACT_NOT_READY` (interview recording/transcript before `completed`);
 * - `rate_limit`: 429;
 * - `server`: 5xx (500, 502 `STEP_FUNCTIONS_FAILED`, 503 warm-up);
 * - `unknown`: anything else.
 */
export type ZenHireErrorCategory =
  | 'validation'
  | 'auth'
  | 'credits'
  | 'permission'
  | 'not_found'
  | 'not_ready'
  | 'rate_limit'
  | 'server'
  | 'unknown';

/**
 * Category of every documented error code (zenhire-api.md §3.1). Codes not listed here fall
 * back to the HTTP status ({@link categoryForStatus}).
 */
export const ERROR_CODE_CATEGORIES: Readonly<Record<string, ZenHireErrorCategory>> = {
  MISSING_AUDIO_FILE: 'validation',
  UNSUPPORTED_FORMAT: 'validation',
  AUDIO_TOO_SHORT: 'validation',
  AUDIO_TOO_LONG: 'validation',
  AUDIO_DURATION_UNAVAILABLE: 'validation',
  FILE_TOO_LARGE: 'validation',
  INVALID_LANGUAGE_CODE: 'validation',
  INVALID_EXTERNAL_ID: 'validation',
  INVALID_METADATA: 'validation',
  INVALID_STATUS: 'validation',
  INVALID_SERVICE_TYPE: 'validation',
  INVALID_DATE: 'validation',
  INVALID_PARAMETERS: 'validation',
  INVALID_INPUT: 'validation',
  INVALID_FILE_CONTENT: 'validation',
  INSECURE_WEBHOOK_URL: 'validation',
  PRIVATE_WEBHOOK_URL: 'validation',
  MISSING_CORPUS_ID: 'validation',
  BATCH_TOO_LARGE: 'validation',
  PAYLOAD_TOO_LARGE: 'validation',
  MISSING_API_KEY: 'auth',
  INVALID_API_KEY: 'auth',
  API_KEY_EXPIRED: 'auth',
  CLIENT_INACTIVE: 'auth',
  UNAUTHENTICATED: 'auth',
  INSUFFICIENT_CREDITS: 'credits',
  MISSING_PERMISSION: 'permission',
  MULTILINGUAL_NOT_ENABLED: 'permission',
  IP_NOT_ALLOWED: 'permission',
  REQUEST_NOT_FOUND: 'not_found',
  NOT_FOUND: 'not_found',
  ARTIFACT_NOT_READY: 'not_ready',
  RATE_LIMIT_EXCEEDED: 'rate_limit',
  POLL_RATE_LIMITED: 'rate_limit',
  RATE_LIMITED: 'rate_limit',
  INTERNAL_ERROR: 'server',
  STEP_FUNCTIONS_FAILED: 'server',
};

/** Category implied by an HTTP status when the code is unknown or absent. */
export function categoryForStatus(status: number): ZenHireErrorCategory {
  if (status === 400 || status === 413 || status === 422) return 'validation';
  if (status === 401) return 'auth';
  if (status === 402) return 'credits';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limit';
  if (status >= 500) return 'server';
  return 'unknown';
}

/** Fields of a ZenHire API error, taken from the HTTP response and the error envelope (§3). */
export interface ZenHireApiErrorInit {
  status: number;
  code: string;
  message: string;
  endpoint: EndpointRef;
  /** Trace handle of the response (error body only); not a run id. */
  requestId?: string | null;
  /** Code-specific object, e.g. `{cost, available}` on Speech 402 (§3). */
  details?: unknown;
  /** Seconds to wait, from `retryAfterSeconds` in the body or the `Retry-After` header. */
  retryAfterSeconds?: number | null;
  /** Envelope timestamp (ISO 8601). */
  timestamp?: string | null;
  /** False when the body was not the documented envelope (e.g. an HTML proxy page). */
  envelope?: boolean;
}

/**
 * An HTTP error response from ZenHire. `category` is the discriminant; subclasses exist per
 * category so `instanceof` works too. `code` is the envelope code, or `HTTP_<status>` when
 * the body was not an envelope.
 */
export class ZenHireApiError extends ZenHireError {
  readonly status: number;
  readonly category: ZenHireErrorCategory;
  readonly endpoint: EndpointRef;
  readonly requestId: string | null;
  readonly details: unknown;
  readonly retryAfterSeconds: number | null;
  readonly timestamp: string | null;
  readonly envelope: boolean;

  constructor(init: ZenHireApiErrorInit, category?: ZenHireErrorCategory) {
    super(
      init.code,
      `ZenHire ${init.endpoint.method} ${init.endpoint.path} failed: HTTP ${init.status} ${init.code}: ${init.message}`,
    );
    this.status = init.status;
    this.category = category ?? ERROR_CODE_CATEGORIES[init.code] ?? categoryForStatus(init.status);
    this.endpoint = init.endpoint;
    this.requestId = init.requestId ?? null;
    this.details = init.details;
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
    this.timestamp = init.timestamp ?? null;
    this.envelope = init.envelope ?? true;
  }

  /** True for 429, 502 and 503: the request was not processed and may be sent again. */
  get retryable(): boolean {
    return this.status === 429 || this.status === 502 || this.status === 503;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      status: this.status,
      category: this.category,
      endpoint: this.endpoint,
      requestId: this.requestId,
      details: this.details,
      retryAfterSeconds: this.retryAfterSeconds,
    };
  }
}

/** 400/413 input rejected (e.g. `INVALID_INPUT`, `AUDIO_TOO_SHORT`, `BATCH_TOO_LARGE`). */
export class ZenHireValidationError extends ZenHireApiError {}
/** 401 `MISSING_API_KEY`, `INVALID_API_KEY`, `API_KEY_EXPIRED`, `CLIENT_INACTIVE`, `UNAUTHENTICATED`. */
export class ZenHireAuthError extends ZenHireApiError {}
/** 402 `INSUFFICIENT_CREDITS`; `details` is `{cost, available}` (Speech) or `{required, balance}` (CVDM). */
export class ZenHireCreditsError extends ZenHireApiError {}
/** 403 `MISSING_PERMISSION`, `MULTILINGUAL_NOT_ENABLED`, `IP_NOT_ALLOWED`. */
export class ZenHirePermissionError extends ZenHireApiError {}
/** 404 (`REQUEST_NOT_FOUND`, `NOT_FOUND`, or Speech's unnamed 404): unknown id or another client's. */
export class ZenHireNotFoundError extends ZenHireApiError {}
/** `ARTIFACT_NOT_READY`: the session is not `completed`; `details.status` names its status. */
export class ZenHireArtifactNotReadyError extends ZenHireApiError {}
/** 429 `RATE_LIMIT_EXCEEDED`, `POLL_RATE_LIMITED`, `RATE_LIMITED`; see `retryAfterSeconds`. */
export class ZenHireRateLimitError extends ZenHireApiError {}
/** 5xx: `INTERNAL_ERROR`, `STEP_FUNCTIONS_FAILED` (502), the 503 warm-up. */
export class ZenHireServerError extends ZenHireApiError {}

const CATEGORY_CLASSES: Record<
  ZenHireErrorCategory,
  new (init: ZenHireApiErrorInit) => ZenHireApiError
> = {
  validation: ZenHireValidationError,
  auth: ZenHireAuthError,
  credits: ZenHireCreditsError,
  permission: ZenHirePermissionError,
  not_found: ZenHireNotFoundError,
  not_ready: ZenHireArtifactNotReadyError,
  rate_limit: ZenHireRateLimitError,
  server: ZenHireServerError,
  unknown: ZenHireApiError,
};

/** Builds the subclass matching the code (or, failing that, the HTTP status). */
export function createApiError(init: ZenHireApiErrorInit): ZenHireApiError {
  const category = ERROR_CODE_CATEGORIES[init.code] ?? categoryForStatus(init.status);
  return new CATEGORY_CLASSES[category](init);
}

/**
 * No HTTP response was received (timeout, connection reset, DNS failure). `code` is
 * `TIMEOUT` or `NETWORK_ERROR`; `causeCode` is the Node/axios code (e.g. `ECONNRESET`).
 * For a submit this is an ambiguous failure: the run may or may not exist.
 */
export class ZenHireNetworkError extends ZenHireError {
  readonly endpoint: EndpointRef;
  readonly causeCode: string | null;

  constructor(code: 'TIMEOUT' | 'NETWORK_ERROR', endpoint: EndpointRef, causeCode: string | null) {
    super(
      code,
      `ZenHire ${endpoint.method} ${endpoint.path}: ${code === 'TIMEOUT' ? 'request timed out' : 'network error'}${causeCode ? ` (${causeCode})` : ''}`,
    );
    this.endpoint = endpoint;
    this.causeCode = causeCode;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), endpoint: this.endpoint, causeCode: this.causeCode };
  }
}

/** One zod issue, flattened: `path` like `cv2jd_result.overall_score`. */
export interface ResponseIssue {
  path: string;
  message: string;
}

/**
 * A 2xx response did not match the documented schema (a required field missing or of the
 * wrong type). Names the endpoint and the first offending field. Code `RESPONSE_VALIDATION`.
 */
export class ZenHireResponseValidationError extends ZenHireError {
  readonly endpoint: EndpointRef;
  /** First offending field path (`(root)` for the body itself). */
  readonly field: string;
  readonly issues: ResponseIssue[];

  constructor(endpoint: EndpointRef, issues: ResponseIssue[]) {
    const field = issues[0]?.path || '(root)';
    super(
      'RESPONSE_VALIDATION',
      `ZenHire ${endpoint.method} ${endpoint.path} returned an unexpected body: ${issues
        .slice(0, 5)
        .map((i) => `${i.path || '(root)'}: ${i.message}`)
        .join('; ')}`,
    );
    this.endpoint = endpoint;
    this.field = field;
    this.issues = issues;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), endpoint: this.endpoint, field: this.field, issues: this.issues };
  }
}

/**
 * An input exceeds a documented limit and was refused before sending (code
 * `LIMIT_EXCEEDED`). `field` names the input, e.g. `externalId`, `metadata.someKey`, `tags[3]`.
 */
export class ZenHireLimitError extends ZenHireError {
  readonly field: string;
  readonly limit: string;

  constructor(field: string, limit: string, detail?: string) {
    super('LIMIT_EXCEEDED', `${field}: ${limit}${detail ? ` (${detail})` : ''}`);
    this.field = field;
    this.limit = limit;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), field: this.field, limit: this.limit };
  }
}

/**
 * A submit failed ambiguously (timeout / reset / 5xx after sending) and the client could not
 * prove whether the run was created (no `externalId` to look it up, or the module offers no
 * lookup). It was NOT resent, to avoid double charges. Code `SUBMIT_OUTCOME_UNKNOWN`.
 */
export class ZenHireSubmitOutcomeUnknownError extends ZenHireError {
  readonly endpoint: EndpointRef;
  /** Code of the underlying failure (`TIMEOUT`, `NETWORK_ERROR`, `INTERNAL_ERROR`, ...). */
  readonly failureCode: string;

  constructor(endpoint: EndpointRef, failureCode: string, reason: string) {
    super(
      'SUBMIT_OUTCOME_UNKNOWN',
      `ZenHire ${endpoint.method} ${endpoint.path}: outcome unknown after ${failureCode}; not resent (${reason})`,
    );
    this.endpoint = endpoint;
    this.failureCode = failureCode;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), endpoint: this.endpoint, failureCode: this.failureCode };
  }
}

/** `waitForTerminal` spent its budget before the run became terminal. Code `POLL_BUDGET_EXCEEDED`. */
export class ZenHirePollTimeoutError extends ZenHireError {
  readonly runId: string;
  /** Last status seen. */
  readonly lastStatus: string | null;
  readonly budgetMs: number;

  constructor(runId: string, lastStatus: string | null, budgetMs: number) {
    super(
      'POLL_BUDGET_EXCEEDED',
      `run ${runId} not terminal after ${Math.round(budgetMs / 1000)} s (last status ${lastStatus ?? 'unknown'}); the id stays valid, resume polling later`,
    );
    this.runId = runId;
    this.lastStatus = lastStatus;
    this.budgetMs = budgetMs;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      runId: this.runId,
      lastStatus: this.lastStatus,
      budgetMs: this.budgetMs,
    };
  }
}

/** The caller's `AbortSignal` fired. Code `ABORTED`. */
export class ZenHireAbortedError extends ZenHireError {
  constructor(what: string) {
    super('ABORTED', `${what} aborted`);
  }
}

/** Webhook signature rejection codes. */
export type WebhookSignatureErrorCode =
  | 'WEBHOOK_SIGNATURE_MISSING'
  | 'WEBHOOK_SIGNATURE_MALFORMED'
  | 'WEBHOOK_SIGNATURE_MISMATCH'
  | 'WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE';

/** An `X-CVDM-Signature` header failed verification. */
export class ZenHireWebhookSignatureError extends ZenHireError {
  constructor(code: WebhookSignatureErrorCode, message: string) {
    super(code, message);
  }
}
