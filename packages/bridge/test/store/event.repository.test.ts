import { expect, it } from 'vitest';
import { T0, newRegistration } from '../support/registration-fixtures.ts';
import { describeEachDialect } from '../support/test-database.ts';

describeEachDialect('EventRepository', (t) => {
  it('should append events and list a registration’s timeline in order', async () => {
    const r = await t.store.registrations.insert(newRegistration());
    const other = await t.store.registrations.insert(newRegistration());
    const appended = await t.store.events.append({
      registrationId: r.id,
      at: T0 + 5,
      fromStatus: 'accepted',
      toStatus: 'accepted',
      actor: 'worker',
      code: 'KER-ATH-401',
      message: 'token expired; retrying',
    });
    await t.store.events.append({
      registrationId: other.id,
      at: T0 + 6,
      fromStatus: null,
      toStatus: 'accepted',
      actor: 'system',
    });
    await t.store.events.append({
      registrationId: r.id,
      at: T0 + 7,
      fromStatus: 'accepted',
      toStatus: 'failed',
      actor: 'operator:k9',
    });

    expect(appended).toMatchObject({
      registrationId: r.id,
      code: 'KER-ATH-401',
      message: 'token expired; retrying',
    });
    expect(typeof appended.id).toBe('number');
    const timeline = await t.store.events.listForRegistration(r.id);
    expect(timeline.map((e) => [e.toStatus, e.actor, e.at])).toEqual([
      ['accepted', 'api', r.createdAt],
      ['accepted', 'worker', T0 + 5],
      ['failed', 'operator:k9', T0 + 7],
    ]);
    expect(timeline.map((e) => e.id)).toEqual([...timeline.map((e) => e.id)].sort((a, b) => a - b));
    expect(await t.store.events.listForRegistration('missing')).toEqual([]);
  });

  it('should refuse an event for a registration that does not exist', async () => {
    await expect(
      t.store.events.append({
        registrationId: 'missing',
        at: T0,
        fromStatus: null,
        toStatus: 'accepted',
        actor: 'api',
      }),
    ).rejects.toThrow();
  });
});
