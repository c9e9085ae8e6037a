import type { FastifyInstance, FastifyReply } from 'fastify';
import { realmIssuer, tokenLifetime, type SandboxContext } from '../context.ts';
import type { TokenSubject } from '../idp/token-issuer.ts';
import { secretsEqual } from '../idp/passwords.ts';

interface RealmParams {
  realm: string;
}

/** Reads client credentials from HTTP Basic or the form, as Keycloak accepts both. */
function clientCredentials(authorization: string | undefined, form: Record<string, string>) {
  if (authorization?.startsWith('Basic ')) {
    const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      return {
        clientId: decodeURIComponent(decoded.slice(0, colon)),
        clientSecret: decodeURIComponent(decoded.slice(colon + 1)),
      };
    }
  }
  return { clientId: form.client_id ?? '', clientSecret: form.client_secret ?? '' };
}

function oauthError(reply: FastifyReply, status: number, error: string, description: string) {
  return reply.code(status).send({ error, error_description: description });
}

/**
 * Keycloak's OIDC endpoints for the sandbox realms (`master`, `mosip`) under MOSIP's `/auth` context:
 * discovery, JWKS and the token endpoint (client_credentials and password grants). Error bodies and
 * status codes are Keycloak's.
 */
export function registerKeycloakOidcRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const realmGuard = (realm: string, reply: FastifyReply) => {
    if (ctx.iam.realmExists(realm)) return true;
    void reply.code(404).send({ error: 'Realm does not exist' });
    return false;
  };

  app.get<{ Params: RealmParams }>(
    '/auth/realms/:realm/.well-known/openid-configuration',
    (request, reply) => {
      const { realm } = request.params;
      if (!realmGuard(realm, reply)) return reply;
      const issuer = realmIssuer(ctx, realm);
      return {
        issuer,
        authorization_endpoint: `${issuer}/protocol/openid-connect/auth`,
        token_endpoint: `${issuer}/protocol/openid-connect/token`,
        userinfo_endpoint: `${issuer}/protocol/openid-connect/userinfo`,
        jwks_uri: `${issuer}/protocol/openid-connect/certs`,
        grant_types_supported: ['client_credentials', 'password'],
        response_types_supported: ['token'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        claims_supported: ['iss', 'sub', 'aud', 'exp', 'iat', 'azp', 'preferred_username', 'realm_access'],
      };
    },
  );

  app.get<{ Params: RealmParams }>('/auth/realms/:realm/protocol/openid-connect/certs', (request, reply) => {
    if (!realmGuard(request.params.realm, reply)) return reply;
    return ctx.issuer.jwks();
  });

  app.post<{ Params: RealmParams; Body: Record<string, string> }>(
    '/auth/realms/:realm/protocol/openid-connect/token',
    { config: { endpoint: 'token' } },
    async (request, reply) => {
      const { realm } = request.params;
      if (!realmGuard(realm, reply)) return reply;
      const form = request.body ?? {};
      const { clientId, clientSecret } = clientCredentials(request.headers.authorization, form);
      let subject: TokenSubject | null;
      if (form.grant_type === 'client_credentials') {
        subject = ctx.iam.authenticateClient(realm, clientId, clientSecret);
        if (!subject) {
          return oauthError(
            reply,
            401,
            'unauthorized_client',
            'Invalid client or Invalid client credentials',
          );
        }
      } else if (form.grant_type === 'password') {
        const client = ctx.iam.findClient(realm, clientId);
        if (
          !client ||
          !client.enabled ||
          (!client.publicClient && !secretsEqual(client.secret, clientSecret))
        ) {
          return oauthError(
            reply,
            401,
            'unauthorized_client',
            'Invalid client or Invalid client credentials',
          );
        }
        // ResourceOwnerPasswordCredentialsGrantType: the client must allow direct access grants.
        if (client.directAccessGrantsEnabled === false) {
          return oauthError(reply, 400, 'unauthorized_client', 'Client not allowed for direct access grants');
        }
        const result = ctx.iam.passwordGrant(realm, form.username ?? '', form.password ?? '', clientId);
        if (!result.ok) return oauthError(reply, result.status, 'invalid_grant', result.description);
        subject = result.subject;
      } else {
        return oauthError(reply, 400, 'unsupported_grant_type', 'Unsupported grant_type');
      }
      const lifetime = tokenLifetime(ctx);
      const accessToken = await ctx.issuer.issue(realmIssuer(ctx, realm), subject, ctx.clock(), lifetime);
      return {
        access_token: accessToken,
        expires_in: lifetime,
        refresh_expires_in: 0,
        token_type: 'Bearer',
        'not-before-policy': 0,
        scope: 'profile email',
      };
    },
  );
}
