import type { FastifyInstance } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SandboxContext } from '../context.ts';
import { errorEnvelope } from '../http/mosip-reply.ts';
import { decideFault, INJECTED_BUSINESS_ERRORS, type EndpointName } from './faults.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Marks a MOSIP endpoint that fault injection applies to. */
    endpoint?: EndpointName;
  }
}

/**
 * Applies the current fault settings to every route marked with `config.endpoint`, before MOSIP's own
 * auth: latency and outages happen at the gateway, whatever the request carries.
 */
export function registerFaultHook(app: FastifyInstance, ctx: SandboxContext): void {
  app.addHook('onRequest', async (request, reply) => {
    const endpoint = request.routeOptions.config.endpoint;
    if (!endpoint) return;
    const decision = decideFault(ctx.faults.get(), endpoint, ctx.clock(), ctx.random);
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    const now = ctx.clock();
    switch (decision.kind) {
      case 'none':
        return;
      case 'outage':
        // What Istio's gateway answers when the upstream pod is down.
        return reply
          .code(503)
          .type('text/plain')
          .send(
            'upstream connect error or disconnect/reset before headers. reset reason: connection failure',
          );
      case 'http500':
        return reply
          .code(500)
          .send(errorEnvelope(now, '500', 'Internal Server Error (injected by the sandbox)'));
      case 'errors200': {
        const e = INJECTED_BUSINESS_ERRORS[endpoint];
        return reply
          .code(200)
          .send(errorEnvelope(now, e.errorCode, `${e.message} (injected by the sandbox)`));
      }
    }
  });
}
