import { randomInt } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { realmIssuer, type SandboxContext } from '../../context.ts';
import { SERVICE_ACCOUNT_PREFIX } from '../../idp/iam.ts';

/** `{realm}` of `/auth/admin/realms/{realm}/…`. */
export interface RealmParams {
  realm: string;
}

/**
 * Keycloak's admin API errors. Thrown JAX-RS exceptions become `{"error": <message>}` in
 * `KeycloakErrorHandler` (keycloak/keycloak `services/src/main/java/org/keycloak/services/error/
 * KeycloakErrorHandler.java`, "unknown_error" when the exception has no message); `ErrorResponse.exists`
 * and `ErrorResponse.error` answer `{"errorMessage": …}` (`services/src/main/java/org/keycloak/services/
 * ErrorResponse.java`).
 */
export function kcError(reply: FastifyReply, status: number, error: string) {
  return reply.code(status).send({ error });
}

export function kcErrorMessage(reply: FastifyReply, status: number, errorMessage: string) {
  return reply.code(status).send({ errorMessage });
}

/** 201 Created with the new resource's URL in `Location`, as `Response.created(uri)` answers. */
export function created(request: FastifyRequest, reply: FastifyReply, path: string) {
  const base = `${request.protocol}://${request.host}`;
  return reply.code(201).header('location', `${base}${path}`).send();
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `SecretGenerator.randomString()`: 32 alphanumeric characters, as Keycloak generates client secrets. */
export function generateClientSecret(): string {
  let secret = '';
  for (let i = 0; i < 32; i += 1) secret += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return secret;
}

/** `first`/`max` paging of Keycloak's list endpoints. */
export function page<T>(items: T[], query: { first?: string; max?: string }): T[] {
  const first = Math.max(0, Number.parseInt(query.first ?? '0', 10) || 0);
  const max = query.max === undefined ? undefined : Number.parseInt(query.max, 10);
  return max === undefined || Number.isNaN(max) || max < 0
    ? items.slice(first)
    : items.slice(first, first + max);
}

/**
 * The admin API's bearer-token check (keycloak/keycloak `services/src/main/java/org/keycloak/services/
 * resources/admin/AdminRoot.java` `authenticateRealmAdminRequest`, `RealmsAdminResource.getRealmAdmin`):
 * no or invalid token, or a token of a user who no longer exists or is disabled → 401
 * `{"error":"HTTP 401 Unauthorized"}` with `WWW-Authenticate: Bearer`; a valid token without the master
 * realm's `admin` role (the sandbox grants no `realm-management` roles) → 403 `{"error":"unknown_error"}`;
 * unknown realm → 404 `{"error":"Realm not found."}`.
 */
export function adminGuard(ctx: SandboxContext) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const unauthorized = () =>
      reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'HTTP 401 Unauthorized' });
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (!match?.[1]) return void (await unauthorized());
    const verified = await ctx.issuer.verify(match[1], ctx.clock());
    if (!verified.ok) return void (await unauthorized());
    const claims = verified.claims;
    const targetRealm = (request.params as Partial<RealmParams>).realm ?? '';
    // A token is accepted from the master realm, or from the realm it administers.
    const tokenRealm = ['master', targetRealm].find(
      (r) => ctx.iam.realmExists(r) && claims.iss === realmIssuer(ctx, r),
    );
    if (!tokenRealm) return void (await unauthorized());
    const username = claims.preferred_username ?? '';
    const active = username.startsWith(SERVICE_ACCOUNT_PREFIX)
      ? ctx.iam.findClient(tokenRealm, claims.azp ?? '')?.enabled
      : ctx.iam.findUser(tokenRealm, username)?.enabled;
    if (!active) return void (await unauthorized());
    if (!ctx.iam.realmExists(targetRealm)) return void (await kcError(reply, 404, 'Realm not found.'));
    if (tokenRealm !== 'master' || !(claims.realm_access?.roles ?? []).includes('admin')) {
      return void (await kcError(reply, 403, 'unknown_error'));
    }
  };
}
