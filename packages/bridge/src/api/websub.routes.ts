import type { MosipClient } from '@crvs-mosip/mosip-client';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSubReceiver } from '../websub/receiver.ts';
import type { WebSubSubscriber } from '../websub/subscriber.ts';
import type { Authenticator } from './auth.ts';

/** The WebSub side of the bridge, when it is configured. */
export interface WebSubParts {
  subscriber: WebSubSubscriber;
  receiver: WebSubReceiver;
  /** The partner client that subscribes (its token state is shown on the dashboard). */
  partner?: MosipClient;
}

/** The path OpenCRVS's mediator uses; MOSIP may call it with a trailing slash (prior art, section 2). */
export const CALLBACK_PATH = '/websub/callback';
const CALLBACK_PATHS = [CALLBACK_PATH, `${CALLBACK_PATH}/`];

/**
 * Whether a verification GET reached the callback URL we gave the hub: the same path (trailing slash
 * aside) and every query parameter of the configured callback (MOSIP appends its own, 12.1).
 */
function isOurCallback(request: FastifyRequest, callbackUrl: string | null): boolean {
  if (callbackUrl === null) return false;
  const ours = new URL(callbackUrl);
  const got = new URL(request.url, 'http://callback.invalid');
  const strip = (p: string) => p.replace(/\/+$/, '');
  if (strip(got.pathname) !== strip(CALLBACK_PATH)) return false;
  return [...ours.searchParams].every(([k, v]) => got.searchParams.getAll(k).includes(v));
}

/**
 * `GET|POST /websub/callback[/]` for MOSIP's hub (unauthenticated: the hub signs deliveries instead) and
 * `GET /v1/websub` (scope read) showing the subscriptions. Without WebSub configured only the status
 * route exists, answering `enabled: false`.
 */
export function registerWebSubRoutes(
  app: FastifyInstance,
  auth: Authenticator,
  websub: WebSubParts | null,
): void {
  app.get(
    '/v1/websub',
    {
      preHandler: auth.require('read'),
      schema: {
        summary: "The bridge's subscriptions at MOSIP's WebSub hub",
        tags: ['websub'],
        security: [{ bearer: [] }],
      },
    },
    () => ({
      enabled: websub !== null,
      callbackUrl: websub?.subscriber.callbackUrl ?? null,
      ready: websub?.subscriber.ready ?? false,
      topics: websub?.subscriber.status() ?? [],
    }),
  );
  if (!websub) return;
  const { subscriber, receiver } = websub;

  void app.register((scope, _opts, done) => {
    // The signature covers the exact bytes sent, so this scope keeps bodies raw (and only this scope).
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, next) => {
      next(null, body);
    });
    for (const path of CALLBACK_PATHS) {
      scope.get(path, { schema: { hide: true } }, (request, reply) => {
        const query = request.query as Record<string, string | undefined>;
        const challenge = isOurCallback(request, subscriber.callbackUrl) ? subscriber.verify(query) : null;
        if (challenge === null) return reply.code(404).type('text/plain').send('not found');
        // The body must equal the challenge exactly (12.1, intent verification).
        return reply.code(200).type('text/plain').send(challenge);
      });
      scope.post(path, { schema: { hide: true } }, async (request, reply) => {
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const header = request.headers['x-hub-signature'];
        const signature = Array.isArray(header) ? header[0] : header;
        const outcome = await receiver.handle(raw, signature, request.log);
        if (outcome.status === 401) {
          return reply
            .code(401)
            .send({ code: 'INVALID_SIGNATURE', message: 'X-Hub-Signature does not match' });
        }
        return reply.code(200).send(outcome.body);
      });
    }
    done();
  });
}
