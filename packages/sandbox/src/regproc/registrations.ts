import type { DocumentStore } from '../state/document-store.ts';
import { KINDS, type RegistrationRecord, type TransactionRecord } from '../state/models.ts';

/** Kind of the small queue of registrations the pipeline still has to move (key → due time). */
const QUEUE = 'pipeline-queue';

export const registrationKey = (rid: string, process: string, iteration: number) =>
  `${rid}/${process}/${iteration}`;

/** The registration processor's tables (`registration`, `registration_transaction`) in the sandbox store. */
export class Registrations {
  constructor(private readonly store: DocumentStore) {}

  get(key: string): RegistrationRecord | undefined {
    return this.store.get<RegistrationRecord>(KINDS.registration, key);
  }

  /** All workflows of a RID (one per process and iteration), oldest first. */
  byRid(rid: string): RegistrationRecord[] {
    return this.store.listByRef<RegistrationRecord>(KINDS.registration, rid);
  }

  /** Inserts a new registration; false when one exists for the same RID, process and iteration. */
  insert(record: RegistrationRecord): boolean {
    const inserted = this.store.insert(KINDS.registration, record.key, record, record.registrationId);
    if (inserted) this.store.put(QUEUE, record.key, { dueAt: record.dueAt });
    return inserted;
  }

  save(record: RegistrationRecord): void {
    this.store.put(KINDS.registration, record.key, record, record.registrationId);
    if (record.stage) this.store.put(QUEUE, record.key, { dueAt: record.dueAt });
    else this.store.delete(QUEUE, record.key);
  }

  /** Keys of registrations whose next stage is due at `nowMs`, earliest first. */
  due(nowMs: number, limit: number): string[] {
    return this.store
      .listWithIds<{ dueAt: number }>(QUEUE)
      .filter((row) => row.value.dueAt <= nowMs)
      .sort((a, b) => a.value.dueAt - b.value.dueAt)
      .slice(0, limit)
      .map((row) => row.id);
  }

  addTransaction(tx: TransactionRecord): void {
    this.store.put(KINDS.transaction, tx.id, tx, tx.registrationId);
  }

  transactions(rid: string): TransactionRecord[] {
    return this.store.listByRef<TransactionRecord>(KINDS.transaction, rid);
  }
}
