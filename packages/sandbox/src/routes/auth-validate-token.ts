import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context.ts';
import { envelope, errorEnvelope } from '../http/mosip-reply.ts';

/**
 * `GET /v1/authmanager/authorize/admin/validateToken` (mosip/mosip-openid-bridge kernel-auth-service
 * `AuthController.validateAdminToken`), which MOSIP's WebSub hub calls with `Cookie: Authorization=<jwt>`.
 * The token comes from a cookie whose name contains `Authorization`; `userId` = `name` =
 * `preferred_username`; `role` = the realm roles joined with `,` and a trailing comma. MOSIP checks the
 * token online at Keycloak's userinfo; the sandbox verifies it with the realm key, and an invalid token
 * gets MOSIP's HTTP 500 `errorCode "500"` (contracts 2.3).
 */
export function registerValidateTokenRoute(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/v1/authmanager/authorize/admin/validateToken', async (request, reply) => {
    const now = ctx.clock();
    const cookieHeader = request.headers.cookie;
    if (!cookieHeader) return errorEnvelope(now, 'KER-ATH-006', 'Cookies are empty');
    let token: string | null = null;
    for (const part of cookieHeader.split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0 && part.slice(0, eq).trim().includes('Authorization')) token = part.slice(eq + 1).trim();
    }
    if (!token) return errorEnvelope(now, 'KER-ATH-007', 'Token is not present in cookies');
    const verified = await ctx.issuer.verify(token, now);
    if (!verified.ok) {
      return reply
        .code(500)
        .send(errorEnvelope(now, '500', 'Authentication Failed : Invalid Token :Token verification failed'));
    }
    const claims = verified.claims;
    const roles = claims.realm_access?.roles ?? [];
    void reply.header('set-cookie', `Authorization=${token}`);
    return envelope(now, {
      response: {
        userId: claims.preferred_username,
        mobile: null,
        mail: null,
        langCode: null,
        userPassword: null,
        name: claims.preferred_username,
        role: roles.map((r) => `${r},`).join(''),
        rId: null,
        token,
      },
      errors: null,
    });
  });
}
