import type { CreateTableBuilder, Kysely, Migration } from 'kysely';
import { Migrator, sql } from 'kysely';
import type { BridgeDatabase, DialectName } from './database.ts';
import type { PayloadCipher } from './payload-cipher.ts';
import { RegistrationRepository } from './registration.repository.ts';
import type { BridgeSchema } from './schema.ts';
import { MigrationFailed } from './store-errors.ts';

/**
 * The bridge's schema migrations: one ordered set for both dialects. The only dialect-specific choice is
 * the auto-increment key (SQLite `INTEGER PRIMARY KEY AUTOINCREMENT` never reuses ids; Postgres uses an
 * identity column). Times are `bigint` epoch milliseconds on both; SQLite gives `bigint` integer affinity.
 */

const MIGRATION_TABLE = 'bridge_migration';
const MIGRATION_LOCK_TABLE = 'bridge_migration_lock';
/** Arbitrary constant shared by every bridge replica; only this module takes this advisory lock. */
const ADVISORY_LOCK_ID = 7_263_947_105_001;

type AnyTable = CreateTableBuilder<string, string>;

function withSerialId(table: AnyTable, dialect: DialectName): AnyTable {
  return dialect === 'sqlite'
    ? table.addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    : table.addColumn('id', 'bigint', (col) => col.primaryKey().generatedByDefaultAsIdentity());
}

function initial(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('registrations')
        .addColumn('id', 'text', (col) => col.notNull())
        .addColumn('request_id', 'text', (col) => col.notNull())
        .addColumn('request_hash', 'text', (col) => col.notNull())
        .addColumn('type', 'text', (col) => col.notNull())
        .addColumn('process', 'text', (col) => col.notNull())
        .addColumn('source', 'text', (col) => col.notNull())
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('rid', 'text', (col) => col.notNull())
        .addColumn('centre_id', 'text', (col) => col.notNull())
        .addColumn('machine_id', 'text', (col) => col.notNull())
        .addColumn('payload', 'text')
        .addColumn('uin', 'text')
        .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('last_code', 'text')
        .addColumn('last_message', 'text')
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .addColumn('updated_at', 'bigint', (col) => col.notNull())
        .addColumn('terminal_at', 'bigint')
        .addColumn('purged_at', 'bigint')
        .addPrimaryKeyConstraint('registrations_pk', ['id'])
        .addUniqueConstraint('registrations_request_id_uq', ['request_id'])
        .addUniqueConstraint('registrations_rid_uq', ['rid'])
        .execute();
      await db.schema.createIndex('registrations_status_idx').on('registrations').column('status').execute();
      await db.schema.createIndex('registrations_type_idx').on('registrations').column('type').execute();
      // (created_at, id) is the keyset of `list`; it also serves plain created_at filters.
      await db.schema
        .createIndex('registrations_created_idx')
        .on('registrations')
        .columns(['created_at', 'id'])
        .execute();
      await db.schema.createIndex('registrations_uin_idx').on('registrations').column('uin').execute();
      await db.schema
        .createIndex('registrations_terminal_idx')
        .on('registrations')
        .column('terminal_at')
        .execute();

      await withSerialId(db.schema.createTable('registration_events'), dialect)
        .addColumn('registration_id', 'text', (col) => col.notNull())
        .addColumn('at', 'bigint', (col) => col.notNull())
        .addColumn('from_status', 'text')
        .addColumn('to_status', 'text', (col) => col.notNull())
        .addColumn('actor', 'text', (col) => col.notNull())
        .addColumn('code', 'text')
        .addColumn('message', 'text')
        .addForeignKeyConstraint(
          'registration_events_registration_fk',
          ['registration_id'],
          'registrations',
          ['id'],
        )
        .execute();
      await db.schema
        .createIndex('registration_events_registration_idx')
        .on('registration_events')
        .columns(['registration_id', 'id'])
        .execute();

      await withSerialId(db.schema.createTable('outbox_jobs'), dialect)
        .addColumn('job_key', 'text', (col) => col.notNull())
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('registration_id', 'text', (col) => col.notNull())
        .addColumn('payload', 'text')
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('max_attempts', 'integer', (col) => col.notNull())
        .addColumn('next_attempt_at', 'bigint', (col) => col.notNull())
        .addColumn('locked_by', 'text')
        .addColumn('locked_at', 'bigint')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .addColumn('updated_at', 'bigint', (col) => col.notNull())
        .addUniqueConstraint('outbox_jobs_job_key_uq', ['job_key'])
        .addForeignKeyConstraint('outbox_jobs_registration_fk', ['registration_id'], 'registrations', ['id'])
        .execute();
      // The claim query's access path: pending jobs in due order.
      await db.schema
        .createIndex('outbox_jobs_status_next_idx')
        .on('outbox_jobs')
        .columns(['status', 'next_attempt_at'])
        .execute();
      await db.schema
        .createIndex('outbox_jobs_registration_idx')
        .on('outbox_jobs')
        .column('registration_id')
        .execute();

      await db.schema
        .createTable('rid_sequences')
        .addColumn('centre_id', 'text', (col) => col.notNull())
        .addColumn('machine_id', 'text', (col) => col.notNull())
        .addColumn('current', 'integer', (col) => col.notNull())
        .addPrimaryKeyConstraint('rid_sequences_pk', ['centre_id', 'machine_id'])
        .execute();

      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'text', (col) => col.notNull())
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('hash', 'text', (col) => col.notNull())
        .addColumn('scopes', 'text', (col) => col.notNull())
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .addColumn('revoked_at', 'bigint')
        .addColumn('last_used_at', 'bigint')
        .addPrimaryKeyConstraint('api_keys_pk', ['id'])
        .execute();
    },
  };
}

