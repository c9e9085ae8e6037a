import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from '../errors.ts';
import type { EventActor } from '../store/schema.ts';
import type { DashboardContext } from './dashboard-context.ts';
import { detailPage } from './detail-view.ts';

/**
 * The operator actions (scope `operate`, CSRF token required): reveal the packet, retry a failed
 * registration, retry or cancel a webhook delivery. Each answers with a redirect to the registration
 * (post/redirect/get), except reveal, whose unmasked page is shown once and never linked.
 */
export function registerActionRoutes(scope: FastifyInstance, ctx: DashboardContext): void {
  scope.post<{ Params: { ref: string } }>(
    '/registrations/:ref/reveal',
    { schema: { hide: true }, preHandler: ctx.guard.require('operate') },
    async (request, reply) => {
      const data = await ctx.loadDetail(request.params.ref, ctx.actor(request.viewer));
      const flash = 'Personal data shown below; this view is recorded in the timeline.';
      const context = ctx.pageContext(request, { nav: 'registrations', flash });
      return ctx.send(reply, 200, detailPage(data, request.viewer!, context));
    },
  );

  const redirectTo = (reply: FastifyReply, ref: string, done: string) =>
    reply
      .code(303)
      .header('location', `/registrations/${encodeURIComponent(ref)}?done=${done}`)
      .send();
  scope.post<{ Params: { ref: string } }>(
    '/registrations/:ref/retry',
    { schema: { hide: true }, preHandler: ctx.guard.require('operate') },
    async (request, reply) => {
      await ctx.actions.retryRegistration(request.params.ref, ctx.actor(request.viewer));
      return redirectTo(reply, request.params.ref, 'retried');
    },
  );
  const jobId = (value: string) => {
    const id = Number(value);
    if (!Number.isSafeInteger(id) || id < 1) throw new AppError('DELIVERY_NOT_FOUND');
    return id;
  };
  const deliveryActions = {
    retry: {
      run: (ref: string, job: number, actor: EventActor) => ctx.actions.retryDelivery(ref, job, actor),
      done: 'delivery-retried',
    },
    cancel: {
      run: (ref: string, job: number, actor: EventActor) => ctx.actions.cancelDelivery(ref, job, actor),
      done: 'delivery-cancelled',
    },
  };
  for (const [verb, { run, done }] of Object.entries(deliveryActions)) {
    scope.post<{ Params: { ref: string; job: string } }>(
      `/registrations/:ref/deliveries/:job/${verb}`,
      { schema: { hide: true }, preHandler: ctx.guard.require('operate') },
      async (request, reply) => {
        await run(request.params.ref, jobId(request.params.job), ctx.actor(request.viewer));
        return redirectTo(reply, request.params.ref, done);
      },
    );
  }
}
