export { createStore, type StoreOptions } from './create-store';
export { SqlStore } from './sql-store';
export { SqlConnectorCache } from './connector-cache';
export { DEFAULT_DELIVERY_LIST_LIMIT } from './deliveries';
export { LeaseLostError, StoreError, type StoreErrorCode } from './errors';
export { parseStoreUrl, type StoreLocation } from './store-url';
export type { DialectName } from './dialect';
export {
  MIGRATION_LOCK_TABLE,
  MIGRATION_TABLE,
  StoreMigrationProvider,
  storeMigrations,
} from './migrations';
export type {
  ConnectorCacheTable,
  CursorsTable,
  DeliveriesTable,
  InboundEventsTable,
  LinksTable,
  RunsSeenTable,
  StoreDatabase,
} from './schema';
