import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MosipService } from '../config.ts';
import type { SandboxContext } from '../context.ts';
import { errorEnvelope } from '../http/mosip-reply.ts';

/** The caller as MOSIP's auth adapter builds it (`AuthUserDetails`). */
export interface MosipUser {
  username: string;
  clientId: string;
  roles: string[];
  token: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    mosipUser?: MosipUser;
  }
}

export interface ProtectOptions {
  service: MosipService;
  /**
   * Any of these realm roles is enough (`hasAnyRole`); `'authenticated'` where MOSIP's `@PreAuthorize` is
   * commented out and any valid token of an allowed audience passes.
   */
  roles: readonly string[] | 'authenticated';
  /**
   * `spring`: token from any cookie whose name contains `Authorization` (AuthFilter).
   * `vertx`: raw Cookie header, `replace("Authorization=","").split(";")[0]`, so the cookie must come first
   * (VertxAuthHandler). Both: no `Authorization: Bearer` header support.
   */
  style: 'spring' | 'vertx';
}

/** Cookie parser for the Spring side: keeps everything after the first `=`, since a JWT may contain `=`. */
function springToken(cookieHeader: string): string | null {
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (name.includes('Authorization')) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

function vertxToken(cookieHeader: string): string | null {
  if (!cookieHeader.includes('Authorization=')) return null;
  return cookieHeader.replace('Authorization=', '').split(';')[0]?.trim() || null;
}

/**
 * MOSIP's kernel-auth-adapter as a Fastify preHandler (mosip/mosip-openid-bridge, kernel-auth-adapter
 * `AuthFilter`, `TokenValidationHelper`, `ValidateTokenHelper`, `VertxAuthHandler`): offline validation of
 * signature, expiry and issuer host → 401 `KER-ATH-401`; audience allow-list (any `aud` or `azp`, case-
 * insensitive) → 403 `KER-ATH-403`; realm roles → 403 `KER-ATH-403`.
 */
export function protect(ctx: SandboxContext, options: ProtectOptions) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const now = ctx.clock();
    const unauthorized = () =>
      reply.code(401).send(errorEnvelope(now, 'KER-ATH-401', 'Authentication Failed'));
    const forbidden = () => reply.code(403).send(errorEnvelope(now, 'KER-ATH-403', 'Forbidden'));

    const cookieHeader = request.headers.cookie ?? '';
    const token = options.style === 'vertx' ? vertxToken(cookieHeader) : springToken(cookieHeader);
    if (!token) return unauthorized();
    const verified = await ctx.issuer.verify(token, now);
    if (!verified.ok) return unauthorized();
    const claims = verified.claims;
    // auth.server.admin.issuer.domain.validate: the iss host must be the configured Keycloak's host.
    let issuerHost: string;
    try {
      issuerHost = new URL(claims.iss).host;
    } catch {
      return unauthorized();
    }
    if (issuerHost !== new URL(ctx.publicUrl()).host) return unauthorized();

    const allowed = ctx.config.allowedAudiences[options.service].map((a) => a.toLowerCase());
    const audiences = [...(Array.isArray(claims.aud) ? claims.aud : claims.aud ? [claims.aud] : [])];
    if (claims.azp) audiences.push(claims.azp);
    if (!audiences.some((a) => allowed.includes(a.toLowerCase()))) return forbidden();

    const roles = claims.realm_access?.roles ?? [];
    if (options.roles !== 'authenticated' && !options.roles.some((r) => roles.includes(r))) {
      return forbidden();
    }

    request.mosipUser = { username: claims.preferred_username, clientId: claims.azp, roles, token };
    if (options.style === 'vertx') void reply.header('set-cookie', `Authorization=${token}`);
  };
}
