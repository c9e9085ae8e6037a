import { html } from '@crvs-mosip/contracts';
import type { FastifyInstance } from 'fastify';
import { errorCodeOf } from '../api/error-handler.ts';
import { AppError, ERRORS } from '../errors.ts';
import { registerActionRoutes } from './action.routes.ts';
import { DASHBOARD_CSS, FAVICON_SVG, HTMX_JS } from './assets.ts';
import { createDashboardContext, type DashboardDeps } from './dashboard-context.ts';
import { SignInRequired } from './guard.ts';
import { ASSET_PATHS, page } from './layout.ts';
import { registerPageRoutes } from './page.routes.ts';
import { registerSignInRoutes } from './sign-in.routes.ts';

export type { DashboardDeps } from './dashboard-context.ts';
/** Every page forbids inline script and style, framing, and foreign form targets. */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
};

/**
 * The operator dashboard, server-rendered at `/`: overview, registrations, detail with actions, settings.
 * Registered in its own Fastify scope so its form parser, HTML error pages and security headers do not
 * touch the JSON API.
 */
export async function registerDashboard(app: FastifyInstance, deps: DashboardDeps): Promise<void> {
  const ctx = createDashboardContext(deps);
  const { send, pageContext: context } = ctx;

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

    scope.setErrorHandler((error: Error, request, reply) => {
      if (error instanceof SignInRequired) {
        const target = `/login?next=${encodeURIComponent(request.url)}`;
        if (request.headers['hx-request']) return reply.code(401).header('hx-redirect', target).send();
        return reply
          .code(303)
          .header('location', request.method === 'GET' ? target : '/login')
          .send();
      }
      // The API's catalogue mapping (Fastify's body errors included), rendered as a page.
      const app = error instanceof AppError ? error : null;
      const code = app?.code ?? errorCodeOf(error);
      const status =
        app?.status ??
        (code === 'INTERNAL' ? ((error as { statusCode?: number }).statusCode ?? 500) : ERRORS[code].status);
      if (!app && status >= 500) {
        request.log.error({ err: { type: error.name, message: error.message } }, 'dashboard error');
      }
      const message = app?.message ?? ERRORS[code].message;
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
    const assets: [string, string, string][] = [
      [ASSET_PATHS.htmx, 'text/javascript; charset=utf-8', HTMX_JS],
      [ASSET_PATHS.css, 'text/css; charset=utf-8', DASHBOARD_CSS],
      [ASSET_PATHS.icon, 'image/svg+xml', FAVICON_SVG],
    ];
    for (const [path, type, body] of assets) {
      scope.get(path, { schema: { hide: true } }, (_request, reply) =>
        reply.type(type).header('cache-control', 'public, max-age=31536000, immutable').send(body),
      );
    }

    registerSignInRoutes(scope, ctx);
    registerPageRoutes(scope, ctx);
    registerActionRoutes(scope, ctx);
    done();
  });
}
