import { ZenHireConnectError } from '../errors';

/**
 * A link cannot be written into a run's correlation fields without breaking ZenHire's limits
 * (zenhire-api.md §2) or our own scheme. Nothing is truncated or dropped silently: the run
 * is not started.
 *
 * Codes:
 * - `CORRELATION_LIMIT`: a field would exceed a limit; `details` = `{ field, limit, actual }`.
 * - `LINK_RESERVED_KEY`: user metadata uses a `zc_` key, which the link scheme owns.
 * - `LINK_INVALID_RECORD`: the record lacks a connector or candidate id.
 */
export class LinkEncodeError extends ZenHireConnectError {
  constructor(
    code: 'CORRELATION_LIMIT' | 'LINK_RESERVED_KEY' | 'LINK_INVALID_RECORD',
    message: string,
    details?: { field: string; limit?: string; actual?: string },
  ) {
    super(code, message, details);
  }
}
