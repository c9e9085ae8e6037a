import { isMosipError, type MosipClient } from '@crvs-mosip/mosip-client';
import type { Store } from '../store/store.ts';

/** lastCode of a birth whose credential is overdue; lastMessage names MOSIP's latest stage. */
export const CREDENTIAL_WAITING = 'CREDENTIAL_WAITING';

export interface CredentialWaitDeps {
  store: Store;
  mosip: MosipClient;
  clock: () => number;
  /** A birth `processed` longer than this is overdue (CREDENTIAL_WAIT_MS). */
  waitMs: number;
  /** Oldest overdue births looked at per round. */
  batch: number;
  /** How often one overdue birth is checked again in MOSIP. */
  recheckMs: number;
}

/**
 * The fallback of issue 5, section 4: births that stay `processed` (UIN generated, credential not yet
 * received) longer than `waitMs` keep being checked in MOSIP's transaction search (mosip-contracts 10.2),
 * and the latest stage is recorded as lastCode `CREDENTIAL_WAITING` / lastMessage, so an operator sees
 * where MOSIP is (for example a failed credential-requestor stage) without changing the status: the UIN
 * still arrives only through the credential.
 */
export class CredentialWaitChecker {
  readonly #checkedAt = new Map<string, number>();

  constructor(private readonly deps: CredentialWaitDeps) {}

  /** One round; returns how many overdue births were checked. Stops early when MOSIP is down. */
  async poll(): Promise<number> {
    const { store, mosip, clock, waitMs, batch, recheckMs } = this.deps;
    const now = clock();
    const births = (
      await store.registrations.list({ status: 'processed', type: 'birth', limit: batch, order: 'asc' })
    ).items;
    const live = new Set(births.map((r) => r.id));
    for (const id of this.#checkedAt.keys()) if (!live.has(id)) this.#checkedAt.delete(id);
    let checked = 0;
    for (const registration of births) {
      if (now - registration.updatedAt < waitMs && registration.lastCode !== CREDENTIAL_WAITING) continue;
      if (now - (this.#checkedAt.get(registration.id) ?? 0) < recheckMs) continue;
      this.#checkedAt.set(registration.id, now);
      let transactions;
      try {
        transactions = await mosip.getRegistrationTransactions(registration.rid);
      } catch (error) {
        if (isMosipError(error) && error.retryable) break;
        continue;
      }
      checked += 1;
      const latest = [...transactions]
        .sort((a, b) =>
          a.createdDateTimes < b.createdDateTimes ? -1 : a.createdDateTimes > b.createdDateTimes ? 1 : 0,
        )
        .at(-1);
      const message = latest
        ? `no credential yet; MOSIP's latest stage: ${latest.transactionTypeCode} ${latest.statusCode}`
        : 'no credential yet; MOSIP lists no transactions';
      if (registration.lastCode === CREDENTIAL_WAITING && registration.lastMessage === message) continue;
      await store.registrations.setLastError(registration.id, { code: CREDENTIAL_WAITING, message }, now);
    }
    return checked;
  }
}
