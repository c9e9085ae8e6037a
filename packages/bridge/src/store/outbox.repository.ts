import { sql } from 'kysely';
import type { DialectName } from './database.ts';
import {
  byDueOrder,
  claimable,
  toJob,
  truncateError,
  type EnqueueResult,
  type NewOutboxJob,
  type OutboxJob,
} from './outbox.model.ts';
import { OUTBOX_JOB_STATUSES, type Executor, type OutboxJobStatus } from './schema.ts';

export type { EnqueueResult, NewOutboxJob, OutboxJob } from './outbox.model.ts';

/** The columns of a job an operator puts back in the queue: due now, with a full set of attempts. */
const requeued = (now: number) =>
  ({
    status: 'pending',
    attempts: 0,
    next_attempt_at: now,
    locked_by: null,
    locked_at: null,
    updated_at: now,
  }) as const;

/**
 * The outbox queue (`outbox_jobs`), with graphile-worker's semantics: a worker claims due jobs under a
 * lease (`locked_by`, `locked_at`, `attempts + 1`), then completes, reschedules, fails or releases them.
 * Every state change of a claimed job names the worker, so a worker whose lease expired and whose job was
 * taken over cannot overwrite the new holder's outcome.
 */
export class OutboxRepository {
  /**
   * @param db - database or transaction the methods run on unless given an executor
   * @param dialect - selects the claim query (`SKIP LOCKED` exists only on Postgres)
   */
  constructor(
    private readonly db: Executor,
    private readonly dialect: DialectName,
  ) {}

