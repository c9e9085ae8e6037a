import Sqlite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import pg from 'pg';
import type { BridgeSchema } from './schema.ts';

/** The two supported SQL dialects. */
export type DialectName = 'sqlite' | 'postgres';

/** An open bridge database. */
export interface BridgeDatabase {
  db: Kysely<BridgeSchema>;
  dialect: DialectName;
  /** Ends the Postgres pool or closes the SQLite file (checkpointing its WAL). */
  close(): Promise<void>;
}

/** Options of `openDatabase`. */
export interface OpenDatabaseOptions {
  /** Postgres: connections in the pool. (Default: 10) */
  poolSize?: number;
  /** Postgres: how long to wait for a connection from the server or the pool. (Default: 10000) */
  connectionTimeoutMs?: number;
  /** Postgres: `application_name`, visible in `pg_stat_activity`. (Default: "crvs-mosip-bridge") */
  applicationName?: string;
  /**
   * Postgres: called when an idle pooled connection fails (server restart, network cut). Without a
   * listener pg would crash the process; the next query reconnects. (Default: the error is ignored)
   */
  onPoolError?: (error: Error) => void;
  /** SQLite: how long a writer waits for another process's lock before SQLITE_BUSY. (Default: 5000) */
  busyTimeoutMs?: number;
}

const POSTGRES_URL = /^postgres(ql)?:\/\//i;
const INT8_OID = 20;

/**
 * Postgres returns int8 (our epoch-ms columns, `count(*)`) as strings. Parsing them as numbers on this
 * pool's own type set keeps other pg users in the process unaffected; epoch milliseconds and counters
 * stay far below 2^53, and anything above is refused instead of silently rounded.
 */
function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} exceeds the safe integer range`);
  return n;
}

const builtinParser = pg.types.getTypeParser as (
  oid: number,
  format: 'text' | 'binary',
) => (value: string) => unknown;

const poolTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format: 'text' | 'binary' = 'text') =>
    oid === INT8_OID && format === 'text'
      ? parseInt8
      : builtinParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * The SQLite file a URL names: `sqlite:<path>`, `sqlite://<path>`, a plain path, or `:memory:`.
 * @param url - the database URL from configuration
 * @returns the file path (or `:memory:`)
 */
export function sqlitePathFromUrl(url: string): string {
  let path = url;
  if (path.startsWith('sqlite:')) path = path.slice('sqlite:'.length);
  if (path.startsWith('//')) path = path.slice(2);
  if (path === '') throw new RangeError('the SQLite database URL names no file');
  return path;
}

/** Whether `url` selects Postgres (else it is a SQLite file). */
export function isPostgresUrl(url: string): boolean {
  return POSTGRES_URL.test(url);
}

function openPostgres(url: string, options: OpenDatabaseOptions): BridgeDatabase {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
    application_name: options.applicationName ?? 'crvs-mosip-bridge',
    types: poolTypes,
  });
  pool.on('error', (error) => options.onPoolError?.(error));
  const db = new Kysely<BridgeSchema>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

function openSqlite(url: string, options: OpenDatabaseOptions): BridgeDatabase {
  const path = sqlitePathFromUrl(url);
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const file = new Sqlite(path);
  try {
    // WAL lets readers (dashboard, status API) proceed while the worker writes.
    file.pragma('journal_mode = WAL');
    // FULL, not NORMAL: a 202 promises the registration is durable, even across a power cut.
    file.pragma('synchronous = FULL');
    file.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5_000)}`);
    file.pragma('foreign_keys = ON');
  } catch (error) {
    file.close();
    throw error;
  }
  const db = new Kysely<BridgeSchema>({ dialect: new SqliteDialect({ database: file }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

/**
 * Opens the bridge database named by `url`: `postgres://…` or `postgresql://…` opens a pg pool; anything
 * else is a SQLite file (see `sqlitePathFromUrl`), created with its parent directory when missing.
 * Call `migrateToLatest` before use.
 * @param url - database URL or SQLite path
 * @param options - pool and locking settings
 * @returns the open database; the caller closes it
 */
export async function openDatabase(url: string, options: OpenDatabaseOptions = {}): Promise<BridgeDatabase> {
  if (!isPostgresUrl(url)) return openSqlite(url, options);
  const database = openPostgres(url, options);
  try {
    // Fail at start-up on a wrong URL or password rather than on the first registration.
    await sql`select 1`.execute(database.db);
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}
