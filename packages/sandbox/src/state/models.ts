import type { InternalStatusCode } from '@crvs-mosip/contracts';

/** Document kinds in the sandbox store. */
export const KINDS = {
  client: 'iam-client',
  user: 'iam-user',
  role: 'iam-role',
  zone: 'zone',
  centre: 'centre',
  machine: 'machine',
  zoneUser: 'zone-user',
  userCentre: 'user-centre',
  identity: 'identity',
  registration: 'registration',
  transaction: 'transaction',
  setting: 'setting',
} as const;

/**
 * A Keycloak client. `roles` is the realm-role mapping of the client's service-account user
 * (`service-account-<clientId>`, id `serviceAccountUserId`): Keycloak keeps it on that user, the sandbox
 * keeps it here so one document is the whole client (keycloak/keycloak `ClientManager.enableServiceAccount`).
 */
export interface IamClient {
  id: string;
  realm: string;
  clientId: string;
  secret: string;
  enabled: boolean;
  serviceAccountsEnabled: boolean;
  /** Public clients (like master's `admin-cli`) have no secret. */
  publicClient?: boolean;
  roles: string[];
  /** Id of the service-account user; assigned when service accounts are (or were) enabled. */
  serviceAccountUserId?: string;
  /** When the service-account user was created (epoch ms). */
  serviceAccountCreatedTimestamp?: number;
  name?: string;
  description?: string;
  redirectUris?: string[];
  webOrigins?: string[];
  rootUrl?: string;
  baseUrl?: string;
  adminUrl?: string;
  bearerOnly?: boolean;
  standardFlowEnabled?: boolean;
  implicitFlowEnabled?: boolean;
  /** Absent on seeded clients: treated as Keycloak's default for OIDC clients, on. */
  directAccessGrantsEnabled?: boolean;
  protocol?: string;
  attributes?: Record<string, string>;
}

/** A Keycloak user. Passwords are stored as scrypt hashes. */
export interface IamUser {
  id: string;
  realm: string;
  username: string;
  passwordHash: string | null;
  enabled: boolean;
  roles: string[];
  email?: string;
  firstName?: string;
  lastName?: string;
  emailVerified?: boolean;
  /** Epoch ms. */
  createdTimestamp?: number;
  /** Keycloak required actions; `UPDATE_PASSWORD` after a temporary password blocks the password grant. */
  requiredActions?: string[];
  attributes?: Record<string, string[]>;
}

/** A realm role. `id` is assigned when the role is saved (older data directories are migrated on open). */
export interface IamRole {
  realm: string;
  name: string;
  id?: string;
  description?: string;
}

export interface Zone {
  code: string;
  name: string;
  hierarchyLevel: number;
  hierarchyName: string;
  parentZoneCode: string | null;
  langCode: string;
}

/** Who created or last changed a masterdata row (`BaseDto` of mosip/admin-services masterdata). */
export interface MasterdataAudit {
  createdBy?: string;
  /** `yyyy-MM-dd'T'HH:mm:ss.SSS'Z'` */
  createdDateTime?: string;
  updatedBy?: string | null;
  updatedDateTime?: string | null;
}

/** A registration centre (`registration_center` row in one language). */
export interface Centre extends MasterdataAudit {
  id: string;
  name: string;
  zoneCode: string;
  langCode: string;
  isActive: boolean;
  centerStartTime: string;
  centerEndTime: string;
  timeZone: string;
  addressLine1: string;
  locationCode: string;
  centerTypeCode?: string;
  addressLine2?: string | null;
  addressLine3?: string | null;
  latitude?: string;
  longitude?: string;
  holidayLocationCode?: string;
  contactPhone?: string | null;
  contactPerson?: string | null;
  workingHours?: string;
  numberOfKiosks?: number | null;
  perKioskProcessTime?: string;
  lunchStartTime?: string | null;
  lunchEndTime?: string | null;
}

/** A machine (`machine_master` row). `regCenterId` is null for a machine mapped to no centre. */
export interface Machine extends MasterdataAudit {
  id: string;
  name: string;
  regCenterId: string | null;
  zoneCode: string;
  langCode: string;
  isActive: boolean;
  /** base64url X.509 SubjectPublicKeyInfo, as masterdata stores it */
  publicKey: string;
  signPublicKey: string;
  /** `CryptoUtil.computeFingerPrint` of each key (not part of `MachineDto`). */
  keyIndex?: string;
  signKeyIndex?: string;
  serialNum?: string | null;
  macAddress?: string | null;
  ipAddress?: string;
  machineSpecId?: string;
  validityDateTime?: string | null;
}

/** A user's zone (`zone_user`), one per user. */
export interface ZoneUser extends MasterdataAudit {
  userId: string;
  zoneCode: string;
  isActive: boolean;
  langCode?: string | null;
}

/** A user's registration centre (`user_detail`), keyed by the Keycloak username. */
export interface UserCentre extends MasterdataAudit {
  id: string;
  regCenterId: string;
  isActive: boolean;
  name?: string | null;
  statusCode?: string | null;
  langCode?: string | null;
}

/** An identity in the sandbox's ID repository. */
export interface IdentityRecord {
  uin: string;
  /** RID of the packet that created it. */
  createdByRid: string;
  /** RIDs of every packet applied to it, oldest first. */
  rids: string[];
  identity: Record<string, unknown>;
  status: 'ACTIVATED' | 'DEACTIVATED';
  deceased: boolean;
  demographicKey: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The registration processor's `registration` row for one RID + process (+ iteration). */
export interface RegistrationRecord {
  key: string;
  registrationId: string;
  process: string;
  source: string;
  iteration: number;
  additionalInfoReqId: string | null;
  workflowInstanceId: string;
  statusCode: InternalStatusCode;
  /** Stage the packet is waiting for, or null once the workflow is complete. */
  stage: string | null;
  lastSuccessStageName: string | null;
  latestTransactionTypeCode: string;
  latestTransactionStatusCode: string;
  retryCount: number;
  /** Encrypted with the keymanager (REGISTRATION, refId of the RID), as MOSIP stores notificationInfo. */
  notificationInfo: string | null;
  tags: Record<string, string>;
  uin: string | null;
  createdAt: string;
  updatedAt: string;
  /** Epoch ms before which the pipeline does not pick the row up. */
  dueAt: number;
  resultCode: 'PROCESSED' | 'REJECTED' | 'FAILED' | null;
}

export interface TransactionRecord {
  id: string;
  registrationId: string;
  transactionTypeCode: string;
  parentTransactionId: string | null;
  statusCode: string;
  subStatusCode: string | null;
  statusComment: string | null;
  createdDateTimes: string;
}
