import { randomUUID } from 'node:crypto';
import type { DocumentStore } from '../state/document-store.ts';
import { KINDS, type IamClient, type IamRole, type IamUser } from '../state/models.ts';
import { secretsEqual, verifyPassword } from './passwords.ts';
import type { TokenSubject } from './token-issuer.ts';

export const REALMS = ['master', 'mosip'] as const;

/** Keycloak's prefix for the user behind a client's service account (`ServiceAccountConstants`). */
export const SERVICE_ACCOUNT_PREFIX = 'service-account-';

/** The required action a temporary password sets (`UserModel.RequiredAction.UPDATE_PASSWORD`). */
export const UPDATE_PASSWORD = 'UPDATE_PASSWORD';

const clientKey = (realm: string, clientId: string) => `${realm}/${clientId}`;
const userKey = (realm: string, username: string) => `${realm}/${username.toLowerCase()}`;
const roleKey = (realm: string, name: string) => `${realm}/${name}`;

/** Outcome of the password grant, with Keycloak's error and HTTP status when it fails. */
export type PasswordGrantResult =
  { ok: true; subject: TokenSubject } | { ok: false; status: 400 | 401; description: string };

/** A user of a realm as the admin API sees it: a stored user or a client's service-account user. */
export type RealmUser = { kind: 'user'; user: IamUser } | { kind: 'service-account'; client: IamClient };

export interface IamOptions {
  clock?: () => number;
  uuid?: () => string;
}

/**
 * The sandbox's identity and access management: Keycloak's realms, clients, users and realm roles,
 * kept in the document store so that what onboarding creates is real for the token endpoint.
 *
 * A client's token roles are the realm-role mappings of its service-account user, as in Keycloak
 * (keycloak/keycloak `services/src/main/java/org/keycloak/protocol/oidc/grants/ClientCredentialsGrantType.java`
 * authenticates that user). The mapping is stored on the client (`IamClient.roles`).
 */
export class Iam {
  private readonly clock: () => number;
  private readonly uuid: () => string;

  constructor(
    private readonly store: DocumentStore,
    options: IamOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
    this.uuid = options.uuid ?? randomUUID;
    this.migrate();
  }

  /**
   * Data directories written before roles had ids and clients had service-account user ids get them
   * now, once; nothing else changes.
   */
  private migrate(): void {
    this.store.transaction(() => {
      for (const { value } of this.store.listWithIds<IamRole>(KINDS.role)) {
        if (!value.id) this.saveRole(value);
      }
      for (const { value } of this.store.listWithIds<IamClient>(KINDS.client)) {
        if (value.serviceAccountsEnabled && !value.serviceAccountUserId) this.saveClient(value);
      }
    });
  }

  realmExists(realm: string): boolean {
    return (REALMS as readonly string[]).includes(realm);
  }

  findClient(realm: string, clientId: string): IamClient | undefined {
    return this.store.get<IamClient>(KINDS.client, clientKey(realm, clientId));
  }

  /** By Keycloak's internal id (the `{id}` of `/admin/realms/{realm}/clients/{id}`). */
  findClientById(realm: string, id: string): IamClient | undefined {
    return this.listClients(realm).find((c) => c.id === id);
  }

  listClients(realm: string): IamClient[] {
    return this.store.listByRef<IamClient>(KINDS.client, realm);
  }

  /**
   * Saves a client; a client with service accounts gets its service-account user (an id) the first time,
   * as `ClientManager.enableServiceAccount` creates the user.
   */
  saveClient(client: IamClient): IamClient {
    const saved: IamClient =
      client.serviceAccountsEnabled && !client.serviceAccountUserId
        ? { ...client, serviceAccountUserId: this.uuid(), serviceAccountCreatedTimestamp: this.clock() }
        : client;
    this.store.put(KINDS.client, clientKey(saved.realm, saved.clientId), saved, saved.realm);
    return saved;
  }

  /** Renaming a client moves its document: the store key is the clientId. */
  replaceClient(previousClientId: string, client: IamClient): IamClient {
    this.store.transaction(() => {
      if (previousClientId !== client.clientId) {
        this.store.delete(KINDS.client, clientKey(client.realm, previousClientId));
      }
      this.saveClient(client);
    });
    return this.findClient(client.realm, client.clientId) as IamClient;
  }

  findUser(realm: string, username: string): IamUser | undefined {
    return this.store.get<IamUser>(KINDS.user, userKey(realm, username));
  }

  listUsers(realm: string): IamUser[] {
    return this.store.listByRef<IamUser>(KINDS.user, realm);
  }

  saveUser(user: IamUser): void {
    this.store.put(KINDS.user, userKey(user.realm, user.username), user, user.realm);
  }

