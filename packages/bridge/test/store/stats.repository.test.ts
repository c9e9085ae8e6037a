import { beforeEach, expect, it } from 'vitest';
import { T0, newRegistration } from '../support/registration-fixtures.ts';
import { describeEachDialect } from '../support/test-database.ts';

const MINUTE = 60_000;

describeEachDialect('StatsRepository', (t) => {
  /** Inserts a registration accepted at `at` and moves it through `path` one minute apart. */
  const registration = async (
    at: number,
    path: {
      to: 'packet_created' | 'processing' | 'uin_issued' | 'failed' | 'rejected';
      code?: string;
    }[] = [],
    type: 'birth' | 'death' = 'birth',
  ) => {
    const r = await t.store.registrations.insert(newRegistration({ createdAt: at, type }));
    let from: string = 'accepted';
    let now = at;
    for (const step of path) {
      now += MINUTE;
      const applied = await t.store.registrations.updateStatus(
        r.id,
        { from: from as 'accepted', to: step.to, actor: 'worker', code: step.code ?? null },
        now,
      );
      expect(applied).toBe(true);
      from = step.to;
    }
    return r;
  };

  beforeEach(async () => {
    await registration(T0);
    await registration(T0 + 2 * MINUTE, [{ to: 'packet_created' }]);
    await registration(T0 + 3 * MINUTE, [
      { to: 'packet_created' },
      { to: 'processing' },
      { to: 'uin_issued' },
    ]);
    await registration(T0 + 5 * MINUTE, [{ to: 'failed', code: 'RPR-PKR-001' }]);
    await registration(T0 + 6 * MINUTE, [{ to: 'rejected', code: 'RPR-PKR-001' }], 'death');
    await registration(T0 + 7 * MINUTE, [{ to: 'failed', code: 'KER-ATH-401' }]);
  });

  it('should count registrations per type and status', async () => {
    const counts = await t.store.stats.countsByTypeAndStatus();
    expect(counts.sort((a, b) => `${a.type}${a.status}`.localeCompare(`${b.type}${b.status}`))).toEqual([
      { type: 'birth', status: 'accepted', count: 1 },
      { type: 'birth', status: 'failed', count: 2 },
      { type: 'birth', status: 'packet_created', count: 1 },
      { type: 'birth', status: 'uin_issued', count: 1 },
      { type: 'death', status: 'rejected', count: 1 },
    ]);
  });

  it('should give the oldest last change per non-terminal status only', async () => {
    expect(await t.store.stats.oldestByStatus()).toEqual({ accepted: T0, packet_created: T0 + 3 * MINUTE });
  });

  it('should bucket accepted and finished registrations, every bucket present', async () => {
    const buckets = await t.store.stats.throughput(T0, 5 * MINUTE, 3);
    expect(buckets).toEqual([
      { start: T0, accepted: 3, succeeded: 0, failed: 0 },
      { start: T0 + 5 * MINUTE, accepted: 3, succeeded: 1, failed: 3 },
      { start: T0 + 10 * MINUTE, accepted: 0, succeeded: 0, failed: 0 },
    ]);
  });

  it('should group failures by code, most frequent first, with deliveries still retrying', async () => {
    const r = await registration(T0 + 9 * MINUTE);
    await t.store.outbox.enqueue({ jobKey: 'x', kind: 'deliver', registrationId: r.id, maxAttempts: 5 }, T0);
    const [job] = await t.store.outbox.claim('w', T0, 60_000, 1);
    await t.store.outbox.reschedule(job!.id, 'w', T0 + 1, 'CLIENT-NETWORK: connection refused', T0);
    expect(await t.store.stats.failuresByCode()).toEqual([
      { code: 'CLIENT-NETWORK', status: 'retrying', count: 1 },
      { code: 'KER-ATH-401', status: 'failed', count: 1 },
      { code: 'RPR-PKR-001', status: 'failed', count: 1 },
      { code: 'RPR-PKR-001', status: 'rejected', count: 1 },
    ]);
  });

  it('should report the oldest pending job and the webhook backlog', async () => {
    expect(await t.store.stats.oldestPendingJobAt()).toBeNull();
    const r = await registration(T0 + 20 * MINUTE);
    await t.store.outbox.enqueue(
      { jobKey: 'd', kind: 'deliver', registrationId: r.id, maxAttempts: 3 },
      T0 + 21 * MINUTE,
    );
    await t.store.outbox.enqueue(
      { jobKey: 'n1', kind: 'notify', registrationId: r.id, maxAttempts: 3 },
      T0 + 22 * MINUTE,
    );
    await t.store.outbox.enqueue(
      { jobKey: 'n2', kind: 'notify', registrationId: r.id, maxAttempts: 1 },
      T0 + 23 * MINUTE,
    );
    expect(await t.store.stats.oldestPendingJobAt()).toBe(T0 + 21 * MINUTE);
    expect(await t.store.stats.webhookBacklog()).toEqual({
      pending: 2,
      running: 0,
      failed: 0,
      oldestAt: T0 + 22 * MINUTE,
    });
  });

  it('should count births processed without their credential since before a time', async () => {
    const late = await registration(T0 + 30 * MINUTE);
    await t.store.registrations.updateStatus(
      late.id,
      { from: 'accepted', to: 'processed', actor: 'tracker' },
      T0 + 31 * MINUTE,
    );
    const recent = await registration(T0 + 40 * MINUTE);
    await t.store.registrations.updateStatus(
      recent.id,
      { from: 'accepted', to: 'processed', actor: 'tracker' },
      T0 + 41 * MINUTE,
    );
    const death = await registration(T0 + 30 * MINUTE, [], 'death');
    await t.store.registrations.updateStatus(
      death.id,
      { from: 'accepted', to: 'processed', actor: 'tracker' },
      T0 + 31 * MINUTE,
    );
    expect(await t.store.stats.waitingForCredential(T0 + 35 * MINUTE)).toEqual({
      count: 1,
      oldestAt: T0 + 31 * MINUTE,
    });
    expect(await t.store.stats.waitingForCredential(T0)).toEqual({ count: 0, oldestAt: null });
  });
});
