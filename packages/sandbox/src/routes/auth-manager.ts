import { APP_ID_REALMS, AUTH_SUCCESS_MESSAGE } from '@crvs-mosip/contracts';
import type { FastifyInstance } from 'fastify';
import { realmIssuer, tokenLifetime, type SandboxContext } from '../context.ts';
import { echoedIds, envelope, errorEnvelope } from '../http/mosip-reply.ts';

/** `auth.jwt.expiry` in kernel-default.properties: the cookie's Max-Age, not the token's lifetime. */
const COOKIE_MAX_AGE_SECONDS = 6_000_000;

/**
 * `POST /v1/authmanager/authenticate/clientidsecretkey` (mosip/mosip-openid-bridge kernel-auth-service
 * `AuthController.clientIdSecretKey`, `AuthServiceImpl.authenticateWithSecretKey`,
 * `AuthManagerExceptionHandler`): appId → realm, Keycloak client-credentials grant, token returned in the
 * `Authorization` header and cookie, `id`/`version` echoed and `errors: null` (`@ResponseFilter`).
 */
export function registerAuthManagerRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.post(
    '/v1/authmanager/authenticate/clientidsecretkey',
    { config: { endpoint: 'auth' } },
    async (request, reply) => {
      const now = ctx.clock();
      const ids = echoedIds(request.body);
      const body = (request.body ?? {}) as {
        request?: { clientId?: unknown; secretKey?: unknown; appId?: unknown };
      };
      if (typeof body.request !== 'object' || body.request === null) {
        return errorEnvelope(now, 'KER-ATH-019', 'request should not be null or empty', ids);
      }
      const { clientId, secretKey, appId } = body.request;
      const realm = typeof appId === 'string' ? APP_ID_REALMS[appId.toLowerCase()] : undefined;
      if (!realm) {
        return errorEnvelope(now, 'KER-ATH-026', `Realm not found:: ${String(appId)}`, ids);
      }
      const subject =
        typeof clientId === 'string' && typeof secretKey === 'string'
          ? ctx.iam.authenticateClient(realm, clientId, secretKey)
          : null;
      if (!subject) {
        // Keycloak's 401 surfaces through a plain RestTemplate as HttpClientErrorException, which the
        // default handler answers with HTTP 500 and errorCode "500" (inferred from MOSIP's code).
        return reply
          .code(500)
          .send(
            errorEnvelope(
              now,
              '500',
              '401 Unauthorized: {"error":"unauthorized_client","error_description":"Invalid client or Invalid client credentials"}',
              ids,
            ),
          );
      }
      const token = await ctx.issuer.issue(realmIssuer(ctx, realm), subject, now, tokenLifetime(ctx));
      void reply
        .header('authorization', token)
        .header('set-cookie', `Authorization=${token}; Max-Age=${COOKIE_MAX_AGE_SECONDS}; Path=/; HttpOnly`);
      return envelope(now, {
        ...ids,
        response: { status: 'Success', message: AUTH_SUCCESS_MESSAGE },
        errors: null,
      });
    },
  );
}
