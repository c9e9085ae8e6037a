import type { Selectable } from 'kysely';
import type { ApiKeysTable, Executor } from './schema.ts';
import { translateUniqueViolation } from './store-errors.ts';

/**
 * A stored API key. Only a SHA-256 of the secret part is kept: the secret is 32 random bytes, so a fast
 * hash cannot be brute-forced and a slow one (scrypt) would only cost latency on every request.
 */
export interface ApiKey {
  /** Short public id (the part of the key before the secret). */
  id: string;
  name: string;
  /** SHA-256 hex of the secret. */
  hash: string;
  scopes: string[];
  createdAt: number;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

/** Input of `ApiKeyRepository.insert`. */
export interface NewApiKey {
  id: string;
  name: string;
  hash: string;
  scopes: readonly string[];
  createdAt: number;
}

/** How often `touch` rewrites `last_used_at` at most, so authenticated reads do not each cost a write. */
const TOUCH_INTERVAL_MS = 60_000;

function toApiKey(row: Selectable<ApiKeysTable>): ApiKey {
  return {
    id: row.id,
    name: row.name,
    hash: row.hash,
    scopes: row.scopes === '' ? [] : row.scopes.split(','),
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}

/** API keys of CRVS clients and operators (`api_keys`). */
export class ApiKeyRepository {
  constructor(private readonly db: Executor) {}

  /**
   * Stores a new key.
   * @throws UniqueViolation on `api_keys_pk` when the id exists
   * @throws RangeError when a scope is empty or contains a comma
   */
  async insert(key: NewApiKey, executor: Executor = this.db): Promise<ApiKey> {
    if (key.scopes.some((s) => s === '' || s.includes(','))) {
      throw new RangeError('scopes must be non-empty and contain no comma');
    }
    const row: Selectable<ApiKeysTable> = {
      id: key.id,
      name: key.name,
      hash: key.hash,
      scopes: key.scopes.join(','),
      created_at: key.createdAt,
      revoked_at: null,
      last_used_at: null,
    };
    await translateUniqueViolation(() => executor.insertInto('api_keys').values(row).execute());
    return toApiKey(row);
  }

  /** The key with this id, revoked or not. */
  async findById(id: string, executor: Executor = this.db): Promise<ApiKey | undefined> {
    const row = await executor.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toApiKey(row);
  }

  /**
   * Records a use of the key, at most once a minute per key.
   * @returns whether `last_used_at` was written
   */
  async touch(id: string, now: number, executor: Executor = this.db): Promise<boolean> {
    const result = await executor
      .updateTable('api_keys')
      .set({ last_used_at: now })
      .where('id', '=', id)
      .where((eb) =>
        eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', now - TOUCH_INTERVAL_MS)]),
      )
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /**
   * Revokes a key; revoking twice keeps the first time.
   * @returns false when no unrevoked key has this id
   */
  async revoke(id: string, now: number, executor: Executor = this.db): Promise<boolean> {
    const result = await executor
      .updateTable('api_keys')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** Every key, oldest first (revoked ones included, for audit). */
  async list(executor: Executor = this.db): Promise<ApiKey[]> {
    const rows = await executor
      .selectFrom('api_keys')
      .selectAll()
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toApiKey);
  }
}
