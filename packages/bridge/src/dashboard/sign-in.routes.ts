import type { FastifyInstance, FastifyReply } from 'fastify';
import { ERRORS } from '../errors.ts';
import { formField, type DashboardContext } from './dashboard-context.ts';
import { assertSameSite, loginNonceOf } from './guard.ts';
import { page } from './layout.ts';
import { loginBody } from './login-view.ts';
import { LOGIN_COOKIE, SESSION_COOKIE, cookieHeader } from './session.ts';

/** A local path to go back to after sign-in; anything else (another host, `//evil`) becomes `/`. */
export const safeNext = (next: string | undefined): string =>
  next && /^\/(?![/\\])[^\s]*$/.test(next) && !next.startsWith('/login') ? next : '/';

/** `/login` (form and post) and `/logout`: sessions start with an API key and end on the server too. */
export function registerSignInRoutes(scope: FastifyInstance, ctx: DashboardContext): void {
  // Sign-in: the form carries a token bound to a nonce cookie, so it cannot be posted from another site.
  const loginPage = (reply: FastifyReply, status: number, next: string, problem: string | null) => {
    const { nonce, token } = ctx.codec.loginNonce();
    void reply.header(
      'set-cookie',
      cookieHeader(LOGIN_COOKIE, nonce, { maxAgeS: 3600, secure: reply.request.protocol === 'https' }),
    );
    return ctx.send(reply, status, page('Sign in', {}, loginBody(token, next, problem)));
  };
  scope.get<{ Querystring: { next?: string } }>('/login', { schema: { hide: true } }, (request, reply) =>
    loginPage(reply, 200, safeNext(request.query.next), null),
  );
  scope.post('/login', { schema: { hide: true } }, async (request, reply) => {
    assertSameSite(request);
    const next = safeNext(formField(request, 'next'));
    if (!ctx.codec.checkLogin(loginNonceOf(request), formField(request, '_csrf'))) {
      return loginPage(reply, 403, next, ERRORS.CSRF_REJECTED.message);
    }
    const key = (formField(request, 'key') ?? '').trim();
    const principal = await ctx.deps.auth.authenticate(`Bearer ${key}`).catch(() => null);
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
    const now = ctx.deps.clock();
    const { session, cookie } = ctx.codec.issue(principal.id, principal.scopes, now);
    await ctx.deps.store.dashboardSessions.purgeExpired(now);
    await ctx.deps.store.dashboardSessions.create({
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
        cookieHeader(SESSION_COOKIE, cookie, { maxAgeS: Math.floor(ctx.codec.ttlMs / 1000), secure }),
        cookieHeader(LOGIN_COOKIE, '', { maxAgeS: 0, secure }),
      ])
      .header('location', next)
      .send();
  });
  scope.post(
    '/logout',
    { schema: { hide: true }, preHandler: ctx.guard.require('post-any') },
    async (request, reply) => {
      // Ended on the server too: a copy of the cookie is worthless from now on.
      await ctx.deps.store.dashboardSessions.end(request.viewer!.session.nonce, ctx.deps.clock());
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
}
