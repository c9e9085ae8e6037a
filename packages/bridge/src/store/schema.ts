import type { ColumnType, Generated, Kysely } from 'kysely';

/**
 * Table types of the bridge database, shared by SQLite and Postgres. Column conventions that make both
 * dialects behave the same: times are epoch milliseconds (`bigint` on Postgres, read back as numbers),
 * flags are 0/1 integers, JSON is text. Only repositories translate rows into domain objects.
 */

/** Every registration lifecycle state (see DESIGN.md, States). */
export const REGISTRATION_STATUSES = [
  'accepted',
  'packet_created',
  'processing',
  'processed',
  'uin_issued',
  'completed',
  'rejected',
  'failed',
] as const;
/** A registration's lifecycle state. */
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** States after which nothing happens without an operator; `terminal_at` is set on entering them. */
export const TERMINAL_STATUSES = [
  'uin_issued',
  'completed',
  'rejected',
  'failed',
] as const satisfies readonly RegistrationStatus[];
export type TerminalStatus = (typeof TERMINAL_STATUSES)[number];

/** Whether `status` is terminal. */
export function isTerminalStatus(status: RegistrationStatus): status is TerminalStatus {
  return (TERMINAL_STATUSES as readonly RegistrationStatus[]).includes(status);
}

/** Kinds of CRVS event the bridge carries to MOSIP. */
export const REGISTRATION_TYPES = ['birth', 'death', 'update'] as const;
export type RegistrationType = (typeof REGISTRATION_TYPES)[number];

/** Outbox job states (graphile-worker's, plus an explicit `cancelled`). */
export const OUTBOX_JOB_STATUSES = ['pending', 'running', 'done', 'failed', 'cancelled'] as const;
export type OutboxJobStatus = (typeof OUTBOX_JOB_STATUSES)[number];

/** Known job kinds; the column is plain text so later kinds need no migration. */
export type OutboxJobKind = 'deliver' | 'track' | (string & {});

/** Who caused a registration event: a component, or an operator identified by API key id or JWT subject. */
export type EventActor = 'api' | 'worker' | 'tracker' | 'websub' | 'system' | `operator:${string}`;

/** Epoch milliseconds: `bigint` on Postgres (parsed to number by the pool), INTEGER on SQLite. */
type EpochMs = number;

/** `registrations`: one row per CRVS event, created at accept time and never deleted. */
export interface RegistrationsTable {
  id: string;
  request_id: string;
  request_hash: string;
  type: RegistrationType;
  process: string;
  source: string;
  status: RegistrationStatus;
  rid: string;
  centre_id: string;
  machine_id: string;
  /** `PayloadCipher` token; NULL once purged after the retention period. */
  payload: string | null;
  /**
   * The UIN as a `PayloadCipher` token bound to `<id>:uin` (migration 0003). A row written before 0003
   * may still hold it in clear text; such a row has `uin_lookup` NULL until it is re-encrypted.
   */
  uin: string | null;
  /** `PayloadCipher.lookupHash` of the UIN, to find a registration by UIN; NULL while `uin` is NULL or legacy. */
  uin_lookup: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  last_code: string | null;
  last_message: string | null;
  created_at: EpochMs;
  updated_at: EpochMs;
  terminal_at: EpochMs | null;
  purged_at: EpochMs | null;
}

/** `registration_events`: the append-only timeline of status changes. */
export interface RegistrationEventsTable {
  id: Generated<number>;
  registration_id: string;
  at: EpochMs;
  from_status: RegistrationStatus | null;
  to_status: RegistrationStatus;
  actor: EventActor;
  code: string | null;
  message: string | null;
}

/** `outbox_jobs`: durable work items claimed by workers under a lease. */
export interface OutboxJobsTable {
  id: Generated<number>;
  job_key: string;
  kind: OutboxJobKind;
  registration_id: string;
  /** JSON text with job parameters; never personal data (that lives encrypted in `registrations.payload`). */
  payload: string | null;
  status: OutboxJobStatus;
  attempts: ColumnType<number, number | undefined, number>;
  max_attempts: number;
  next_attempt_at: EpochMs;
  locked_by: string | null;
  locked_at: EpochMs | null;
  last_error: string | null;
  created_at: EpochMs;
  updated_at: EpochMs;
}

/** `rid_sequences`: the last RID sequence number allocated per centre and machine. */
export interface RidSequencesTable {
  centre_id: string;
  machine_id: string;
  current: number;
}

/** `api_keys`: hashed API keys of CRVS clients and operators. */
export interface ApiKeysTable {
  id: string;
  name: string;
  hash: string;
  /** Comma-separated scope names. */
  scopes: string;
  created_at: EpochMs;
  revoked_at: EpochMs | null;
  last_used_at: EpochMs | null;
}

/** The bridge database as Kysely sees it. */
export interface WebhookAttemptsTable {
  id: Generated<number>;
  job_id: number;
  registration_id: string;
  subscriber: string;
  delivery_id: string;
  event: string;
  attempt: number;
  at: EpochMs;
  status_code: number | null;
  error: string | null;
  response_excerpt: string | null;
}

/** `dashboard_sessions`: one row per dashboard sign-in, ended by sign-out; purged once expired. */
export interface DashboardSessionsTable {
  /** The session nonce carried in the signed cookie. */
  id: string;
  key_id: string;
  created_at: EpochMs;
  expires_at: EpochMs;
  ended_at: EpochMs | null;
}

export interface BridgeSchema {
  dashboard_sessions: DashboardSessionsTable;
  webhook_attempts: WebhookAttemptsTable;
  registrations: RegistrationsTable;
  registration_events: RegistrationEventsTable;
  outbox_jobs: OutboxJobsTable;
  rid_sequences: RidSequencesTable;
  api_keys: ApiKeysTable;
}

/**
 * What every repository method runs on: the database itself or an open transaction (a Kysely
 * `Transaction` is a `Kysely`), so callers can compose several repository calls into one transaction.
 */
export type Executor = Kysely<BridgeSchema>;
