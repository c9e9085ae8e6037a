import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  bridgeMigrations,
  isPostgresUrl,
  migrateToLatest,
  openDatabase,
  sqlitePathFromUrl,
  type BridgeDatabase,
} from '../../src/store/index.ts';
import { DIALECTS, createEmptyDatabase, postgresAdminUrl } from '../support/test-database.ts';

/** Every migration, in order (the same list on both dialects). */
const ALL_MIGRATIONS = Object.keys(bridgeMigrations('sqlite'));

it('should list the same migrations, in order, on both dialects', () => {
  const expected = [
    '0001_initial',
    '0002_webhook_attempts',
    '0003_uin_encrypted',
    '0004_dashboard_sessions',
    '0005_status_indexes',
  ];
  expect(ALL_MIGRATIONS).toEqual(expected);
  expect(Object.keys(bridgeMigrations('postgres'))).toEqual(expected);
});
const TABLES = [
  'api_keys',
  'dashboard_sessions',
  'outbox_jobs',
  'registration_events',
  'registrations',
  'rid_sequences',
  'webhook_attempts',
];

async function userTables(database: BridgeDatabase): Promise<string[]> {
  const tables = await database.db.introspection.getTables();
  return tables
    .map((t) => t.name)
    .filter((name) => !name.startsWith('bridge_migration'))
    .sort();
}

describe('openDatabase', () => {
  it('should tell Postgres URLs from SQLite paths', () => {
    expect(isPostgresUrl('postgres://u:p@db/bridge')).toBe(true);
    expect(isPostgresUrl('postgresql://db/bridge')).toBe(true);
    expect(isPostgresUrl('POSTGRES://db/bridge')).toBe(true);
    expect(isPostgresUrl('.crvs-mosip/bridge.db')).toBe(false);
    expect(isPostgresUrl('sqlite:bridge.db')).toBe(false);
  });

  it('should read SQLite paths from plain paths and sqlite: URLs', () => {
    expect(sqlitePathFromUrl('data/bridge.db')).toBe('data/bridge.db');
    expect(sqlitePathFromUrl('sqlite:data/bridge.db')).toBe('data/bridge.db');
    expect(sqlitePathFromUrl('sqlite:///var/lib/bridge.db')).toBe('/var/lib/bridge.db');
    expect(sqlitePathFromUrl('sqlite://data/bridge.db')).toBe('data/bridge.db');
    expect(sqlitePathFromUrl(':memory:')).toBe(':memory:');
    expect(sqlitePathFromUrl('sqlite::memory:')).toBe(':memory:');
    expect(() => sqlitePathFromUrl('sqlite:')).toThrow(RangeError);
  });

  describe('sqlite', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crvs-mosip-open-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('should create the parent directory and set WAL, busy timeout and foreign keys', async () => {
      const database = await openDatabase(`sqlite:${join(dir, 'nested', 'deeper', 'bridge.db')}`, {
        busyTimeoutMs: 1234,
      });
      try {
        expect(database.dialect).toBe('sqlite');
        const pragma = async (name: string) =>
          Object.values(
            (await sql.raw(`pragma ${name}`).execute(database.db)).rows[0] as object,
          )[0] as unknown;
        expect(await pragma('journal_mode')).toBe('wal');
        expect(await pragma('busy_timeout')).toBe(1234);
        expect(await pragma('foreign_keys')).toBe(1);
        expect(await pragma('synchronous')).toBe(2);
      } finally {
        await database.close();
      }
    });

    it('should open and migrate an in-memory database', async () => {
      const database = await openDatabase(':memory:');
      try {
        await migrateToLatest(database);
        expect(await userTables(database)).toEqual(TABLES);
      } finally {
        await database.close();
      }
    });
  });

  describe('postgres', () => {
    it('should parse int8 as numbers on its own pool without changing pg globally', async () => {
      const database = await openDatabase(postgresAdminUrl());
      try {
        expect(database.dialect).toBe('postgres');
        const { rows } = await sql<{
          big: unknown;
          n: unknown;
        }>`select 1741000000123::bigint as big, count(*) as n from pg_database`.execute(database.db);
        expect(rows[0]?.big).toBe(1741000000123);
        expect(typeof rows[0]?.n).toBe('number');
        expect(pg.types.getTypeParser(20, 'text')('5')).toBe('5');
      } finally {
        await database.close();
      }
    });

    it('should refuse an int8 beyond the safe integer range instead of rounding it', async () => {
      const database = await openDatabase(postgresAdminUrl());
      try {
        await expect(sql`select 9007199254740993::bigint as big`.execute(database.db)).rejects.toThrow(
          RangeError,
        );
      } finally {
        await database.close();
      }
    });

    it('should fail to open when the server cannot be reached', async () => {
      const url = new URL(postgresAdminUrl());
      url.port = '1';
      await expect(openDatabase(url.toString(), { connectionTimeoutMs: 2_000 })).rejects.toThrow();
    });
  });
});

describe.each(DIALECTS)('migrateToLatest [%s]', (dialect) => {
  it('should create every table once and be idempotent', async () => {
    const target = await createEmptyDatabase(dialect);
    const database = await openDatabase(target.url);
    try {
      expect(await migrateToLatest(database)).toEqual({ applied: ALL_MIGRATIONS });
      expect(await userTables(database)).toEqual(TABLES);
      expect(await migrateToLatest(database)).toEqual({ applied: [] });
      expect(await userTables(database)).toEqual(TABLES);
    } finally {
      await database.close();
      await target.drop();
    }
  });

  it('should create the documented indexes', async () => {
    const target = await createEmptyDatabase(dialect);
    const database = await openDatabase(target.url);
    try {
      await migrateToLatest(database);
      const indexes =
        dialect === 'postgres'
          ? (
              await sql<{
                name: string;
              }>`select indexname as name from pg_indexes where schemaname = 'public'`.execute(database.db)
            ).rows
          : (
              await sql<{ name: string }>`select name from sqlite_master where type = 'index'`.execute(
                database.db,
              )
            ).rows;
      expect(indexes.map((i) => i.name)).toEqual(
        expect.arrayContaining([
          'registrations_status_idx',
          'registrations_type_idx',
          'registrations_created_idx',
          'registrations_uin_lookup_idx',
          'registration_events_registration_idx',
          'outbox_jobs_status_next_idx',
        ]),
      );
      // The UIN column holds tokens now; only its lookup hash is searched.
      expect(indexes.map((i) => i.name)).not.toContain('registrations_uin_idx');
    } finally {
      await database.close();
      await target.drop();
    }
  });

  it('should let several replicas migrate at once and apply each migration exactly once', async () => {
    const target = await createEmptyDatabase(dialect);
    const replicas = await Promise.all([1, 2, 3].map(() => openDatabase(target.url)));
    try {
      // A SQLite file serves one bridge process; two connections of one process cannot wait for each
      // other's write lock (the driver is synchronous), so there the replicas take turns.
      const outcomes =
        dialect === 'postgres'
          ? await Promise.all(replicas.map((r) => migrateToLatest(r)))
          : [
              await migrateToLatest(replicas[0]!),
              await migrateToLatest(replicas[1]!),
              await migrateToLatest(replicas[2]!),
            ];
      expect(outcomes.flatMap((o) => o.applied)).toEqual(ALL_MIGRATIONS);
      expect(await userTables(replicas[0]!)).toEqual(TABLES);
    } finally {
      await Promise.all(replicas.map((r) => r.close()));
      await target.drop();
    }
  });
});
