import { existsSync, readFileSync } from 'node:fs';
import { Migrator } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  PayloadCipher,
  Store,
  bridgeMigrations,
  migrateToLatest,
  openDatabase,
  type DialectName,
  type Registration,
} from '../../src/store/index.ts';
import { DIALECTS, createEmptyDatabase, describeEachDialect } from '../support/test-database.ts';
import { T0, newRegistration } from '../support/registration-fixtures.ts';

/** A UIN no fixture contains by chance, to look for in raw database bytes and columns. */
const UIN = '5820194736';

function rawBytes(path: string): Buffer {
  return Buffer.concat(
    [path, `${path}-wal`, `${path}-shm`].filter((p) => existsSync(p)).map((p) => readFileSync(p)),
  );
}

/** Takes a new registration to `uin_issued` with `uin`. */
async function issue(store: Store, uin: string, createdAt?: number): Promise<Registration> {
  const r = await store.registrations.insert(newRegistration(createdAt === undefined ? {} : { createdAt }));
  await store.registrations.updateStatus(r.id, { from: 'accepted', to: 'processing', actor: 'worker' }, T0);
  await store.registrations.updateStatus(
    r.id,
    { from: 'processing', to: 'processed', actor: 'tracker', uin },
    T0 + 1,
  );
  await store.registrations.updateStatus(
    r.id,
    { from: 'processed', to: 'uin_issued', actor: 'tracker' },
    T0 + 2,
  );
  return r;
}

describe('registration UINs at rest [sqlite file]', () => {
  it('should never write the UIN in clear to the database files', async () => {
    const target = await createEmptyDatabase('sqlite');
    try {
      const database = await openDatabase(target.url);
      await migrateToLatest(database);
      const store = new Store(database, { cipher: new PayloadCipher(PayloadCipher.generateKey()) });
      const r = await issue(store, UIN);
      expect((await store.registrations.findByUin(UIN))?.id).toBe(r.id);
      for (const moment of ['open', 'closed'] as const) {
        if (moment === 'closed') await database.close();
        const bytes = rawBytes(target.url);
        expect(bytes.includes(r.rid), `the RID is stored in clear (${moment}), so the search works`).toBe(
          true,
        );
        expect(bytes.includes(UIN), `UIN in the raw bytes (${moment})`).toBe(false);
      }
    } finally {
      await target.drop();
    }
  });
});

