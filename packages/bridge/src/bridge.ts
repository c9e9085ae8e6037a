import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { MosipClient } from '@crvs-mosip/mosip-client';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './api/app.ts';
import { Authenticator, generateApiKey } from './api/auth.ts';
import { webhookSubscriptions, type BridgeConfig } from './config.ts';
import { IdSchemaProvider } from './services/id-schema-provider.ts';
import { Notifier, type WebhookSubscription } from './services/notifier.ts';
import { RegistrationService } from './services/registration-service.ts';
import { openDatabase } from './store/database.ts';
import { migrateToLatest } from './store/migrations.ts';
import { PayloadCipher } from './store/payload-cipher.ts';
import { ApiKeyRepository } from './store/api-key.repository.ts';
import { Store } from './store/store.ts';
import { OutcomeTracker } from './tracker/outcome-tracker.ts';
import { DeliveryWorker } from './worker/delivery-worker.ts';
import { WebhookSender } from './worker/webhook-sender.ts';
import { createWebSub } from './websub/setup.ts';
import { CALLBACK_PATH, type WebSubParts } from './api/websub.routes.ts';
import type { HealthCheckRunner } from './dashboard/settings-view.ts';
import { createLogger, mosipClientLogger } from './observability/logger.ts';
import { BridgeMetrics } from './observability/metrics.ts';
import { METRICS_PATH, startMetricsServer, type MetricsServer } from './observability/metrics.routes.ts';

export interface BridgeOptions {
  clock?: () => number;
  random?: () => number;
  /** Transport for MOSIP calls (tests inject faults here). */
  fetch?: typeof fetch;
  /** Start the worker and tracker timers (default true). Tests may drive `poll()` themselves. */
  background?: boolean;
  workerId?: string;
  /** Transport for webhooks to the CRVS. (Default: global fetch) */
  webhookFetch?: typeof fetch;
  /** How often WebSub subscriptions are checked and retried. (Default: 30 000) */
  websubCheckMs?: number;
  /** The deployment checks the dashboard's settings page runs (`crvs-mosip doctor`'s, from the CLI). */
  healthChecks?: HealthCheckRunner;
  /** Where log lines go (tests capture them here); LOG_FORMAT `auto` is JSON unless it is a TTY. (Default: stdout) */
  logStream?: NodeJS.WritableStream;
}

export interface Bridge {
  app: FastifyInstance;
  url: string;
  store: Store;
  worker: DeliveryWorker;
  tracker: OutcomeTracker;
  service: RegistrationService;
  /** The WebSub subscriber and receiver, or null when WebSub is not configured. */
  websub: WebSubParts | null;
  /** The Prometheus metrics of this bridge. */
  metrics: BridgeMetrics;
  /** Where `/metrics` is served: the METRICS_PORT listener (port actually bound), or the API's. */
  metricsUrl: string;
  close(): Promise<void>;
}

