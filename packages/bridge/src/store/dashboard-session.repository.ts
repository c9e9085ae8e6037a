import type { Executor } from './schema.ts';

/** The record of dashboard sign-ins (see migration 0004): created at sign-in, ended at sign-out. */
export class DashboardSessionRepository {
  constructor(private readonly db: Executor) {}

  /** Records a new session. */
  async create(
    session: { id: string; keyId: string; createdAt: number; expiresAt: number },
    executor: Executor = this.db,
  ): Promise<void> {
    await executor
      .insertInto('dashboard_sessions')
      .values({
        id: session.id,
        key_id: session.keyId,
        created_at: session.createdAt,
        expires_at: session.expiresAt,
        ended_at: null,
      })
      .execute();
  }

  /** Whether the session exists for this key, has not been ended and has not expired. */
  async isActive(id: string, keyId: string, now: number, executor: Executor = this.db): Promise<boolean> {
    const row = await executor
      .selectFrom('dashboard_sessions')
      .select('id')
      .where('id', '=', id)
      .where('key_id', '=', keyId)
      .where('ended_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Ends a session (sign-out). @returns false when it was not active */
  async end(id: string, now: number, executor: Executor = this.db): Promise<boolean> {
    const result = await executor
      .updateTable('dashboard_sessions')
      .set({ ended_at: now })
      .where('id', '=', id)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** Deletes sessions that expired before `now`. @returns how many */
  async purgeExpired(now: number, executor: Executor = this.db): Promise<number> {
    const result = await executor
      .deleteFrom('dashboard_sessions')
      .where('expires_at', '<=', now)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
