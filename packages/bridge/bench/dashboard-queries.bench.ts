/**
 * What the dashboard costs the database as it grows: the overview's aggregates (read every 5 s per open
 * overview) and the first registrations page, at 10 000 and 100 000 stored registrations on SQLite, each as a
 * ratio to a baseline measured in the same run: one registration looked up by id. Run:
 *   npm run bench:dashboard
 * Bounded: two sizes, 20 timed repetitions each; everything in a temporary directory, deleted at the end.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../src/store/database.ts';
import { migrateToLatest } from '../src/store/migrations.ts';
import { PayloadCipher } from '../src/store/payload-cipher.ts';
import { REGISTRATION_STATUSES, type RegistrationStatus } from '../src/store/schema.ts';
import { Store } from '../src/store/store.ts';

const SIZES = [10_000, 100_000];
const REPEAT = 20;
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 3, 12);

/** Median milliseconds of `REPEAT` runs after one warm-up. */
async function median(run: () => Promise<unknown>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < REPEAT; i += 1) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(REPEAT / 2)]!;
}

/** Rows spread over 30 days, most finished, a few in flight or failed, one deliver job each. */
async function fill(store: Store, count: number): Promise<string> {
  let someId = '';
  const batch = 500;
  for (let start = 0; start < count; start += batch) {
    const rows = Array.from({ length: Math.min(batch, count - start) }, (_, k) => {
      const i = start + k;
      const created = NOW - Math.floor((i / count) * 30 * DAY);
      const status: RegistrationStatus =
        i % 50 === 0 ? 'failed' : i % 97 === 0 ? 'processing' : i % 3 === 0 ? 'completed' : 'uin_issued';
      const terminal = status === 'processing' ? null : created + 60_000;
      return {
        id: randomUUID(),
        request_id: `bench-${i}`,
        request_hash: 'h',
        type: i % 3 === 0 ? ('death' as const) : ('birth' as const),
        process: 'CRVS_NEW',
        source: 'CRVS1',
        status,
        rid: `1000110077${String(i).padStart(19, '0')}`,
        centre_id: '10001',
        machine_id: '10077',
        payload: null,
        uin: null,
        uin_lookup: null,
        attempts: 1,
        last_code: status === 'failed' ? 'RPR-PKR-001' : 'PROCESSED',
        last_message: null,
        created_at: created,
        updated_at: terminal ?? created,
        terminal_at: terminal,
        purged_at: null,
      };
    });
    someId = rows[0]!.id;
    await store.executor.transaction().execute(async (tx) => {
      await tx.insertInto('registrations').values(rows).execute();
      await tx
        .insertInto('outbox_jobs')
        .values(
          rows.map((r) => ({
            job_key: `deliver:${r.id}`,
            kind: 'deliver',
            registration_id: r.id,
            payload: null,
            status: r.status === 'processing' ? ('pending' as const) : ('done' as const),
            attempts: 1,
            max_attempts: 25,
            next_attempt_at: r.created_at,
            locked_by: null,
            locked_at: null,
            last_error: null,
            created_at: r.created_at,
            updated_at: r.updated_at,
          })),
        )
        .execute();
    });
  }
  return someId;
}

async function overview(store: Store): Promise<void> {
  const minute = Math.floor(NOW / 60_000) * 60_000 - 59 * 60_000;
  const hour = Math.floor(NOW / 3_600_000) * 3_600_000 - 23 * 3_600_000;
  await Promise.all([
    store.stats.countsByTypeAndStatus(),
    store.stats.throughput(minute, 60_000, 60),
    store.stats.throughput(hour, 3_600_000, 24),
    store.stats.oldestByStatus(),
    store.stats.failuresByCode(),
    store.outbox.depth(),
    store.stats.oldestPendingJobAt(),
    store.stats.webhookBacklog(),
  ]);
}

const dir = mkdtempSync(join(tmpdir(), 'crvs-mosip-bench-'));
try {
  console.log(
    `dashboard queries on SQLite, median of ${REPEAT} runs (statuses: ${REGISTRATION_STATUSES.length})`,
  );
  console.log('registrations  baseline (1 lookup)  overview (8 aggregates)  ratio  first list page  ratio');
  for (const size of SIZES) {
    const database = await openDatabase(join(dir, `bench-${size}.db`));
    await migrateToLatest(database);
    const store = new Store(database, { cipher: new PayloadCipher(PayloadCipher.generateKey()) });
    const id = await fill(store, size);
    const baseline = await median(() => store.registrations.findById(id));
    const agg = await median(() => overview(store));
    const list = await median(() => store.registrations.list({ status: 'failed', limit: 50 }));
    if (process.argv.includes('--each')) {
      const minute = Math.floor(NOW / 60_000) * 60_000 - 59 * 60_000;
      for (const [name, run] of Object.entries({
        countsByTypeAndStatus: () => store.stats.countsByTypeAndStatus(),
        throughputMinutes: () => store.stats.throughput(minute, 60_000, 60),
        throughputHours: () => store.stats.throughput(NOW - 24 * 3_600_000, 3_600_000, 24),
        oldestByStatus: () => store.stats.oldestByStatus(),
        failuresByCode: () => store.stats.failuresByCode(),
        outboxDepth: () => store.outbox.depth(),
        oldestPendingJobAt: () => store.stats.oldestPendingJobAt(),
        webhookBacklog: () => store.stats.webhookBacklog(),
      })) {
        console.log(`    ${name}: ${(await median(run)).toFixed(2)} ms`);
      }
    }
    const ms = (v: number) => `${v.toFixed(2)} ms`.padStart(10);
    console.log(
      `${String(size).padStart(13)}  ${ms(baseline).padStart(19)}  ${ms(agg).padStart(23)}  ${(agg / baseline).toFixed(0).padStart(5)}×  ${ms(list).padStart(15)}  ${(list / baseline).toFixed(0).padStart(5)}×`,
    );
    await database.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
