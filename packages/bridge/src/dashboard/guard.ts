import type { FastifyReply, FastifyRequest } from 'fastify';
import { logAs, type Scope } from '../api/auth.ts';
import { AppError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import { LOGIN_COOKIE, SESSION_COOKIE, parseCookies, type Session, type SessionCodec } from './session.ts';

/** The signed-in operator of a dashboard request. */
export interface Viewer {
  keyId: string;
  canOperate: boolean;
  csrf: string;
  session: Session;
}

declare module 'fastify' {
  interface FastifyRequest {
    viewer?: Viewer;
  }
}

/** Thrown to send the browser to the sign-in page (htmx requests get an `HX-Redirect` instead). */
export class SignInRequired extends Error {
  override readonly name = 'SignInRequired';
}

/**
 * Checks a dashboard request: a valid session cookie whose session is still active (not signed out), whose
 * API key still exists, is not revoked and still has
 * `read` or `operate` (scopes are read again, so narrowing a key takes effect at once). POSTs must carry
 * the session's CSRF token and must not come from another site (Origin / Sec-Fetch-Site), on top of the
 * SameSite=Strict cookie.
 */
export function createGuard(deps: { codec: SessionCodec; store: Store; clock: () => number }) {
  const { codec, store, clock } = deps;

  async function viewerOf(request: FastifyRequest): Promise<Viewer | null> {
    const now = clock();
    const session = codec.read(parseCookies(request.headers.cookie)[SESSION_COOKIE], now);
    // The signature proves the cookie is ours; the row proves nobody signed it out since.
    if (!session || !(await store.dashboardSessions.isActive(session.nonce, session.keyId, now))) return null;
    const key = await store.apiKeys.findById(session.keyId);
    if (!key || key.revokedAt != null) return null;
    const scopes = key.scopes.filter((s): s is Scope => s === 'read' || s === 'operate');
    if (scopes.length === 0) return null;
    return {
      keyId: session.keyId,
      canOperate: scopes.includes('operate'),
      csrf: codec.csrfToken(session),
      session,
    };
  }

  /** preHandler: signed in with `read` or `operate`; for POST also `operate` (unless `anyScope`) and CSRF. */
  const require =
    (need: 'view' | 'operate' | 'post-any') =>
    async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
      const viewer = await viewerOf(request);
      if (!viewer) throw new SignInRequired();
      request.viewer = viewer;
      logAs(request, reply, viewer.keyId);
      if (request.method === 'POST') {
        assertSameSite(request);
        const token =
          (request.body as URLSearchParams | undefined)?.get?.('_csrf') ?? request.headers['x-csrf-token'];
        if (!codec.checkCsrf(viewer.session, token)) throw new AppError('CSRF_REJECTED');
      }
      if (need === 'operate' && !viewer.canOperate) {
        throw new AppError(
          'FORBIDDEN_SCOPE',
          'This action needs an API key with the "operate" scope; yours can only view.',
        );
      }
    };

  return { viewerOf, require };
}

/** Refuses a form posted from another site even when a browser would send the cookie (defence in depth). */
export function assertSameSite(request: FastifyRequest): void {
  if (request.headers['sec-fetch-site'] === 'cross-site') throw new AppError('CSRF_REJECTED');
  const origin = request.headers.origin;
  if (origin === undefined) return;
  let host: string | null;
  try {
    host = new URL(origin).host;
  } catch {
    host = null;
  }
  if (host === null || host !== request.headers.host) throw new AppError('CSRF_REJECTED');
}

/** The sign-in form's nonce cookie. */
export const loginNonceOf = (request: FastifyRequest): string | undefined =>
  parseCookies(request.headers.cookie)[LOGIN_COOKIE];
