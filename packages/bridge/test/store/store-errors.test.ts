import { describe, expect, it } from 'vitest';
import {
  UNIQUE_CONSTRAINTS,
  UniqueViolation,
  translateUniqueViolation,
  uniqueConstraintOf,
} from '../../src/store/index.ts';

describe(uniqueConstraintOf.name, () => {
  it('should read the constraint from a Postgres unique violation', () => {
    expect(uniqueConstraintOf({ code: '23505', constraint: 'registrations_rid_uq' })).toBe(
      'registrations_rid_uq',
    );
    expect(uniqueConstraintOf({ code: '23505', constraint: 'some_other_uq' })).toBeUndefined();
    expect(uniqueConstraintOf({ code: '23503', constraint: 'registrations_rid_uq' })).toBeUndefined();
  });

  it('should map SQLite’s table.column message to the same constraint names', () => {
    const sqlite = (code: string, message: string) => Object.assign(new Error(message), { code });
    expect(
      uniqueConstraintOf(
        sqlite('SQLITE_CONSTRAINT_UNIQUE', 'UNIQUE constraint failed: registrations.request_id'),
      ),
    ).toBe('registrations_request_id_uq');
    expect(
      uniqueConstraintOf(
        sqlite('SQLITE_CONSTRAINT_PRIMARYKEY', 'UNIQUE constraint failed: registrations.id'),
      ),
    ).toBe('registrations_pk');
    expect(
      uniqueConstraintOf(
        sqlite(
          'SQLITE_CONSTRAINT_PRIMARYKEY',
          'UNIQUE constraint failed: rid_sequences.machine_id, rid_sequences.centre_id',
        ),
      ),
    ).toBe('rid_sequences_pk');
    expect(
      uniqueConstraintOf(
        sqlite('SQLITE_CONSTRAINT_NOTNULL', 'NOT NULL constraint failed: registrations.rid'),
      ),
    ).toBeUndefined();
  });

  it('should ignore anything that is not a driver error', () => {
    for (const value of [undefined, null, 'UNIQUE constraint failed: registrations.id', 42, new Error('x')]) {
      expect(uniqueConstraintOf(value)).toBeUndefined();
    }
  });

  it('should describe every constraint it can raise', () => {
    for (const name of Object.keys(UNIQUE_CONSTRAINTS) as (keyof typeof UNIQUE_CONSTRAINTS)[]) {
      expect(new UniqueViolation(name).message).toContain(UNIQUE_CONSTRAINTS[name].table);
    }
  });
});

describe(translateUniqueViolation.name, () => {
  it('should rethrow unique violations typed, with the driver error as cause, and other errors unchanged', async () => {
    const driverError = { code: '23505', constraint: 'outbox_jobs_job_key_uq' };
    const error = await translateUniqueViolation(() => Promise.reject(driverError as unknown as Error)).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UniqueViolation);
    expect(error).toMatchObject({ constraint: 'outbox_jobs_job_key_uq', cause: driverError });
    const other = new Error('connection reset');
    await expect(translateUniqueViolation(() => Promise.reject(other))).rejects.toBe(other);
    expect(await translateUniqueViolation(() => Promise.resolve(7))).toBe(7);
  });
});