/**
 * Every migration by name, in application order.
 * @param dialect - the dialect the migrations will run on
 */
export function bridgeMigrations(dialect: DialectName): Record<string, Migration> {
  return {
    '0001_initial': initial(dialect),
    '0002_webhook_attempts': webhookAttempts(dialect),
    '0003_uin_encrypted': uinEncrypted(),
    '0004_dashboard_sessions': dashboardSessions(),
    '0005_status_indexes': statusIndexes(),
  };
}

/**
 * Covering indexes for the dashboard's overview and the metrics gauges, read every few seconds: counting by
 * (status, type) and the oldest change per status become index-only scans instead of table scans
 * (measured with `npm run bench:dashboard`).
 */
function statusIndexes(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createIndex('registrations_status_type_idx')
        .on('registrations')
        .columns(['status', 'type'])
        .execute();
      await db.schema
        .createIndex('registrations_status_updated_idx')
        .on('registrations')
        .columns(['status', 'updated_at'])
        .execute();
    },
  };
}

/**
 * Dashboard sessions, so signing out ends a session on every replica even though the cookie itself stays
 * valid until it expires: the cookie names its row by the session nonce, and a page needs the row active.
 */
function dashboardSessions(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('dashboard_sessions')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('key_id', 'text', (col) => col.notNull())
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .addColumn('expires_at', 'bigint', (col) => col.notNull())
        .addColumn('ended_at', 'bigint')
        .execute();
      await db.schema
        .createIndex('dashboard_sessions_expires_idx')
        .on('dashboard_sessions')
        .column('expires_at')
        .execute();
    },
  };
}

/**
 * The UIN is stored encrypted: `uin` now holds a `PayloadCipher` token and the new `uin_lookup` its
 * keyed hash, the only column searched by UIN (so the index on `uin` goes). SQL cannot encrypt, so rows
 * already holding a clear-text UIN are left as they are (`uin_lookup` NULL marks them) and converted by
 * `encryptLegacyUins`, which `migrateToLatest` runs when given the cipher; until then the repository
 * still reads and finds them.
 */