/** Wires store, MOSIP clients, service, API, worker and tracker from one parsed configuration. */
export async function startBridge(config: BridgeConfig, options: BridgeOptions = {}): Promise<Bridge> {
  const clock = options.clock ?? Date.now;
  const random = options.random ?? Math.random;
  const database = await openDatabase(config.databaseUrl);
  const cipher = new PayloadCipher(config.ENCRYPTION_KEY);
  // With the cipher, the migration also encrypts national IDs stored in clear text by older versions.
  await migrateToLatest(database, { cipher });
  const store = new Store(database, { cipher });
  const logger = createLogger({
    level: config.LOG_LEVEL,
    format: config.LOG_FORMAT,
    ...(options.logStream ? { stream: options.logStream } : {}),
  });
  const metrics = new BridgeMetrics({
    store,
    clock,
    concurrency: config.WORKER_CONCURRENCY,
    credentialWaitMs: config.CREDENTIAL_WAIT_MS,
  });
  // Every MOSIP client logs (without secrets: it scrubs them) and reports each HTTP call to the metrics.
  const observed = (clientId: string) => ({
    logger: mosipClientLogger(logger.child({ component: 'mosip-client', clientId })),
    ...metrics.mosipObserver(clientId),
  });
  const clientOptions = {
    baseUrl: config.MOSIP_BASE_URL,
    clock: { now: clock },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  const mosip = new MosipClient({
    ...clientOptions,
    ...observed(config.MOSIP_CLIENT_ID),
    clientId: config.MOSIP_CLIENT_ID,
    secretKey: config.MOSIP_CLIENT_SECRET,
    appId: config.MOSIP_APP_ID,
  });
  const reader = new MosipClient({
    ...clientOptions,
    ...observed(config.MOSIP_READ_CLIENT_ID),
    clientId: config.MOSIP_READ_CLIENT_ID,
    secretKey: config.MOSIP_READ_CLIENT_SECRET,
    appId: config.MOSIP_READ_APP_ID,
  });
  const schemas = new IdSchemaProvider(
    config.SCHEMA_FILE ? { file: config.SCHEMA_FILE, version: config.SCHEMA_VERSION } : { mosip: reader },
    clock,
    10 * 60_000,
    join(config.DATA_DIR, 'id-schema-cache.json'),
  );

  const subscriptions: WebhookSubscription[] = webhookSubscriptions(config);
  const notifier = new Notifier(subscriptions, randomUUID, config.WEBHOOK_MAX_ATTEMPTS);
  const service = new RegistrationService({ store, schemas, config, clock, uuid: randomUUID, notifier });
  const auth = new Authenticator(
    {
      find: async (id) => {
        const key = await store.apiKeys.findById(id);
        return key ? { hash: key.hash, scopes: key.scopes, revokedAt: key.revokedAt } : undefined;
      },
      touch: async (id) => {
        await store.apiKeys.touch(id, clock());
      },
    },
    config.JWT_JWKS_URL
      ? {
          jwksUrl: config.JWT_JWKS_URL,
          scopeClaim: config.JWT_SCOPE_CLAIM,
          ...(config.JWT_ISSUER ? { issuer: config.JWT_ISSUER } : {}),
          ...(config.JWT_AUDIENCE ? { audience: config.JWT_AUDIENCE } : {}),
        }
      : null,
  );
  const websub = createWebSub(config, {
    store,
    notifier,
    clock,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.websubCheckMs ? { checkMs: options.websubCheckMs } : {}),
    logger: logger.child({ component: 'websub' }),
    mosipOptions: observed,
    onDelivery: (outcome) => metrics.websubDelivery(outcome),
  });
  const workerRef: { current?: DeliveryWorker } = {};
  const app = await buildApp({
    websub,
    service,
    auth,
    store,
    mosip,
    clock,
    bodyLimit: config.BODY_LIMIT_BYTES,
    logLevel: config.LOG_LEVEL,
    logger,
    metrics,
    metricsOnApi: config.METRICS_PORT === undefined,
    dashboard: {
      store,
      clock,
      auth,
      service,
      config,
      mosip: { writer: mosip, reader, partner: websub?.partner },
      // The worker is built after the app; the overview asks it for its pause only while serving pages.
      workerPause: (now) => workerRef.current?.pauseState(now) ?? { paused: false, until: null },
      websub: websub ? () => websub.subscriber.status() : null,
      credentialWaitMs: config.CREDENTIAL_WAIT_MS,
      healthChecks: options.healthChecks ?? null,
    },
  });
  // Load the schema now, so registrations can be validated even if MOSIP goes down later.
  await schemas.get().catch((error: unknown) => {
    app.log.warn(
      { err: (error as Error).message },
      'the ID schema could not be loaded yet; registrations get 503 until it can',
    );
  });
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const webhooks = new WebhookSender({
    store,
    subscriptions,
    fetch: options.webhookFetch ?? fetch,
    clock,
    random,
    workerId,
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    backoffBaseMs: config.BACKOFF_BASE_MS,
    backoffMaxMs: config.WEBHOOK_BACKOFF_MAX_MS,
    logger: logger.child({ component: 'webhooks' }),
    onDelivery: (subscriber, outcome) => metrics.webhookDelivery(subscriber, outcome),
  });
  const worker = new DeliveryWorker({
    store,
    mosip,
    notifier,
    webhooks,
    clock,
    random,
    workerId,
    settings: {
      concurrency: config.WORKER_CONCURRENCY,
      pollMs: config.WORKER_POLL_MS,
      leaseMs: config.LEASE_MS,
      backoffBaseMs: config.BACKOFF_BASE_MS,
      backoffMaxMs: config.BACKOFF_MAX_MS,
    },
    logger: logger.child({ component: 'worker' }),
  });
  metrics.observeWorker(() => worker.busySlots);
  workerRef.current = worker;
  const tracker = new OutcomeTracker({
    notifier,
    store,
    mosip: reader,
    clock,
    intervalMs: config.TRACKER_INTERVAL_MS,
    batch: config.TRACKER_BATCH,
    credentialWaitMs: config.CREDENTIAL_WAIT_MS,
    logger: logger.child({ component: 'tracker' }),
  });
  await app.listen({ host: config.HOST, port: config.PORT });
  const address = app.server.address();
  const url = `http://${config.HOST}:${typeof address === 'object' && address ? address.port : config.PORT}`;
  let metricsServer: MetricsServer | null = null;
  if (config.METRICS_PORT !== undefined) {
    const listen = { host: config.METRICS_HOST, port: config.METRICS_PORT };
    metricsServer = await startMetricsServer(metrics, listen, logger.child({ component: 'metrics' })).catch(
      async (error: unknown) => {
        await app.close();
        await database.close();
        throw error;
      },
    );
  }
  if (options.background !== false) {
    worker.start();
    tracker.start();
  }
  // Subscribe once the callback can answer the hub's intent verification; a slow hub does not delay start.
  if (websub) void websub.subscriber.start(config.WEBSUB_CALLBACK_URL ?? `${url}${CALLBACK_PATH}`);
  return {
    app,
    url,
    store,
    worker,
    tracker,
    service,
    websub,
    metrics,
    metricsUrl: metricsServer?.url ?? `${url}${METRICS_PATH}`,
    close: async () => {
      await websub?.subscriber.stop();
      await metricsServer?.close();
      await app.close();
      await worker.stop();
      await tracker.stop();
      await database.close();
    },
  };
}

/** Creates an API key in the bridge database; returns the key to show once. */
export async function createApiKey(
  databaseUrl: string,
  input: { name: string; scopes: string[] },
  clock: () => number = Date.now,
): Promise<{ id: string; key: string }> {
  const database = await openDatabase(databaseUrl);
  try {
    await migrateToLatest(database);
    const { id, key, hash } = generateApiKey();
    await new ApiKeyRepository(database.db).insert({
      id,
      name: input.name,
      hash,
      scopes: input.scopes,
      createdAt: clock(),
    });
    return { id, key };
  } finally {
    await database.close();
  }
}
