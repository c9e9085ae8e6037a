import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Authenticator } from '../api/auth.ts';
import { errorCodeOf } from '../api/error-handler.ts';
import type { BridgeLogger } from './logger.ts';
import type { BridgeMetrics } from './metrics.ts';

export const METRICS_PATH = '/metrics';

/** `GET /metrics` on the API port, behind the `read` scope (used when no METRICS_PORT is set). */
export function registerMetricsRoute(
  app: FastifyInstance,
  metrics: BridgeMetrics,
  auth: Authenticator,
): void {
  app.get(
    METRICS_PATH,
    {
      preHandler: auth.require('read'),
      schema: {
        summary: 'Prometheus metrics (only here when CRVS_MOSIP_METRICS_PORT is unset)',
        tags: ['operations'],
        security: [{ bearer: [] }],
      },
    },
    async (_request, reply) => {
      const { contentType, body } = await metrics.render();
      return reply.type(contentType).send(body);
    },
  );
}

const isAccept = (request: FastifyRequest) =>
  request.method === 'POST' && request.routeOptions.url === '/v1/registrations';

/**
 * Times every `POST /v1/registrations` from arrival to response (Fastify's own clock, so authentication
 * and body parsing count), labelled `created`, `repeat` or the catalogue code of the error answered.
 * Register before the routes.
 */
export function registerAcceptTiming(app: FastifyInstance, metrics: BridgeMetrics): void {
  const failures = new WeakMap<FastifyRequest, string>();
  app.addHook('onError', (request, _reply, error, done) => {
    if (isAccept(request)) failures.set(request, errorCodeOf(error));
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    if (isAccept(request)) {
      const status = reply.statusCode;
      const outcome =
        failures.get(request) ?? (status === 202 ? 'created' : status === 200 ? 'repeat' : `HTTP_${status}`);
      metrics.observeAccept(outcome, reply.elapsedTime / 1000);
    }
    done();
  });
}

/** The separate, unauthenticated metrics listener of METRICS_PORT. */
export interface MetricsServer {
  /** `http://host:port/metrics`, with the port actually bound. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `GET /metrics` on its own port, without authentication: meant for a scraper on a private
 * network (METRICS_HOST defaults to 127.0.0.1). Anything else is a 404.
 */
export async function startMetricsServer(
  metrics: BridgeMetrics,
  listen: { host: string; port: number },
  logger: BridgeLogger,
): Promise<MetricsServer> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (request.method !== 'GET' || path !== METRICS_PATH) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    metrics.render().then(
      ({ contentType, body }) => response.writeHead(200, { 'content-type': contentType }).end(body),
      (error: unknown) => {
        logger.error({ err: (error as Error).message }, 'metrics could not be collected');
        response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  return {
    url: `http://${host}:${port}${METRICS_PATH}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
