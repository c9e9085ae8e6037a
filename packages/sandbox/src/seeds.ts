import { randomUUID } from 'node:crypto';
import type { SeedName } from './config.ts';
import { hashPassword } from './idp/passwords.ts';
import type { Iam } from './idp/iam.ts';
import type { DocumentStore } from './state/document-store.ts';
import {
  KINDS,
  type Centre,
  type Machine,
  type UserCentre,
  type Zone,
  type ZoneUser,
} from './state/models.ts';

/**
 * What a MOSIP installation has out of the box, and (seed `demo`) what the CRVS integration guide's
 * prerequisites create by hand. Credentials are the sandbox's published defaults (see the README).
 * Clients and roles follow mosip/mosip-infra `deployment/v3/external/iam/import-init-values.yaml`.
 */
export const SANDBOX_CREDENTIALS = {
  keycloakAdmin: { username: 'admin', password: 'admin' },
  adminClient: { clientId: 'mosip-admin-client', secret: 'sandbox-admin-secret', appId: 'admin' },
  regprocClient: { clientId: 'mosip-regproc-client', secret: 'sandbox-regproc-secret', appId: 'regproc' },
  crvsClient: { clientId: 'mosip-crvs1-client', secret: 'sandbox-crvs-secret', appId: 'regproc' },
  /**
   * Demo seed: the credential partner's Keycloak client. Its service-account user
   * `service-account-crvs-partner` may subscribe to `crvs-partner/CREDENTIAL_ISSUED` and
   * `REGISTRATION_PROCESSOR_WORKFLOW_COMPLETED_EVENT` at `POST /hub` (mosip/websub `security.bal`). No
   * partner certificate is seeded: the operator registers one with `PUT /sandbox/admin/partners/crvs-partner`.
   * (README: client `crvs-partner`, secret `sandbox-partner-secret`.)
   */
  partnerClient: { clientId: 'crvs-partner', secret: 'sandbox-partner-secret', appId: 'regproc' },
  officer: { username: 'crvs-officer', password: 'sandbox-officer-password' },
  centreId: '10001',
  machineId: '10077',
} as const;

export const MOSIP_REALM_ROLES = [
  'GLOBAL_ADMIN',
  'ZONAL_ADMIN',
  'MASTERDATA_ADMIN',
  'REGISTRATION_PROCESSOR',
  'REGISTRATION_ADMIN',
  'REGISTRATION_OFFICER',
  'REGISTRATION_SUPERVISOR',
  'RESIDENT',
  'INDIVIDUAL',
  'DATA_READ',
  'DOCUMENT_READ',
  'METADATA_READ',
  'BIOMETRIC_READ',
  'SUBSCRIBE_CREDENTIAL_ISSUED_INDIVIDUAL',
  'SUBSCRIBE_REGISTRATION_PROCESSOR_WORKFLOW_COMPLETED_EVENT_GENERAL',
  'PUBLISH_REGISTRATION_PROCESSOR_WORKFLOW_COMPLETED_EVENT_GENERAL',
  'offline_access',
  'uma_authorization',
];

/** The zone hierarchy of MOSIP's sandbox data: country → region → city. */
export const SANDBOX_ZONES: Zone[] = [
  {
    code: 'MOR',
    name: 'Morocco',
    hierarchyLevel: 0,
    hierarchyName: 'Country',
    parentZoneCode: null,
    langCode: 'eng',
  },
  {
    code: 'RSK',
    name: 'Rabat Sale Kenitra',
    hierarchyLevel: 1,
    hierarchyName: 'Region',
    parentZoneCode: 'MOR',
    langCode: 'eng',
  },
  {
    code: 'KTA',
    name: 'Kenitra',
    hierarchyLevel: 2,
    hierarchyName: 'City',
    parentZoneCode: 'RSK',
    langCode: 'eng',
  },
];

export interface SeedDeps {
  store: DocumentStore;
  iam: Iam;
  /** base64url X.509 key of the keymanager's client-security key, registered for the demo machine. */
  machineSigningKey: string;
}

