/**
 * Base of every error ZenHire Connect raises on purpose. `code` is stable (branch on it,
 * log it, test it); `message` is for people and may change. Messages never contain
 * secrets (API keys, client secrets, webhook secrets, tokens).
 */
export class ZenHireConnectError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }

  toJSON(): { name: string; code: string; message: string; details?: Record<string, unknown> } {
    return { name: this.name, code: this.code, message: this.message, details: this.details };
  }
}

/**
 * A connector call failed. `retryable` tells the delivery worker whether to try again
 * (network errors, 429, 5xx) or to dead-letter (validation, permission, not found).
 * `retryAfterMs` carries the vendor's `Retry-After` when it sent one.
 */
export class ConnectorError extends ZenHireConnectError {
  constructor(
    code: string,
    message: string,
    readonly retryable: boolean,
    options: { retryAfterMs?: number; status?: number; details?: Record<string, unknown> } = {},
  ) {
    super(code, message, options.details);
    this.retryAfterMs = options.retryAfterMs;
    this.status = options.status;
  }
  readonly retryAfterMs?: number;
  readonly status?: number;
}

/** A webhook's signature (or replay protection) failed; answer 401 and log without the body. */
export class WebhookVerificationError extends ZenHireConnectError {
  constructor(
    code:
      'SIGNATURE_MISSING' | 'SIGNATURE_INVALID' | 'SIGNATURE_EXPIRED' | 'REPLAYED' | 'MALFORMED',
    message: string,
  ) {
    super(code, message);
  }
}

/** The configuration cannot be used; `location` names file:line:col when known. */
export class ConfigError extends ZenHireConnectError {
  constructor(
    message: string,
    readonly issues: ConfigIssue[],
  ) {
    super('CONFIG_INVALID', message, { issues });
  }
}

/** One problem in a config file. Lines and columns are 1-based. */
export interface ConfigIssue {
  file: string;
  line: number;
  column: number;
  /** Dotted path in the document, e.g. `mappings[2].fields.cefr`. */
  path: string;
  message: string;
}
