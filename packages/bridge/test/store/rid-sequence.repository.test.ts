import { SEQUENCE_MAX, nextRidSequence } from '@crvs-mosip/contracts';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../support/test-database.ts';

describeEachDialect('RidSequenceRepository', (t) => {
  it('should count from 1 per centre and machine', async () => {
    expect(await t.store.ridSequences.current('10001', '20001')).toBeUndefined();
    expect(await t.store.ridSequences.next('10001', '20001')).toBe(1);
    expect(await t.store.ridSequences.next('10001', '20001')).toBe(2);
    expect(await t.store.ridSequences.next('10001', '20002')).toBe(1);
    expect(await t.store.ridSequences.next('10002', '20001')).toBe(1);
    expect(await t.store.ridSequences.current('10001', '20001')).toBe(2);
  });

  it('should wrap from 99999 to 1 exactly as nextRidSequence does', async () => {
    await t.store.ridSequences.set('10001', '20001', SEQUENCE_MAX - 1);
    const seen = [];
    for (let i = 0; i < 3; i++) seen.push(await t.store.ridSequences.next('10001', '20001'));
    expect(seen).toEqual([SEQUENCE_MAX, 1, 2]);
    expect(seen).toEqual([
      nextRidSequence(SEQUENCE_MAX - 1),
      nextRidSequence(SEQUENCE_MAX),
      nextRidSequence(nextRidSequence(SEQUENCE_MAX)),
    ]);
  });

  it('should continue after a seeded counter and refuse values outside the sequence range', async () => {
    await t.store.ridSequences.set('10001', '20001', 41);
    expect(await t.store.ridSequences.next('10001', '20001')).toBe(42);
    await expect(t.store.ridSequences.set('10001', '20001', SEQUENCE_MAX + 1)).rejects.toThrow(RangeError);
    await expect(t.store.ridSequences.set('10001', '20001', -1)).rejects.toThrow(RangeError);
    await expect(t.store.ridSequences.set('10001', '20001', 1.5)).rejects.toThrow(RangeError);
  });

  it('should give back the number when the transaction that took it rolls back', async () => {
    await t.store.ridSequences.next('10001', '20001');
    await expect(
      t.store.transaction(async (tx) => {
        expect(await tx.ridSequences.next('10001', '20001')).toBe(2);
        throw new Error('registration rejected');
      }),
    ).rejects.toThrow('registration rejected');
    expect(await t.store.ridSequences.next('10001', '20001')).toBe(2);
  });

  it('should hand out 500 distinct numbers to 500 concurrent callers', async () => {
    // Postgres: five pooled connections contend for one row lock. SQLite: a second connection to the file.
    const pool = await t.open({ poolSize: 5 });
    const callers = Array.from({ length: 500 }, () => t.store.ridSequences.next('10001', '20001', pool.db));
    const numbers = await Promise.all(callers);
    expect(new Set(numbers).size).toBe(500);
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
  });

  it('should stay unique across the wrap under concurrency', async () => {
    await t.store.ridSequences.set('10001', '20001', SEQUENCE_MAX - 100);
    const other = await t.open({ poolSize: 5 });
    const numbers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        t.store.ridSequences.next('10001', '20001', i % 2 ? other.db : undefined),
      ),
    );
    const expected = [
      ...Array.from({ length: 100 }, (_, i) => SEQUENCE_MAX - 99 + i),
      ...Array.from({ length: 100 }, (_, i) => i + 1),
    ].sort((a, b) => a - b);
    expect([...numbers].sort((a, b) => a - b)).toEqual(expected);
  });
});
