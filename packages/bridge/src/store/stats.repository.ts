import { sql } from 'kysely';
import type { Executor, RegistrationStatus, RegistrationType } from './schema.ts';
import { REGISTRATION_STATUSES, TERMINAL_STATUSES } from './schema.ts';

/** One bucket of the throughput series: registrations accepted and finished in `[start, start + size)`. */
export interface ThroughputBucket {
  /** Start of the bucket (epoch ms). */
  start: number;
  accepted: number;
  /** Reached `uin_issued` or `completed`. */
  succeeded: number;
  /** Reached `rejected` or `failed`. */
  failed: number;
}

/** Registrations failed, rejected or still retrying under one MOSIP or bridge code. */
export interface FailureGroup {
  code: string;
  status: RegistrationStatus | 'retrying';
  count: number;
}

/** Webhook jobs to the CRVS that are not delivered yet, by outbox status. */
export interface WebhookBacklog {
  pending: number;
  running: number;
  failed: number;
  /** Creation time of the oldest undelivered webhook (epoch ms), or null. */
  oldestAt: number | null;
}

const IN_FLIGHT = REGISTRATION_STATUSES.filter(
  (s) => !(TERMINAL_STATUSES as readonly RegistrationStatus[]).includes(s),
);
const SUCCEEDED: readonly RegistrationStatus[] = ['uin_issued', 'completed'];
const FAILED: readonly RegistrationStatus[] = ['rejected', 'failed'];

/**
 * Aggregates for the dashboard's overview and the Prometheus gauges: read-only, grouped in SQL so they
 * stay cheap on a large table (each uses the status or time indexes of migration 0001).
 */
export class StatsRepository {
  constructor(private readonly db: Executor) {}

  /** Registrations per type and status; absent pairs have none. */
  async countsByTypeAndStatus(
    executor: Executor = this.db,
  ): Promise<{ type: RegistrationType; status: RegistrationStatus; count: number }[]> {
    const rows = await executor
      .selectFrom('registrations')
      .select((eb) => ['type', 'status', eb.fn.countAll<number>().as('count')])
      .groupBy(['type', 'status'])
      .execute();
    return rows.map((r) => ({ type: r.type, status: r.status, count: Number(r.count) }));
  }

