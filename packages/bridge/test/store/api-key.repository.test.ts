import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { UniqueViolation } from '../../src/store/index.ts';
import { T0 } from '../support/registration-fixtures.ts';
import { describeEachDialect } from '../support/test-database.ts';

const hash = createHash('sha256').update('secret').digest('hex');

describeEachDialect('ApiKeyRepository', (t) => {
  it('should insert, find and list keys with their scopes', async () => {
    const created = await t.store.apiKeys.insert({
      id: 'k1',
      name: 'CRVS prod',
      hash,
      scopes: ['submit', 'read'],
      createdAt: T0,
    });
    await t.store.apiKeys.insert({ id: 'k0', name: 'ops', hash, scopes: [], createdAt: T0 + 1 });
    expect(created).toEqual({
      id: 'k1',
      name: 'CRVS prod',
      hash,
      scopes: ['submit', 'read'],
      createdAt: T0,
      revokedAt: null,
      lastUsedAt: null,
    });
    expect(await t.store.apiKeys.findById('k1')).toEqual(created);
    expect(await t.store.apiKeys.findById('nope')).toBeUndefined();
    expect((await t.store.apiKeys.list()).map((k) => [k.id, k.scopes])).toEqual([
      ['k1', ['submit', 'read']],
      ['k0', []],
    ]);
  });

  it('should refuse a duplicate id and scopes that cannot be stored', async () => {
    await t.store.apiKeys.insert({ id: 'k1', name: 'a', hash, scopes: ['read'], createdAt: T0 });
    await expect(
      t.store.apiKeys.insert({ id: 'k1', name: 'b', hash, scopes: ['read'], createdAt: T0 }),
    ).rejects.toMatchObject({
      constructor: UniqueViolation,
      constraint: 'api_keys_pk',
    });
    await expect(
      t.store.apiKeys.insert({ id: 'k2', name: 'b', hash, scopes: ['a,b'], createdAt: T0 }),
    ).rejects.toThrow(RangeError);
  });

  it('should record use at most once a minute', async () => {
    await t.store.apiKeys.insert({ id: 'k1', name: 'a', hash, scopes: ['read'], createdAt: T0 });
    expect(await t.store.apiKeys.touch('k1', T0 + 1_000)).toBe(true);
    expect(await t.store.apiKeys.touch('k1', T0 + 30_000)).toBe(false);
    expect(await t.store.apiKeys.touch('k1', T0 + 61_000)).toBe(true);
    expect(await t.store.apiKeys.touch('nope', T0)).toBe(false);
    expect((await t.store.apiKeys.findById('k1'))?.lastUsedAt).toBe(T0 + 61_000);
  });

  it('should revoke once and keep the first revocation time', async () => {
    await t.store.apiKeys.insert({ id: 'k1', name: 'a', hash, scopes: ['read'], createdAt: T0 });
    expect(await t.store.apiKeys.revoke('k1', T0 + 5)).toBe(true);
    expect(await t.store.apiKeys.revoke('k1', T0 + 9)).toBe(false);
    expect(await t.store.apiKeys.revoke('nope', T0 + 9)).toBe(false);
    expect((await t.store.apiKeys.findById('k1'))?.revokedAt).toBe(T0 + 5);
  });
});
