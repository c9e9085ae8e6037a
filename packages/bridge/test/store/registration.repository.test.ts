import { expect, it } from 'vitest';
import {
  InvalidCursor,
  UniqueViolation,
  type EventActor,
  type RegistrationStatus,
} from '../../src/store/index.ts';
import { T0, birthPayload, newRegistration } from '../support/registration-fixtures.ts';
import { describeEachDialect } from '../support/test-database.ts';

describeEachDialect('RegistrationRepository', (t) => {
  it('should insert a registration and find it by id, RID, requestId and any of them', async () => {
    const input = newRegistration();
    const inserted = await t.store.registrations.insert(input);

    expect(inserted).toMatchObject({
      id: input.id,
      requestId: input.requestId,
      rid: input.rid,
      status: 'accepted',
      attempts: 0,
      uin: null,
      createdAt: input.createdAt,
      updatedAt: input.createdAt,
      terminalAt: null,
      purgedAt: null,
    });
    expect(await t.store.registrations.findById(input.id)).toEqual(inserted);
    expect(await t.store.registrations.findByRid(input.rid)).toEqual(inserted);
    expect(await t.store.registrations.findByRequestId(input.requestId)).toEqual(inserted);
    for (const key of [input.id, input.rid, input.requestId]) {
      expect(await t.store.registrations.findByAnyId(key)).toEqual(inserted);
    }
    expect(await t.store.registrations.findByAnyId('nope')).toBeUndefined();
    expect(await t.store.registrations.findById('00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });

  it('should prefer the uuid when one registration uses another one’s uuid as requestId', async () => {
    const first = await t.store.registrations.insert(newRegistration());
    await t.store.registrations.insert(newRegistration({ requestId: first.id }));
    expect((await t.store.registrations.findByAnyId(first.id))?.id).toBe(first.id);
  });

  it('should append the accepted event with the registration', async () => {
    const input = newRegistration({ actor: 'operator:key1' });
    await t.store.registrations.insert(input);
    expect(await t.store.events.listForRegistration(input.id)).toEqual([
      expect.objectContaining({
        registrationId: input.id,
        at: input.createdAt,
        fromStatus: null,
        toStatus: 'accepted',
        actor: 'operator:key1',
        code: null,
        message: null,
      }),
    ]);
  });

  it('should report a reused requestId, RID or id as UniqueViolation and write nothing', async () => {
    const first = newRegistration();
    await t.store.registrations.insert(first);
    const cases = [
      [newRegistration({ requestId: first.requestId }), 'registrations_request_id_uq'],
      [newRegistration({ rid: first.rid }), 'registrations_rid_uq'],
      [newRegistration({ id: first.id }), 'registrations_pk'],
    ] as const;
    for (const [input, constraint] of cases) {
      const error = await t.store.registrations.insert(input).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UniqueViolation);
      expect(error).toMatchObject({ constraint, code: 'STORE_UNIQUE_VIOLATION' });
    }
    expect((await t.store.registrations.list({ limit: 10 })).items).toHaveLength(1);
    expect(await t.store.events.listForRegistration(first.id)).toHaveLength(1);
  });

  it('should page with a keyset on (created_at, id), newest first, ties included', async () => {
    // Five registrations share each creation time, so pages split inside groups of equal created_at.
    const inserted = [];
    for (let i = 0; i < 25; i++) {
      inserted.push(
        await t.store.registrations.insert(newRegistration({ createdAt: T0 + Math.floor(i / 5) * 1000 })),
      );
    }
    const expected = [...inserted]
      .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .map((r) => r.id);

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await t.store.registrations.list({ limit: 7, ...(cursor && { cursor }) });
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(seen).toEqual(expected);

    const ascending = await t.store.registrations.list({ limit: 25, order: 'asc' });
    expect(ascending.items.map((r) => r.id)).toEqual([...expected].reverse());
    expect(ascending.nextCursor).toBeNull();
  });

  it('should filter by status, type and since', async () => {
    const birth = await t.store.registrations.insert(newRegistration({ createdAt: T0 }));
    const death = await t.store.registrations.insert(
      newRegistration({ type: 'death', process: 'CRVS_DEATH', createdAt: T0 + 10 }),
    );
    const late = await t.store.registrations.insert(newRegistration({ createdAt: T0 + 20 }));
    await t.store.registrations.updateStatus(
      late.id,
      { from: 'accepted', to: 'packet_created', actor: 'worker' },
      T0 + 30,
    );

    const ids = async (query: Parameters<typeof t.store.registrations.list>[0]) =>
      (await t.store.registrations.list(query)).items.map((r) => r.id);
    expect(await ids({ limit: 10, type: 'death' })).toEqual([death.id]);
    expect(await ids({ limit: 10, status: 'packet_created' })).toEqual([late.id]);
    expect(await ids({ limit: 10, status: ['accepted', 'packet_created'], type: 'birth' })).toEqual([
      late.id,
      birth.id,
    ]);
    expect(await ids({ limit: 10, since: T0 + 10 })).toEqual([late.id, death.id]);
    expect(await ids({ limit: 10, since: T0 + 10, status: 'accepted' })).toEqual([death.id]);
  });

  it('should refuse a forged cursor and a page size out of range', async () => {
    await expect(t.store.registrations.list({ limit: 10, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(
      InvalidCursor,
    );
    const forged = Buffer.from(JSON.stringify(['x', 1])).toString('base64url');
    await expect(t.store.registrations.list({ limit: 10, cursor: forged })).rejects.toBeInstanceOf(
      InvalidCursor,
    );
    await expect(t.store.registrations.list({ limit: 0 })).rejects.toThrow(RangeError);
    await expect(t.store.registrations.list({ limit: 1001 })).rejects.toThrow(RangeError);
  });

  it('should apply a transition only from the expected status and append its event', async () => {
    const r = await t.store.registrations.insert(newRegistration());
    const transition = {
      from: 'accepted',
      to: 'packet_created',
      actor: 'worker',
      code: 'OK',
      message: 'packet',
    } as const;

    expect(await t.store.registrations.updateStatus(r.id, transition, T0 + 100)).toBe(true);
    expect(await t.store.registrations.updateStatus(r.id, transition, T0 + 200)).toBe(false);
    expect(await t.store.registrations.updateStatus('missing', transition, T0 + 200)).toBe(false);

    expect(await t.store.registrations.findById(r.id)).toMatchObject({
      status: 'packet_created',
      updatedAt: T0 + 100,
      lastCode: 'OK',
      lastMessage: 'packet',
      terminalAt: null,
    });
    const events = await t.store.events.listForRegistration(r.id);
    expect(events.map((e) => [e.fromStatus, e.toStatus, e.actor, e.code, e.at])).toEqual([
      [null, 'accepted', 'api', null, r.createdAt],
      ['accepted', 'packet_created', 'worker', 'OK', T0 + 100],
    ]);
  });

  it('should record the UIN and terminal time, and clear terminal time when an operator retries', async () => {
    const r = await t.store.registrations.insert(newRegistration());
    const path: [RegistrationStatus, RegistrationStatus][] = [
      ['accepted', 'packet_created'],
      ['packet_created', 'processing'],
    ];
    for (const [from, to] of path) {
      expect(await t.store.registrations.updateStatus(r.id, { from, to, actor: 'worker' }, T0 + 1)).toBe(
        true,
      );
    }
    await t.store.registrations.updateStatus(
      r.id,
      { from: 'processing', to: 'processed', actor: 'tracker', uin: '7392018465' },
      T0 + 2,
    );
    await t.store.registrations.updateStatus(
      r.id,
      { from: 'processed', to: 'uin_issued', actor: 'tracker' },
      T0 + 3,
    );
    expect(await t.store.registrations.findById(r.id)).toMatchObject({
      uin: '7392018465',
      terminalAt: T0 + 3,
    });
    expect((await t.store.registrations.findByUin('7392018465'))?.id).toBe(r.id);

    const other = await t.store.registrations.insert(newRegistration());
    await t.store.registrations.updateStatus(
      other.id,
      { from: 'accepted', to: 'failed', actor: 'worker' },
      T0 + 4,
    );
    expect((await t.store.registrations.findById(other.id))?.terminalAt).toBe(T0 + 4);
    await t.store.registrations.updateStatus(
      other.id,
      { from: 'failed', to: 'accepted', actor: 'operator:k1' },
      T0 + 5,
    );
    expect((await t.store.registrations.findById(other.id))?.terminalAt).toBeNull();
  });

  it('should let exactly one of two racing transitions win', async () => {
    const r = await t.store.registrations.insert(newRegistration());
    // On Postgres the second transition runs on another pool, so the race is real.
    const other = t.dialect === 'postgres' ? (await t.open()).db : t.database.db;
    const results = await Promise.all([
      t.store.registrations.updateStatus(
        r.id,
        { from: 'accepted', to: 'packet_created', actor: 'worker' },
        T0 + 1,
      ),
      t.store.registrations.updateStatus(
        r.id,
        { from: 'accepted', to: 'failed', actor: 'operator:k' },
        T0 + 1,
        other,
      ),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await t.store.events.listForRegistration(r.id)).toHaveLength(2);
  });

  it('should roll the status back when its event cannot be written', async () => {
    const r = await t.store.registrations.insert(newRegistration());
    const invalidActor = null as unknown as EventActor;
    await expect(
      t.store.registrations.updateStatus(
        r.id,
        { from: 'accepted', to: 'packet_created', actor: invalidActor },
        T0 + 1,
      ),
    ).rejects.toThrow();
    expect((await t.store.registrations.findById(r.id))?.status).toBe('accepted');
    expect(await t.store.events.listForRegistration(r.id)).toHaveLength(1);
  });

  it('should count attempts, keep the last error and count by status', async () => {
    const r = await t.store.registrations.insert(newRegistration());
    await t.store.registrations.insert(newRegistration());
    expect(await t.store.registrations.incrementAttempts(r.id, T0 + 1)).toBe(1);
    expect(await t.store.registrations.incrementAttempts(r.id, T0 + 2)).toBe(2);
    expect(await t.store.registrations.incrementAttempts('missing', T0 + 2)).toBeUndefined();
    expect(
      await t.store.registrations.setLastError(r.id, { code: 'KER-PUT-027', message: 'unavailable' }, T0 + 3),
    ).toBe(true);
    expect(await t.store.registrations.setLastError('missing', { code: null, message: null }, T0 + 3)).toBe(
      false,
    );
    expect(await t.store.registrations.findById(r.id)).toMatchObject({
      attempts: 2,
      lastCode: 'KER-PUT-027',
      lastMessage: 'unavailable',
      updatedAt: T0 + 3,
    });
    await t.store.registrations.updateStatus(
      r.id,
      { from: 'accepted', to: 'packet_created', actor: 'worker' },
      T0 + 4,
    );
    expect(await t.store.registrations.countByStatus()).toEqual({
      accepted: 1,
      packet_created: 1,
      processing: 0,
      processed: 0,
      uin_issued: 0,
      completed: 0,
      rejected: 0,
      failed: 0,
    });
  });

  it('should decrypt the payload on demand and purge it after retention, keeping the row', async () => {
    const done = await t.store.registrations.insert(newRegistration());
    const recent = await t.store.registrations.insert(newRegistration());
    const open = await t.store.registrations.insert(newRegistration());
    expect(await t.store.registrations.loadPayload(done.id)).toEqual(birthPayload(done.rid));

    await t.store.registrations.updateStatus(
      done.id,
      { from: 'accepted', to: 'rejected', actor: 'worker' },
      T0 + 1_000,
    );
    await t.store.registrations.updateStatus(
      recent.id,
      { from: 'accepted', to: 'rejected', actor: 'worker' },
      T0 + 5_000,
    );

    expect(await t.store.registrations.purgePayloads(T0 + 2_000, T0 + 10_000)).toBe(1);
    expect(await t.store.registrations.purgePayloads(T0 + 2_000, T0 + 11_000)).toBe(0);
    expect(await t.store.registrations.loadPayload(done.id)).toBeUndefined();
    expect(await t.store.registrations.findById(done.id)).toMatchObject({
      purgedAt: T0 + 10_000,
      rid: done.rid,
    });
    expect(await t.store.registrations.loadPayload(recent.id)).toEqual(birthPayload(recent.rid));
    expect(await t.store.registrations.loadPayload(open.id)).toEqual(birthPayload(open.rid));
    expect(await t.store.registrations.loadPayload('missing')).toBeUndefined();
  });
});
