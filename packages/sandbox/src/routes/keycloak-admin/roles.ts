import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../../context.ts';
import { created, kcError, kcErrorMessage, page, type RealmParams } from './admin-auth.ts';
import { roleRepresentation } from './representations.ts';

/**
 * Realm roles (keycloak/keycloak `services/src/main/java/org/keycloak/services/resources/admin/
 * RoleContainerResource.java`): list, get by name, create. Composite and client roles are not modelled.
 */
export function registerRoleRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  /** `GET /roles?search=&first=&max=`. */
  app.get<{ Params: RealmParams; Querystring: { search?: string; first?: string; max?: string } }>(
    '/roles',
    (request) => {
      const search = request.query.search?.toLowerCase();
      const roles = ctx.iam
        .listRoles(request.params.realm)
        .filter((r) => !search || r.name.toLowerCase().includes(search));
      return page(roles, request.query).map(roleRepresentation);
    },
  );

  /** `GET /roles/{name}`; unknown → 404 `{"error":"Could not find role"}`. */
  app.get<{ Params: RealmParams & { name: string } }>('/roles/:name', (request, reply) => {
    const role = ctx.iam.findRole(request.params.realm, request.params.name);
    return role ? roleRepresentation(role) : kcError(reply, 404, 'Could not find role');
  });

  /**
   * `POST /roles` with `{name, description}` → 201, `Location: …/roles/{name}`; an existing name → 409
   * `{"errorMessage":"Role with name <name> already exists"}`.
   */
  app.post<{ Params: RealmParams; Body: { name?: unknown; description?: unknown } }>(
    '/roles',
    (request, reply) => {
      const { realm } = request.params;
      const { name, description } = request.body ?? {};
      if (typeof name !== 'string' || name.trim() === '') {
        return kcErrorMessage(reply, 400, 'Role name is missing');
      }
      if (ctx.iam.findRole(realm, name)) {
        return kcErrorMessage(reply, 409, `Role with name ${name} already exists`);
      }
      ctx.iam.saveRole({ realm, name, ...(typeof description === 'string' ? { description } : {}) });
      return created(request, reply, `/auth/admin/realms/${realm}/roles/${encodeURIComponent(name)}`);
    },
  );
}
