import { ZenHireConnectError } from '../errors';

/**
 * A run cannot be normalised into an `Assessment`. Codes:
 * - `RUN_NOT_TERMINAL`: the run is still queued/processing (only terminal runs have results);
 * - `RUN_BODY_INVALID`: the run carries no response body object;
 * - `MODULE_NOT_SUPPORTED`: the module has no per-run result yet (CV DeepSearch: results are
 *   "announced, not yet released", zenhire-api.md §7.2).
 */
export class AssessmentError extends ZenHireConnectError {
  constructor(
    code: 'RUN_NOT_TERMINAL' | 'RUN_BODY_INVALID' | 'MODULE_NOT_SUPPORTED',
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(code, message, details);
  }
}
