import { decodeCursor, encodeCursor } from './cursor.ts';
import { EventRepository } from './event.repository.ts';
import type { PayloadCipher } from './payload-cipher.ts';
import { decryptUin, uinAssociatedData } from './uin.ts';
import {
  MAX_PAGE,
  REGISTRATION_COLUMNS,
  toRegistration,
  type NewRegistration,
  type Registration,
  type RegistrationListQuery,
  type RegistrationPage,
  type RegistrationPayload,
  type RegistrationRow,
  type StatusTransition,
} from './registration.model.ts';
import {
  REGISTRATION_STATUSES,
  TERMINAL_STATUSES,
  isTerminalStatus,
  type Executor,
  type RegistrationStatus,
} from './schema.ts';
import { translateUniqueViolation } from './store-errors.ts';
import { inTransaction } from './transaction.ts';

export type {
  NewRegistration,
  Registration,
  RegistrationListQuery,
  RegistrationPage,
  RegistrationPayload,
  StatusTransition,
} from './registration.model.ts';

/**
 * Registrations (`registrations`), their encrypted payloads and UINs and, atomically, their timeline
 * events. The UIN is stored as a cipher token bound to `<id>:uin` plus a keyed lookup hash; every read
 * returns it decrypted. A clear-text UIN left by a database from before migration 0003 (its lookup hash
 * is NULL) is still read and found, and `encryptLegacyUins` converts such rows.
 */
export class RegistrationRepository {
  readonly #events: EventRepository;

  /**
   * @param db - database or transaction the methods run on unless given an executor
   * @param cipher - encrypts payloads (associated data: the registration id) and UINs (`<id>:uin`)
   */
  constructor(
    private readonly db: Executor,
    private readonly cipher: PayloadCipher,
  ) {
    this.#events = new EventRepository(db, cipher);
  }

