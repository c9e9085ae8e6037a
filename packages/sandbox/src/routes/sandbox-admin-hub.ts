import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context.ts';
import { PartnerCertificateError, Partners } from '../credentials/partners.ts';

type Guard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * Sandbox-only admin calls for the credential flow (not MOSIP APIs): partner certificates (what MOSIP's
 * partner management onboarding does) and the hub's subscriptions, including "the hub forgot".
 */
export function registerSandboxHubAdminRoutes(app: FastifyInstance, ctx: SandboxContext, guard: Guard): void {
  const partners = new Partners(ctx.store);

  app.put<{ Params: { partnerId: string } }>(
    '/sandbox/admin/partners/:partnerId',
    { preHandler: guard },
    (request, reply) => {
      const body = (request.body ?? {}) as { certificate?: unknown };
      if (typeof body.certificate !== 'string') {
        return reply
          .code(400)
          .send({ code: 'SANDBOX_INVALID_PARTNER', message: 'Send {"certificate": "<PEM>"}.' });
      }
      try {
        const partner = partners.register(request.params.partnerId, body.certificate, new Date(ctx.clock()));
        return {
          partnerId: partner.partnerId,
          thumbprint: partner.thumbprint,
          registeredAt: partner.registeredAt,
        };
      } catch (error) {
        if (!(error instanceof PartnerCertificateError)) throw error;
        return reply.code(400).send({ code: 'SANDBOX_INVALID_PARTNER', message: error.message });
      }
    },
  );

  app.get('/sandbox/admin/partners', { preHandler: guard }, () =>
    partners
      .list()
      .map((p) => ({ partnerId: p.partnerId, thumbprint: p.thumbprint, registeredAt: p.registeredAt })),
  );

  /** Active subscriptions (secrets left out). */
  app.get('/sandbox/admin/hub/subscriptions', { preHandler: guard }, () =>
    ctx.hub.subscriptions().map((s) => ({
      topic: s.topic,
      callback: s.callback,
      leaseSeconds: s.leaseSeconds,
      expiresAt: new Date(s.expiresAt).toISOString(),
    })),
  );

  /**
   * Queued deliveries and the log of finished ones (delivered, gone, gave_up), newest first. Bodies are left
   * out: credential events carry encrypted credentials and personal data.
   */
  app.get('/sandbox/admin/hub/deliveries', { preHandler: guard }, () => ctx.hub.deliveries());

  /** Drops every subscription and pending delivery, as a hub that lost its state. */
  app.post('/sandbox/admin/hub/forget', { preHandler: guard }, () => ({ forgotten: ctx.hub.forget() }));
}
