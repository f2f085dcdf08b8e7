import { type Kysely, type Migration, type MigrationProvider, sql } from 'kysely';
import { columnTypes, type DialectName } from './dialect';

/** Name of Kysely's migration bookkeeping tables in our schema. */
export const MIGRATION_TABLE = 'zc_migration';
export const MIGRATION_LOCK_TABLE = 'zc_migration_lock';

function initialSchema(dialect: DialectName): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('links')
        .addColumn('run_id', 'text', (c) => c.primaryKey())
        .addColumn('module', 'text', (c) => c.notNull())
        .addColumn('connector', 'text', (c) => c.notNull())
        .addColumn('candidate_id', 'text', (c) => c.notNull())
        .addColumn('application_id', 'text')
        .addColumn('job_id', 'text')
        .addColumn('stage_id', 'text')
        .addColumn('trigger_id', 'text')
        .addColumn('source', t.json, (c) => c.notNull())
        .addColumn('parent_run_id', 'text')
        .addColumn('created_at', t.time, (c) => c.notNull())
        .addColumn('updated_at', t.time, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('links_connector_application_idx')
        .on('links')
        .columns(['connector', 'application_id'])
        .execute();
      await db.schema
        .createIndex('links_connector_candidate_idx')
        .on('links')
        .columns(['connector', 'candidate_id'])
        .execute();

      await db.schema
        .createTable('inbound_events')
        .addColumn('connector', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('payload', t.json, (c) => c.notNull())
        .addColumn('raw_body', t.bytes)
        .addColumn('received_at', t.time, (c) => c.notNull())
        .addColumn('processed_at', t.time)
        .addColumn('result', t.json)
        .addPrimaryKeyConstraint('inbound_events_pk', ['connector', 'event_id'])
        .execute();
      await db.schema
        .createIndex('inbound_events_unprocessed_idx')
        .on('inbound_events')
        .columns(['processed_at', 'received_at'])
        .execute();

      await db.schema
        .createTable('runs_seen')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('module', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('terminal', t.bool, (c) => c.notNull())
        .addColumn('observed_at', t.time, (c) => c.notNull())
        .addColumn('body', t.json)
        .execute();
      await db.schema
        .createIndex('runs_seen_open_idx')
        .on('runs_seen')
        .columns(['module', 'terminal', 'observed_at'])
        .execute();

      await db.schema
        .createTable('cursors')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', t.time, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('deliveries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('idempotency_key', 'text', (c) => c.notNull())
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('connector', 'text', (c) => c.notNull())
        .addColumn('mapping', 'text', (c) => c.notNull())
        .addColumn('plan', t.json, (c) => c.notNull())
        .addColumn('plan_hash', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', t.time, (c) => c.notNull())
        .addColumn('outcomes', t.json, (c) => c.notNull())
        .addColumn('last_error', t.json)
        .addColumn('claimed_by', 'text')
        .addColumn('lease_until', t.time)
        .addColumn('created_at', t.time, (c) => c.notNull())
        .addColumn('updated_at', t.time, (c) => c.notNull())
        .addUniqueConstraint('deliveries_idempotency_key_uq', ['idempotency_key'])
        .addCheckConstraint(
          'deliveries_status_ck',
          sql`status in ('pending', 'in_progress', 'succeeded', 'dead')`,
        )
        .execute();
      await db.schema
        .createIndex('deliveries_due_idx')
        .on('deliveries')
        .columns(['status', 'next_attempt_at'])
        .execute();
      await db.schema
        .createIndex('deliveries_lease_idx')
        .on('deliveries')
        .columns(['status', 'lease_until'])
        .execute();
      await db.schema.createIndex('deliveries_run_idx').on('deliveries').column('run_id').execute();

      await db.schema
        .createTable('connector_cache')
        .addColumn('instance', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('value', t.json, (c) => c.notNull())
        .addColumn('expires_at', t.time)
        .addColumn('updated_at', t.time, (c) => c.notNull())
        .addPrimaryKeyConstraint('connector_cache_pk', ['instance', 'key'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of [
        'connector_cache',
        'deliveries',
        'cursors',
        'runs_seen',
        'inbound_events',
        'links',
      ]) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}

/**
 * Claim columns on `inbound_events` (who processes an event, until when; epoch ms), so a
 * server and recovery passes in other processes never process one event at once.
 */
function inboundEventClaims(dialect: DialectName): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('inbound_events').addColumn('claimed_by', 'text').execute();
      await db.schema.alterTable('inbound_events').addColumn('claim_until', t.time).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('inbound_events').dropColumn('claim_until').execute();
      await db.schema.alterTable('inbound_events').dropColumn('claimed_by').execute();
    },
  };
}

/**
 * The store's migrations, in code (no files on disk, so the compiled package needs nothing
 * next to it). Names sort in the order they apply; never rename or edit a released one.
 */
export function storeMigrations(dialect: DialectName): Record<string, Migration> {
  return {
    '0001_initial': initialSchema(dialect),
    '0002_inbound_event_claims': inboundEventClaims(dialect),
  };
}

/** Kysely `MigrationProvider` serving {@link storeMigrations}. */
export class StoreMigrationProvider implements MigrationProvider {
  constructor(private readonly dialect: DialectName) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    return storeMigrations(this.dialect);
  }
}
