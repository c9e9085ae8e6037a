import { expect, it } from 'vitest';
import { T0 } from '../support/registration-fixtures.ts';
import { describeEachDialect } from '../support/test-database.ts';

describeEachDialect('DashboardSessionRepository', (t) => {
  const HOUR = 3_600_000;

  it('should keep a session active until it is ended or expires, for its own key only', async () => {
    const sessions = t.store.dashboardSessions;
    await sessions.create({ id: 'nonce-a', keyId: 'key1', createdAt: T0, expiresAt: T0 + HOUR });
    expect(await sessions.isActive('nonce-a', 'key1', T0 + 1)).toBe(true);
    expect(await sessions.isActive('nonce-a', 'key2', T0 + 1)).toBe(false);
    expect(await sessions.isActive('nonce-b', 'key1', T0 + 1)).toBe(false);
    expect(await sessions.isActive('nonce-a', 'key1', T0 + HOUR)).toBe(false);

    expect(await sessions.end('nonce-a', T0 + 2)).toBe(true);
    expect(await sessions.end('nonce-a', T0 + 3)).toBe(false);
    expect(await sessions.isActive('nonce-a', 'key1', T0 + 4)).toBe(false);
  });

  it('should purge expired sessions only', async () => {
    const sessions = t.store.dashboardSessions;
    await sessions.create({ id: 'old', keyId: 'k', createdAt: T0, expiresAt: T0 + HOUR });
    await sessions.create({ id: 'new', keyId: 'k', createdAt: T0, expiresAt: T0 + 3 * HOUR });
    // Other tests' sessions (same database) expire by then too; "old" must be among the rows deleted.
    expect(await sessions.purgeExpired(T0 + 2 * HOUR)).toBeGreaterThanOrEqual(1);
    const left = await t.store.executor.selectFrom('dashboard_sessions').select('id').execute();
    expect(left.map((r) => r.id)).toEqual(['new']);
    expect(await sessions.isActive('new', 'k', T0 + 2 * HOUR)).toBe(true);
    expect(await sessions.purgeExpired(T0 + 2 * HOUR)).toBe(0);
  });
});
