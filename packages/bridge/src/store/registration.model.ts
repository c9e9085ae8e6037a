import type { PacketDto, WorkflowInstanceRequest } from '@crvs-mosip/contracts';
import type { Selectable } from 'kysely';
import type { RegistrationStatus, RegistrationType, RegistrationsTable, EventActor } from './schema.ts';

/** Registration types and the row conversion shared by the registration queries. */

/** What the worker needs to deliver a registration; stored encrypted, since it holds personal data. */
export interface RegistrationPayload {
  /** The createPacket request body, RID included. */
  packet: PacketDto;
  /** The workflow-instance request body. */
  workflow: WorkflowInstanceRequest;
}

/** A registration as services see it (without its payload; see `loadPayload`). */
export interface Registration {
  id: string;
  requestId: string;
  requestHash: string;
  type: RegistrationType;
  process: string;
  source: string;
  status: RegistrationStatus;
  rid: string;
  centreId: string;
  machineId: string;
  uin: string | null;
  attempts: number;
  lastCode: string | null;
  lastMessage: string | null;
  createdAt: number;
  updatedAt: number;
  terminalAt: number | null;
  /** Set once the payload has been erased after the retention period. */
  purgedAt: number | null;
}

/** Input of `RegistrationRepository.insert`. */
export interface NewRegistration {
  id: string;
  requestId: string;
  /** SHA-256 hex of the canonical request body, to tell a repeat from a conflicting reuse of requestId. */
  requestHash: string;
  type: RegistrationType;
  process: string;
  source: string;
  rid: string;
  centreId: string;
  machineId: string;
  payload: RegistrationPayload;
  createdAt: number;
  /** Who accepted it, for the first timeline event. (Default: "api") */
  actor?: EventActor;
}

/** An optimistic status change: applied only while the registration is still in `from`. */
export interface StatusTransition {
  from: RegistrationStatus;
  to: RegistrationStatus;
  actor: EventActor;
  /** MOSIP code behind the change; also kept as `lastCode`. */
  code?: string | null;
  message?: string | null;
  /** The UIN, once MOSIP reports it. */
  uin?: string | null;
}

/** Filters and position of `RegistrationRepository.list`. */
export interface RegistrationListQuery {
  status?: RegistrationStatus | readonly RegistrationStatus[];
  type?: RegistrationType;
  /** Only registrations created at or after this time (epoch ms). */
  since?: number;
  /** Only registrations created before this time (epoch ms). */
  until?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  /** Page size, 1..1000. */
  limit: number;
  /** Newest first (`desc`) or oldest first. (Default: "desc") */
  order?: 'asc' | 'desc';
}

/** One page of registrations. */
export interface RegistrationPage {
  items: Registration[];
  /** Cursor of the next page, or null on the last page. */
  nextCursor: string | null;
}

/** Every column except the encrypted payload, which lists and lookups never need. */
export const REGISTRATION_COLUMNS = [
  'id',
  'request_id',
  'request_hash',
  'type',
  'process',
  'source',
  'status',
  'rid',
  'centre_id',
  'machine_id',
  'uin',
  'uin_lookup',
  'attempts',
  'last_code',
  'last_message',
  'created_at',
  'updated_at',
  'terminal_at',
  'purged_at',
] as const satisfies readonly (keyof RegistrationsTable)[];

/** A registration row without its payload. */
export type RegistrationRow = Pick<Selectable<RegistrationsTable>, (typeof REGISTRATION_COLUMNS)[number]>;

/** Largest page `list` returns. */
export const MAX_PAGE = 1000;

/**
 * Converts a row into the domain object.
 * @param uin - the decrypted UIN (the row holds it encrypted)
 */
export function toRegistration(row: RegistrationRow, uin: string | null): Registration {
  return {
    id: row.id,
    requestId: row.request_id,
    requestHash: row.request_hash,
    type: row.type,
    process: row.process,
    source: row.source,
    status: row.status,
    rid: row.rid,
    centreId: row.centre_id,
    machineId: row.machine_id,
    uin,
    attempts: row.attempts,
    lastCode: row.last_code,
    lastMessage: row.last_message,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    terminalAt: row.terminal_at,
    purgedAt: row.purged_at,
  };
}