/** Applies the seed once: a data directory that was seeded before is left as it is. */
export function applySeed(seed: SeedName, deps: SeedDeps): boolean {
  const { store, iam } = deps;
  if (store.get(KINDS.setting, 'seed')) return false;
  store.transaction(() => {
    const c = SANDBOX_CREDENTIALS;
    iam.saveClient({
      id: randomUUID(),
      realm: 'master',
      clientId: 'admin-cli',
      secret: '',
      enabled: true,
      serviceAccountsEnabled: false,
      roles: [],
      publicClient: true,
    });
    iam.saveUser({
      id: randomUUID(),
      realm: 'master',
      username: c.keycloakAdmin.username,
      passwordHash: hashPassword(c.keycloakAdmin.password),
      enabled: true,
      roles: ['admin'],
    });
    for (const name of MOSIP_REALM_ROLES) iam.saveRole({ realm: 'mosip', name });
    iam.saveClient({
      id: randomUUID(),
      realm: 'mosip',
      clientId: c.adminClient.clientId,
      secret: c.adminClient.secret,
      enabled: true,
      serviceAccountsEnabled: true,
      roles: ['GLOBAL_ADMIN', 'ZONAL_ADMIN', 'MASTERDATA_ADMIN', 'offline_access', 'uma_authorization'],
    });
    iam.saveClient({
      id: randomUUID(),
      realm: 'mosip',
      clientId: c.regprocClient.clientId,
      secret: c.regprocClient.secret,
      enabled: true,
      serviceAccountsEnabled: true,
      roles: [
        'REGISTRATION_PROCESSOR',
        'DATA_READ',
        'DOCUMENT_READ',
        'METADATA_READ',
        'BIOMETRIC_READ',
        'PUBLISH_REGISTRATION_PROCESSOR_WORKFLOW_COMPLETED_EVENT_GENERAL',
      ],
    });
    for (const zone of SANDBOX_ZONES) store.put(KINDS.zone, zone.code, zone);
    // The admin service account is mapped to the top zone, so its zone-scoped masterdata calls see everything.
    store.put<ZoneUser>(KINDS.zoneUser, 'service-account-mosip-admin-client', {
      userId: 'service-account-mosip-admin-client',
      zoneCode: 'MOR',
      isActive: true,
    });
    if (seed === 'demo') applyDemo(deps);
    store.put(KINDS.setting, 'seed', { seed });
  });
  return true;
}

function applyDemo({ store, iam, machineSigningKey }: SeedDeps): void {
  const c = SANDBOX_CREDENTIALS;
  iam.saveRole({ realm: 'mosip', name: 'ONLINE_REGISTRATION_CLIENT' });
  iam.saveClient({
    id: randomUUID(),
    realm: 'mosip',
    clientId: c.crvsClient.clientId,
    secret: c.crvsClient.secret,
    enabled: true,
    serviceAccountsEnabled: true,
    roles: ['ONLINE_REGISTRATION_CLIENT'],
  });
  iam.saveClient({
    id: randomUUID(),
    realm: 'mosip',
    clientId: c.partnerClient.clientId,
    secret: c.partnerClient.secret,
    enabled: true,
    serviceAccountsEnabled: true,
    roles: [
      'SUBSCRIBE_CREDENTIAL_ISSUED_INDIVIDUAL',
      'SUBSCRIBE_REGISTRATION_PROCESSOR_WORKFLOW_COMPLETED_EVENT_GENERAL',
    ],
  });
  // The guide's "Registration_officer" is MOSIP's realm role REGISTRATION_OFFICER.
  iam.saveUser({
    id: randomUUID(),
    realm: 'mosip',
    username: c.officer.username,
    passwordHash: hashPassword(c.officer.password),
    enabled: true,
    roles: ['REGISTRATION_OFFICER'],
  });
  const centre: Centre = {
    id: c.centreId,
    name: 'CRVS Centre Kenitra',
    zoneCode: 'KTA',
    langCode: 'eng',
    isActive: true,
    centerStartTime: '00:00:00',
    centerEndTime: '23:59:59',
    timeZone: 'UTC',
    addressLine1: 'Civil Registry',
    locationCode: 'KTA',
  };
  store.put(KINDS.centre, centre.id, centre);
  const machine: Machine = {
    id: c.machineId,
    name: 'crvs-bridge-10077',
    regCenterId: c.centreId,
    zoneCode: 'KTA',
    langCode: 'eng',
    isActive: true,
    publicKey: machineSigningKey,
    signPublicKey: machineSigningKey,
  };
  store.put(KINDS.machine, machine.id, machine);
  store.put<ZoneUser>(KINDS.zoneUser, c.officer.username, {
    userId: c.officer.username,
    zoneCode: 'KTA',
    isActive: true,
  });
  store.put<UserCentre>(KINDS.userCentre, c.officer.username, {
    id: c.officer.username,
    regCenterId: c.centreId,
    isActive: true,
  });
}
