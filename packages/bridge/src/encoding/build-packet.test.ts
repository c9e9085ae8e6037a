import {
  createPacketRequestSchema,
  identityForValidatePacket,
  packetDtoSchema,
  validateIdObject,
  type PacketDto,
} from '@crvs-mosip/contracts';
import { describe, expect, it } from 'vitest';
import {
  buildPacket,
  buildWorkflowInput,
  compactUtcTimestamp,
  META_DATA_LABELS,
  OPERATIONS_DATA_LABELS,
  type BuildPacketSettings,
} from './build-packet.ts';
import { encodeRegistration, type EncodedRegistration } from './encode-registration.ts';
import { birthRequest, NOW_MS, sandboxSchema, sandboxSchemaJson, settingsFor } from './test-fixtures.ts';

const RID = '10007100070000120240615102030';

function packetSettings(overrides: Partial<BuildPacketSettings> = {}): BuildPacketSettings {
  return {
    rid: RID,
    process: 'CRVS_NEW',
    source: 'CRVS1',
    refId: '10007_10007',
    centreId: '10007',
    machineId: '10007',
    officerId: 'crvs',
    schemaJson: sandboxSchemaJson(),
    schemaVersion: '0.1',
    nowMs: NOW_MS,
    uuid: () => '4c1bd6f8-2c57-4b0e-9b1a-3f3f0e2b7a11',
    hostName: 'bridge-1',
    ...overrides,
  };
}

function encodedBirth(): EncodedRegistration {
  const result = encodeRegistration(birthRequest(), settingsFor('CRVS_NEW', { schemaVersion: '0.1' }));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result;
}

const metaInfo = (packet: PacketDto) => packet.metaInfo as Record<string, string>;

