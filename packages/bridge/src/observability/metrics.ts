import type { MosipClientOptions } from '@crvs-mosip/mosip-client';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import {
  OUTBOX_JOB_STATUSES,
  REGISTRATION_STATUSES,
  REGISTRATION_TYPES,
  TERMINAL_STATUSES,
} from '../store/schema.ts';
import type { Store } from '../store/store.ts';

/** Every metric of the bridge starts with this; prom-client's process metrics keep their standard names. */
export const METRIC_PREFIX = 'crvs_mosip_';

/** Outcomes of a signed WebSub delivery (see `WebSubReceiver.handle`). */
export type WebSubDeliveryOutcome =
  | 'accepted'
  | 'duplicate'
  | 'unknown_rid'
  | 'not_awaiting'
  | 'bad_signature'
  | 'unreadable'
  | 'missing_rid'
  | 'credential_unreadable';

/**
 * Outcomes of one webhook attempt (`delivered`, `http_3xx|4xx|5xx`, `timeout`, `network_error`), plus
 * `gave_up` once per abandoned job (counted in addition to its last attempt's outcome).
 */
export type WebhookDeliveryOutcome =
  'delivered' | 'http_3xx' | 'http_4xx' | 'http_5xx' | 'http_other' | 'timeout' | 'network_error' | 'gave_up';

export interface MetricsSources {
  store: Pick<Store, 'stats' | 'outbox'>;
  clock: () => number;
  /** WORKER_CONCURRENCY. */
  concurrency: number;
  /** CREDENTIAL_WAIT_MS: after this, a processed birth without its credential counts as waiting. */
  credentialWaitMs: number;
}

const LATENCY_BUCKETS_S = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const MOSIP_BUCKETS_S = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const NON_TERMINAL = REGISTRATION_STATUSES.filter(
  (s) => !(TERMINAL_STATUSES as readonly string[]).includes(s),
);
const ageSeconds = (now: number, since: number | null | undefined) =>
  since == null ? 0 : Math.max(0, (now - since) / 1000);

/**
 * The bridge's Prometheus metrics, on a registry of its own (several bridges in one process, as in
 * tests, do not share counters). Database-backed gauges are read at scrape time, so they are right
 * across replicas sharing one database and cost nothing between scrapes.
 */