  /**
   * The oldest `updated_at` (epoch ms) per non-terminal status: how long the most stuck registration in each
   * has waited since its last change.
   */
  async oldestByStatus(executor: Executor = this.db): Promise<Partial<Record<RegistrationStatus, number>>> {
    const rows = await executor
      .selectFrom('registrations')
      .select((eb) => ['status', eb.fn.min<number>('updated_at').as('oldest')])
      // `in` the non-terminal statuses (not `not in` the terminal ones), so the (status, updated_at) index serves it.
      .where('status', 'in', IN_FLIGHT)
      .groupBy('status')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.oldest)]));
  }

  /** Creation time (epoch ms) of the oldest outbox job still to do (pending or running), or null. */
  async oldestPendingJobAt(executor: Executor = this.db): Promise<number | null> {
    const row = await executor
      .selectFrom('outbox_jobs')
      .select((eb) => eb.fn.min<number>('created_at').as('oldest'))
      .where('status', 'in', ['pending', 'running'])
      .executeTakeFirst();
    return row?.oldest == null ? null : Number(row.oldest);
  }

  /**
   * Registrations accepted and finished per bucket of `bucketMs` from `since` to `since + count * bucketMs`;
   * every bucket is present, oldest first. The cast makes the division integral on
   * SQLite too (better-sqlite3 binds numbers as REAL); both dialects group by the output column's alias.
   */
  async throughput(
    since: number,
    bucketMs: number,
    count: number,
    executor: Executor = this.db,
  ): Promise<ThroughputBucket[]> {
    const until = since + bucketMs * count;
    const accepted = await executor
      .selectFrom('registrations')
      .select((eb) => [
        sql<number>`cast((created_at - ${since}) / ${bucketMs} as integer)`.as('bucket'),
        eb.fn.countAll<number>().as('count'),
      ])
      .where('created_at', '>=', since)
      .where('created_at', '<', until)
      .groupBy(sql.ref('bucket'))
      .execute();
    const finished = await executor
      .selectFrom('registrations')
      .select((eb) => [
        sql<number>`cast((terminal_at - ${since}) / ${bucketMs} as integer)`.as('bucket'),
        'status',
        eb.fn.countAll<number>().as('count'),
      ])
      .where('terminal_at', '>=', since)
      .where('terminal_at', '<', until)
      .groupBy([sql.ref('bucket'), 'status'])
      .execute();
    const buckets: ThroughputBucket[] = Array.from({ length: count }, (_, i) => ({
      start: since + i * bucketMs,
      accepted: 0,
      succeeded: 0,
      failed: 0,
    }));
    for (const row of accepted) {
      const bucket = buckets[Number(row.bucket)];
      if (bucket) bucket.accepted += Number(row.count);
    }
    for (const row of finished) {
      const bucket = buckets[Number(row.bucket)];
      if (!bucket) continue;
      if (SUCCEEDED.includes(row.status)) bucket.succeeded += Number(row.count);
      else if (FAILED.includes(row.status)) bucket.failed += Number(row.count);
    }
    return buckets;
  }

  /**
   * Failed and rejected registrations by the code that ended them, and deliveries to MOSIP still being
   * retried (`retrying`) by the code of their last failed attempt; most frequent first. A registration's
   * `last_code` alone cannot tell errors apart, since successful transitions record MOSIP's code too.
   */
  async failuresByCode(executor: Executor = this.db): Promise<FailureGroup[]> {
    const ended = await executor
      .selectFrom('registrations')
      .select((eb) => ['last_code', 'status', eb.fn.countAll<number>().as('count')])
      .where('status', 'in', FAILED)
      .groupBy(['last_code', 'status'])
      .execute();
    const retrying = await executor
      .selectFrom('outbox_jobs')
      .select((eb) => ['last_error', eb.fn.countAll<number>().as('count')])
      .where('kind', '=', 'deliver')
      .where('status', 'in', ['pending', 'running'])
      .where('last_error', 'is not', null)
      .groupBy('last_error')
      .execute();
    const groups: FailureGroup[] = ended.map((r) => ({
      code: r.last_code ?? 'UNKNOWN',
      status: r.status,
      count: Number(r.count),
    }));
    // last_error is "<code>: <message>"; messages differ per registration, so group by the code only.
    const byCode = new Map<string, number>();
    for (const r of retrying) {
      const code = (r.last_error ?? '').split(':')[0]?.trim() || 'UNKNOWN';
      byCode.set(code, (byCode.get(code) ?? 0) + Number(r.count));
    }
    for (const [code, count] of byCode) groups.push({ code, status: 'retrying', count });
    return groups.sort(
      (a, b) => b.count - a.count || a.code.localeCompare(b.code) || a.status.localeCompare(b.status),
    );
  }

  /**
   * Births MOSIP has given a UIN (`processed`) whose credential has not arrived, unchanged since before
   * `changedBefore` (epoch ms): how many, and the oldest last change. The (status, updated_at) index serves it.
   */
  async waitingForCredential(
    changedBefore: number,
    executor: Executor = this.db,
  ): Promise<{ count: number; oldestAt: number | null }> {
    const row = await executor
      .selectFrom('registrations')
      .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.min<number>('updated_at').as('oldest')])
      .where('status', '=', 'processed')
      .where('type', '=', 'birth')
      .where('updated_at', '<', changedBefore)
      .executeTakeFirst();
    return { count: Number(row?.count ?? 0), oldestAt: row?.oldest == null ? null : Number(row.oldest) };
  }

  /** Webhook jobs (`notify`) not delivered yet. */
  async webhookBacklog(executor: Executor = this.db): Promise<WebhookBacklog> {
    const rows = await executor
      .selectFrom('outbox_jobs')
      .select((eb) => [
        'status',
        eb.fn.countAll<number>().as('count'),
        eb.fn.min<number>('created_at').as('oldest'),
      ])
      .where('kind', '=', 'notify')
      .where('status', 'in', ['pending', 'running', 'failed'])
      .groupBy('status')
      .execute();
    const backlog: WebhookBacklog = { pending: 0, running: 0, failed: 0, oldestAt: null };
    for (const row of rows) {
      if (row.status === 'pending' || row.status === 'running' || row.status === 'failed') {
        backlog[row.status] = Number(row.count);
      }
      if (row.status !== 'failed' && row.oldest != null) {
        backlog.oldestAt = Math.min(backlog.oldestAt ?? Infinity, Number(row.oldest));
      }
    }
    return backlog;
  }
}
