import { expect, it } from 'vitest';
import type { BridgeDatabase, OutboxJob } from '../../src/store/index.ts';
import { OutboxRepository } from '../../src/store/index.ts';
import { T0, newRegistration } from '../support/registration-fixtures.ts';
import { describeEachDialect } from '../support/test-database.ts';

const JOBS = 200;

describeEachDialect('OutboxRepository under concurrent claimers', (t) => {
  /** Claims until the queue is empty, with `loops` claim loops in parallel on one pool. */
  async function drain(database: BridgeDatabase, workerId: string, loops: number): Promise<OutboxJob[]> {
    const outbox = new OutboxRepository(database.db, database.dialect);
    const claimed: OutboxJob[] = [];
    await Promise.all(
      Array.from({ length: loops }, async () => {
        for (;;) {
          const jobs = await outbox.claim(workerId, T0 + 1_000, 60_000, 3);
          if (jobs.length === 0) return;
          claimed.push(...jobs);
        }
      }),
    );
    return claimed;
  }

  it(`should give each of ${JOBS} jobs to exactly one of two claimers on separate pools`, async () => {
    const registration = await t.store.registrations.insert(newRegistration());
    await t.store.transaction(async (tx) => {
      for (let i = 0; i < JOBS; i++) {
        await tx.outbox.enqueue(
          { jobKey: `deliver:${i}`, kind: 'deliver', registrationId: registration.id, maxAttempts: 5 },
          T0 + i,
        );
      }
    });
    // Postgres: two pools of four connections, four claim loops each. SQLite: two connections to one file.
    const [a, b] = await Promise.all([t.open({ poolSize: 4 }), t.open({ poolSize: 4 })]);
    const [byA, byB] = await Promise.all([drain(a, 'worker-a', 4), drain(b, 'worker-b', 4)]);

    const ids = [...byA, ...byB].map((j) => j.id);
    expect(ids).toHaveLength(JOBS);
    expect(new Set(ids).size).toBe(JOBS);
    if (t.dialect === 'postgres') {
      // Both claimers really worked in parallel, not one after the other.
      expect(byA.length).toBeGreaterThan(0);
      expect(byB.length).toBeGreaterThan(0);
    }
    expect(await t.store.outbox.depth()).toMatchObject({ pending: 0, running: JOBS });
    const stored = await t.store.outbox.findByRegistration(registration.id);
    const owner = new Map<number, string>([
      ...byA.map((j) => [j.id, 'worker-a'] as const),
      ...byB.map((j) => [j.id, 'worker-b'] as const),
    ]);
    for (const job of stored) {
      expect(job.attempts).toBe(1);
      expect(job.lockedBy).toBe(owner.get(job.id));
    }
  });
});
