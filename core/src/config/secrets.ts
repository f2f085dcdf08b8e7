/**
 * Key-name endings that mark a secret anywhere in the configuration, connector instance
 * configs included (`apiKey`, `clientSecret`, `webhookSecret`, `partnerKey`,
 * `signingSecret`, `token`, `password`, …). Compared case-insensitively with `_` and `-`
 * removed, so `client_secret` and `clientSecret` are the same key.
 */
export const SECRET_KEY_ENDINGS = [
  'apikey',
  'secret',
  'token',
  'password',
  'partnerkey',
  'privatekey',
  'signingkey',
] as const;

/** True when a key names a secret (see {@link SECRET_KEY_ENDINGS}). */
export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[_-]/g, '');
  return SECRET_KEY_ENDINGS.some((ending) => k.endsWith(ending));
}

/** A value that is exactly one environment reference: `${VAR}` or `${VAR:-}`. */
const ENV_ONLY = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-)?\}$/;
/** `${VAR:-default}` with a non-empty default written in the file. */
const ENV_WITH_DEFAULT = /^\$\{([A-Za-z_][A-Za-z0-9_]*):-(.+)\}$/;

/**
 * Why a raw (pre-substitution) secret value is not acceptable, or `undefined` when it is a
 * pure `${VAR}` reference. The value itself never appears in the answer.
 */
export function inlineSecretProblem(raw: unknown): string | undefined {
  if (raw === null || raw === undefined || raw === '') return undefined; // schema reports it
  if (typeof raw === 'string' && ENV_ONLY.test(raw)) return undefined;
  if (typeof raw === 'string') {
    const withDefault = ENV_WITH_DEFAULT.exec(raw);
    if (withDefault) {
      return `the default of \${${withDefault[1]}} is a secret written in the file: remove the default and set ${withDefault[1]} in the environment`;
    }
  }
  return 'secrets must not be written in the file: use ${ENV_VAR} and set the variable in the environment';
}

/**
 * A PostgreSQL URL with a password written inline (`postgres://user:pass@host/db`) is a
 * secret in the file; `postgres://user:${PGPASSWORD}@host/db` is fine.
 */
export function inlineStorePasswordProblem(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const m = /^postgres(?:ql)?:\/\/[^/@:]*:([^@/]*)@/.exec(raw);
  if (!m || m[1] === '' || ENV_ONLY.test(m[1])) return undefined;
  return 'the database password must not be written in the file: use ${ENV_VAR} for it (postgres://user:${PGPASSWORD}@host/db)';
}