export class BridgeMetrics {
  readonly registry = new Registry();
  readonly #accept: Histogram<'outcome'>;
  readonly #mosipCalls: Histogram<'endpoint' | 'outcome'>;
  readonly #tokenRefreshes: Counter<'client_id' | 'outcome'>;
  readonly #websub: Counter<'outcome'>;
  readonly #webhooks: Counter<'subscriber' | 'outcome'>;
  #busySlots: () => number = () => 0;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    // Unprefixed (`process_*`, `nodejs_*`), as the usual Node.js dashboards and alerts expect them.
    collectDefaultMetrics({ register: this.registry });
    this.#accept = new Histogram({
      name: `${METRIC_PREFIX}accept_duration_seconds`,
      help: 'POST /v1/registrations handling time, by outcome (created, repeat or the error code)',
      labelNames: ['outcome'],
      buckets: LATENCY_BUCKETS_S,
      registers,
    });
    this.#mosipCalls = new Histogram({
      name: `${METRIC_PREFIX}mosip_request_duration_seconds`,
      help: 'MOSIP HTTP requests by client operation and outcome (ok or the MOSIP/CLIENT error code)',
      labelNames: ['endpoint', 'outcome'],
      buckets: MOSIP_BUCKETS_S,
      registers,
    });
    this.#tokenRefreshes = new Counter({
      name: `${METRIC_PREFIX}mosip_token_refreshes_total`,
      help: 'MOSIP token requests by Keycloak client id and outcome',
      labelNames: ['client_id', 'outcome'],
      registers,
    });
    this.#websub = new Counter({
      name: `${METRIC_PREFIX}websub_deliveries_total`,
      help: 'WebSub deliveries received from the MOSIP hub, by outcome',
      labelNames: ['outcome'],
      registers,
    });
    this.#webhooks = new Counter({
      name: `${METRIC_PREFIX}webhook_deliveries_total`,
      help: 'Webhook attempts to the CRVS by subscriber and outcome; gave_up counts abandoned events',
      labelNames: ['subscriber', 'outcome'],
      registers,
    });
    const concurrency = new Gauge({
      name: `${METRIC_PREFIX}worker_concurrency`,
      help: 'Configured delivery slots (WORKER_CONCURRENCY)',
      registers,
    });
    concurrency.set(sources.concurrency);
    const busy: Gauge = new Gauge({
      name: `${METRIC_PREFIX}worker_busy_slots`,
      help: 'Delivery slots in use (MOSIP deliveries and webhooks in flight)',
      registers,
      collect: () => busy.set(this.#busySlots()),
    });
    this.#databaseGauges(sources);
  }

  /** Gauges computed from the database when scraped. */
  #databaseGauges({ store, clock, credentialWaitMs }: MetricsSources): void {
    const registers = [this.registry];
    const registrations: Gauge<'type' | 'status'> = new Gauge({
      name: `${METRIC_PREFIX}registrations`,
      help: 'Registrations by type and status',
      labelNames: ['type', 'status'],
      registers,
      collect: async () => {
        const rows = await store.stats.countsByTypeAndStatus();
        // Every pair is present (0 when none), so series do not vanish when a status empties.
        for (const type of REGISTRATION_TYPES) {
          for (const status of REGISTRATION_STATUSES) registrations.set({ type, status }, 0);
        }
        for (const row of rows) registrations.set({ type: row.type, status: row.status }, row.count);
      },
    });
    const oldest: Gauge<'status'> = new Gauge({
      name: `${METRIC_PREFIX}registration_oldest_age_seconds`,
      help: 'Age of the least recently changed registration per non-terminal status (0 when none)',
      labelNames: ['status'],
      registers,
      collect: async () => {
        const byStatus = await store.stats.oldestByStatus();
        const now = clock();
        for (const status of NON_TERMINAL) oldest.set({ status }, ageSeconds(now, byStatus[status]));
      },
    });
    const outbox: Gauge<'status'> = new Gauge({
      name: `${METRIC_PREFIX}outbox_jobs`,
      help: 'Outbox jobs (MOSIP deliveries and webhooks) by status',
      labelNames: ['status'],
      registers,
      collect: async () => {
        const depth = await store.outbox.depth();
        for (const status of OUTBOX_JOB_STATUSES) outbox.set({ status }, depth[status]);
      },
    });
    const waiting: Gauge = new Gauge({
      name: `${METRIC_PREFIX}births_waiting_for_credential`,
      help: 'Births with a UIN generated but no credential received after CREDENTIAL_WAIT_MS',
      registers,
      collect: async () => {
        waiting.set((await store.stats.waitingForCredential(clock() - credentialWaitMs)).count);
      },
    });
    const pendingAge: Gauge = new Gauge({
      name: `${METRIC_PREFIX}outbox_oldest_pending_age_seconds`,
      help: 'Age of the oldest pending or running outbox job (0 when none)',
      registers,
      collect: async () => {
        pendingAge.set(ageSeconds(clock(), await store.stats.oldestPendingJobAt()));
      },
    });
  }

  /** Records one POST /v1/registrations. */
  observeAccept(outcome: string, seconds: number): void {
    this.#accept.observe({ outcome }, seconds);
  }

  /** The observer options of a MOSIP client with this Keycloak client id. */
  mosipObserver(clientId: string): Pick<MosipClientOptions, 'onCall' | 'onTokenRefresh'> {
    return {
      onCall: ({ operation, outcome, durationMs }) => {
        this.#mosipCalls.observe({ endpoint: operation, outcome }, durationMs / 1000);
      },
      onTokenRefresh: ({ outcome }) => this.#tokenRefreshes.inc({ client_id: clientId, outcome }),
    };
  }

  websubDelivery(outcome: WebSubDeliveryOutcome): void {
    this.#websub.inc({ outcome });
  }

  webhookDelivery(subscriber: string, outcome: WebhookDeliveryOutcome): void {
    this.#webhooks.inc({ subscriber, outcome });
  }

  /** Where the busy-slots gauge reads from (the worker exists after the metrics). */
  observeWorker(busySlots: () => number): void {
    this.#busySlots = busySlots;
  }

  /** The exposition text and its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

/** A webhook attempt's outcome from its HTTP status (null: no answer) and whether it timed out. */
export function webhookOutcome(statusCode: number | null, timedOut: boolean): WebhookDeliveryOutcome {
  if (statusCode === null) return timedOut ? 'timeout' : 'network_error';
  if (statusCode >= 200 && statusCode < 300) return 'delivered';
  if (statusCode >= 300 && statusCode < 400) return 'http_3xx';
  if (statusCode >= 400 && statusCode < 500) return 'http_4xx';
  if (statusCode >= 500 && statusCode < 600) return 'http_5xx';
  return 'http_other';
}
