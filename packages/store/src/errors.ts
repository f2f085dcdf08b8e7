import { ZenHireConnectError } from '@zenhire-connect/core';

/**
 * Stable codes of {@link StoreError}:
 * - `STORE_URL_INVALID`: `createStore` got a URL it cannot use (the message never repeats
 *   the URL, which may hold a password).
 * - `STORE_UNAVAILABLE`: `ping()` could not reach the database.
 * - `DELIVERY_NOT_FOUND`: no delivery with that id.
 * - `EVENT_NOT_FOUND`: `markEventProcessed` named an event that was never recorded.
 * - `DELIVERY_LEASE_LOST`: a worker tried to update a delivery it no longer holds (see {@link LeaseLostError}).
 * - `INVALID_ARGUMENT`: a value the store cannot persist (e.g. a negative TTL).
 */
export type StoreErrorCode =
  | 'STORE_URL_INVALID'
  | 'STORE_UNAVAILABLE'
  | 'DELIVERY_NOT_FOUND'
  | 'EVENT_NOT_FOUND'
  | 'DELIVERY_LEASE_LOST'
  | 'INVALID_ARGUMENT';

/** An error raised by `@zenhire-connect/store`; branch on `code`. */
export class StoreError extends ZenHireConnectError {
  declare readonly code: StoreErrorCode;

  constructor(
    code: StoreErrorCode,
    message: string,
    details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(code, message, details);
    if (options && 'cause' in options) {
      Object.defineProperty(this, 'cause', { value: options.cause, enumerable: false });
    }
  }
}

/**
 * A worker called `recordOutcomes`, `complete`, `fail` or `release` on a delivery it does
 * not hold any more: another worker claimed it after the lease expired, or it is no longer
 * `in_progress`. Nothing was written; the worker must drop the delivery.
 * `details`: `{ deliveryId, workerId, claimedBy, status }` (`claimedBy` is the current holder
 * or null).
 */
export class LeaseLostError extends StoreError {
  declare readonly code: 'DELIVERY_LEASE_LOST';

  constructor(deliveryId: string, workerId: string, claimedBy: string | null, status: string) {
    super(
      'DELIVERY_LEASE_LOST',
      `worker ${workerId} no longer holds delivery ${deliveryId} (status ${status}, claimed by ${claimedBy ?? 'nobody'})`,
      { deliveryId, workerId, claimedBy, status },
    );
  }
}
