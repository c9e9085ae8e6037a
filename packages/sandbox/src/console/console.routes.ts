import type { SafeHtml } from '@crvs-mosip/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context.ts';
import { NO_FAULTS, type FaultSettings } from '../faults/faults.ts';
import { CONSOLE_ICON, CONSOLE_SCRIPT, CONSOLE_STYLE } from './console-assets.ts';
import { readConsoleData } from './console-data.ts';
import { isFlash, renderLive, renderMessagePage, renderPage, type Flash } from './console-page.ts';
import { basicUser, crossSiteReason, CsrfTokens } from './csrf.ts';
import { faultsFromForm, FAULT_FIELDS, outageFrom } from './fault-form.ts';
import { formOf, registerFormBodyParser } from './form-body.ts';
import { CONSOLE_PATHS, LIVE_FRAGMENT } from './paths.ts';

type Guard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * No inline script or style at all, so injected markup could not run even if escaping failed somewhere;
 * `form-action 'self'` keeps the forms posting here, `frame-ancestors 'none'` stops click-jacking.
 */
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

function sendHtml(reply: FastifyReply, status: number, page: SafeHtml): FastifyReply {
  return (
    reply
      .code(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', CSP)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      // Not no-referrer: under it browsers send `Origin: null` with form posts, which the CSRF check refuses.
      .header('referrer-policy', 'same-origin')
      .send(page.value)
  );
}

/** A console action: new settings to store and the flash to show, or the form's errors. */
type ActionResult = { settings: FaultSettings; flash: Flash } | { errors: string[] };

/**
 * `GET /sandbox/console`: a server-rendered page for demos (packets, pipeline, identities, WebSub, faults)
 * with forms for the fault switches. Same HTTP Basic guard as `/sandbox/admin/*`. Registered in its own
 * plugin scope so its form parser does not replace the app's (Keycloak's token endpoint relies on it).
 * None of these routes carries `config.endpoint`, so injected faults never take the console down.
 */
export function registerConsoleRoutes(app: FastifyInstance, ctx: SandboxContext, guard: Guard): void {
  void app.register((scope, _options, done) => {
    registerFormBodyParser(scope);
    const csrf = new CsrfTokens();
    const defaultTokenLifetime = ctx.config.tokenLifetimeSeconds;

    scope.get<{ Querystring: { fragment?: string; applied?: string } }>(
      CONSOLE_PATHS.page,
      { preHandler: guard },
      (request, reply) => {
        const data = readConsoleData(ctx);
        if (request.query.fragment === LIVE_FRAGMENT) {
          return sendHtml(reply, 200, renderLive(data, defaultTokenLifetime));
        }
        return sendHtml(
          reply,
          200,
          renderPage({
            data,
            csrfToken: csrf.token(basicUser(request)),
            sandboxUrl: ctx.publicUrl(),
            defaultTokenLifetime,
            flash: isFlash(request.query.applied) ? request.query.applied : null,
          }),
        );
      },
    );

    // Constant, data-free assets: left unguarded so the browser needs no credentials for subresources.
    scope.get(CONSOLE_PATHS.script, (_request, reply) =>
      reply
        .type('text/javascript; charset=utf-8')
        .header('x-content-type-options', 'nosniff')
        .send(CONSOLE_SCRIPT),
    );
    scope.get(CONSOLE_PATHS.style, (_request, reply) =>
      reply.type('text/css; charset=utf-8').header('x-content-type-options', 'nosniff').send(CONSOLE_STYLE),
    );
    scope.get(CONSOLE_PATHS.icon, (_request, reply) =>
      reply.type('image/svg+xml').header('x-content-type-options', 'nosniff').send(CONSOLE_ICON),
    );

    /** Every post: guard, then same-site and token checks, then the action; 303 back to the page. */
    const action = (path: string, run: (form: URLSearchParams) => ActionResult) => {
      scope.post(path, { preHandler: guard }, (request, reply) => {
        const crossSite = crossSiteReason(request);
        if (crossSite) {
          return sendHtml(reply, 403, renderMessagePage('Forbidden', `Refused because ${crossSite}.`));
        }
        const form = formOf(request.body);
        if (!csrf.verify(basicUser(request), form.get('csrf'))) {
          return sendHtml(
            reply,
            403,
            renderMessagePage(
              'Forbidden',
              'The form token is missing or stale. Reload the console and retry.',
            ),
          );
        }
        const result = run(form);
        if ('errors' in result) {
          return sendHtml(
            reply,
            400,
            renderMessagePage('Invalid settings', 'Nothing was changed:', result.errors),
          );
        }
        ctx.faults.set(result.settings);
        // 303 so a reload of the result does not post again; the flash is a fixed key, never free text.
        return reply.code(303).header('location', `${CONSOLE_PATHS.page}?applied=${result.flash}`).send();
      });
    };

    action(CONSOLE_PATHS.faults, (form) => {
      const parsed = faultsFromForm(form);
      return parsed.ok
        ? { settings: parsed.settings, flash: 'faults' }
        : { errors: parsed.issues.map((i) => `${i.field}: ${i.message}`) };
    });
    action(CONSOLE_PATHS.clearFaults, () => ({ settings: NO_FAULTS, flash: 'cleared' }));
    action(CONSOLE_PATHS.outageOn, (form) => {
      const outage = outageFrom(ctx.clock(), form.get(FAULT_FIELDS.outageMinutes));
      return outage
        ? { settings: { ...ctx.faults.get(), outage }, flash: 'outage-on' }
        : { errors: ['minutes: a whole number from 1 to 1440'] };
    });
    action(CONSOLE_PATHS.outageOff, () => ({
      settings: { ...ctx.faults.get(), outage: null },
      flash: 'outage-off',
    }));
    done();
  });
}
