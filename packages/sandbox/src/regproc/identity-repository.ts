import type { DocumentStore } from '../state/document-store.ts';
import { KINDS, type IdentityRecord } from '../state/models.ts';

/** Kind of the demographic index: demographic key → UIN (for demo-dedupe). */
const DEMO_INDEX = 'identity-demo';

/** The sandbox's ID repository: identities by UIN, with a demographic index for dedupe. */
export class IdentityRepository {
  constructor(private readonly store: DocumentStore) {}

  get(uin: string): IdentityRecord | undefined {
    return this.store.get<IdentityRecord>(KINDS.identity, uin);
  }

  exists(uin: string): boolean {
    return this.get(uin) !== undefined;
  }

  /** UIN of an identity with the same demographic key, if any. */
  findByDemographicKey(key: string): string | undefined {
    return this.store.get<{ uin: string }>(DEMO_INDEX, key)?.uin;
  }

  save(record: IdentityRecord): void {
    this.store.put(KINDS.identity, record.uin, record, record.createdByRid);
    if (record.demographicKey) this.store.put(DEMO_INDEX, record.demographicKey, { uin: record.uin });
  }

  count(): number {
    return this.store.count(KINDS.identity);
  }
}
