import type { MosipClient } from '@crvs-mosip/mosip-client';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/store.ts';
import type { WebSubSubscriber } from '../websub/subscriber.ts';

/**
 * `/healthz`: the process is up. `/readyz`: the database answers and MOSIP gives a token, i.e. deliveries
 * can happen. Both unauthenticated, for load balancers; neither reveals configuration or secrets.
 * `/readyz` also shows the WebSub subscriptions (per topic: state and lease end); they do not decide
 * readiness, since the tracker still finds outcomes by polling while the hub is away.
 */
export function registerHealthRoutes(
  app: FastifyInstance,
  store: Store,
  mosip: MosipClient,
  websub: WebSubSubscriber | null,
): void {
  app.get('/healthz', { schema: { hide: true } }, () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const checks: Record<string, { ok: boolean; detail?: string }> = {};
    try {
      await store.apiKeys.findById('readiness-probe');
      checks.database = { ok: true };
    } catch (error) {
      checks.database = { ok: false, detail: (error as Error).name };
    }
    try {
      await mosip.getToken();
      checks.mosip = { ok: true };
    } catch (error) {
      checks.mosip = { ok: false, detail: (error as { code?: string }).code ?? 'unreachable' };
    }
    const ready = Object.values(checks).every((c) => c.ok);
    const subscriptions = websub
      ? {
          ready: websub.ready,
          topics: websub
            .status()
            .map((t) => ({ topic: t.topic, state: t.state, leaseExpiresAt: t.leaseExpiresAt })),
        }
      : { ready: false, topics: [], disabled: true };
    return reply
      .code(ready ? 200 : 503)
      .send({ status: ready ? 'ready' : 'not-ready', checks, websub: subscriptions });
  });
}
