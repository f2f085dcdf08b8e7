import type { GreenhouseFieldError } from './custom-fields';

/**
 * A refusal of the Greenhouse sandbox in the vendor's error shape (greenhouse-api.md §1.4):
 * 422 → `{message: "Validation error", errors: [{message, field}]}`; other statuses →
 * `{message}`. Thrown by the sandbox's in-process actions (e.g. `moveApplication`) and
 * rendered by its HTTP routes.
 */
export class GreenhouseApiError extends Error {
  readonly code: string;

  constructor(
    readonly status: number,
    message: string,
    readonly errors: GreenhouseFieldError[] = [],
  ) {
    super(
      errors.length
        ? `${message}: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`
        : message,
    );
    this.name = 'GreenhouseApiError';
    this.code =
      status === 422
        ? 'GREENHOUSE_VALIDATION_ERROR'
        : status === 404
          ? 'GREENHOUSE_NOT_FOUND'
          : status === 401
            ? 'GREENHOUSE_UNAUTHORIZED'
            : `GREENHOUSE_HTTP_${status}`;
  }

  /** JSON body Greenhouse sends for this error. */
  body(): { message: string; errors?: GreenhouseFieldError[] } {
    return this.status === 422
      ? { message: 'Validation error', errors: this.errors }
      : { message: this.message };
  }

  /** 422 with one field error. */
  static validation(field: string, message: string): GreenhouseApiError {
    return new GreenhouseApiError(422, 'Validation error', [{ field, message }]);
  }

  /** 404 `{message: "Resource not found"}`. */
  static notFound(what: string): GreenhouseApiError {
    return new GreenhouseApiError(404, `${what} not found`);
  }
}
