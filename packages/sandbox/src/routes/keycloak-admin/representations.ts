import { SERVICE_ACCOUNT_PREFIX } from '../../idp/iam.ts';
import type { IamClient, IamRole, IamUser } from '../../state/models.ts';

/**
 * Keycloak's admin representations (keycloak/keycloak `core/src/main/java/org/keycloak/representations/
 * idm/ClientRepresentation.java`, `UserRepresentation.java`, `RoleRepresentation.java`), built as
 * `services/src/main/java/org/keycloak/models/utils/ModelToRepresentation.java` does. Fields the sandbox
 * does not model carry Keycloak's defaults for a new OIDC client or user.
 */

const DEFAULT_CLIENT_SCOPES = ['web-origins', 'acr', 'profile', 'roles', 'basic', 'email'];
const OPTIONAL_CLIENT_SCOPES = ['address', 'phone', 'offline_access', 'organization', 'microprofile-jwt'];

export function clientRepresentation(client: IamClient) {
  return {
    id: client.id,
    clientId: client.clientId,
    ...(client.name !== undefined ? { name: client.name } : {}),
    ...(client.description !== undefined ? { description: client.description } : {}),
    rootUrl: client.rootUrl ?? '',
    adminUrl: client.adminUrl ?? '',
    baseUrl: client.baseUrl ?? '',
    surrogateAuthRequired: false,
    enabled: client.enabled,
    alwaysDisplayInConsole: false,
    clientAuthenticatorType: 'client-secret',
    ...(client.publicClient ? {} : { secret: client.secret }),
    redirectUris: client.redirectUris ?? [],
    webOrigins: client.webOrigins ?? [],
    notBefore: 0,
    bearerOnly: client.bearerOnly ?? false,
    consentRequired: false,
    standardFlowEnabled: client.standardFlowEnabled ?? true,
    implicitFlowEnabled: client.implicitFlowEnabled ?? false,
    directAccessGrantsEnabled: client.directAccessGrantsEnabled ?? true,
    serviceAccountsEnabled: client.serviceAccountsEnabled,
    publicClient: client.publicClient ?? false,
    frontchannelLogout: true,
    protocol: client.protocol ?? 'openid-connect',
    attributes: client.attributes ?? {},
    authenticationFlowBindingOverrides: {},
    fullScopeAllowed: true,
    nodeReRegistrationTimeout: -1,
    defaultClientScopes: DEFAULT_CLIENT_SCOPES,
    optionalClientScopes: OPTIONAL_CLIENT_SCOPES,
    access: { view: true, configure: true, manage: true },
  };
}

const USER_ACCESS = {
  manageGroupMembership: true,
  view: true,
  mapRoles: true,
  impersonate: false,
  manage: true,
};

export function userRepresentation(user: IamUser, brief = false) {
  return {
    id: user.id,
    username: user.username,
    ...(user.firstName !== undefined ? { firstName: user.firstName } : {}),
    ...(user.lastName !== undefined ? { lastName: user.lastName } : {}),
    ...(user.email !== undefined ? { email: user.email } : {}),
    emailVerified: user.emailVerified ?? false,
    ...(user.attributes && !brief ? { attributes: user.attributes } : {}),
    createdTimestamp: user.createdTimestamp ?? 0,
    enabled: user.enabled,
    totp: false,
    disableableCredentialTypes: [],
    requiredActions: user.requiredActions ?? [],
    notBefore: 0,
    ...(brief ? {} : { access: USER_ACCESS }),
  };
}

/** The user Keycloak creates for a client's service account (`ClientManager.enableServiceAccount`). */
export function serviceAccountRepresentation(client: IamClient, brief = false) {
  return {
    id: client.serviceAccountUserId ?? '',
    username: `${SERVICE_ACCOUNT_PREFIX}${client.clientId}`.toLowerCase(),
    emailVerified: false,
    createdTimestamp: client.serviceAccountCreatedTimestamp ?? 0,
    enabled: true,
    totp: false,
    serviceAccountClientId: client.id,
    disableableCredentialTypes: [],
    requiredActions: [],
    notBefore: 0,
    ...(brief ? {} : { access: USER_ACCESS }),
  };
}

/** A realm role; `containerId` is the realm's id, which for the sandbox's realms is their name. */
export function roleRepresentation(role: IamRole) {
  return {
    id: role.id ?? '',
    name: role.name,
    ...(role.description !== undefined ? { description: role.description } : {}),
    composite: false,
    clientRole: false,
    containerId: role.realm,
  };
}
