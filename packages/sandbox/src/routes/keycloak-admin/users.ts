import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SandboxContext } from '../../context.ts';
import { UPDATE_PASSWORD } from '../../idp/iam.ts';
import { hashPassword } from '../../idp/passwords.ts';
import type { IamUser } from '../../state/models.ts';
import { created, kcError, kcErrorMessage, page, type RealmParams } from './admin-auth.ts';
import { roleRepresentation, serviceAccountRepresentation, userRepresentation } from './representations.ts';

interface UserParams extends RealmParams {
  id: string;
}

interface UserQuery {
  username?: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  search?: string;
  exact?: string;
  enabled?: string;
  first?: string;
  max?: string;
  briefRepresentation?: string;
}

interface CredentialInput {
  type?: unknown;
  value?: unknown;
  temporary?: unknown;
}

interface UserInput {
  username?: unknown;
  email?: unknown;
  firstName?: unknown;
  lastName?: unknown;
  enabled?: unknown;
  emailVerified?: unknown;
  requiredActions?: unknown;
  attributes?: unknown;
  credentials?: unknown;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const bool = (v: unknown) => (typeof v === 'boolean' ? v : undefined);

/** A user-profile validation error (`ErrorResponse.errors` with one item). */
const attributeError = (reply: FastifyReply, field: string, errorMessage: string) =>
  reply.code(400).send({ field, errorMessage, params: [field] });

/** `UserResource.resetPassword`: the password and the `UPDATE_PASSWORD` action a temporary one sets. */
function withPassword(user: IamUser, credential: CredentialInput): IamUser {
  const actions = (user.requiredActions ?? []).filter((a) => a !== UPDATE_PASSWORD);
  return {
    ...user,
    passwordHash: hashPassword(String(credential.value)),
    requiredActions: credential.temporary === true ? [...actions, UPDATE_PASSWORD] : actions,
  };
}

/** Filters of `GET /users`: substring, case-insensitive, or equal with `exact=true`. */
function matches(value: string | undefined, wanted: string | undefined, exact: boolean): boolean {
  if (wanted === undefined) return true;
  const v = (value ?? '').toLowerCase();
  const w = wanted.toLowerCase();
  return exact ? v === w : v.includes(w);
}

/**
 * Users of a realm and their realm-role mappings (keycloak/keycloak `services/src/main/java/org/keycloak/
 * services/resources/admin/UsersResource.java`, `UserResource.java`, `RoleMapperResource.java`). A
 * client's service-account user is one of them: its role mappings are the client's token roles.
 */
export function registerUserRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const userNotFound = (reply: FastifyReply) => kcError(reply, 404, 'User not found');

  /**
   * `GET /users`: with attribute filters (`username`, `email`, `firstName`, `lastName`) service-account
   * users are included, with `search` or no filter they are not (`UsersResource.getUsers`).
   */
  app.get<{ Params: RealmParams; Querystring: UserQuery }>('/users', (request) => {
    const { realm } = request.params;
    const q = request.query;
    const exact = q.exact === 'true';
    const brief = q.briefRepresentation === 'true';
    const byAttributes =
      q.search === undefined && [q.username, q.email, q.firstName, q.lastName].some((v) => v !== undefined);
    const search = q.search?.replace(/^\*|\*$/g, '').toLowerCase();
    const users = ctx.iam.listUsers(realm).filter((u) => {
      if (q.enabled !== undefined && String(u.enabled) !== q.enabled) return false;
      if (search !== undefined) {
        return [u.username, u.email, u.firstName, u.lastName].some((v) =>
          (v ?? '').toLowerCase().includes(search),
        );
      }
      return (
        matches(u.username, q.username, exact) &&
        matches(u.email, q.email, exact) &&
        matches(u.firstName, q.firstName, exact) &&
        matches(u.lastName, q.lastName, exact)
      );
    });
    const result: object[] = users.map((u) => userRepresentation(u, brief));
    if (byAttributes && q.email === undefined && q.firstName === undefined && q.lastName === undefined) {
      for (const client of ctx.iam.listClients(realm)) {
        if (!client.serviceAccountsEnabled || !client.serviceAccountUserId) continue;
        const rep = serviceAccountRepresentation(client, brief);
        if (matches(rep.username, q.username, exact)) result.push(rep);
      }
    }
    return page(result, q);
  });

  /**
   * `POST /users` → 201, `Location: …/users/{id}`. Username (lower-cased) required; taken username → 409
   * `{"errorMessage":"User exists with same username"}`, taken email → 409 `"User exists with same email"`.
   * `enabled` defaults to false; `credentials` may carry an initial password.
   */
  app.post<{ Params: RealmParams; Body: UserInput }>('/users', (request, reply) => {
    const { realm } = request.params;
    const input = request.body ?? {};
    const username = str(input.username)?.trim().toLowerCase();
    if (!username) return attributeError(reply, 'username', 'error-user-attribute-required');
    if (ctx.iam.usernameTaken(realm, username)) {
      return kcErrorMessage(reply, 409, 'User exists with same username');
    }
    const email = str(input.email)?.trim().toLowerCase();
    if (email && ctx.iam.listUsers(realm).some((u) => u.email === email)) {
      return kcErrorMessage(reply, 409, 'User exists with same email');
    }
    let user: IamUser = {
      id: ctx.uuid(),
      realm,
      username,
      passwordHash: null,
      enabled: bool(input.enabled) ?? false,
      roles: [],
      createdTimestamp: ctx.clock(),
      emailVerified: bool(input.emailVerified) ?? false,
      requiredActions: Array.isArray(input.requiredActions)
        ? input.requiredActions.filter((a): a is string => typeof a === 'string')
        : [],
      ...(email ? { email } : {}),
      ...(str(input.firstName) !== undefined ? { firstName: str(input.firstName) } : {}),
      ...(str(input.lastName) !== undefined ? { lastName: str(input.lastName) } : {}),
    };
    const credentials = Array.isArray(input.credentials) ? (input.credentials as CredentialInput[]) : [];
    for (const credential of credentials) {
      if (credential.type === 'password' && typeof credential.value === 'string' && credential.value) {
        user = withPassword(user, credential);
      }
    }
    ctx.iam.saveUser(user);
    return created(request, reply, `/auth/admin/realms/${realm}/users/${user.id}`);
  });

