import type { Clock } from '@zenhire-connect/core';
import type { OpenDatabase } from './open-database';

/** What each part of the store works with: the database and the time source. */
export interface StoreContext extends OpenDatabase {
  /** Used where the port passes no `now` (links, events, cursors, cache). Epoch ms. */
  clock: Clock;
}
