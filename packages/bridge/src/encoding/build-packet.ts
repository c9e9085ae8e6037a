import type {
  MetaLabelValue,
  NotificationInfo,
  PacketAudit,
  PacketDto,
  WorkflowInstanceRequest,
} from '@crvs-mosip/contracts';
import type { EncodedRegistration } from './encode-registration.ts';
import type { RegistrationRequest } from './registration-request.ts';

/**
 * The `createPacket` body (`PacketDto`) and the workflow-instance request for an encoded registration. The
 * shapes follow MOSIP's CRVS integration docs request sample (mosip/documentation, "Technical Details"; see
 * also opencrvs/mosip `packages/mosip-api`), which MOSIP's registration-processor stages read back.
 */

/** Where and by whom the packet is created; from the bridge's configuration and the registration row. */
export interface BuildPacketSettings {
  /** The registration id (RID), allocated once and reused on every retry. */
  rid: string;
  /** MOSIP process, e.g. `CRVS_NEW`. */
  process: string;
  /** Packet source, e.g. `CRVS1` (must match a `provider.packetwriter.*` entry). */
  source: string;
  /** `{centreId}_{machineId}`: keymanager reference id for packet encryption. */
  refId: string;
  centreId: string;
  machineId: string;
  officerId: string;
  /** The whole ID schema as a JSON string (used by the packet manager to place fields into subpackets). */
  schemaJson: string;
  /** e.g. `0.1`; the packet manager writes it as `IDSchemaVersion` (a double) into every `ID.json`. */
  schemaVersion: string;
  /** Creation time (UTC epoch ms). */
  nowMs: number;
  /** Audit entry id generator (a UUID). */
  uuid: () => string;
  /** Host name recorded in the audit entry. */
  hostName: string;
}

/** `metaData` labels in the order of MOSIP's sample. */
export const META_DATA_LABELS = ['registrationType', 'machineId', 'centerId'] as const;

/** `operationsData` labels in the order of MOSIP's sample (registration client `RegistrationConstants`). */
export const OPERATIONS_DATA_LABELS = [
  'officerId',
  'officerBiometricFileName',
  'supervisorId',
  'supervisorBiometricFileName',
  'supervisorPassword',
  'officerPassword',
  'supervisorPIN',
  'officerPIN',
  'supervisorOTPAuthentication',
  'officerOTPAuthentication',
] as const;

/** UTC `yyyyMMddHHmmss`, the `creationDate` format of MOSIP's sample metaInfo. */
export function compactUtcTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

function metaDataFor(settings: BuildPacketSettings): MetaLabelValue[] {
  return [
    { label: 'registrationType', value: settings.process },
    { label: 'machineId', value: settings.machineId },
    { label: 'centerId', value: settings.centreId },
  ];
}

/**
 * The operator authenticated by password only, without supervisor, biometrics, PIN or OTP: the values of
 * MOSIP's sample. The operator-validator stage checks `officerId` against the centre's users.
 */
function operationsDataFor(settings: BuildPacketSettings): MetaLabelValue[] {
  const values: Record<(typeof OPERATIONS_DATA_LABELS)[number], string | null> = {
    officerId: settings.officerId,
    officerBiometricFileName: null,
    supervisorId: null,
    supervisorBiometricFileName: null,
    supervisorPassword: 'false',
    officerPassword: 'true',
    supervisorPIN: null,
    officerPIN: null,
    supervisorOTPAuthentication: 'false',
    officerOTPAuthentication: 'false',
  };
  return OPERATIONS_DATA_LABELS.map((label) => ({ label, value: values[label] }));
}

/**
 * The one audit entry of MOSIP's sample. The packet manager requires a non-empty `audits` list
 * (`PacketWriterImpl`, KER-KPM-008 "Registration audits is empty") and writes it as `audit.json`.
 */
function auditFor(settings: BuildPacketSettings): PacketAudit {
  const now = new Date(settings.nowMs).toISOString();
  return {
    uuid: settings.uuid(),
    createdAt: now,
    eventId: 'REG-EVT-066',
    eventName: 'PACKET_CREATION_SUCCESS',
    eventType: 'USER',
    hostName: settings.hostName,
    hostIp: 'localhost',
    applicationId: 'REG',
    applicationName: 'REGISTRATION',
    sessionUserId: settings.officerId,
    sessionUserName: settings.officerId,
    id: settings.rid,
    idType: 'REGISTRATION_ID',
    createdBy: settings.officerId,
    moduleName: 'Packet Handler',
    moduleId: 'REG-MOD-117',
    description: 'Packet Successfully Created',
    actionTimeStamp: now,
  };
}

/**
 * Builds `PacketDto` for `PUT /commons/v1/packetmanager/createPacket`. `IDSchemaVersion` is not sent in
 * `fields`: the writer puts `Double.valueOf(schemaVersion)` into each `ID.json` and a string field of the
 * same name would replace that number. `registrationId` and `creationDate` in `metaInfo` are overwritten
 * by the writer but sent as MOSIP's sample does. `additionalInfoReqId` is left out: it only matters in
 * offline mode, and MOSIP's sample does not send it.
 */
export function buildPacket(
  encoded: Pick<EncodedRegistration, 'fields' | 'documents'>,
  settings: BuildPacketSettings,
): PacketDto {
  const { IDSchemaVersion: _bridgeSet, ...fields } = encoded.fields;
  return {
    id: settings.rid,
    refId: settings.refId,
    offlineMode: false,
    process: settings.process,
    source: settings.source,
    schemaVersion: settings.schemaVersion,
    schemaJson: settings.schemaJson,
    fields,
    documents: encoded.documents,
    metaInfo: {
      metaData: JSON.stringify(metaDataFor(settings)),
      registrationId: settings.rid,
      operationsData: JSON.stringify(operationsDataFor(settings)),
      capturedRegisteredDevices: '[]',
      creationDate: compactUtcTimestamp(settings.nowMs),
    },
    audits: [{ ...auditFor(settings) }],
  };
}

/** The inner request of the workflow-instance call, as the bridge sends it. */
export type WorkflowInput = WorkflowInstanceRequest;

/** Inputs of the workflow-instance request. */
export interface WorkflowInputSettings {
  rid: string;
  process: string;
  source: string;
  notification?: RegistrationRequest['notification'];
}

/**
 * The inner `request` of `POST /registrationprocessor/v1/workflowmanager/workflowinstance`
 * (mosip/registration `WorkflowInstanceRequestDTO`). `notificationInfo` is sent only when the CRVS named
 * someone to notify; MOSIP stores it encrypted for the notification stage.
 */
export function buildWorkflowInput(settings: WorkflowInputSettings): WorkflowInput {
  const input: WorkflowInput = {
    registrationId: settings.rid,
    process: settings.process,
    source: settings.source,
  };
  const { name, email, phone } = settings.notification ?? {};
  const info: NotificationInfo = {
    ...(name === undefined ? {} : { name }),
    ...(phone === undefined ? {} : { phone }),
    ...(email === undefined ? {} : { email }),
  };
  if (Object.keys(info).length > 0) input.notificationInfo = info;
  return input;
}
