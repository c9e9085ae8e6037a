/**
 * One test suite, two dialects (kysely's `DIALECTS` pattern): `describeEachDialect` runs a block once on
 * a SQLite file in a temporary directory and once on a fresh database in the shared Postgres cluster
 * (see global-setup.ts), each migrated, emptied before every test, and dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, inject } from 'vitest';
import {
  PayloadCipher,
  Store,
  migrateToLatest,
  openDatabase,
  type BridgeDatabase,
  type DialectName,
  type OpenDatabaseOptions,
} from '../../src/store/index.ts';

/** Both dialects, SQLite first. */
export const DIALECTS = ['sqlite', 'postgres'] as const satisfies readonly DialectName[];

/** Tables in an order that respects foreign keys when deleting. */
const TABLES = [
  'webhook_attempts',
  'registration_events',
  'outbox_jobs',
  'registrations',
  'rid_sequences',
  'api_keys',
] as const;

/** A fresh database of one dialect for one describe block. Fields are usable from `beforeAll` on. */
export interface TestDatabase {
  readonly dialect: DialectName;
  /** URL to open more connections to the same database. */
  readonly url: string;
  /** The migrated database. */
  readonly database: BridgeDatabase;
  readonly cipher: PayloadCipher;
  /** A store over `database` with `cipher`. */
  readonly store: Store;
  /** Opens another connection (pool) to the same database; closed after the block. */
  open(options?: OpenDatabaseOptions): Promise<BridgeDatabase>;
  /** Empties every table and restarts id sequences. */
  reset(): Promise<void>;
}

/** Admin URL of the shared Postgres server, or the reason there is none (which fails the test). */
export function postgresAdminUrl(): string {
  const provided = inject('postgres');
  if ('error' in provided) throw new Error(provided.error);
  return provided.adminUrl;
}

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Creates an empty database of `dialect`; returns its URL and how to remove it. */
export async function createEmptyDatabase(
  dialect: DialectName,
): Promise<{ url: string; drop(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'crvs-mosip-store-'));
    return {
      url: join(dir, 'bridge.db'),
      drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  }
  const adminUrl = postgresAdminUrl();
  const name = `t_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/**
 * Registers hooks that give the enclosing describe block its own migrated database of `dialect`.
 * @param options.resetEach - empty the tables before every test (Default: true)
 */
export function useTestDatabase(dialect: DialectName, options: { resetEach?: boolean } = {}): TestDatabase {
  let created: { url: string; drop(): Promise<void> } | undefined;
  let database: BridgeDatabase | undefined;
  let store: Store | undefined;
  const extra: BridgeDatabase[] = [];
  const cipher = new PayloadCipher(PayloadCipher.generateKey());
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the test database is set up in beforeAll; use it inside tests');
    return value;
  };

  const context: TestDatabase = {
    dialect,
    cipher,
    get url() {
      return ready(created).url;
    },
    get database() {
      return ready(database);
    },
    get store() {
      return ready(store);
    },
    async open(openOptions) {
      const db = await openDatabase(ready(created).url, openOptions);
      extra.push(db);
      return db;
    },
    async reset() {
      const db = ready(database).db;
      if (dialect === 'postgres') {
        await sql`TRUNCATE ${sql.join(TABLES.map((t) => sql.table(t)))} RESTART IDENTITY`.execute(db);
        return;
      }
      for (const table of TABLES) await sql`DELETE FROM ${sql.table(table)}`.execute(db);
      await sql`DELETE FROM sqlite_sequence`.execute(db);
    },
  };

  // A set-up failure (typically: no Postgres server) is rethrown by every test, so each one fails with
  // the reason instead of being reported as skipped.
  let setupError: Error | undefined;
  beforeAll(async () => {
    try {
      created = await createEmptyDatabase(dialect);
      database = await openDatabase(created.url);
      await migrateToLatest(database);
      store = new Store(database, { cipher });
    } catch (error) {
      setupError = error instanceof Error ? error : new Error(String(error));
    }
  });
  beforeEach(async () => {
    if (setupError !== undefined) throw setupError;
    if (options.resetEach ?? true) await context.reset();
  });
  afterAll(async () => {
    await Promise.all(extra.splice(0).map((db) => db.close()));
    await database?.close();
    await created?.drop();
  });
  return context;
}

/**
 * Declares `fn`'s tests once per dialect, each run with its own database (see `useTestDatabase`).
 * @param name - the describe title; the dialect is appended
 * @param fn - declares the tests, given the dialect's database
 */
export function describeEachDialect(name: string, fn: (t: TestDatabase) => void): void {
  describe.each(DIALECTS)(`${name} [%s]`, (dialect) => {
    fn(useTestDatabase(dialect));
  });
}