  app.get<{ Params: UserParams }>('/users/:id', (request, reply) => {
    const found = ctx.iam.findRealmUserById(request.params.realm, request.params.id);
    if (!found) return userNotFound(reply);
    return found.kind === 'user'
      ? userRepresentation(found.user)
      : serviceAccountRepresentation(found.client);
  });

  /**
   * `PUT /users/{id}` → 204: present fields change (`enabled`, names, email, required actions). The
   * username is read-only (`editUsernameAllowed` is off by default).
   */
  app.put<{ Params: UserParams; Body: UserInput }>('/users/:id', (request, reply) => {
    const { realm, id } = request.params;
    const found = ctx.iam.findRealmUserById(realm, id);
    if (!found) return userNotFound(reply);
    const input = request.body ?? {};
    if (found.kind === 'service-account') return reply.code(204).send();
    const user = found.user;
    const username = str(input.username);
    if (username !== undefined && username.toLowerCase() !== user.username.toLowerCase()) {
      return attributeError(reply, 'username', 'error-user-attribute-read-only');
    }
    const email = str(input.email)?.trim().toLowerCase();
    if (email && ctx.iam.listUsers(realm).some((u) => u.email === email && u.id !== user.id)) {
      return kcErrorMessage(reply, 409, 'User exists with same email');
    }
    const next: IamUser = { ...user };
    if (email !== undefined) next.email = email;
    if (str(input.firstName) !== undefined) next.firstName = str(input.firstName);
    if (str(input.lastName) !== undefined) next.lastName = str(input.lastName);
    if (bool(input.enabled) !== undefined) next.enabled = bool(input.enabled) as boolean;
    if (bool(input.emailVerified) !== undefined) next.emailVerified = bool(input.emailVerified);
    if (Array.isArray(input.requiredActions)) {
      next.requiredActions = input.requiredActions.filter((a): a is string => typeof a === 'string');
    }
    ctx.iam.saveUser(next);
    return reply.code(204).send();
  });

  /**
   * `PUT /users/{id}/reset-password` with `{type:"password", value, temporary}` → 204. No value → 400
   * `{"error":"No password provided"}`, blank → `"Empty password"`; `temporary: true` leaves the account
   * "not fully set up" for the password grant until the user changes it.
   */
  app.put<{ Params: UserParams; Body: CredentialInput }>('/users/:id/reset-password', (request, reply) => {
    const found = ctx.iam.findRealmUserById(request.params.realm, request.params.id);
    if (!found) return userNotFound(reply);
    const credential = request.body ?? {};
    if (typeof credential.value !== 'string') return kcError(reply, 400, 'No password provided');
    if (credential.value.trim() === '') return kcError(reply, 400, 'Empty password');
    // The sandbox's service-account users authenticate with their client's secret only.
    if (found.kind === 'service-account') {
      return kcError(reply, 400, 'Service account users have no password');
    }
    ctx.iam.saveUser(withPassword(found.user, credential));
    return reply.code(204).send();
  });

  app.get<{ Params: UserParams }>('/users/:id/role-mappings/realm', (request, reply) => {
    const { realm, id } = request.params;
    const names = ctx.iam.realmRoleMappings(realm, id);
    if (!names) return userNotFound(reply);
    return names.flatMap((name) => {
      const role = ctx.iam.findRole(realm, name);
      return role ? [roleRepresentation(role)] : [];
    });
  });

  /**
   * `POST /users/{id}/role-mappings/realm` with `[RoleRepresentation]` → 204. Each role is looked up (by
   * name, or by id without a name) and must have the given id, else 404 `{"error":"Role not found"}` and nothing is mapped
   * (`RoleMapperResource.addRealmRoleMappings`).
   */
  app.post<{ Params: UserParams; Body: unknown }>('/users/:id/role-mappings/realm', (request, reply) => {
    const { realm, id } = request.params;
    if (!ctx.iam.findRealmUserById(realm, id)) return userNotFound(reply);
    const reps = Array.isArray(request.body) ? (request.body as { id?: unknown; name?: unknown }[]) : [];
    const names: string[] = [];
    for (const rep of reps) {
      const role =
        typeof rep.name === 'string'
          ? ctx.iam.findRole(realm, rep.name)
          : typeof rep.id === 'string'
            ? ctx.iam.findRoleById(realm, rep.id)
            : undefined;
      if (!role || role.id !== rep.id) return kcError(reply, 404, 'Role not found');
      names.push(role.name);
    }
    ctx.iam.addRealmRoleMappings(realm, id, names);
    return reply.code(204).send();
  });
}
