import KcAdminClient, { NetworkError } from '@keycloak/keycloak-admin-client';
import { messageOf, PrerequisiteError } from './errors.ts';

/**
 * The Keycloak Admin REST calls onboarding needs, through the official `@keycloak/keycloak-admin-client`
 * (keycloak/keycloak `js/libs/keycloak-admin-client`). Paths and shapes are Keycloak's Admin REST API
 * (`/admin/realms/{realm}/clients`, `/roles`, `/users`, `/users/{id}/role-mappings/realm`).
 */
export type ClientRepresentation = Awaited<ReturnType<KcAdminClient['clients']['find']>>[number];
export type UserRepresentation = Awaited<ReturnType<KcAdminClient['users']['find']>>[number];
export type RoleRepresentation = Awaited<ReturnType<KcAdminClient['users']['listRealmRoleMappings']>>[number];

export interface KeycloakSettings {
  /** Base URL including MOSIP's `/auth` context, e.g. `http://127.0.0.1:8090/auth`. */
  url: string;
  realm: string;
  adminRealm: string;
  adminClientId: string;
  adminUsername: string;
  adminPassword: string;
}

/** Keycloak's answer to a failed admin call: HTTP status and its `error` / `errorMessage`. */
export function keycloakFailure(error: unknown): { status: number | null; code: string; message: string } {
  if (error instanceof NetworkError) {
    const data = error.responseData as Record<string, unknown> | string | undefined;
    const said =
      typeof data === 'object' && data !== null
        ? [data.error, data.error_description, data.errorMessage].filter((x) => typeof x === 'string')
        : [];
    return {
      status: error.response.status,
      code: typeof said[0] === 'string' ? said[0] : `HTTP ${error.response.status}`,
      message: said.length > 0 ? said.join(': ') : error.message,
    };
  }
  const cause = (error as { cause?: { code?: string } }).cause;
  return { status: null, code: cause?.code ?? 'NETWORK', message: messageOf(error) };
}

/** Wraps a failed admin call into an error naming the step, Keycloak's code and a fix. */
export function keycloakError(prerequisite: string, error: unknown, fix: string): PrerequisiteError {
  const failure = keycloakFailure(error);
  const status = failure.status === null ? 'no answer' : `HTTP ${failure.status}`;
  return new PrerequisiteError(prerequisite, failure.code, `Keycloak: ${status}, ${failure.message}`, fix);
}

/** A logged-in Keycloak admin session on the MOSIP realm. */
export class KeycloakAdmin {
  private constructor(
    private readonly kc: KcAdminClient,
    readonly settings: KeycloakSettings,
  ) {}

  /**
   * Logs in on the admin realm with the password grant through `admin-cli` (as `kcadm.sh` does), then
   * works on the MOSIP realm.
   * @throws PrerequisiteError - wrong credentials (`invalid_grant`), unreachable Keycloak, unknown realm
   */
  static async login(settings: KeycloakSettings): Promise<KeycloakAdmin> {
    const kc = new KcAdminClient({ baseUrl: settings.url, realmName: settings.adminRealm, timeout: 20_000 });
    try {
      await kc.auth({
        grantType: 'password',
        clientId: settings.adminClientId,
        username: settings.adminUsername,
        password: settings.adminPassword,
      });
    } catch (error) {
      const failure = keycloakFailure(error);
      const fix =
        failure.status === null
          ? `check keycloak.url (${settings.url}); MOSIP's Keycloak is served under /auth`
          : failure.status === 404
            ? `check keycloak.url (${settings.url}, MOSIP's Keycloak lives under /auth) and keycloak.adminRealm (${settings.adminRealm})`
            : `check keycloak.adminUsername (${settings.adminUsername}) and keycloak.adminPassword/adminPasswordFile: ` +
              `they must log in to realm "${settings.adminRealm}" through client "${settings.adminClientId}"`;
      throw keycloakError('Keycloak admin login', error, fix);
    }
    kc.setConfig({ realmName: settings.realm });
    return new KeycloakAdmin(kc, settings);
  }

  /** `GET /clients?clientId=` is an exact match unless `search=true`. */
  async findClient(clientId: string): Promise<ClientRepresentation | undefined> {
    const found = await this.kc.clients.find({ clientId });
    return found.find((c) => c.clientId === clientId);
  }

  /** `POST /clients` → 201 with `Location`; the client's internal id. */
  async createClient(client: ClientRepresentation): Promise<string> {
    return (await this.kc.clients.create(client)).id;
  }

  /** `PUT /clients/{id}` with the full representation. */
  async updateClient(id: string, client: ClientRepresentation): Promise<void> {
    await this.kc.clients.update({ id }, client);
  }

  /** `GET /clients/{id}/service-account-user`. */
  async serviceAccountUser(id: string): Promise<UserRepresentation> {
    return this.kc.clients.getServiceAccountUser({ id });
  }

  /** `GET /clients/{id}/client-secret` → `{type:"secret", value}`. */
  async clientSecret(id: string): Promise<string | undefined> {
    const credential = await this.kc.clients.getClientSecret({ id });
    return credential.value ?? undefined;
  }

  /** `POST /clients/{id}/client-secret`: a new secret (the old one stops working). */
  async regenerateClientSecret(id: string): Promise<string | undefined> {
    return (await this.kc.clients.generateNewClientSecret({ id })).value ?? undefined;
  }

  /** `GET /roles/{name}`; undefined on 404. */
  async findRealmRole(name: string): Promise<RoleRepresentation | undefined> {
    return (await this.kc.roles.findOneByName({ name })) ?? undefined;
  }

  /** `POST /roles` → 201. */
  async createRealmRole(name: string, description: string): Promise<void> {
    await this.kc.roles.create({ name, description });
  }

  /** `GET /users?username=&exact=true`. */
  async findUser(username: string): Promise<UserRepresentation | undefined> {
    const found = await this.kc.users.find({ username, exact: true });
    return found.find((u) => u.username?.toLowerCase() === username.toLowerCase());
  }

  /** `POST /users` → 201 with `Location`; the user's id. */
  async createUser(user: UserRepresentation): Promise<string> {
    return (await this.kc.users.create(user)).id;
  }

  /** `PUT /users/{id}`. */
  async updateUser(id: string, user: UserRepresentation): Promise<void> {
    await this.kc.users.update({ id }, user);
  }

  /** `PUT /users/{id}/reset-password` with a non-temporary password credential. */
  async setPassword(id: string, password: string): Promise<void> {
    await this.kc.users.resetPassword({
      id,
      credential: { type: 'password', value: password, temporary: false },
    });
  }

  /** `GET /users/{id}/role-mappings/realm`: the realm roles mapped directly to the user. */
  async realmRoles(userId: string): Promise<RoleRepresentation[]> {
    return this.kc.users.listRealmRoleMappings({ id: userId });
  }

  /** `POST /users/{id}/role-mappings/realm` with the role representations (id and name). */
  async addRealmRoles(userId: string, roles: RoleRepresentation[]): Promise<void> {
    await this.kc.users.addRealmRoleMappings({
      id: userId,
      roles: roles.map((r) => ({ id: r.id ?? '', name: r.name ?? '' })),
    });
  }
}
