import { html } from '@crvs-mosip/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Authenticator } from '../api/auth.ts';
import type { BridgeConfig } from '../config.ts';
import { AppError, ERRORS } from '../errors.ts';
import type { RegistrationService } from '../services/registration-service.ts';
import { waitingForCredential } from '../services/registration-view.ts';
import type { EventActor } from '../store/schema.ts';
import { DASHBOARD_CSS, HTMX_JS } from './assets.ts';
import { readOverview, searchRegistrations, type DashboardSources } from './dashboard-data.ts';
import { detailBody, detailLive, type DetailData } from './detail-view.ts';
import { SignInRequired, assertSameSite, createGuard, loginNonceOf, type Viewer } from './guard.ts';
import { ASSET_PATHS, page, type PageContext } from './layout.ts';
import { OperatorActions } from './operator-actions.ts';
import { overviewLive } from './overview-view.ts';
import { packetView } from './packet-view.ts';
import { listFilterSchema, registrationsBody, type ListFilter } from './registrations-view.ts';
import { loginBody, settingsBody, visibleSettings, type HealthCheckRunner } from './settings-view.ts';
import { LOGIN_COOKIE, SESSION_COOKIE, SessionCodec, cookieHeader } from './session.ts';

export interface DashboardDeps extends DashboardSources {
  auth: Authenticator;
  service: RegistrationService;
  config: BridgeConfig;
  /** The `crvs-mosip doctor` checks, supplied by the CLI; null shows how to run them instead. */
  healthChecks: HealthCheckRunner | null;
  /** (Default: 8 hours) */
  sessionTtlMs?: number;
}

/** Every page forbids inline script and style, framing, and foreign form targets. */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
};

/** Flash messages after an action's redirect, by the `done` query value (anything else shows nothing). */
const DONE: Record<string, string> = {
  retried: 'The registration is queued again; the worker picks it up within seconds.',
  'delivery-retried': 'The webhook delivery is queued again.',
  'delivery-cancelled': 'The webhook delivery is cancelled; it will not be sent.',
};

const field = (request: FastifyRequest, name: string): string | undefined =>
  (request.body as URLSearchParams | undefined)?.get?.(name) ?? undefined;

/** A local path to go back to after sign-in; anything else (another host, `//evil`) becomes `/`. */
const safeNext = (next: string | undefined): string =>
  next && /^\/(?![/\\])[^\s]*$/.test(next) && !next.startsWith('/login') ? next : '/';

/**
 * The operator dashboard, server-rendered at `/`: overview, registrations, detail with actions, settings.
 * Registered in its own Fastify scope so its form parser, HTML error pages and security headers do not
 * touch the JSON API.
 */
