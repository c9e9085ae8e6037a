import { expect, it } from 'vitest';
import { Store } from '../../src/store/index.ts';
import { T0, newRegistration } from '../support/registration-fixtures.ts';
import { describeEachDialect } from '../support/test-database.ts';

describeEachDialect(Store.name, (t) => {
  it('should accept a registration in one transaction: RID, row, event and job', async () => {
    const input = newRegistration();
    const result = await t.store.transaction(async (tx) => {
      const sequence = await tx.ridSequences.next(input.centreId, input.machineId);
      const registration = await tx.registrations.insert({
        ...input,
        rid: `${input.rid.slice(0, 10)}${sequence}`,
      });
      const { job } = await tx.outbox.enqueue(
        {
          jobKey: `deliver:${registration.id}`,
          kind: 'deliver',
          registrationId: registration.id,
          maxAttempts: 5,
        },
        T0,
      );
      return { registration, job };
    });
    expect(await t.store.registrations.findById(input.id)).toEqual(result.registration);
    expect(await t.store.outbox.findByRegistration(input.id)).toEqual([result.job]);
    expect(await t.store.events.listForRegistration(input.id)).toHaveLength(1);
    expect(t.store.dialect).toBe(t.dialect);
  });

  it('should roll every repository back when the unit of work throws', async () => {
    const input = newRegistration();
    await expect(
      t.store.transaction(async (tx) => {
        await tx.ridSequences.next(input.centreId, input.machineId);
        await tx.registrations.insert(input);
        await tx.outbox.enqueue(
          { jobKey: 'deliver:x', kind: 'deliver', registrationId: input.id, maxAttempts: 5 },
          T0,
        );
        await tx.registrations.updateStatus(
          input.id,
          { from: 'accepted', to: 'packet_created', actor: 'worker' },
          T0,
        );
        await tx.apiKeys.insert({ id: 'k1', name: 'crvs', hash: 'h', scopes: ['submit'], createdAt: T0 });
        throw new Error('validation failed late');
      }),
    ).rejects.toThrow('validation failed late');
    expect(await t.store.registrations.findById(input.id)).toBeUndefined();
    expect(await t.store.events.listForRegistration(input.id)).toEqual([]);
    expect(await t.store.outbox.depth()).toMatchObject({ pending: 0 });
    expect(await t.store.ridSequences.current(input.centreId, input.machineId)).toBeUndefined();
    expect(await t.store.apiKeys.findById('k1')).toBeUndefined();
  });

  it('should let callers compose repository calls through an explicit executor', async () => {
    const input = newRegistration();
    await expect(
      t.database.db.transaction().execute(async (trx) => {
        await t.store.registrations.insert(input, trx);
        expect(await t.store.registrations.findById(input.id, trx)).toBeDefined();
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await t.store.registrations.findById(input.id)).toBeUndefined();
  });
});
