import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../../src/index.ts';
import { createEmptyDatabase } from '../support/test-database.ts';
import { birth, startStack, testConfig, waitForStatus, type Stack } from './stack.ts';

/** Counts the MOSIP calls of one bridge replica. */
function counting() {
  const counts = { createPacket: 0, workflow: 0 };
  const fn: typeof fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.includes('/createPacket')) counts.createPacket += 1;
    if (url.includes('/workflowinstance')) counts.workflow += 1;
    return fetch(input, init);
  };
  return { fn, counts };
}

describe('two bridge replicas on one Postgres', () => {
  let stack: Stack;
  let second: Bridge;
  let database: { url: string; drop(): Promise<void> };
  const a = counting();
  const b = counting();

  beforeAll(async () => {
    database = await createEmptyDatabase('postgres');
    stack = await startStack({
      bridge: { DATABASE_URL: database.url, WORKER_CONCURRENCY: 8, WORKER_POLL_MS: 10 },
      bridgeOptions: { fetch: a.fn, workerId: 'replica-a' },
    });
    second = await startBridge(
      testConfig(stack.sandbox.url, stack.dir, {
        DATABASE_URL: database.url,
        ENCRYPTION_KEY: stack.config.ENCRYPTION_KEY,
        WORKER_CONCURRENCY: 8,
        WORKER_POLL_MS: 10,
      }),
      { fetch: b.fn, workerId: 'replica-b' },
    );
  });
  afterAll(async () => {
    await second.close();
    await stack.close();
    await database.drop();
  });

  it('delivers each registration exactly once, RIDs unique, with both replicas working', async () => {
    const accepted = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        fetch(`${(i % 2 === 0 ? stack.bridge : second).url}/v1/registrations`, {
          method: 'POST',
          headers: { authorization: `Bearer ${stack.key}`, 'content-type': 'application/json' },
          body: JSON.stringify(birth()),
        }).then(async (r) => (await r.json()) as { id: string; rid: string }),
      ),
    );
    expect(new Set(accepted.map((r) => r.rid)).size).toBe(40);
    for (const r of accepted) {
      const done = await waitForStatus(stack, r.id, ['processed'], 30_000);
      expect(done.timeline.filter((e: { toStatus: string }) => e.toStatus === 'packet_created')).toHaveLength(
        1,
      );
      expect(done.timeline.some((e: { code: string | null }) => e.code === 'RPR-WIS-001')).toBe(false);
    }
    expect(a.counts.createPacket + b.counts.createPacket).toBe(40);
    expect(a.counts.workflow + b.counts.workflow).toBe(40);
    expect(a.counts.createPacket).toBeGreaterThan(0);
    expect(b.counts.createPacket).toBeGreaterThan(0);
  });
});