describe('buildPacket', () => {
  it('writes metaData and operationsData exactly as MOSIP CRVS docs sample does', () => {
    const packet = buildPacket(encodedBirth(), packetSettings());
    // The condensed strings of mosip-contracts.md 5.3 (docs sample: centre/machine 10007, officer crvs).
    expect(metaInfo(packet).metaData).toBe(
      '[{"label":"registrationType","value":"CRVS_NEW"},{"label":"machineId","value":"10007"},{"label":"centerId","value":"10007"}]',
    );
    expect(metaInfo(packet).operationsData).toBe(
      '[{"label":"officerId","value":"crvs"},{"label":"officerBiometricFileName","value":null},{"label":"supervisorId","value":null},{"label":"supervisorBiometricFileName","value":null},{"label":"supervisorPassword","value":"false"},{"label":"officerPassword","value":"true"},{"label":"supervisorPIN","value":null},{"label":"officerPIN","value":null},{"label":"supervisorOTPAuthentication","value":"false"},{"label":"officerOTPAuthentication","value":"false"}]',
    );
    const labels = (text: string) => (JSON.parse(text) as { label: string }[]).map((e) => e.label);
    expect(labels(metaInfo(packet).metaData!)).toEqual([...META_DATA_LABELS]);
    expect(labels(metaInfo(packet).operationsData!)).toEqual([...OPERATIONS_DATA_LABELS]);
    expect(metaInfo(packet)).toMatchObject({
      registrationId: RID,
      capturedRegisteredDevices: '[]',
      creationDate: '20240615102030',
    });
    expect(Object.keys(metaInfo(packet))).toEqual([
      'metaData',
      'registrationId',
      'operationsData',
      'capturedRegisteredDevices',
      'creationDate',
    ]);
  });

  it('writes one audit entry with the keys of the sample, in order', () => {
    const packet = buildPacket(encodedBirth(), packetSettings({ officerId: 'officer-7' }));
    expect(packet.audits).toEqual([
      {
        uuid: '4c1bd6f8-2c57-4b0e-9b1a-3f3f0e2b7a11',
        createdAt: '2024-06-15T10:20:30.000Z',
        eventId: 'REG-EVT-066',
        eventName: 'PACKET_CREATION_SUCCESS',
        eventType: 'USER',
        hostName: 'bridge-1',
        hostIp: 'localhost',
        applicationId: 'REG',
        applicationName: 'REGISTRATION',
        sessionUserId: 'officer-7',
        sessionUserName: 'officer-7',
        id: RID,
        idType: 'REGISTRATION_ID',
        createdBy: 'officer-7',
        moduleName: 'Packet Handler',
        moduleId: 'REG-MOD-117',
        description: 'Packet Successfully Created',
        actionTimeStamp: '2024-06-15T10:20:30.000Z',
      },
    ]);
    expect(Object.keys(packet.audits![0]!)).toEqual([
      'uuid',
      'createdAt',
      'eventId',
      'eventName',
      'eventType',
      'hostName',
      'hostIp',
      'applicationId',
      'applicationName',
      'sessionUserId',
      'sessionUserName',
      'id',
      'idType',
      'createdBy',
      'moduleName',
      'moduleId',
      'description',
      'actionTimeStamp',
    ]);
  });

  it('fills the PacketDto header and leaves IDSchemaVersion to the packet manager', () => {
    const encoded = encodedBirth();
    const packet = buildPacket(
      { ...encoded, fields: { ...encoded.fields, IDSchemaVersion: '0.1' } },
      packetSettings(),
    );
    expect(packet).toMatchObject({
      id: RID,
      refId: '10007_10007',
      offlineMode: false,
      process: 'CRVS_NEW',
      source: 'CRVS1',
      schemaVersion: '0.1',
      schemaJson: sandboxSchemaJson(),
      documents: {},
    });
    expect(packet.fields).toEqual(encoded.fields);
    expect(packet.fields).not.toHaveProperty('IDSchemaVersion');
    expect(packet).not.toHaveProperty('additionalInfoReqId');
    expect(packetDtoSchema.parse(packet)).toEqual(packet);
    expect(
      createPacketRequestSchema.safeParse({
        id: 'string',
        version: 'string',
        requesttime: '2024-06-15T10:20:30.000Z',
        metadata: {},
        request: packet,
      }).success,
    ).toBe(true);
  });

  it('produces fields whose MOSIP identity passes validateIdObject for CRVS_NEW', () => {
    const packet = buildPacket(encodedBirth(), packetSettings());
    // What RegistrationPacket.setFields stores: JSON arrays become lists, other values stay strings; the
    // writer adds IDSchemaVersion from schemaVersion.
    const identity: Record<string, unknown> = { IDSchemaVersion: Number(packet.schemaVersion) };
    for (const [name, value] of Object.entries(packet.fields!)) {
      identity[name] = value!.startsWith('[') ? JSON.parse(value!) : value;
    }
    const schema = sandboxSchema();
    expect(
      validateIdObject(identityForValidatePacket(identity, schema), schema, 'CRVS_NEW', {
        languages: ['eng', 'fra'],
        atEpochMs: NOW_MS,
      }),
    ).toEqual([]);
    expect(identity).toEqual(encodedBirth().identity);
  });

  it('passes documents through', () => {
    const documents = {
      proofOfIdentity: { document: 'aGVsbG8=', value: 'proofOfIdentity', type: 'DOC001', format: 'pdf' },
    };
    expect(buildPacket({ fields: {}, documents }, packetSettings()).documents).toEqual(documents);
  });

  it('formats creationDate as UTC yyyyMMddHHmmss', () => {
    expect(compactUtcTimestamp(Date.UTC(2025, 1, 25, 11, 7, 33))).toBe('20250225110733');
    expect(compactUtcTimestamp(Date.UTC(2025, 0, 1, 0, 0, 0, 999))).toBe('20250101000000');
  });
});

describe('buildWorkflowInput', () => {
  it('carries registrationId, process and source', () => {
    expect(buildWorkflowInput({ rid: RID, process: 'CRVS_DEATH', source: 'CRVS1' })).toEqual({
      registrationId: RID,
      process: 'CRVS_DEATH',
      source: 'CRVS1',
    });
  });

  it('adds notificationInfo with only the given contacts', () => {
    expect(
      buildWorkflowInput({
        rid: RID,
        process: 'CRVS_NEW',
        source: 'CRVS1',
        notification: { name: 'Jane Doe', email: 'jane@example.org' },
      }),
    ).toEqual({
      registrationId: RID,
      process: 'CRVS_NEW',
      source: 'CRVS1',
      notificationInfo: { name: 'Jane Doe', email: 'jane@example.org' },
    });
    expect(
      buildWorkflowInput({ rid: RID, process: 'CRVS_NEW', source: 'CRVS1', notification: {} }),
    ).not.toHaveProperty('notificationInfo');
  });
});