function uinEncrypted(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('registrations').addColumn('uin_lookup', 'text').execute();
      await db.schema
        .createIndex('registrations_uin_lookup_idx')
        .on('registrations')
        .column('uin_lookup')
        .execute();
      await db.schema.dropIndex('registrations_uin_idx').execute();
    },
  };
}

/** One row per attempt to tell a CRVS webhook subscriber about an event (status code, short excerpt). */
function webhookAttempts(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await withSerialId(db.schema.createTable('webhook_attempts'), dialect)
        .addColumn('job_id', 'bigint', (col) => col.notNull())
        .addColumn('registration_id', 'text', (col) => col.notNull())
        .addColumn('subscriber', 'text', (col) => col.notNull())
        .addColumn('delivery_id', 'text', (col) => col.notNull())
        .addColumn('event', 'text', (col) => col.notNull())
        .addColumn('attempt', 'integer', (col) => col.notNull())
        .addColumn('at', 'bigint', (col) => col.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('error', 'text')
        .addColumn('response_excerpt', 'text')
        .addForeignKeyConstraint('webhook_attempts_registration_fk', ['registration_id'], 'registrations', [
          'id',
        ])
        .execute();
      await db.schema
        .createIndex('webhook_attempts_registration_idx')
        .on('webhook_attempts')
        .columns(['registration_id', 'id'])
        .execute();
    },
  };
}

/** Outcome of `migrateToLatest`. */
export interface MigrationOutcome {
  /** Names of the migrations this call applied (empty when the schema was already current). */
  applied: string[];
}

/** Options of `migrateToLatest`. */
export interface MigrateOptions {
  /**
   * The payload cipher; when given, clear-text UINs left from before migration 0003 are encrypted in the
   * same run (under the same lock). Without it they stay readable and are converted on a later run.
   */
  cipher?: PayloadCipher;
}

async function migrateData(db: Kysely<BridgeSchema>, options: MigrateOptions): Promise<void> {
  if (options.cipher === undefined) return;
  const registrations = new RegistrationRepository(db, options.cipher);
  const batch = 500;
  while ((await registrations.encryptLegacyUins(batch)) === batch) {
    // Converted a full batch; there may be more.
  }
}

async function runMigrator(db: Kysely<BridgeSchema>, dialect: DialectName): Promise<MigrationOutcome> {
  const migrations = bridgeMigrations(dialect);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error');
    throw new MigrationFailed(failed?.migrationName, { cause: error });
  }
  return { applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

/**
 * Brings the schema to the latest version; safe to call on every start and from several replicas at
 * once. The whole run, including creating Kysely's bookkeeping tables (not race-free on its own), holds
 * one connection and a lock: on Postgres a session advisory lock, so replicas migrate one by one (each
 * migration in its own transaction); on SQLite a `BEGIN IMMEDIATE` transaction around everything, so a
 * failed migration leaves no half-built schema (Kysely itself runs SQLite migrations untransacted).
 * @param database - an open bridge database
 * @param options - the cipher, to also encrypt legacy clear-text UINs (see `MigrateOptions`)
 * @returns the migrations applied by this call
 * @throws MigrationFailed when a migration fails (its changes are rolled back)
 */
export async function migrateToLatest(
  database: BridgeDatabase,
  options: MigrateOptions = {},
): Promise<MigrationOutcome> {
  const { dialect } = database;
  return database.db.connection().execute(async (connection) => {
    if (dialect === 'postgres') {
      await sql`select pg_advisory_lock(${sql.lit(ADVISORY_LOCK_ID)})`.execute(connection);
      try {
        const outcome = await runMigrator(connection, dialect);
        await migrateData(connection, options);
        return outcome;
      } finally {
        await sql`select pg_advisory_unlock(${sql.lit(ADVISORY_LOCK_ID)})`.execute(connection);
      }
    }
    await sql`begin immediate`.execute(connection);
    try {
      const outcome = await runMigrator(connection, dialect);
      await migrateData(connection, options);
      await sql`commit`.execute(connection);
      return outcome;
    } catch (error) {
      await sql`rollback`.execute(connection);
      throw error;
    }
  });
}
