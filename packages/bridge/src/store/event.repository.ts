import type { Selectable } from 'kysely';
import type { PayloadCipher } from './payload-cipher.ts';
import type { EventActor, Executor, RegistrationEventsTable, RegistrationStatus } from './schema.ts';
import { decryptUin } from './uin.ts';

/** One entry of a registration's timeline. */
export interface RegistrationEvent {
  id: number;
  registrationId: string;
  at: number;
  fromStatus: RegistrationStatus | null;
  toStatus: RegistrationStatus;
  actor: EventActor;
  /** MOSIP response or error code, when the transition came from one. */
  code: string | null;
  message: string | null;
}

/** Input of `EventRepository.append`. */
export interface NewRegistrationEvent {
  registrationId: string;
  at: number;
  fromStatus: RegistrationStatus | null;
  toStatus: RegistrationStatus;
  actor: EventActor;
  code?: string | null;
  message?: string | null;
}

function toEvent(row: Selectable<RegistrationEventsTable>): RegistrationEvent {
  return {
    id: row.id,
    registrationId: row.registration_id,
    at: row.at,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    actor: row.actor,
    code: row.code,
    message: row.message,
  };
}

/** The append-only timeline of every registration (`registration_events`). */
export class EventRepository {
  /**
   * @param db - database or transaction the methods run on unless given an executor
   * @param cipher - decrypts the registrations' UINs in the feed
   */
  constructor(
    private readonly db: Executor,
    private readonly cipher: PayloadCipher,
  ) {}

  /**
   * Appends an event.
   * @param event - the transition to record
   * @param executor - a transaction to join (Default: the repository's database)
   * @returns the stored event with its id
   */
  async append(event: NewRegistrationEvent, executor: Executor = this.db): Promise<RegistrationEvent> {
    const row = await executor
      .insertInto('registration_events')
      .values({
        registration_id: event.registrationId,
        at: event.at,
        from_status: event.fromStatus,
        to_status: event.toStatus,
        actor: event.actor,
        code: event.code ?? null,
        message: event.message ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toEvent(row);
  }

  /**
   * The timeline of one registration, oldest first (by id, which follows commit order per registration
   * because every transition of a registration is serialised by its optimistic status check).
   * @param registrationId - the registration's uuid
   * @param executor - a transaction to join (Default: the repository's database)
   */
  async listForRegistration(
    registrationId: string,
    executor: Executor = this.db,
  ): Promise<RegistrationEvent[]> {
    const rows = await executor
      .selectFrom('registration_events')
      .selectAll()
      .where('registration_id', '=', registrationId)
      .orderBy('id')
      .execute();
    return rows.map(toEvent);
  }

  /**
   * The feed of every registration's events after `afterId`, oldest first, with the registration's ids,
   * for CRVSs that pull instead of receiving webhooks. Only events recorded at or before `settledAt` are
   * returned: on Postgres ids are taken before commit, so a just-written lower id could still appear;
   * waiting a moment keeps a cursor from stepping over it. The UIN is returned decrypted.
   * @throws PayloadDecryptionError when a registration's UIN token does not decrypt on its row
   */
  async listFeed(
    afterId: number,
    settledAt: number,
    limit: number,
    executor: Executor = this.db,
  ): Promise<(RegistrationEvent & { requestId: string; rid: string; type: string; uin: string | null })[]> {
    const rows = await executor
      .selectFrom('registration_events as e')
      .innerJoin('registrations as r', 'r.id', 'e.registration_id')
      .selectAll('e')
      .select(['r.request_id', 'r.rid', 'r.type', 'r.uin', 'r.uin_lookup'])
      .where('e.id', '>', afterId)
      .where('e.at', '<=', settledAt)
      .orderBy('e.id')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      ...toEvent(row),
      requestId: row.request_id,
      rid: row.rid,
      type: row.type,
      uin: decryptUin(this.cipher, { id: row.registration_id, uin: row.uin, uin_lookup: row.uin_lookup }),
    }));
  }
}