  /**
   * Adds a job, or finds the existing one with the same key (see `NewOutboxJob.ifExists`).
   * @param now - creation time (epoch ms)
   */
  async enqueue(input: NewOutboxJob, now: number, executor: Executor = this.db): Promise<EnqueueResult> {
    if (!Number.isInteger(input.maxAttempts) || input.maxAttempts < 1) {
      throw new RangeError('maxAttempts must be an integer >= 1');
    }
    const payload = input.payload === undefined ? null : JSON.stringify(input.payload);
    const runAt = input.runAt ?? now;
    const inserted = await executor
      .insertInto('outbox_jobs')
      .values({
        job_key: input.jobKey,
        kind: input.kind,
        registration_id: input.registrationId,
        payload,
        status: 'pending',
        attempts: 0,
        max_attempts: input.maxAttempts,
        next_attempt_at: runAt,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('job_key').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return { job: toJob(inserted), created: true };
    if (input.ifExists === 'reset') {
      const reset = await executor
        .updateTable('outbox_jobs')
        .set({
          status: 'pending',
          payload,
          attempts: 0,
          max_attempts: input.maxAttempts,
          next_attempt_at: runAt,
          locked_by: null,
          locked_at: null,
          last_error: null,
          updated_at: now,
        })
        .where('job_key', '=', input.jobKey)
        .where('status', '!=', 'running')
        .returningAll()
        .executeTakeFirst();
      if (reset) return { job: toJob(reset), created: false };
    }
    const existing = await executor
      .selectFrom('outbox_jobs')
      .selectAll()
      .where('job_key', '=', input.jobKey)
      .executeTakeFirstOrThrow();
    return { job: toJob(existing), created: false };
  }

  /**
   * Claims up to `limit` jobs for `workerId`, oldest due first: pending jobs due at `now`, and running jobs
   * whose lease (`leaseMs` since `locked_at`) has expired because their worker died or stalled. Each
   * claimed job is `running`, locked by the worker, with `attempts` counted. On Postgres concurrent
   * claimers skip each other's rows (`FOR UPDATE SKIP LOCKED`); SQLite has a single writer, so the one
   * UPDATE statement is already atomic.
   * @returns the claimed jobs in due order
   */
  async claim(
    workerId: string,
    now: number,
    leaseMs: number,
    limit: number,
    executor: Executor = this.db,
  ): Promise<OutboxJob[]> {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be an integer >= 1');
    // The due ids are chosen once, in a MATERIALIZED CTE. As `WHERE id IN (SELECT … LIMIT n FOR UPDATE SKIP
    // LOCKED)` Postgres may run the subquery again for every candidate row, each run skipping the rows the
    // previous runs took, and so claim far more than n jobs.
    const rows = await executor
      .with(
        (cte) => cte('due').materialized(),
        (db) => {
          const due = db
            .selectFrom('outbox_jobs')
            .select('id')
            .where(claimable(now, leaseMs))
            .orderBy('next_attempt_at')
            .orderBy('id')
            .limit(limit);
          return this.dialect === 'postgres' ? due.forUpdate().skipLocked() : due;
        },
      )
      .updateTable('outbox_jobs')
      .set((eb) => ({
        status: 'running',
        attempts: eb('attempts', '+', 1),
        locked_by: workerId,
        locked_at: now,
        updated_at: now,
      }))
      .where('id', 'in', (eb) => eb.selectFrom('due').select('due.id'))
      // Re-checked on the locked row version, so a row changed since the CTE's snapshot is not taken.
      .where(claimable(now, leaseMs))
      .returningAll()
      .execute();
    // RETURNING order is unspecified on both dialects.
    return rows.map(toJob).sort(byDueOrder);
  }

  /**
   * Pushes the lease of a long-running job forward (a heartbeat).
   * @returns false when the worker no longer holds the job
   */
  async extendLease(
    id: number,
    workerId: string,
    now: number,
    executor: Executor = this.db,
  ): Promise<boolean> {
    const result = await this.held(executor, id, workerId)
      .set({ locked_at: now, updated_at: now })
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /**
   * Marks a held job done.
   * @returns false when the worker no longer holds the job (its lease expired and it was taken over, or
   *   an operator cancelled it)
   */
  async complete(id: number, workerId: string, now: number, executor: Executor = this.db): Promise<boolean> {
    const result = await this.held(executor, id, workerId)
      .set({ status: 'done', locked_by: null, locked_at: null, updated_at: now })
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /**
   * Returns a held job to the queue after a retryable failure, to run again at `nextAttemptAt` (see
   * `computeBackoff`). When it has used all its attempts it becomes `failed` instead.
   * @param error - diagnostic text kept as `last_error` (truncated); never personal data
   * @returns the updated job (check `status`), or undefined when the worker no longer holds it
   */
  async reschedule(
    id: number,
    workerId: string,
    nextAttemptAt: number,
    error: string,
    now: number,
    executor: Executor = this.db,
  ): Promise<OutboxJob | undefined> {
    const row = await this.held(executor, id, workerId)
      .set((eb) => ({
        status: eb
          .case()
          .when('attempts', '>=', eb.ref('max_attempts'))
          .then('failed' as const)
          .else('pending' as const)
          .end(),
        next_attempt_at: nextAttemptAt,
        last_error: truncateError(error),
        locked_by: null,
        locked_at: null,
        updated_at: now,
      }))
      .returningAll()
      .executeTakeFirst();
    return row && toJob(row);
  }

  /**
   * Fails a held job permanently (a non-retryable error); an operator can `retry` it.
   * @returns false when the worker no longer holds the job
   */
  async fail(
    id: number,
    workerId: string,
    error: string,
    now: number,
    executor: Executor = this.db,
  ): Promise<boolean> {
    const result = await this.held(executor, id, workerId)
      .set({
        status: 'failed',
        last_error: truncateError(error),
        locked_by: null,
        locked_at: null,
        updated_at: now,
      })
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /**
   * Hands a held job back untouched, for a graceful shutdown: pending, due as before, and the attempt
   * not counted.
   * @returns false when the worker no longer holds the job
   */
  async release(id: number, workerId: string, now: number, executor: Executor = this.db): Promise<boolean> {
    const result = await this.held(executor, id, workerId)
      .set((eb) => ({
        status: 'pending',
        attempts: eb('attempts', '-', 1),
        locked_by: null,
        locked_at: null,
        updated_at: now,
      }))
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /**
   * Puts a held job back to wait until `runAt` without counting the attempt: the job could not run yet
   * (for example an earlier event of the same registration is still being delivered).
   * @returns false when the worker no longer holds the job
   */
  async defer(
    id: number,
    workerId: string,
    runAt: number,
    now: number,
    executor: Executor = this.db,
  ): Promise<boolean> {
    const result = await this.held(executor, id, workerId)
      .set((eb) => ({
        status: 'pending',
        attempts: eb('attempts', '-', 1),
        next_attempt_at: runAt,
        locked_by: null,
        locked_at: null,
        updated_at: now,
      }))
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /**
   * Recovers jobs of crashed workers: running jobs locked at or before `now - staleAfterMs` become pending
   * (due immediately), or failed when that was their last attempt.
   * @returns the recovered jobs
   */
  async sweepStale(now: number, staleAfterMs: number, executor: Executor = this.db): Promise<OutboxJob[]> {
    const rows = await executor
      .updateTable('outbox_jobs')
      .set((eb) => ({
        status: eb
          .case()
          .when('attempts', '>=', eb.ref('max_attempts'))
          .then('failed' as const)
          .else('pending' as const)
          .end(),
        last_error: sql<string>`${sql.lit('lease expired; worker ')} || ${sql.ref('locked_by')}`,
        next_attempt_at: now,
        locked_by: null,
        locked_at: null,
        updated_at: now,
      }))
      .where('status', '=', 'running')
      .where('locked_at', '<=', now - staleAfterMs)
      .returningAll()
      .execute();
    return rows.map(toJob).sort(byDueOrder);
  }

  /**
   * Operator retry: the registration's failed jobs become pending, due at `now`, with a full set of
   * attempts again.
   * @returns the jobs put back in the queue
   */
  async retry(registrationId: string, now: number, executor: Executor = this.db): Promise<OutboxJob[]> {
    const rows = await executor
      .updateTable('outbox_jobs')
      .set(requeued(now))
      .where('registration_id', '=', registrationId)
      .where('status', '=', 'failed')
      .returningAll()
      .execute();
    return rows.map(toJob).sort(byDueOrder);
  }

  /**
   * Operator retry of one job (a webhook delivery): a failed or cancelled job becomes pending, due at `now`,
   * with a full set of attempts again.
   * @returns the job, or undefined when it is not failed or cancelled
   */
  async retryJob(id: number, now: number, executor: Executor = this.db): Promise<OutboxJob | undefined> {
    const row = await executor
      .updateTable('outbox_jobs')
      .set(requeued(now))
      .where('id', '=', id)
      .where('status', 'in', ['failed', 'cancelled'])
      .returningAll()
      .executeTakeFirst();
    return row && toJob(row);
  }

  /**
   * Operator cancel: a pending, running or failed job will not run (again). A worker holding it finds
   * out when its `complete`/`reschedule` returns false.
   * @returns false when the job does not exist or is already done or cancelled
   */
  async cancel(id: number, now: number, executor: Executor = this.db): Promise<boolean> {
    const result = await executor
      .updateTable('outbox_jobs')
      .set({ status: 'cancelled', locked_by: null, locked_at: null, updated_at: now })
      .where('id', '=', id)
      .where('status', 'in', ['pending', 'running', 'failed'])
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** Jobs per status, every status present (0 when none): the queue depth for metrics and the dashboard. */
  async depth(executor: Executor = this.db): Promise<Record<OutboxJobStatus, number>> {
    const rows = await executor
      .selectFrom('outbox_jobs')
      .select((eb) => ['status', eb.fn.countAll<number>().as('count')])
      .groupBy('status')
      .execute();
    const counts = Object.fromEntries(OUTBOX_JOB_STATUSES.map((s) => [s, 0])) as Record<
      OutboxJobStatus,
      number
    >;
    for (const row of rows) counts[row.status] = Number(row.count);
    return counts;
  }

  /** One job by id. */
  async findById(id: number, executor: Executor = this.db): Promise<OutboxJob | undefined> {
    const row = await executor.selectFrom('outbox_jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toJob(row);
  }

  /** One job by key. */
  async findByKey(jobKey: string, executor: Executor = this.db): Promise<OutboxJob | undefined> {
    const row = await executor
      .selectFrom('outbox_jobs')
      .selectAll()
      .where('job_key', '=', jobKey)
      .executeTakeFirst();
    return row && toJob(row);
  }

  /** The jobs of one registration, oldest first. */
  async findByRegistration(registrationId: string, executor: Executor = this.db): Promise<OutboxJob[]> {
    const rows = await executor
      .selectFrom('outbox_jobs')
      .selectAll()
      .where('registration_id', '=', registrationId)
      .orderBy('id')
      .execute();
    return rows.map(toJob);
  }

  /** An UPDATE limited to a job that `workerId` holds right now. */
  private held(executor: Executor, id: number, workerId: string) {
    return executor
      .updateTable('outbox_jobs')
      .where('id', '=', id)
      .where('status', '=', 'running')
      .where('locked_by', '=', workerId);
  }
}