  #toRegistration(row: RegistrationRow): Registration {
    return toRegistration(row, decryptUin(this.cipher, row));
  }

  /**
   * Stores a new registration and its first timeline event (`null → accepted`) in one transaction.
   * @throws UniqueViolation on `registrations_request_id_uq`, `registrations_rid_uq` or `registrations_pk`
   */
  async insert(input: NewRegistration, executor: Executor = this.db): Promise<Registration> {
    const row: RegistrationRow = {
      id: input.id,
      request_id: input.requestId,
      request_hash: input.requestHash,
      type: input.type,
      process: input.process,
      source: input.source,
      status: 'accepted',
      rid: input.rid,
      centre_id: input.centreId,
      machine_id: input.machineId,
      uin: null,
      uin_lookup: null,
      attempts: 0,
      last_code: null,
      last_message: null,
      created_at: input.createdAt,
      updated_at: input.createdAt,
      terminal_at: null,
      purged_at: null,
    };
    const payload = this.cipher.encrypt(JSON.stringify(input.payload), input.id);
    return inTransaction(executor, async (trx) => {
      await translateUniqueViolation(() =>
        trx
          .insertInto('registrations')
          .values({ ...row, payload })
          .execute(),
      );
      await this.#events.append(
        {
          registrationId: input.id,
          at: input.createdAt,
          fromStatus: null,
          toStatus: 'accepted',
          actor: input.actor ?? 'api',
        },
        trx,
      );
      return toRegistration(row, null);
    });
  }

  /** The registration with this uuid. */
  async findById(id: string, executor: Executor = this.db): Promise<Registration | undefined> {
    const row = await executor
      .selectFrom('registrations')
      .select(REGISTRATION_COLUMNS)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && this.#toRegistration(row);
  }

  /** The registration with this RID. */
  async findByRid(rid: string, executor: Executor = this.db): Promise<Registration | undefined> {
    const row = await executor
      .selectFrom('registrations')
      .select(REGISTRATION_COLUMNS)
      .where('rid', '=', rid)
      .executeTakeFirst();
    return row && this.#toRegistration(row);
  }

  /** The registration created for this CRVS request id. */
  async findByRequestId(requestId: string, executor: Executor = this.db): Promise<Registration | undefined> {
    const row = await executor
      .selectFrom('registrations')
      .select(REGISTRATION_COLUMNS)
      .where('request_id', '=', requestId)
      .executeTakeFirst();
    return row && this.#toRegistration(row);
  }

  /**
   * The most recent registration that received this UIN (a death after a birth shares the birth's UIN),
   * found by its lookup hash under any configured key, or by a legacy clear-text UIN.
   * @throws PayloadDecryptionError when the stored UIN token does not decrypt on its row
   */
  async findByUin(uin: string, executor: Executor = this.db): Promise<Registration | undefined> {
    const row = await executor
      .selectFrom('registrations')
      .select(REGISTRATION_COLUMNS)
      .where((eb) =>
        eb.or([
          eb('uin_lookup', 'in', this.cipher.lookupHashes(uin)),
          eb.and([eb('uin_lookup', 'is', null), eb('uin', '=', uin)]),
        ]),
      )
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    return row && this.#toRegistration(row);
  }

  /**
   * The registration a client names by uuid, RID or requestId (in that precedence, should a CRVS ever
   * use another registration's uuid as a request id).
   */
  async findByAnyId(value: string, executor: Executor = this.db): Promise<Registration | undefined> {
    const rows = await executor
      .selectFrom('registrations')
      .select(REGISTRATION_COLUMNS)
      .where((eb) => eb.or([eb('id', '=', value), eb('rid', '=', value), eb('request_id', '=', value)]))
      .execute();
    const row =
      rows.find((r) => r.id === value) ??
      rows.find((r) => r.rid === value) ??
      rows.find((r) => r.request_id === value);
    return row && this.#toRegistration(row);
  }

  /**
   * A page of registrations, newest first by default, with keyset pagination on (created_at, id): pages
   * stay stable while new registrations arrive, and deep pages cost the same as the first.
   * @throws InvalidCursor when `cursor` is not from a previous page
   * @throws RangeError when `limit` is not 1..1000
   */
  async list(query: RegistrationListQuery, executor: Executor = this.db): Promise<RegistrationPage> {
    const { limit, order = 'desc' } = query;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
      throw new RangeError(`limit must be an integer from 1 to ${MAX_PAGE}`);
    }
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const statuses =
      query.status === undefined ? undefined : ([] as RegistrationStatus[]).concat(query.status);
    const op = order === 'desc' ? '<' : '>';
    const rows = await executor
      .selectFrom('registrations')
      .select(REGISTRATION_COLUMNS)
      .$if(statuses !== undefined, (q) => q.where('status', 'in', statuses!))
      .$if(query.type !== undefined, (q) => q.where('type', '=', query.type!))
      .$if(query.since !== undefined, (q) => q.where('created_at', '>=', query.since!))
      .$if(query.until !== undefined, (q) => q.where('created_at', '<', query.until!))
      .$if(after !== undefined, (q) =>
        q.where((eb) =>
          eb.or([
            eb('created_at', op, after!.createdAt),
            eb.and([eb('created_at', '=', after!.createdAt), eb('id', op, after!.id)]),
          ]),
        ),
      )
      .orderBy('created_at', order)
      .orderBy('id', order)
      .limit(limit + 1)
      .execute();
    const items = rows.slice(0, limit).map((row) => this.#toRegistration(row));
    const last = items.at(-1);
    return {
      items,
      nextCursor:
        rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
    };
  }

  /**
   * Moves a registration from `transition.from` to `transition.to` and appends the event, in one
   * transaction. Refuses (false, nothing written) when the registration is no longer in `from`, so two
   * actors racing on one registration cannot both apply a transition.
   * @param now - time of the transition (epoch ms)
   * @returns whether the transition was applied
   */
  async updateStatus(
    id: string,
    transition: StatusTransition,
    now: number,
    executor: Executor = this.db,
  ): Promise<boolean> {
    const { from, to, actor, code, message, uin } = transition;
    return inTransaction(executor, async (trx) => {
      const result = await trx
        .updateTable('registrations')
        .set({
          status: to,
          updated_at: now,
          terminal_at: isTerminalStatus(to) ? now : null,
          ...(code !== undefined && { last_code: code }),
          ...(message !== undefined && { last_message: message }),
          ...(uin != null && {
            uin: this.cipher.encrypt(uin, uinAssociatedData(id)),
            uin_lookup: this.cipher.lookupHash(uin),
          }),
        })
        .where('id', '=', id)
        .where('status', '=', from)
        .executeTakeFirst();
      if (result.numUpdatedRows !== 1n) return false;
      await this.#events.append(
        { registrationId: id, at: now, fromStatus: from, toStatus: to, actor, code, message },
        trx,
      );
      return true;
    });
  }

  /**
   * Encrypts UINs still stored in clear text by a database from before migration 0003 (rows whose
   * `uin_lookup` is NULL), a batch at a time; `migrateToLatest` runs it when given the cipher.
   * @param limit - most rows to convert in this call (Default: 500)
   * @returns how many rows were converted (fewer than `limit` means none are left)
   */
  async encryptLegacyUins(limit = 500, executor: Executor = this.db): Promise<number> {
    const rows = await executor
      .selectFrom('registrations')
      .select(['id', 'uin'])
      .where('uin', 'is not', null)
      .where('uin_lookup', 'is', null)
      .orderBy('id')
      .limit(limit)
      .execute();
    let converted = 0;
    for (const { id, uin } of rows) {
      const result = await executor
        .updateTable('registrations')
        .set({
          uin: this.cipher.encrypt(uin!, uinAssociatedData(id)),
          uin_lookup: this.cipher.lookupHash(uin!),
        })
        .where('id', '=', id)
        .where('uin', '=', uin)
        .where('uin_lookup', 'is', null)
        .executeTakeFirst();
      if (result.numUpdatedRows === 1n) converted++;
    }
    return converted;
  }

  /**
   * Counts one more delivery attempt.
   * @returns the new attempt count, or undefined when there is no such registration
   */
  async incrementAttempts(
    id: string,
    now: number,
    executor: Executor = this.db,
  ): Promise<number | undefined> {
    const row = await executor
      .updateTable('registrations')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), updated_at: now }))
      .where('id', '=', id)
      .returning('attempts')
      .executeTakeFirst();
    return row?.attempts;
  }

  /**
   * Records the latest MOSIP code and message without changing the status (a retryable failure).
   * @returns whether the registration exists
   */
  async setLastError(
    id: string,
    error: { code: string | null; message: string | null },
    now: number,
    executor: Executor = this.db,
  ): Promise<boolean> {
    const result = await executor
      .updateTable('registrations')
      .set({ last_code: error.code, last_message: error.message, updated_at: now })
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** Registrations per status, every status present (0 when none). */
  async countByStatus(executor: Executor = this.db): Promise<Record<RegistrationStatus, number>> {
    const rows = await executor
      .selectFrom('registrations')
      .select((eb) => ['status', eb.fn.countAll<number>().as('count')])
      .groupBy('status')
      .execute();
    const counts = Object.fromEntries(REGISTRATION_STATUSES.map((s) => [s, 0])) as Record<
      RegistrationStatus,
      number
    >;
    for (const row of rows) counts[row.status] = Number(row.count);
    return counts;
  }

  /**
   * Decrypts the payload of a registration.
   * @returns the payload, or undefined when the registration does not exist or was purged
   * @throws PayloadDecryptionError when the stored token does not decrypt with the configured keys
   */
  async loadPayload(id: string, executor: Executor = this.db): Promise<RegistrationPayload | undefined> {
    const row = await executor
      .selectFrom('registrations')
      .select('payload')
      .where('id', '=', id)
      .executeTakeFirst();
    if (row?.payload == null) return undefined;
    return JSON.parse(this.cipher.decrypt(row.payload, id)) as RegistrationPayload;
  }

  /**
   * Erases the payloads (personal data) of registrations that became terminal at or before `terminalBefore`;
   * the row, its RID, UIN and timeline stay.
   * @param terminalBefore - retention cut-off (epoch ms)
   * @param now - purge time recorded as `purgedAt`
   * @param limit - most rows to purge in this call, to keep transactions short (Default: 500)
   * @returns how many registrations were purged
   */
  async purgePayloads(
    terminalBefore: number,
    now: number,
    limit = 500,
    executor: Executor = this.db,
  ): Promise<number> {
    const result = await executor
      .updateTable('registrations')
      .set({ payload: null, purged_at: now, updated_at: now })
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('registrations')
          .select('id')
          .where('status', 'in', TERMINAL_STATUSES)
          .where('terminal_at', '<=', terminalBefore)
          .where('purged_at', 'is', null)
          // A total order, so the LIMIT picks the same rows however often the planner evaluates it.
          .orderBy('terminal_at')
          .orderBy('id')
          .limit(limit),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
