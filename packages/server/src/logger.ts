import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/** Keys whose values are secrets: credentials, signatures, API keys, tokens. */
const SECRET_KEYS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'signature',
  'x-cvdm-signature',
  'x-interview-signature',
  'x-api-key',
  'apiKey',
  'api_key',
  'secret',
  'webhookSecret',
  'webhook_secret',
  'clientSecret',
  'client_secret',
  'partnerKey',
  'partner_key',
  'password',
  'token',
  'accessToken',
  'access_token',
  'refresh_token',
];

/**
 * Keys whose values are candidate PII (e-mail, names, phone). `name` alone is left
 * visible because it also names jobs, stages and triggers; a candidate's `name` is caught
 * through `candidate.name`.
 */
const PII_KEYS = [
  'email',
  'emails',
  'email_addresses',
  'candidateEmail',
  'candidate_email',
  'first_name',
  'last_name',
  'preferred_name',
  'firstName',
  'lastName',
  'preferredName',
  'phone',
  'phone_number',
  'phone_numbers',
  'phoneNumber',
  'candidate.name',
];

/** Nesting depth (number of `*.` prefixes) up to which each key is redacted. */
const REDACT_DEPTH = 4;

/**
 * pino `redact` paths used by {@link createLogger}: every secret key (authorization and
 * signature headers, API keys, webhook/client secrets, partner keys, tokens) and every
 * candidate PII key (e-mail, first/last/preferred name, phone) at the top level and up to
 * four levels deep (`*.key`, `*.*.key`, …). Values are replaced by `[Redacted]`.
 */
export const REDACT_PATHS: readonly string[] = [...SECRET_KEYS, ...PII_KEYS].flatMap((key) =>
  Array.from({ length: REDACT_DEPTH + 1 }, (_, depth) => {
    const wildcards = Array<string>(depth).fill('*').join('.');
    // Keys with a hyphen need bracket notation: `*.*["x-api-key"]`, top level `["x-api-key"]`.
    if (key.includes('-')) return `${wildcards}["${key}"]`;
    return depth === 0 ? key : `${wildcards}.${key}`;
  }),
);

/** Options of {@link createLogger}. */
export interface CreateLoggerOptions {
  /** pino level; default `info`. */
  level?: LoggerOptions['level'];
  /** Base bindings added to every line (e.g. `{ service: 'zenhire-connect' }`). */
  base?: Record<string, unknown>;
  /** Where lines go; default stdout. Tests pass a stream that collects lines. */
  destination?: DestinationStream;
}

/**
 * The pino logger the server (and the CLI around it) should use: JSON lines, ISO time,
 * {@link REDACT_PATHS} redacted. The server itself never logs request bodies; redaction
 * guards what connectors and use-cases log.
 */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const config: LoggerOptions = {
    level: options.level ?? 'info',
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: [...REDACT_PATHS], censor: '[Redacted]' },
    ...(options.base ? { base: options.base } : {}),
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}
