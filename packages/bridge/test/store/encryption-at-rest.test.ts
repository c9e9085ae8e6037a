import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PayloadCipher, Store, migrateToLatest, openDatabase } from '../../src/store/index.ts';
import { DISTINCTIVE_NAME, newRegistration } from '../support/registration-fixtures.ts';
import { createEmptyDatabase, describeEachDialect } from '../support/test-database.ts';

const DATE_OF_BIRTH = '2025/02/27';

/** Every byte SQLite keeps for the database: the main file, and the WAL and shared-memory files if present. */
function rawBytes(path: string): Buffer {
  return Buffer.concat(
    [path, `${path}-wal`, `${path}-shm`].filter((p) => existsSync(p)).map((p) => readFileSync(p)),
  );
}

describe('registration payloads at rest [sqlite file]', () => {
  it('should never write a registrant’s name or date of birth to the database files', async () => {
    const target = await createEmptyDatabase('sqlite');
    try {
      const database = await openDatabase(target.url);
      await migrateToLatest(database);
      const store = new Store(database, { cipher: new PayloadCipher(PayloadCipher.generateKey()) });
      const input = newRegistration();
      expect(JSON.stringify(input.payload)).toContain(DISTINCTIVE_NAME);
      await store.registrations.insert(input);
      await store.outbox.enqueue(
        { jobKey: `deliver:${input.id}`, kind: 'deliver', registrationId: input.id, maxAttempts: 3 },
        input.createdAt,
      );

      // While open, the new rows sit in the WAL; after close they are checkpointed into the main file.
      for (const moment of ['open', 'closed'] as const) {
        if (moment === 'closed') await database.close();
        const bytes = rawBytes(target.url);
        expect(bytes.includes(input.rid), `the RID is stored in clear (${moment}), so the search works`).toBe(
          true,
        );
        expect(bytes.includes(DISTINCTIVE_NAME), `name in the raw bytes (${moment})`).toBe(false);
        expect(bytes.includes(DATE_OF_BIRTH), `date of birth in the raw bytes (${moment})`).toBe(false);
      }
    } finally {
      await target.drop();
    }
  });
});

describeEachDialect('registration payloads at rest', (t) => {
  it('should store only a v1 token in the payload column, bound to its row', async () => {
    const input = newRegistration();
    await t.store.registrations.insert(input);
    const row = await t.database.db
      .selectFrom('registrations')
      .select('payload')
      .where('id', '=', input.id)
      .executeTakeFirstOrThrow();
    expect(row.payload).toMatch(/^v1\./);
    expect(row.payload).not.toContain(DISTINCTIVE_NAME);
    expect(row.payload).not.toContain(DATE_OF_BIRTH);
    expect(t.cipher.decrypt(row.payload!, input.id)).toContain(DISTINCTIVE_NAME);

    // A payload copied onto another registration's row does not decrypt there.
    const other = newRegistration();
    await t.store.registrations.insert(other);
    await t.database.db
      .updateTable('registrations')
      .set({ payload: row.payload })
      .where('id', '=', other.id)
      .execute();
    await expect(t.store.registrations.loadPayload(other.id)).rejects.toThrow(/does not authenticate/);
  });
});
