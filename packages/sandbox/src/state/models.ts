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

/** A Keycloak client (confidential, service accounts on). `roles` are the service account's realm roles. */
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
}

export interface IamRole {
  realm: string;
  name: string;
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

export interface Centre {
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
}

export interface Machine {
  id: string;
  name: string;
  regCenterId: string;
  zoneCode: string;
  langCode: string;
  isActive: boolean;
  /** base64url X.509 SubjectPublicKeyInfo, as masterdata stores it */
  publicKey: string;
  signPublicKey: string;
}

export interface ZoneUser {
  userId: string;
  zoneCode: string;
  isActive: boolean;
}

export interface UserCentre {
  id: string;
  regCenterId: string;
  isActive: boolean;
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
