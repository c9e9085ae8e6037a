import { loadMosipSampleIdSchema, type PacketDto } from '@crvs-mosip/contracts';

/**
 * Test-only fixtures: a CRVS birth createPacket body shaped like MOSIP's CRVS documentation sample
 * (stringified `[{language, value}]` names, `yyyy/MM/dd` dates, stringified `metaData`/`operationsData`,
 * one audit) against MOSIP's seed identity schema.
 */

/** MOSIP's seed identity schema as the `schemaJson` string. */
export const SAMPLE_SCHEMA_JSON = JSON.stringify(loadMosipSampleIdSchema());
/** refId: centre 10001, machine 10077. */
export const CENTRE_MACHINE = '10001_10077';
/** Fixed packet time: 2025-02-25T11:07:33.456Z. */
export const FIXED_TIME_MS = Date.UTC(2025, 1, 25, 11, 7, 33, 456);
/** Contents of the id subpacket's document. */
export const PROOF_OF_IDENTITY_BYTES = Buffer.from('%PDF-1.4 birth certificate');
/** Contents of the evidence subpacket's document. */
export const PROOF_OF_EXCEPTION_BYTES = Buffer.from('%PDF-1.4 exception');

const languageValue = (value: string) => `[ {\n  "language" : "eng",\n  "value" : "${value}"\n}]`;

/** `metaInfo.metaData` as CRVS sends it (stringified label/value list). */
export const CRVS_META_DATA =
  '[{"label":"registrationType","value":"CRVS_NEW"},{"label":"machineId","value":"10077"},' +
  '{"label":"centerId","value":"10001"}]';
/** `metaInfo.operationsData` as CRVS sends it. */
export const CRVS_OPERATIONS_DATA =
  '[{"label":"officerId","value":"crvs"},{"label":"officerBiometricFileName","value":null},' +
  '{"label":"supervisorId","value":null},{"label":"officerPassword","value":"true"}]';

/** The one audit entry of the fixture (its `id` is replaced by the RID). */
export const CRVS_AUDIT = {
  uuid: '1b2a9c7e-0000-4000-8000-000000000001',
  createdAt: '2025-02-25T13:22:49.214Z',
  eventId: 'REG-EVT-066',
  eventName: 'PACKET_CREATION_SUCCESS',
  eventType: 'USER',
  hostName: 'crvs-bridge',
  hostIp: 'localhost',
  applicationId: 'REG',
  applicationName: 'REGISTRATION',
  sessionUserId: 'crvs',
  sessionUserName: 'crvs',
  id: '10001100771006920250225110733',
  idType: 'REGISTRATION_ID',
  createdBy: 'crvs',
  moduleName: 'Packet Handler',
  moduleId: 'REG-MOD-117',
  description: 'Packet Successfully Created',
  actionTimeStamp: '2025-02-25T07:52:49.214Z',
};

/** A birth packet for `rid` (CRVS1 / CRVS_NEW, schema version "0.100"). */
export function crvsBirthPacketDto(rid: string, overrides: Partial<PacketDto> = {}): PacketDto {
  return {
    id: rid,
    refId: CENTRE_MACHINE,
    offlineMode: false,
    process: 'CRVS_NEW',
    source: 'CRVS1',
    schemaVersion: '0.100',
    schemaJson: SAMPLE_SCHEMA_JSON,
    fields: {
      fullName: languageValue('Baby Doe'),
      dateOfBirth: '2023/12/30',
      gender: languageValue('Male'),
      postalCode: '14022',
      email: 'wwe@gmail.com',
      phone: '7790075085',
      zone: languageValue('Ben Mansour'),
      parentOrGuardianName: languageValue('Jane Doe'),
      addressLine1: '',
      birthCertificateNumber: 'BC-2025-1',
    },
    metaInfo: {
      metaData: CRVS_META_DATA,
      registrationId: 'ignored-by-the-writer',
      operationsData: CRVS_OPERATIONS_DATA,
      capturedRegisteredDevices: '[]',
      creationDate: '20250225110733',
    },
    documents: {
      proofOfIdentity: {
        document: PROOF_OF_IDENTITY_BYTES.toString('base64'),
        value: 'proofOfIdentity',
        type: 'DOC001',
        format: 'pdf',
        refNumber: null,
      },
      proofOfException: {
        document: PROOF_OF_EXCEPTION_BYTES.toString('base64'),
        value: 'proofOfException',
        type: 'EXC',
        format: 'pdf',
        refNumber: 'R-1',
      },
    },
    audits: [{ ...CRVS_AUDIT, id: rid }],
    ...overrides,
  };
}

/** Deterministic bytes for tests that need reproducible salts. */
export function countingRandomBytes(): (size: number) => Buffer {
  let counter = 0;
  return (size: number) => Buffer.from(Array.from({ length: size }, () => counter++ % 256));
}
