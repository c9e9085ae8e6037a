import type { ExpressionBuilder, Selectable } from 'kysely';
import type { BridgeSchema, OutboxJobKind, OutboxJobStatus, OutboxJobsTable } from './schema.ts';

/** Outbox job types and the row conversions and conditions shared by the outbox queries. */

/** A queued unit of work. */
export interface OutboxJob {
  id: number;
  /** Unique per logical job (for example `deliver:<registration id>`), so enqueueing twice is harmless. */
  jobKey: string;
  kind: OutboxJobKind;
  registrationId: string;
  /** Job parameters (parsed JSON); never personal data. */
  payload: unknown;
  status: OutboxJobStatus;
  /** Claims so far, the running one included. */
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: number;
  lockedBy: string | null;
  lockedAt: number | null;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}

/** Input of `OutboxRepository.enqueue`. */
export interface NewOutboxJob {
  jobKey: string;
  kind: OutboxJobKind;
  registrationId: string;
  /** JSON-serialisable parameters; never personal data (stored in clear text). */
  payload?: unknown;
  /** Claims allowed before the job fails; at least 1. */
  maxAttempts: number;
  /** First time the job may run. (Default: now) */
  runAt?: number;
  /**
   * When a job with this key exists: `keep` leaves it untouched; `reset` makes it pending again with
   * fresh attempts (unless it is running, then it is kept). (Default: "keep")
   */
  ifExists?: 'keep' | 'reset';
}

/** Result of `enqueue`. */
export interface EnqueueResult {
  job: OutboxJob;
  /** False when a job with the key already existed. */
  created: boolean;
}

/** Longest `last_error` kept; errors are diagnostics, not logs. */
export const MAX_ERROR_LENGTH = 2_000;

/** Converts a row into the domain object. */
export function toJob(row: Selectable<OutboxJobsTable>): OutboxJob {
  return {
    id: row.id,
    jobKey: row.job_key,
    kind: row.kind,
    registrationId: row.registration_id,
    payload: row.payload === null ? null : (JSON.parse(row.payload) as unknown),
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    nextAttemptAt: row.next_attempt_at,
    lockedBy: row.locked_by,
    lockedAt: row.locked_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Due order: the order in which jobs are claimed. */
export const byDueOrder = (a: OutboxJob, b: OutboxJob) => a.nextAttemptAt - b.nextAttemptAt || a.id - b.id;

/** Bounds an error text to `MAX_ERROR_LENGTH`. */
export function truncateError(error: string): string {
  return error.length > MAX_ERROR_LENGTH ? `${error.slice(0, MAX_ERROR_LENGTH - 1)}…` : error;
}

/** Jobs a claim may take: due pending jobs, and running jobs whose holder's lease expired. */
export function claimable(now: number, leaseMs: number) {
  return (eb: ExpressionBuilder<BridgeSchema, 'outbox_jobs'>) =>
    eb.and([
      eb('attempts', '<', eb.ref('max_attempts')),
      eb.or([
        eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
        eb.and([eb('status', '=', 'running'), eb('locked_at', '<=', now - leaseMs)]),
      ]),
    ]);
}