export async function registerDashboard(app: FastifyInstance, deps: DashboardDeps): Promise<void> {
  const codec = new SessionCodec(deps.config.ENCRYPTION_KEY, deps.sessionTtlMs ?? 8 * 3_600_000);
  const guard = createGuard({ codec, store: deps.store, clock: deps.clock });
  const actions = new OperatorActions({ store: deps.store, service: deps.service, clock: deps.clock });
  const actor = (viewer: Viewer | undefined): EventActor => `operator:${viewer?.keyId ?? 'unknown'}`;

  await app.register((scope, _options, done) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 16_384 },
      (_request, body, parsed) => parsed(null, new URLSearchParams(body as string)),
    );
    scope.addHook('onSend', (_request, reply, payload, next) => {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
        if (!reply.hasHeader(name)) void reply.header(name, value);
      }
      next(null, payload);
    });

    const send = (reply: FastifyReply, status: number, body: string) =>
      reply.code(status).type('text/html; charset=utf-8').send(body);
    const context = (request: FastifyRequest, extra: Partial<PageContext> = {}): PageContext => ({
      ...(request.viewer
        ? {
            user: {
              keyId: request.viewer.keyId,
              canOperate: request.viewer.canOperate,
              csrf: request.viewer.csrf,
            },
          }
        : {}),
      ...extra,
    });

    scope.setErrorHandler((error: Error, request, reply) => {
      if (error instanceof SignInRequired) {
        const target = `/login?next=${encodeURIComponent(request.url)}`;
        if (request.headers['hx-request']) return reply.code(401).header('hx-redirect', target).send();
        return reply
          .code(303)
          .header('location', request.method === 'GET' ? target : '/login')
          .send();
      }
      const app = error instanceof AppError ? error : null;
      const status = app?.status ?? (error as { statusCode?: number }).statusCode ?? 500;
      const code =
        app?.code ??
        (status === 413 ? 'BODY_TOO_LARGE' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'INTERNAL');
      if (!app && status >= 500) {
        request.log.error({ err: { type: error.name, message: error.message } }, 'dashboard error');
      }
      const message = app?.message ?? ERRORS[code]?.message ?? ERRORS.INTERNAL.message;
      return send(
        reply,
        status >= 400 ? status : 500,
        page(
          status === 403 ? 'Not allowed' : status === 404 ? 'Not found' : 'Something went wrong',
          context(request, { error: `${message} (${code}; request ${request.id})` }),
          html`<p><a href="/">Back to the overview</a></p>`,
        ),
      );
    });

    // Static assets: public, hashed names, cached for a year.
    scope.get(ASSET_PATHS.htmx, { schema: { hide: true } }, (_request, reply) =>
      reply
        .type('text/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(HTMX_JS),
    );
    scope.get(ASSET_PATHS.css, { schema: { hide: true } }, (_request, reply) =>
      reply
        .type('text/css; charset=utf-8')
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(DASHBOARD_CSS),
    );

    // Sign-in: the form carries a token bound to a nonce cookie, so it cannot be posted from another site.
    const loginPage = (reply: FastifyReply, status: number, next: string, problem: string | null) => {
      const { nonce, token } = codec.loginNonce();
      void reply.header(
        'set-cookie',
        cookieHeader(LOGIN_COOKIE, nonce, { maxAgeS: 3600, secure: reply.request.protocol === 'https' }),
      );
      return send(reply, status, page('Sign in', {}, loginBody(token, next, problem)));
    };
    scope.get<{ Querystring: { next?: string } }>('/login', { schema: { hide: true } }, (request, reply) =>
      loginPage(reply, 200, safeNext(request.query.next), null),
    );
    scope.post('/login', { schema: { hide: true } }, async (request, reply) => {
      assertSameSite(request);
      const next = safeNext(field(request, 'next'));
      if (!codec.checkLogin(loginNonceOf(request), field(request, '_csrf'))) {
        return loginPage(reply, 403, next, ERRORS.CSRF_REJECTED.message);
      }
      const key = (field(request, 'key') ?? '').trim();
      const principal = await deps.auth.authenticate(`Bearer ${key}`).catch(() => null);
      if (!principal || principal.kind !== 'api-key') {
        request.log.info({ outcome: 'invalid-key' }, 'dashboard sign-in refused');
        return loginPage(reply, 401, next, 'This API key is not valid (unknown, revoked or mistyped).');
      }
      if (!principal.scopes.includes('read') && !principal.scopes.includes('operate')) {
        return loginPage(
          reply,
          403,
          next,
          `This key has the scopes ${principal.scopes.join(', ') || 'none'}; the dashboard needs "read" or "operate".`,
        );
      }
      const now = deps.clock();
      const { session, cookie } = codec.issue(principal.id, principal.scopes, now);
      await deps.store.dashboardSessions.purgeExpired(now);
      await deps.store.dashboardSessions.create({
        id: session.nonce,
        keyId: principal.id,
        createdAt: now,
        expiresAt: session.expiresAt,
      });
      const secure = request.protocol === 'https';
      request.log.info({ keyId: principal.id }, 'dashboard sign-in');
      return reply
        .code(303)
        .header('set-cookie', [
          cookieHeader(SESSION_COOKIE, cookie, { maxAgeS: Math.floor(codec.ttlMs / 1000), secure }),
          cookieHeader(LOGIN_COOKIE, '', { maxAgeS: 0, secure }),
        ])
        .header('location', next)
        .send();
    });
    scope.post(
      '/logout',
      { schema: { hide: true }, preHandler: guard.require('post-any') },
      async (request, reply) => {
        // Ended on the server too: a copy of the cookie is worthless from now on.
        await deps.store.dashboardSessions.end(request.viewer!.session.nonce, deps.clock());
        return reply
          .code(303)
          .header(
            'set-cookie',
            cookieHeader(SESSION_COOKIE, '', { maxAgeS: 0, secure: request.protocol === 'https' }),
          )
          .header('location', '/login')
          .send();
      },
    );

    scope.get<{ Querystring: { fragment?: string } }>(
      '/',
      { schema: { hide: true }, preHandler: guard.require('view') },
      async (request, reply) => {
        const live = overviewLive(await readOverview(deps));
        if (request.query.fragment === 'live') return send(reply, 200, live.toString());
        return send(reply, 200, page('Overview', context(request, { nav: 'overview' }), live));
      },
    );

    scope.get(
      '/registrations',
      { schema: { hide: true }, preHandler: guard.require('view') },
      async (request, reply) => {
        const parsed = listFilterSchema.safeParse(request.query);
        const filter: ListFilter = parsed.success ? parsed.data : {};
        const problem = parsed.success
          ? null
          : `Some filters were ignored: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`;
        const found = await searchRegistrations(deps.store, filter);
        const listProblem = found.problem ?? problem;
        const { items, nextCursor } = found;
        return send(
          reply,
          200,
          page(
            'Registrations',
            context(request, { nav: 'registrations' }),
            registrationsBody(filter, items, nextCursor, listProblem),
          ),
        );
      },
    );

    const detail = async (ref: string, reveal: EventActor | null): Promise<DetailData> => {
      const registration = await deps.store.registrations.findByAnyId(ref);
      if (!registration) throw new AppError('NOT_FOUND');
      const revealed = reveal ? await actions.reveal(registration.id, reveal) : null;
      const [events, jobs, attempts, payload] = await Promise.all([
        deps.store.events.listForRegistration(registration.id),
        deps.store.outbox.findByRegistration(registration.id),
        deps.store.webhookAttempts.listForRegistration(registration.id),
        revealed ? Promise.resolve(null) : deps.store.registrations.loadPayload(registration.id),
      ]);
      const now = deps.clock();
      const packet = revealed ?? payload?.packet ?? null;
      return {
        registration,
        events,
        jobs,
        attempts,
        packet: packet ? packetView(packet, revealed !== null) : null,
        waitingForCredentialMs:
          waitingForCredential(registration, events, now, deps.config.CREDENTIAL_WAIT_MS)?.elapsedMs ?? null,
        now,
      };
    };

    scope.get<{ Params: { ref: string }; Querystring: { fragment?: string; done?: string } }>(
      '/registrations/:ref',
      { schema: { hide: true }, preHandler: guard.require('view') },
      async (request, reply) => {
        const data = await detail(request.params.ref, null);
        const viewer = request.viewer!;
        if (request.query.fragment === 'live') return send(reply, 200, detailLive(data, viewer).toString());
        const flash = DONE[request.query.done ?? ''] ?? null;
        return send(
          reply,
          200,
          page(
            `${data.registration.type} ${data.registration.requestId}`,
            context(request, { nav: 'registrations', flash }),
            detailBody(data, viewer),
          ),
        );
      },
    );

    scope.post<{ Params: { ref: string } }>(
      '/registrations/:ref/reveal',
      { schema: { hide: true }, preHandler: guard.require('operate') },
      async (request, reply) => {
        const data = await detail(request.params.ref, actor(request.viewer));
        const flash = 'Personal data shown below; this view is recorded in the timeline.';
        return send(
          reply,
          200,
          page(
            `${data.registration.type} ${data.registration.requestId}`,
            context(request, { nav: 'registrations', flash }),
            detailBody(data, request.viewer!),
          ),
        );
      },
    );

    const redirectTo = (reply: FastifyReply, ref: string, done: string) =>
      reply
        .code(303)
        .header('location', `/registrations/${encodeURIComponent(ref)}?done=${done}`)
        .send();
    scope.post<{ Params: { ref: string } }>(
      '/registrations/:ref/retry',
      { schema: { hide: true }, preHandler: guard.require('operate') },
      async (request, reply) => {
        await actions.retryRegistration(request.params.ref, actor(request.viewer));
        return redirectTo(reply, request.params.ref, 'retried');
      },
    );
    const jobId = (value: string) => {
      const id = Number(value);
      if (!Number.isSafeInteger(id) || id < 1) throw new AppError('DELIVERY_NOT_FOUND');
      return id;
    };
    const deliveryActions = {
      retry: { run: actions.retryDelivery.bind(actions), done: 'delivery-retried' },
      cancel: { run: actions.cancelDelivery.bind(actions), done: 'delivery-cancelled' },
    };
    for (const [verb, { run, done }] of Object.entries(deliveryActions)) {
      scope.post<{ Params: { ref: string; job: string } }>(
        `/registrations/:ref/deliveries/:job/${verb}`,
        { schema: { hide: true }, preHandler: guard.require('operate') },
        async (request, reply) => {
          await run(request.params.ref, jobId(request.params.job), actor(request.viewer));
          return redirectTo(reply, request.params.ref, done);
        },
      );
    }
    scope.get(
      '/settings',
      { schema: { hide: true }, preHandler: guard.require('view') },
      async (request, reply) => {
        const ranAt = deps.clock();
        let rows = null;
        let error: string | null = null;
        if (deps.healthChecks) {
          try {
            rows = await deps.healthChecks();
          } catch (e) {
            error = (e as Error).message;
          }
        }
        return send(
          reply,
          200,
          page(
            'Settings & health',
            context(request, { nav: 'settings' }),
            settingsBody({ rows, ranAt, error }, visibleSettings(deps.config)),
          ),
        );
      },
    );
    done();
  });
}
