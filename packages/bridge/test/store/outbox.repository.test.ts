import { beforeEach, expect, it } from 'vitest';
import { computeBackoff, type NewOutboxJob, type OutboxJob } from '../../src/store/index.ts';
import { T0, newRegistration } from '../support/registration-fixtures.ts';
import { describeEachDialect } from '../support/test-database.ts';

const LEASE = 60_000;

describeEachDialect('OutboxRepository', (t) => {
  let registrationId: string;

  beforeEach(async () => {
    registrationId = (await t.store.registrations.insert(newRegistration())).id;
  });

  const job = (key: string, overrides: Partial<NewOutboxJob> = {}): NewOutboxJob => ({
    jobKey: key,
    kind: 'deliver',
    registrationId,
    maxAttempts: 3,
    ...overrides,
  });

  it('should enqueue once per job key and keep or reset an existing job', async () => {
    const first = await t.store.outbox.enqueue(job('deliver:1', { payload: { step: 'createPacket' } }), T0);
    expect(first.created).toBe(true);
    expect(first.job).toMatchObject({
      jobKey: 'deliver:1',
      kind: 'deliver',
      registrationId,
      payload: { step: 'createPacket' },
      status: 'pending',
      attempts: 0,
      maxAttempts: 3,
      nextAttemptAt: T0,
      lockedBy: null,
      createdAt: T0,
    });

    const again = await t.store.outbox.enqueue(job('deliver:1', { payload: { step: 'other' } }), T0 + 5);
    expect(again).toEqual({ job: first.job, created: false });

    const [claimed] = await t.store.outbox.claim('w1', T0 + 10, LEASE, 1);
    await t.store.outbox.complete(claimed!.id, 'w1', T0 + 11);
    const reset = await t.store.outbox.enqueue(
      job('deliver:1', { ifExists: 'reset', runAt: T0 + 50 }),
      T0 + 20,
    );
    expect(reset.created).toBe(false);
    expect(reset.job).toMatchObject({
      id: first.job.id,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: T0 + 50,
    });

    await t.store.outbox.claim('w1', T0 + 60, LEASE, 1);
    const whileRunning = await t.store.outbox.enqueue(job('deliver:1', { ifExists: 'reset' }), T0 + 70);
    expect(whileRunning.job).toMatchObject({ status: 'running', lockedBy: 'w1' });

    await expect(t.store.outbox.enqueue(job('x', { maxAttempts: 0 }), T0)).rejects.toThrow(RangeError);
  });

  it('should claim only due jobs, oldest first, with a lease and a counted attempt', async () => {
    const later = await t.store.outbox.enqueue(job('b', { runAt: T0 + 500 }), T0);
    const sooner = await t.store.outbox.enqueue(job('a', { runAt: T0 + 100 }), T0);
    await t.store.outbox.enqueue(job('future', { runAt: T0 + 10_000 }), T0);

    expect(await t.store.outbox.claim('w1', T0 + 50, LEASE, 10)).toEqual([]);
    const claimed = await t.store.outbox.claim('w1', T0 + 1_000, LEASE, 10);
    expect(claimed.map((j) => j.id)).toEqual([sooner.job.id, later.job.id]);
    for (const j of claimed) {
      expect(j).toMatchObject({
        status: 'running',
        attempts: 1,
        lockedBy: 'w1',
        lockedAt: T0 + 1_000,
        updatedAt: T0 + 1_000,
      });
    }
    expect(await t.store.outbox.claim('w2', T0 + 1_000, LEASE, 10)).toEqual([]);
    expect(await t.store.outbox.depth()).toEqual({
      pending: 1,
      running: 2,
      done: 0,
      failed: 0,
      cancelled: 0,
    });
  });

  it('should respect the claim limit', async () => {
    for (let i = 0; i < 5; i++) await t.store.outbox.enqueue(job(`j${i}`), T0 + i);
    expect(await t.store.outbox.claim('w1', T0 + 10, LEASE, 2)).toHaveLength(2);
    expect(await t.store.outbox.claim('w1', T0 + 10, LEASE, 10)).toHaveLength(3);
    await expect(t.store.outbox.claim('w1', T0, LEASE, 0)).rejects.toThrow(RangeError);
  });

  it('should complete a held job and refuse outcomes from a worker that does not hold it', async () => {
    const { job: queued } = await t.store.outbox.enqueue(job('a'), T0);
    await t.store.outbox.claim('w1', T0, LEASE, 1);

    expect(await t.store.outbox.complete(queued.id, 'w2', T0 + 1)).toBe(false);
    expect(await t.store.outbox.fail(queued.id, 'w2', 'nope', T0 + 1)).toBe(false);
    expect(await t.store.outbox.release(queued.id, 'w2', T0 + 1)).toBe(false);
    expect(await t.store.outbox.reschedule(queued.id, 'w2', T0 + 2, 'nope', T0 + 1)).toBeUndefined();
    expect(await t.store.outbox.complete(queued.id, 'w1', T0 + 2)).toBe(true);
    expect(await t.store.outbox.complete(queued.id, 'w1', T0 + 3)).toBe(false);
    expect(await t.store.outbox.findById(queued.id)).toMatchObject({
      status: 'done',
      lockedBy: null,
      lockedAt: null,
    });
  });

  it('should reschedule with backoff and fail when the attempts are used up', async () => {
    const { job: queued } = await t.store.outbox.enqueue(job('a', { maxAttempts: 2 }), T0);
    const backoff = { baseMs: 1_000, maxMs: 60_000 };

    const [first] = await t.store.outbox.claim('w1', T0, LEASE, 1);
    const retryAt = T0 + computeBackoff(first!.attempts, () => 0.5, backoff);
    const rescheduled = await t.store.outbox.reschedule(
      queued.id,
      'w1',
      retryAt,
      'HTTP 503 from packet manager',
      T0 + 1,
    );
    expect(rescheduled).toMatchObject({
      status: 'pending',
      attempts: 1,
      nextAttemptAt: retryAt,
      lastError: 'HTTP 503 from packet manager',
      lockedBy: null,
    });

    expect(await t.store.outbox.claim('w1', retryAt - 1, LEASE, 1)).toEqual([]);
    const [second] = await t.store.outbox.claim('w1', retryAt, LEASE, 1);
    expect(second?.attempts).toBe(2);
    const exhausted = await t.store.outbox.reschedule(
      queued.id,
      'w1',
      retryAt + 5_000,
      'x'.repeat(5_000),
      retryAt + 1,
    );
    expect(exhausted?.status).toBe('failed');
    expect(exhausted?.lastError).toHaveLength(2_000);
    expect(await t.store.outbox.claim('w1', retryAt + 10_000, LEASE, 1)).toEqual([]);
  });

  it('should fail a job permanently and let an operator retry it with fresh attempts', async () => {
    const { job: queued } = await t.store.outbox.enqueue(job('a'), T0);
    await t.store.outbox.enqueue(job('done'), T0);
    await t.store.outbox.claim('w1', T0, LEASE, 2);
    await t.store.outbox.complete((await t.store.outbox.findByKey('done'))!.id, 'w1', T0);
    expect(await t.store.outbox.fail(queued.id, 'w1', 'KER-PUT-006 no provider', T0 + 1)).toBe(true);
    expect(await t.store.outbox.findById(queued.id)).toMatchObject({
      status: 'failed',
      lastError: 'KER-PUT-006 no provider',
    });

    const retried = await t.store.outbox.retry(registrationId, T0 + 100);
    expect(retried.map((j) => [j.id, j.status, j.attempts, j.nextAttemptAt])).toEqual([
      [queued.id, 'pending', 0, T0 + 100],
    ]);
    expect(await t.store.outbox.retry(registrationId, T0 + 200)).toEqual([]);
    expect((await t.store.outbox.findByKey('done'))?.status).toBe('done');
  });

  it('should release a job on shutdown without counting the attempt', async () => {
    const { job: queued } = await t.store.outbox.enqueue(job('a'), T0);
    await t.store.outbox.claim('w1', T0, LEASE, 1);
    expect(await t.store.outbox.release(queued.id, 'w1', T0 + 1)).toBe(true);
    expect(await t.store.outbox.findById(queued.id)).toMatchObject({
      status: 'pending',
      attempts: 0,
      nextAttemptAt: T0,
      lockedBy: null,
    });
    const [again] = await t.store.outbox.claim('w2', T0 + 2, LEASE, 1);
    expect(again).toMatchObject({ id: queued.id, attempts: 1, lockedBy: 'w2' });
  });

  it('should sweep expired leases back to pending, or to failed after the last attempt', async () => {
    const { job: a } = await t.store.outbox.enqueue(job('a'), T0);
    const { job: b } = await t.store.outbox.enqueue(job('b', { maxAttempts: 1 }), T0);
    const { job: c } = await t.store.outbox.enqueue(job('c'), T0);
    await t.store.outbox.claim('crashed', T0, LEASE, 2);
    await t.store.outbox.claim('alive', T0 + 50_000, LEASE, 1);

    expect(await t.store.outbox.sweepStale(T0 + 59_999, LEASE)).toEqual([]);
    const swept = await t.store.outbox.sweepStale(T0 + 60_000, LEASE);
    expect(swept.map((j) => [j.id, j.status])).toEqual([
      [a.id, 'pending'],
      [b.id, 'failed'],
    ]);
    expect(swept[0]).toMatchObject({
      lockedBy: null,
      lockedAt: null,
      nextAttemptAt: T0 + 60_000,
      lastError: 'lease expired; worker crashed',
    });
    expect(await t.store.outbox.findById(c.id)).toMatchObject({ status: 'running', lockedBy: 'alive' });
    expect(await t.store.outbox.complete(a.id, 'crashed', T0 + 60_001)).toBe(false);
  });

  it('should let a claim take over a job whose lease expired, and keep the old holder out', async () => {
    const { job: queued } = await t.store.outbox.enqueue(job('a'), T0);
    await t.store.outbox.claim('stalled', T0, LEASE, 1);
    expect(await t.store.outbox.claim('w2', T0 + LEASE - 1, LEASE, 1)).toEqual([]);
    expect(await t.store.outbox.extendLease(queued.id, 'stalled', T0 + 30_000)).toBe(true);
    expect(await t.store.outbox.claim('w2', T0 + LEASE, LEASE, 1)).toEqual([]);

    const [taken] = await t.store.outbox.claim('w2', T0 + 30_000 + LEASE, LEASE, 1);
    expect(taken).toMatchObject({ id: queued.id, attempts: 2, lockedBy: 'w2' });
    expect(await t.store.outbox.extendLease(queued.id, 'stalled', T0 + 100_000)).toBe(false);
    expect(await t.store.outbox.complete(queued.id, 'stalled', T0 + 100_000)).toBe(false);
    expect(await t.store.outbox.complete(queued.id, 'w2', T0 + 100_000)).toBe(true);
  });

  it('should cancel pending, running and failed jobs but not finished ones', async () => {
    const ids: Record<string, number> = {};
    for (const key of ['pending', 'running', 'failed', 'done']) {
      ids[key] = (await t.store.outbox.enqueue(job(key), T0)).job.id;
    }
    await t.store.outbox.claim('w1', T0, LEASE, 4);
    await t.store.outbox.release(ids.pending!, 'w1', T0);
    await t.store.outbox.fail(ids.failed!, 'w1', 'permanent', T0);
    await t.store.outbox.complete(ids.done!, 'w1', T0);

    expect(await t.store.outbox.cancel(ids.pending!, T0 + 1)).toBe(true);
    expect(await t.store.outbox.cancel(ids.running!, T0 + 1)).toBe(true);
    expect(await t.store.outbox.cancel(ids.failed!, T0 + 1)).toBe(true);
    expect(await t.store.outbox.cancel(ids.done!, T0 + 1)).toBe(false);
    expect(await t.store.outbox.cancel(ids.pending!, T0 + 2)).toBe(false);
    expect(await t.store.outbox.cancel(999_999, T0 + 2)).toBe(false);
    expect(await t.store.outbox.complete(ids.running!, 'w1', T0 + 3)).toBe(false);
    expect(await t.store.outbox.retry(registrationId, T0 + 4)).toEqual([]);
    expect(await t.store.outbox.claim('w1', T0 + 10, LEASE, 10)).toEqual([]);
    expect(await t.store.outbox.depth()).toEqual({
      pending: 0,
      running: 0,
      done: 1,
      failed: 0,
      cancelled: 3,
    });
  });

  it('should put one failed or cancelled job back in the queue with fresh attempts, and nothing else', async () => {
    const ids: Record<string, number> = {};
    for (const key of ['failed', 'cancelled', 'done', 'pending']) {
      ids[key] = (await t.store.outbox.enqueue(job(key), T0)).job.id;
    }
    await t.store.outbox.claim('w1', T0, LEASE, 4);
    await t.store.outbox.release(ids.pending!, 'w1', T0);
    await t.store.outbox.fail(ids.failed!, 'w1', 'permanent', T0);
    await t.store.outbox.complete(ids.done!, 'w1', T0);
    await t.store.outbox.cancel(ids.cancelled!, T0);

    expect(await t.store.outbox.retryJob(ids.failed!, T0 + 5)).toMatchObject({
      id: ids.failed,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: T0 + 5,
      lockedBy: null,
    });
    expect((await t.store.outbox.retryJob(ids.cancelled!, T0 + 5))?.status).toBe('pending');
    expect(await t.store.outbox.retryJob(ids.done!, T0 + 5)).toBeUndefined();
    expect(await t.store.outbox.retryJob(ids.pending!, T0 + 5)).toBeUndefined();
    expect(await t.store.outbox.retryJob(999_999, T0 + 5)).toBeUndefined();
    expect((await t.store.outbox.depth()).pending).toBe(3);
  });

  it('should list a registration’s jobs in creation order', async () => {
    const other = (await t.store.registrations.insert(newRegistration())).id;
    const deliver = (await t.store.outbox.enqueue(job('deliver'), T0)).job;
    await t.store.outbox.enqueue(job('elsewhere', { registrationId: other }), T0);
    const track = (await t.store.outbox.enqueue(job('track', { kind: 'track' }), T0)).job;
    const jobs: OutboxJob[] = await t.store.outbox.findByRegistration(registrationId);
    expect(jobs.map((j) => [j.id, j.kind])).toEqual([
      [deliver.id, 'deliver'],
      [track.id, 'track'],
    ]);
  });

  it('should refuse a job for an unknown registration', async () => {
    await expect(t.store.outbox.enqueue(job('orphan', { registrationId: 'missing' }), T0)).rejects.toThrow();
  });
});
