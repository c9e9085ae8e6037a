import type { FastifyInstance } from 'fastify';
import type { DashboardContext } from './dashboard-context.ts';
import { readOverview, searchRegistrations } from './dashboard-data.ts';
import { detailLive, detailPage } from './detail-view.ts';
import { page } from './layout.ts';
import { overviewLive } from './overview-view.ts';
import { listFilterSchema, type ListFilter } from './registration-filter.ts';
import { registrationsBody } from './registrations-view.ts';
import { settingsBody, visibleSettings } from './settings-view.ts';

/** Flash messages after an action's redirect, by the `done` query value (anything else shows nothing). */
const DONE: Record<string, string> = {
  retried: 'The registration is queued again; the worker picks it up within seconds.',
  'delivery-retried': 'The webhook delivery is queued again.',
  'delivery-cancelled': 'The webhook delivery is cancelled; it will not be sent.',
};

/** The pages (scope `read` or `operate`): overview, registrations, a registration, settings & health. */
export function registerPageRoutes(scope: FastifyInstance, ctx: DashboardContext): void {
  scope.get<{ Querystring: { fragment?: string } }>(
    '/',
    { schema: { hide: true }, preHandler: ctx.guard.require('view') },
    async (request, reply) => {
      const live = overviewLive(await readOverview(ctx.deps));
      if (request.query.fragment === 'live') return ctx.send(reply, 200, live.toString());
      return ctx.send(reply, 200, page('Overview', ctx.pageContext(request, { nav: 'overview' }), live));
    },
  );

  scope.get(
    '/registrations',
    { schema: { hide: true }, preHandler: ctx.guard.require('view') },
    async (request, reply) => {
      const parsed = listFilterSchema.safeParse(request.query);
      const filter: ListFilter = parsed.success ? parsed.data : {};
      const problem = parsed.success
        ? null
        : `Some filters were ignored: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`;
      const found = await searchRegistrations(ctx.deps.store, filter);
      const listProblem = found.problem ?? problem;
      const { items, nextCursor } = found;
      return ctx.send(
        reply,
        200,
        page(
          'Registrations',
          ctx.pageContext(request, { nav: 'registrations' }),
          registrationsBody(filter, items, nextCursor, listProblem),
        ),
      );
    },
  );

  scope.get<{ Params: { ref: string }; Querystring: { fragment?: string; done?: string } }>(
    '/registrations/:ref',
    { schema: { hide: true }, preHandler: ctx.guard.require('view') },
    async (request, reply) => {
      const data = await ctx.loadDetail(request.params.ref, null);
      const viewer = request.viewer!;
      if (request.query.fragment === 'live') return ctx.send(reply, 200, detailLive(data, viewer).toString());
      const flash = DONE[request.query.done ?? ''] ?? null;
      return ctx.send(
        reply,
        200,
        detailPage(data, viewer, ctx.pageContext(request, { nav: 'registrations', flash })),
      );
    },
  );

  scope.get(
    '/settings',
    { schema: { hide: true }, preHandler: ctx.guard.require('view') },
    async (request, reply) => {
      const ranAt = ctx.deps.clock();
      let rows = null;
      let error: string | null = null;
      if (ctx.deps.healthChecks) {
        try {
          rows = await ctx.deps.healthChecks();
        } catch (e) {
          error = (e as Error).message;
        }
      }
      return ctx.send(
        reply,
        200,
        page(
          'Settings & health',
          ctx.pageContext(request, { nav: 'settings' }),
          settingsBody({ rows, ranAt, error }, visibleSettings(ctx.deps.config)),
        ),
      );
    },
  );
}
