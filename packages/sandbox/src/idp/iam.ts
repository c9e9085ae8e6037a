import type { DocumentStore } from '../state/document-store.ts';
import { KINDS, type IamClient, type IamRole, type IamUser } from '../state/models.ts';
import { secretsEqual, verifyPassword } from './passwords.ts';
import type { TokenSubject } from './token-issuer.ts';

export const REALMS = ['master', 'mosip'] as const;

const clientKey = (realm: string, clientId: string) => `${realm}/${clientId}`;
const userKey = (realm: string, username: string) => `${realm}/${username.toLowerCase()}`;

/**
 * The sandbox's identity and access management: Keycloak's realms, clients, users and realm roles,
 * kept in the document store so that what onboarding creates is real for the token endpoint.
 */
export class Iam {
  constructor(private readonly store: DocumentStore) {}

  realmExists(realm: string): boolean {
    return (REALMS as readonly string[]).includes(realm);
  }

  findClient(realm: string, clientId: string): IamClient | undefined {
    return this.store.get<IamClient>(KINDS.client, clientKey(realm, clientId));
  }

  saveClient(client: IamClient): void {
    this.store.put(KINDS.client, clientKey(client.realm, client.clientId), client, client.realm);
  }

  findUser(realm: string, username: string): IamUser | undefined {
    return this.store.get<IamUser>(KINDS.user, userKey(realm, username));
  }

  saveUser(user: IamUser): void {
    this.store.put(KINDS.user, userKey(user.realm, user.username), user, user.realm);
  }

  listRoles(realm: string): IamRole[] {
    return this.store.listByRef<IamRole>(KINDS.role, realm);
  }

  saveRole(role: IamRole): void {
    this.store.put(KINDS.role, `${role.realm}/${role.name}`, role, role.realm);
  }

  /** Client-credentials grant: the service account of a confidential client. */
  authenticateClient(realm: string, clientId: string, secret: string): TokenSubject | null {
    const client = this.findClient(realm, clientId);
    if (!client || !client.enabled || !client.serviceAccountsEnabled) return null;
    if (!secretsEqual(client.secret, secret)) return null;
    return {
      realm,
      subject: client.id,
      clientId,
      // Keycloak names a client's service-account user `service-account-<clientId>`.
      username: `service-account-${clientId}`,
      roles: [...client.roles],
    };
  }

  /** Password grant for a user of the realm through `clientId`. */
  authenticateUser(realm: string, username: string, password: string, clientId: string): TokenSubject | null {
    const user = this.findUser(realm, username);
    if (!user || !user.enabled || !verifyPassword(password, user.passwordHash)) return null;
    return {
      realm,
      subject: user.id,
      clientId,
      username: user.username,
      roles: [...user.roles],
      ...(user.email ? { email: user.email } : {}),
    };
  }
}
