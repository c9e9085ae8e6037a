import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import type { MosipClient } from '@crvs-mosip/mosip-client';
import { registerDashboard, type DashboardDeps } from '../dashboard/dashboard.routes.ts';
import { ERRORS } from '../errors.ts';
import { LOG_SERIALIZERS, REDACT_PATHS, type BridgeLogger } from '../observability/logger.ts';
import type { BridgeMetrics } from '../observability/metrics.ts';
import { registerAcceptTiming, registerMetricsRoute } from '../observability/metrics.routes.ts';
import type { RegistrationService } from '../services/registration-service.ts';
import type { Store } from '../store/store.ts';
import type { Authenticator } from './auth.ts';
import { registerDocsRoutes } from './docs.routes.ts';
import { registerErrorHandler } from './error-handler.ts';
import { registerEventRoutes } from './events.routes.ts';
import { registerHealthRoutes } from './health.routes.ts';
import { registerRegistrationRoutes } from './registrations.routes.ts';
import { registerWebSubRoutes, type WebSubParts } from './websub.routes.ts';

export interface AppDeps {
  service: RegistrationService;
  auth: Authenticator;
  store: Store;
  mosip: MosipClient;
  bodyLimit: number;
  logLevel: string;
  clock: () => number;
  /** WebSub subscriber and receiver, when configured. */
  websub?: WebSubParts | null;
  /** The operator dashboard at `/` (pages, sign-in, actions); absent: no dashboard. */
  dashboard?: DashboardDeps | null;
  /** The bridge's logger (then `logLevel` is its business). (Default: a pino logger at `logLevel`) */
  logger?: BridgeLogger;
  /** Prometheus metrics; `GET /metrics` (scope read) is served unless `metricsOnApi` is false. */
  metrics?: BridgeMetrics;
  /** False when a separate METRICS_PORT listener serves the metrics instead. (Default: true) */
  metricsOnApi?: boolean;
}

/**
 * The bridge's HTTP app. Route schemas feed the OpenAPI document only: bodies are validated by the
 * service with zod, so a request gets every problem at once in the catalogue's format.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  // Never log credentials or bodies (personal data); Fastify's request lines carry `reqId`.
  const app = Fastify({
    bodyLimit: deps.bodyLimit,
    ...(deps.logger
      ? { loggerInstance: deps.logger }
      : { logger: { level: deps.logLevel, redact: REDACT_PATHS, serializers: LOG_SERIALIZERS } }),
    genReqId: () => randomUUID(),
  });
  app.setValidatorCompiler(() => (data: unknown) => ({ value: data }));
  // JSON only: any other body type is a 415, not a string the validator would puzzle over.
  app.removeContentTypeParser('text/plain');
  app.addSchema({
    $id: 'Error',
    type: 'object',
    properties: {
      code: { type: 'string' },
      message: { type: 'string' },
      errors: {
        type: 'array',
        items: {
          type: 'object',
          properties: { path: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
        },
      },
    },
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'crvs-mosip bridge',
        version: '0.1.0',
        description: 'Hands CRVS registrations to MOSIP exactly once and tracks them to a national ID.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API key (cmk_…) or JWT' },
        },
      },
    },
  });
  registerErrorHandler(app);
  if (deps.metrics) registerAcceptTiming(app, deps.metrics);
  registerHealthRoutes(app, deps.store, deps.mosip, deps.websub?.subscriber ?? null);
  registerRegistrationRoutes(app, deps.service, deps.auth);
  registerEventRoutes(app, deps.store, deps.auth, deps.clock);
  registerWebSubRoutes(app, deps.auth, deps.websub ?? null);
  registerDocsRoutes(app, ERRORS);
  if (deps.dashboard) await registerDashboard(app, deps.dashboard);
  if (deps.metrics && deps.metricsOnApi !== false) registerMetricsRoute(app, deps.metrics, deps.auth);
  return app;
}