  /** The client whose service-account user has this id (service accounts still enabled). */
  serviceAccountClient(realm: string, userId: string): IamClient | undefined {
    return this.listClients(realm).find((c) => c.serviceAccountsEnabled && c.serviceAccountUserId === userId);
  }

  /** A stored user or a service-account user, by id. */
  findRealmUserById(realm: string, id: string): RealmUser | undefined {
    const user = this.listUsers(realm).find((u) => u.id === id);
    if (user) return { kind: 'user', user };
    const client = this.serviceAccountClient(realm, id);
    return client ? { kind: 'service-account', client } : undefined;
  }

  /** Whether a username is taken, service-account users included (Keycloak usernames are lower case). */
  usernameTaken(realm: string, username: string): boolean {
    const lower = username.toLowerCase();
    if (this.findUser(realm, lower)) return true;
    return this.listClients(realm).some(
      (c) => c.serviceAccountsEnabled && `${SERVICE_ACCOUNT_PREFIX}${c.clientId}`.toLowerCase() === lower,
    );
  }

  listRoles(realm: string): IamRole[] {
    return this.store.listByRef<IamRole>(KINDS.role, realm);
  }

  findRole(realm: string, name: string): IamRole | undefined {
    return this.store.get<IamRole>(KINDS.role, roleKey(realm, name));
  }

  findRoleById(realm: string, id: string): IamRole | undefined {
    return this.listRoles(realm).find((r) => r.id === id);
  }

  saveRole(role: IamRole): IamRole {
    const saved = role.id ? role : { ...role, id: this.uuid() };
    this.store.put(KINDS.role, roleKey(saved.realm, saved.name), saved, saved.realm);
    return saved;
  }

  /** The realm roles mapped directly to a user (`GET /users/{id}/role-mappings/realm`). */
  realmRoleMappings(realm: string, userId: string): string[] | undefined {
    const found = this.findRealmUserById(realm, userId);
    if (!found) return undefined;
    return found.kind === 'user' ? [...found.user.roles] : [...found.client.roles];
  }

  /** Adds realm roles to a user's mappings; for a service-account user they land on its client. */
  addRealmRoleMappings(realm: string, userId: string, roleNames: readonly string[]): boolean {
    const found = this.findRealmUserById(realm, userId);
    if (!found) return false;
    const merge = (current: string[]) => [...current, ...roleNames.filter((r) => !current.includes(r))];
    if (found.kind === 'user') this.saveUser({ ...found.user, roles: merge(found.user.roles) });
    else this.saveClient({ ...found.client, roles: merge(found.client.roles) });
    return true;
  }

  /** Client-credentials grant: the service account of a confidential client. */
  authenticateClient(realm: string, clientId: string, secret: string): TokenSubject | null {
    const client = this.findClient(realm, clientId);
    if (!client || !client.enabled || !client.serviceAccountsEnabled || client.publicClient) return null;
    if (!secretsEqual(client.secret, secret)) return null;
    return {
      realm,
      subject: client.serviceAccountUserId ?? client.id,
      clientId,
      username: `${SERVICE_ACCOUNT_PREFIX}${clientId}`,
      roles: this.realmRoleMappings(realm, client.serviceAccountUserId ?? '') ?? [...client.roles],
    };
  }

  /**
   * Password grant for a user of the realm through `clientId` (keycloak/keycloak
   * `services/src/main/java/org/keycloak/protocol/oidc/grants/ResourceOwnerPasswordCredentialsGrantType.java`):
   * unknown user, wrong password or disabled → 401 "Invalid user credentials"; pending required actions
   * (a temporary password) → 400 "Account is not fully set up".
   */
  passwordGrant(realm: string, username: string, password: string, clientId: string): PasswordGrantResult {
    const user = this.findUser(realm, username);
    if (!user || !user.enabled || !verifyPassword(password, user.passwordHash)) {
      return { ok: false, status: 401, description: 'Invalid user credentials' };
    }
    if ((user.requiredActions ?? []).length > 0) {
      return { ok: false, status: 400, description: 'Account is not fully set up' };
    }
    return {
      ok: true,
      subject: {
        realm,
        subject: user.id,
        clientId,
        username: user.username,
        roles: [...user.roles],
        ...(user.email ? { email: user.email } : {}),
      },
    };
  }

  /** Password grant, successful subject only (see `passwordGrant` for the failure reasons). */
  authenticateUser(realm: string, username: string, password: string, clientId: string): TokenSubject | null {
    const result = this.passwordGrant(realm, username, password, clientId);
    return result.ok ? result.subject : null;
  }
}
