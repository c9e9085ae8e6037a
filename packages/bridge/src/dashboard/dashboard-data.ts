import { describeMosipError, MOSIP_ERRORS } from '@crvs-mosip/contracts';
import type { MosipClient, TokenState } from '@crvs-mosip/mosip-client';
import { ERRORS } from '../errors.ts';
import type { Registration } from '../store/registration.repository.ts';
import type { Store } from '../store/store.ts';
import { dateRange, type ListFilter } from './registration-filter.ts';
import type { FailureGroup, ThroughputBucket, WebhookBacklog } from '../store/stats.repository.ts';
import { REGISTRATION_STATUSES, REGISTRATION_TYPES, TERMINAL_STATUSES } from '../store/schema.ts';
import type { OutboxJobStatus, RegistrationStatus, RegistrationType } from '../store/schema.ts';
import type { TopicSubscription } from '../websub/subscriber.ts';

/** What the dashboard reads besides the store; each part is optional so the pages work in any setup. */
export interface DashboardSources {
  store: Store;
  clock: () => number;
  /** The writer client (createPacket, workflow) and the reader client (status, schema). */
  mosip: { writer: MosipClient; reader: MosipClient; partner?: MosipClient | undefined };
  /** The delivery worker's pause, when MOSIP was found unreachable. */
  workerPause?: (now: number) => { paused: boolean; until: number | null };
  /** CREDENTIAL_WAIT_MS: how long a processed birth may wait for its credential before it shows as waiting. */
  credentialWaitMs: number;
  /** WebSub subscriptions, or null when WebSub is not configured. */
  websub: (() => TopicSubscription[]) | null;
}

export interface Overview {
  now: number;
  counts: { byStatus: Record<RegistrationStatus, Record<RegistrationType, number>>; total: number };
  perMinute: ThroughputBucket[];
  perHour: ThroughputBucket[];
  /** Age in ms of the oldest registration per non-terminal status (those with none are absent). */
  oldest: { status: RegistrationStatus; ageMs: number }[];
  failures: (FailureGroup & { meaning: string })[];
  outbox: Record<OutboxJobStatus, number>;
  oldestPendingJobAgeMs: number | null;
  webhooks: WebhookBacklog;
  /** Births processed longer than CREDENTIAL_WAIT_MS without their credential. */
  waitingForCredential: { count: number; oldestAgeMs: number | null; afterMs: number };
  mosip: {
    reachable: boolean;
    /** Error code of the failed token request when unreachable. */
    detail: string | null;
    pausedUntil: number | null;
    tokens: { client: string; state: TokenState }[];
  };
  websub: TopicSubscription[] | null;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** What a code means for an operator: MOSIP's catalogue first, then the bridge's own. */
export function explainCode(code: string): string {
  if (MOSIP_ERRORS.has(code)) return describeMosipError(code).meaning;
  const own = (ERRORS as Record<string, { message: string } | undefined>)[code];
  return own?.message ?? 'Not in the catalogue: see the registration’s timeline for MOSIP’s message.';
}

/** Reads everything the overview shows, in parallel, for one moment `now`. */
export async function readOverview(sources: DashboardSources): Promise<Overview> {
  const { store, clock, mosip } = sources;
  const now = clock();
  const minuteStart = Math.floor(now / MINUTE) * MINUTE - 59 * MINUTE;
  const hourStart = Math.floor(now / HOUR) * HOUR - 23 * HOUR;
  // A hanging MOSIP must not hang the page: after 2 s the overview says so instead of waiting for the token.
  let timer: NodeJS.Timeout | undefined;
  const reachability = Promise.race([
    mosip.writer.getToken().then(
      () => ({ reachable: true, detail: null }),
      (error: unknown) => ({
        reachable: false,
        detail: (error as { code?: string }).code ?? (error as Error).name,
      }),
    ),
    new Promise<{ reachable: boolean; detail: string }>((resolve) => {
      timer = setTimeout(() => resolve({ reachable: false, detail: 'no token within 2 s' }), 2_000);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
  const [counts, perMinute, perHour, oldest, failures, outbox, oldestJob, webhooks, waiting, reach] =
    await Promise.all([
      store.stats.countsByTypeAndStatus(),
      store.stats.throughput(minuteStart, MINUTE, 60),
      store.stats.throughput(hourStart, HOUR, 24),
      store.stats.oldestByStatus(),
      store.stats.failuresByCode(),
      store.outbox.depth(),
      store.stats.oldestPendingJobAt(),
      store.stats.webhookBacklog(),
      store.stats.waitingForCredential(now - sources.credentialWaitMs),
      reachability,
    ]);
  const byStatus = Object.fromEntries(
    REGISTRATION_STATUSES.map((s) => [s, Object.fromEntries(REGISTRATION_TYPES.map((t) => [t, 0]))]),
  ) as Overview['counts']['byStatus'];
  let total = 0;
  for (const c of counts) {
    byStatus[c.status][c.type] = c.count;
    total += c.count;
  }
  const pause = sources.workerPause?.(now) ?? { paused: false, until: null };
  return {
    now,
    counts: { byStatus, total },
    perMinute,
    perHour,
    oldest: REGISTRATION_STATUSES.filter(
      (s) => !(TERMINAL_STATUSES as readonly string[]).includes(s) && oldest[s] !== undefined,
    ).map((status) => ({ status, ageMs: Math.max(0, now - oldest[status]!) })),
    failures: failures.map((f) => ({ ...f, meaning: explainCode(f.code) })),
    outbox,
    oldestPendingJobAgeMs: oldestJob === null ? null : Math.max(0, now - oldestJob),
    webhooks,
    waitingForCredential: {
      count: waiting.count,
      oldestAgeMs: waiting.oldestAt === null ? null : Math.max(0, now - waiting.oldestAt),
      afterMs: sources.credentialWaitMs,
    },
    mosip: {
      // A cached token proves nothing while deliveries find MOSIP down: the worker's pause says more.
      reachable: reach.reachable && !pause.paused,
      detail: reach.detail ?? (pause.paused ? 'deliveries could not reach MOSIP' : null),
      pausedUntil: pause.until,
      tokens: [
        { client: 'writer (packets, workflows)', state: mosip.writer.tokenState() },
        { client: 'reader (status, ID schema)', state: mosip.reader.tokenState() },
        ...(mosip.partner
          ? [{ client: 'partner (WebSub subscriptions)', state: mosip.partner.tokenState() }]
          : []),
      ],
    },
    websub: sources.websub?.() ?? null,
  };
}

/**
 * The registrations list: one registration when searching by request id, RID, uuid or UIN; otherwise a
 * filtered page of 50. A stale or forged page link falls back to the first page with a note.
 */
export async function searchRegistrations(
  store: Store,
  filter: ListFilter,
): Promise<{ items: Registration[]; nextCursor: string | null; problem: string | null }> {
  if (filter.q) {
    const found =
      (await store.registrations.findByAnyId(filter.q)) ?? (await store.registrations.findByUin(filter.q));
    return { items: found ? [found] : [], nextCursor: null, problem: null };
  }
  try {
    const page = await store.registrations.list({
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.type ? { type: filter.type } : {}),
      ...dateRange(filter),
      ...(filter.cursor ? { cursor: filter.cursor } : {}),
      order: filter.order ?? 'desc',
      limit: 50,
    });
    return { ...page, problem: null };
  } catch {
    const first = await store.registrations.list({ limit: 50 });
    return { ...first, problem: 'The page link is not valid any more; showing the first page.' };
  }
}
