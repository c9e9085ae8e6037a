/**
 * Typed errors of the storage layer. Repositories never throw HTTP errors; services translate these
 * (a `UniqueViolation` on `registrations_request_id_uq` becomes "the same request again" or a 409).
 */

/**
 * Every unique constraint the migrations create, by the name used on both dialects. Postgres reports the
 * name; SQLite only reports `table.column`, so the columns identify the constraint there.
 */
export const UNIQUE_CONSTRAINTS = {
  registrations_pk: { table: 'registrations', columns: ['id'] },
  registrations_request_id_uq: { table: 'registrations', columns: ['request_id'] },
  registrations_rid_uq: { table: 'registrations', columns: ['rid'] },
  outbox_jobs_job_key_uq: { table: 'outbox_jobs', columns: ['job_key'] },
  rid_sequences_pk: { table: 'rid_sequences', columns: ['centre_id', 'machine_id'] },
  api_keys_pk: { table: 'api_keys', columns: ['id'] },
} as const satisfies Record<string, { table: string; columns: readonly string[] }>;

export type UniqueConstraint = keyof typeof UNIQUE_CONSTRAINTS;

/** An insert or update hit a unique constraint. */
export class UniqueViolation extends Error {
  override readonly name = 'UniqueViolation';
  readonly code = 'STORE_UNIQUE_VIOLATION';

  constructor(
    /** The violated constraint, the same name on SQLite and Postgres. */
    readonly constraint: UniqueConstraint,
    options?: { cause?: unknown },
  ) {
    const { table, columns } = UNIQUE_CONSTRAINTS[constraint];
    super(`unique constraint ${constraint} violated (${table}: ${columns.join(', ')})`, options);
  }
}

/** A pagination cursor that this store did not produce (or that was altered). */
export class InvalidCursor extends Error {
  override readonly name = 'InvalidCursor';
  readonly code = 'STORE_INVALID_CURSOR';

  constructor() {
    super('the cursor is not one returned by a previous page');
  }
}

/** Migrations did not reach the latest version; `cause` is the failing migration's error. */
export class MigrationFailed extends Error {
  override readonly name = 'MigrationFailed';
  readonly code = 'STORE_MIGRATION_FAILED';

  constructor(
    /** The migration that failed, when the migrator names one. */
    readonly migration: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(`database migration ${migration ?? '(setup)'} failed`, options);
  }
}

function findByColumns(table: string, columns: string[]): UniqueConstraint | undefined {
  const key = [...columns].sort().join(',');
  return (Object.keys(UNIQUE_CONSTRAINTS) as UniqueConstraint[]).find((name) => {
    const c = UNIQUE_CONSTRAINTS[name];
    return c.table === table && [...c.columns].sort().join(',') === key;
  });
}

/**
 * Recognises a driver's unique-violation error (pg `23505`, better-sqlite3 `SQLITE_CONSTRAINT_UNIQUE` /
 * `_PRIMARYKEY`) and returns the constraint it names, or undefined for any other error.
 */
export function uniqueConstraintOf(error: unknown): UniqueConstraint | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown };
  if (e.code === '23505' && typeof e.constraint === 'string') {
    return e.constraint in UNIQUE_CONSTRAINTS ? (e.constraint as UniqueConstraint) : undefined;
  }
  if (
    (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') &&
    typeof e.message === 'string'
  ) {
    // better-sqlite3: "UNIQUE constraint failed: registrations.request_id" (or "t.a, t.b" for composites).
    const match = /constraint failed: (.+)$/.exec(e.message);
    if (!match?.[1]) return undefined;
    const parts = match[1].split(',').map((s) => s.trim().split('.'));
    const table = parts[0]?.[0];
    if (table === undefined) return undefined;
    return findByColumns(
      table,
      parts.map((p) => p[1] ?? ''),
    );
  }
  return undefined;
}

/**
 * Runs a write and rethrows a unique-constraint failure as `UniqueViolation`. On Postgres the failed
 * statement aborts the surrounding transaction, so a caller that wants to recover must do so outside it.
 */
export async function translateUniqueViolation<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const constraint = uniqueConstraintOf(error);
    if (constraint) throw new UniqueViolation(constraint, { cause: error });
    throw error;
  }
}