describeEachDialect('registration UINs at rest', (t) => {
  const raw = (id: string) =>
    t.database.db
      .selectFrom('registrations')
      .select(['uin', 'uin_lookup'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('should store only a v1 token and a lookup hash, and return the UIN decrypted', async () => {
    const r = await issue(t.store, UIN);
    const row = await raw(r.id);
    expect(row.uin).toMatch(/^v1\./);
    expect(row.uin).not.toContain(UIN);
    expect(row.uin_lookup).toBe(t.cipher.lookupHash(UIN));
    expect(row.uin_lookup).not.toContain(UIN);
    expect(t.cipher.decrypt(row.uin!, `${r.id}:uin`)).toBe(UIN);

    expect((await t.store.registrations.findById(r.id))?.uin).toBe(UIN);
    expect((await t.store.registrations.findByRid(r.rid))?.uin).toBe(UIN);
    expect((await t.store.registrations.findByAnyId(r.requestId))?.uin).toBe(UIN);
    expect((await t.store.registrations.list({ limit: 10 })).items.map((i) => i.uin)).toEqual([UIN]);
    expect((await t.store.registrations.findByUin(UIN))?.id).toBe(r.id);
    expect(await t.store.registrations.findByUin('5820194737')).toBeUndefined();
    const feed = await t.store.events.listFeed(0, T0 + 1e9, 100);
    expect(feed.map((e) => e.uin)).toEqual(feed.map(() => UIN));
  });

  it('should find the most recent of two registrations with the same UIN (a death after a birth)', async () => {
    const birth = await issue(t.store, UIN, T0 + 100);
    const death = await issue(t.store, UIN, T0 + 200);
    const [birthRow, deathRow] = [await raw(birth.id), await raw(death.id)];
    expect(birthRow.uin_lookup).toBe(deathRow.uin_lookup);
    expect(birthRow.uin).not.toBe(deathRow.uin);
    expect((await t.store.registrations.findByUin(UIN))?.id).toBe(death.id);
    expect((await t.store.registrations.findById(birth.id))?.uin).toBe(UIN);
  });

  it('should not decrypt a UIN token copied onto another registration', async () => {
    const r = await issue(t.store, UIN);
    const other = await t.store.registrations.insert(newRegistration());
    const row = await raw(r.id);
    await t.database.db.updateTable('registrations').set(row).where('id', '=', other.id).execute();
    await expect(t.store.registrations.findById(other.id)).rejects.toThrow(/does not authenticate/);
    await expect(t.store.events.listFeed(0, T0 + 1e9, 100)).rejects.toThrow(/does not authenticate/);
  });

  it('should read, find and then encrypt a clear-text UIN left from before migration 0003', async () => {
    const r = await t.store.registrations.insert(newRegistration());
    await t.database.db
      .updateTable('registrations')
      .set({ uin: UIN, uin_lookup: null })
      .where('id', '=', r.id)
      .execute();
    expect((await t.store.registrations.findById(r.id))?.uin).toBe(UIN);
    expect((await t.store.registrations.findByUin(UIN))?.id).toBe(r.id);

    expect(await migrateToLatest(t.database, { cipher: t.cipher })).toEqual({ applied: [] });
    const row = await raw(r.id);
    expect(row.uin).toMatch(/^v1\./);
    expect(row.uin_lookup).toBe(t.cipher.lookupHash(UIN));
    expect((await t.store.registrations.findByUin(UIN))?.uin).toBe(UIN);
    expect(await t.store.registrations.encryptLegacyUins()).toBe(0);
  });
});

describe.each(DIALECTS)('migration 0003_uin_encrypted [%s]', (dialect: DialectName) => {
  it('should encrypt the clear-text UINs of a database from before it', async () => {
    const target = await createEmptyDatabase(dialect);
    const database = await openDatabase(target.url);
    try {
      const {
        ['0003_uin_encrypted']: _uin,
        ['0004_dashboard_sessions']: _sessions,
        ['0005_status_indexes']: _indexes,
        ...before
      } = bridgeMigrations(dialect);
      const migrator = new Migrator({
        db: database.db,
        provider: { getMigrations: () => Promise.resolve(before) },
        migrationTableName: 'bridge_migration',
        migrationLockTableName: 'bridge_migration_lock',
      });
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const input = newRegistration();
      const { uin_lookup: _none, ...legacy } = {
        id: input.id,
        request_id: input.requestId,
        request_hash: input.requestHash,
        type: input.type,
        process: input.process,
        source: input.source,
        status: 'uin_issued' as const,
        rid: input.rid,
        centre_id: input.centreId,
        machine_id: input.machineId,
        payload: null,
        uin: UIN,
        uin_lookup: null,
        created_at: T0,
        updated_at: T0,
        terminal_at: T0,
        purged_at: null,
      };
      await database.db.insertInto('registrations').values(legacy).execute();

      const cipher = new PayloadCipher(PayloadCipher.generateKey());
      expect(await migrateToLatest(database, { cipher })).toEqual({
        applied: ['0003_uin_encrypted', '0004_dashboard_sessions', '0005_status_indexes'],
      });
      const row = await database.db
        .selectFrom('registrations')
        .select(['uin', 'uin_lookup'])
        .where('id', '=', input.id)
        .executeTakeFirstOrThrow();
      expect(row.uin).toMatch(/^v1\./);
      expect(row.uin_lookup).toBe(cipher.lookupHash(UIN));
      const store = new Store(database, { cipher });
      expect((await store.registrations.findByUin(UIN))?.id).toBe(input.id);
    } finally {
      await database.close();
      await target.drop();
    }
  });
});
