import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../../context.ts';
import { adminGuard } from './admin-auth.ts';
import { registerClientRoutes } from './clients.ts';
import { registerRoleRoutes } from './roles.ts';
import { registerUserRoutes } from './users.ts';

/**
 * Keycloak's Admin REST API under `/auth/admin/realms/{realm}` (keycloak/keycloak
 * `services/src/main/java/org/keycloak/services/resources/admin/`): the clients, realm roles, users and
 * realm-role mappings that onboarding (`@keycloak/keycloak-admin-client`) uses. Every route needs a bearer
 * token of the master realm's administrator.
 */
export async function registerKeycloakAdminRoutes(app: FastifyInstance, ctx: SandboxContext): Promise<void> {
  await app.register(
    (scope, _options, done) => {
      scope.addHook('preHandler', adminGuard(ctx));
      registerClientRoutes(scope, ctx);
      registerRoleRoutes(scope, ctx);
      registerUserRoutes(scope, ctx);
      done();
    },
    { prefix: '/auth/admin/realms/:realm' },
  );
}
