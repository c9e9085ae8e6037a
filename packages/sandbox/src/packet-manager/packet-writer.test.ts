import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PacketInfo } from '@crvs-mosip/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base64UrlDecode } from '../keymanager/base64url.ts';
import { csVerify } from '../keymanager/client-crypto.ts';
import { KeyStore } from '../keymanager/key-store.ts';
import { JAVA_NULL_POINTER, PacketCreatorError } from './packet-errors.ts';
import { PacketStore } from './packet-store.ts';
import { writePacket, type WritePacketDeps } from './packet-writer.ts';
import {
  CENTRE_MACHINE,
  countingRandomBytes,
  crvsBirthPacketDto,
  FIXED_TIME_MS,
  PROOF_OF_EXCEPTION_BYTES,
  PROOF_OF_IDENTITY_BYTES,
} from './test-fixtures.ts';
import { findZipEntry, unzipEntries, type ZipEntryData } from './zip.ts';

let dir: string;
let deps: WritePacketDeps;
let ridCounter = 0;
const nextRid = () => `1000110077100692025022511${String(ridCounter++).padStart(4, '0')}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'packet-writer-'));
  deps = {
    store: new PacketStore(join(dir, 'objects'), { clock: () => FIXED_TIME_MS }),
    keyStore: await KeyStore.open(join(dir, 'keys')),
    clock: () => FIXED_TIME_MS,
    randomBytes: countingRandomBytes(),
  };
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function storedBytes(info: PacketInfo): Buffer {
  const stored = deps.store.getObject(info.id, info.source, info.process, info.packetName!);
  if (!stored) throw new Error(`nothing stored for ${info.packetName}`);
  return stored;
}

function decryptedZip(info: PacketInfo): Buffer {
  const stored = storedBytes(info);
  return deps.keyStore.decrypt('REGISTRATION', CENTRE_MACHINE, stored.subarray(44), {
    salt: stored.subarray(0, 12),
    aad: stored.subarray(12, 44),
  });
}

async function filesOf(info: PacketInfo): Promise<ZipEntryData[]> {
  return unzipEntries(decryptedZip(info));
}

const text = (files: ZipEntryData[], name: string) => findZipEntry(files, name)!.data.toString('utf8');
const parseIdentity = (files: ZipEntryData[], name: string) =>
  (JSON.parse(text(files, name)) as { identity: Record<string, unknown> }).identity;

describe('writePacket with the MOSIP sample schema and a CRVS birth', () => {
  let rid: string;
  let infos: PacketInfo[];

  beforeAll(async () => {
    rid = nextRid();
    infos = await writePacket(crvsBirthPacketDto(rid), deps);
  });

  it('returns evidence, optional, id as MOSIP does', () => {
    expect(infos.map((info) => info.packetName)).toEqual([`${rid}_evidence`, `${rid}_optional`, `${rid}_id`]);
    for (const info of infos) {
      expect(info).toMatchObject({
        id: rid,
        source: 'CRVS1',
        process: 'CRVS_NEW',
        refId: CENTRE_MACHINE,
        schemaVersion: '0.1',
        providerName: 'PacketWriterImpl',
        providerVersion: 'v1.0',
        creationDate: '2025-02-25T11:07:33.456Z',
      });
      expect(info.signature).toMatch(/^[A-Za-z0-9_-]{342}$/);
      expect(info.encryptedHash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
  });

  it('stores nonce ‖ aad ‖ encrypted, hashed into encryptedHash and signed over the plain zip', async () => {
    const { thumbprint } = await deps.keyStore.certificate('REGISTRATION', CENTRE_MACHINE);
    for (const info of infos) {
      const stored = storedBytes(info);
      expect(createHash('sha256').update(stored).digest('base64url')).toBe(info.encryptedHash);
      // After nonce(12) and aad(32): the keymanager output without VER_R2, thumbprint first.
      expect(stored.subarray(44, 76).equals(thumbprint)).toBe(true);
      expect(stored.indexOf('#KEY_SPLITTER#')).toBe(44 + 32 + 256);
      const zip = decryptedZip(info);
      expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');
      expect(csVerify(zip, base64UrlDecode(info.signature!), deps.keyStore.signingPublicKey())).toBe(true);
    }
  });

  it('writes the object metadata MOSIP keeps with each object', () => {
    const id = infos[2]!;
    expect(deps.store.getMetadata(rid, 'CRVS1', 'CRVS_NEW', `${rid}_id`)).toEqual({
      id: rid,
      packetname: `${rid}_id`,
      source: 'CRVS1',
      process: 'CRVS_NEW',
      schemaversion: '0.1',
      signature: id.signature,
      encryptedhash: id.encryptedHash,
      providername: 'PacketWriterImpl',
      providerversion: 'v1.0',
      creationdate: '2025-02-25T11:07:33.456Z',
      refid: CENTRE_MACHINE,
    });
  });

  it('puts each subpacket’s files in MOSIP’s order, audit.json only in id', async () => {
    const [evidence, optional, id] = await Promise.all(infos.map(filesOf));
    expect(id!.map((f) => f.name)).toEqual([
      'proofOfIdentity.pdf',
      'ID.json',
      'audit.json',
      'packet_operations_hash.txt',
      'packet_data_hash.txt',
      'packet_meta_info.json',
    ]);
    expect(evidence!.map((f) => f.name)).toEqual([
      'proofOfException.pdf',
      'ID.json',
      'packet_data_hash.txt',
      'packet_meta_info.json',
    ]);
    expect(optional!.map((f) => f.name)).toEqual([
      'ID.json',
      'packet_data_hash.txt',
      'packet_meta_info.json',
    ]);
    expect(findZipEntry(id!, 'proofOfIdentity')!.data.equals(PROOF_OF_IDENTITY_BYTES)).toBe(true);
    expect(findZipEntry(evidence!, 'proofOfException')!.data.equals(PROOF_OF_EXCEPTION_BYTES)).toBe(true);
  });

  it('writes ID.json as MOSIP: wrapped, pretty-printed, schema fields only, IDSchemaVersion a double', async () => {
    const [evidence, optional, id] = await Promise.all(infos.map(filesOf));
    expect(text(optional!, 'ID')).toBe('{ "identity" : {\n  "IDSchemaVersion" : 0.1\n} } ');
    const identity = parseIdentity(id!, 'ID');
    expect(identity).toEqual({
      gender: [{ language: 'eng', value: 'Male' }],
      postalCode: '14022',
      fullName: [{ language: 'eng', value: 'Baby Doe' }],
      dateOfBirth: '2023/12/30',
      IDSchemaVersion: 0.1,
      zone: [{ language: 'eng', value: 'Ben Mansour' }],
      phone: '7790075085',
      proofOfIdentity: { value: 'proofOfIdentity', type: 'DOC001', format: 'pdf', refNumber: null },
      email: 'wwe@gmail.com',
    });
    expect(Object.keys(identity)).not.toContain('birthCertificateNumber');
    expect(Object.keys(identity)).not.toContain('addressLine1');
    expect(text(id!, 'ID')).toContain(
      '"fullName" : [ {\n    "language" : "eng",\n    "value" : "Baby Doe"\n  } ]',
    );
    expect(parseIdentity(evidence!, 'ID')).toEqual({
      IDSchemaVersion: 0.1,
      parentOrGuardianName: [{ language: 'eng', value: 'Jane Doe' }],
      proofOfException: { value: 'proofOfException', type: 'EXC', format: 'pdf', refNumber: 'R-1' },
    });
  });

  it('writes hash files over the sequence files, upper-case hex SHA-256', async () => {
    const id = await filesOf(infos[2]!);
    const meta = parseIdentity(id, 'PACKET_META_INFO');
    expect(meta.hashSequence1).toEqual([{ label: 'demographicSequence', value: ['proofOfIdentity', 'ID'] }]);
    expect(meta.hashSequence2).toEqual([{ label: 'otherFiles', value: ['audit'] }]);
    const sha = (...parts: Buffer[]) =>
      createHash('sha256').update(Buffer.concat(parts)).digest('hex').toUpperCase();
    const file = (name: string) => findZipEntry(id, name)!.data;
    expect(text(id, 'PACKET_DATA_HASH')).toBe(sha(file('proofOfIdentity'), file('ID')));
    expect(text(id, 'PACKET_OPERATIONS_HASH')).toBe(sha(file('audit')));
  });

  it('writes meta info with the caller’s JSON expanded and registrationId/creationDate overwritten', async () => {
    const [evidence, , id] = await Promise.all(infos.map(filesOf));
    const meta = parseIdentity(id!, 'PACKET_META_INFO');
    expect(meta).toMatchObject({
      registrationId: rid,
      creationDate: '2025-02-25T11:07:33.456Z',
      capturedRegisteredDevices: [],
      proofOfIdentity: 'DOC001',
      // The meta map is shared: the evidence subpacket's document type is in id's meta too.
      proofOfException: 'EXC',
    });
    expect(meta.metaData).toEqual([
      { label: 'registrationType', value: 'CRVS_NEW' },
      { label: 'machineId', value: '10077' },
      { label: 'centerId', value: '10001' },
    ]);
    expect((meta.operationsData as unknown[])[1]).toEqual({ label: 'officerBiometricFileName', value: null });
    const evidenceMeta = parseIdentity(evidence!, 'PACKET_META_INFO');
    expect(evidenceMeta.hashSequence2).toBeUndefined();
    expect(evidenceMeta.proofOfIdentity).toBeUndefined();
  });

  it('writes audit.json as the pretty-printed audit list', async () => {
    const id = await filesOf(infos[2]!);
    expect(JSON.parse(text(id, 'audit'))).toEqual([crvsBirthPacketDto(rid).audits![0]]);
    expect(text(id, 'audit').startsWith('[ {\n  "uuid" : ')).toBe(true);
  });
});

describe('writePacket determinism and overwrite', () => {
  it('gives the same zip for the same request and clock, and overwrites the same id', async () => {
    const rid = nextRid();
    const first = await writePacket(crvsBirthPacketDto(rid), deps);
    const firstZip = decryptedZip(first[2]!);
    const second = await writePacket(crvsBirthPacketDto(rid), deps);
    expect(decryptedZip(second[2]!).equals(firstZip)).toBe(true);
    expect(second[2]!.encryptedHash).not.toBe(first[2]!.encryptedHash);
    const changed = crvsBirthPacketDto(rid);
    changed.fields = { ...changed.fields, email: 'new@example.org' };
    await writePacket(changed, deps);
    expect(parseIdentity(await filesOf(second[2]!), 'ID').email).toBe('new@example.org');
    expect(
      deps.store
        .list(rid)
        ?.map((o) => o.objectName)
        .sort(),
    ).toEqual([`${rid}_evidence`, `${rid}_id`, `${rid}_optional`]);
  });
});

describe('writePacket field values', () => {
  it('tokenises like RegistrationPacket.setFields: odd strings dropped, JSON expanded, others kept', async () => {
    const rid = nextRid();
    const dto = crvsBirthPacketDto(rid);
    dto.fields = {
      ...dto.fields,
      addressLine1: "'Tis unterminated",
      addressLine2: '#hash',
      addressLine3: '{"street":"Main","no":1.0}',
      city: 'O\'Brien, "quoted"',
      region: null,
    };
    const infos = await writePacket(dto, deps);
    const identity = parseIdentity(await filesOf(infos[2]!), 'ID');
    expect(identity.addressLine1).toBeUndefined();
    expect(identity.addressLine2).toBeUndefined();
    expect(identity.addressLine3).toEqual({ street: 'Main', no: 1 });
    expect(text(await filesOf(infos[2]!), 'ID')).toContain('"no" : 1.0');
    expect(identity.city).toBe('O\'Brien, "quoted"');
    expect(identity.region).toBeUndefined();
  });

  it('writes IDSchemaVersion from the request when the caller sends it as a field', async () => {
    const rid = nextRid();
    const dto = crvsBirthPacketDto(rid, { schemaVersion: '1' });
    const infos = await writePacket(dto, deps);
    expect(infos[0]!.schemaVersion).toBe('1.0');
    expect(text(await filesOf(infos[1]!), 'ID')).toBe('{ "identity" : {\n  "IDSchemaVersion" : 1.0\n} } ');
    dto.fields = { ...dto.fields, IDSchemaVersion: '0.1' };
    const again = await writePacket(dto, deps);
    expect(parseIdentity(await filesOf(again[1]!), 'ID').IDSchemaVersion).toBe('0.1');
  });

  it('builds the offline packet id from additionalInfoReqId, refId and the UTC time', async () => {
    const rid = nextRid();
    const infos = await writePacket(
      crvsBirthPacketDto(rid, { offlineMode: true, additionalInfoReqId: 'AIR-1' }),
      deps,
    );
    expect(infos[0]!.id).toBe(`AIR-1-${CENTRE_MACHINE}-20250225110733`);
    expect(infos[0]!.packetName).toBe(`${rid}_evidence`);
    expect(deps.store.exists(infos[0]!.id, 'CRVS1', 'CRVS_NEW', `${rid}_evidence`)).toBe(true);
  });
});

describe('writePacket failures (MOSIP codes)', () => {
  async function failure(dto: Parameters<typeof writePacket>[0]): Promise<PacketCreatorError> {
    const error: unknown = await writePacket(dto, deps).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PacketCreatorError);
    return error as PacketCreatorError;
  }

  it('empty audits: KER-KPM-008 inside KER-KPM-006, evidence and optional already stored', async () => {
    const rid = nextRid();
    const error = await failure(crvsBirthPacketDto(rid, { audits: [] }));
    expect(error.code).toBe('KER-KPM-006');
    expect(error.rootCode).toBe('KER-KPM-008');
    expect((error.cause as PacketCreatorError).message).toBe('Registration audits is empty');
    expect(deps.store.exists(rid, 'CRVS1', 'CRVS_NEW', `${rid}_evidence`)).toBe(true);
    expect(deps.store.exists(rid, 'CRVS1', 'CRVS_NEW', `${rid}_id`)).toBe(false);
  });

  it('bad schemaJson: KER-KPM-002', async () => {
    expect((await failure(crvsBirthPacketDto(nextRid(), { schemaJson: '{"properties": ' }))).code).toBe(
      'KER-KPM-002',
    );
    expect((await failure(crvsBirthPacketDto(nextRid(), { schemaJson: '{"properties":{}}' }))).code).toBe(
      'KER-KPM-002',
    );
  });

  it('no fields, metaInfo, documents, audits or biometrics: KER-KPM-009', async () => {
    const dto = crvsBirthPacketDto(nextRid(), {
      fields: null,
      metaInfo: null,
      documents: null,
      audits: null,
    });
    expect((await failure(dto)).code).toBe('KER-KPM-009');
  });

  it('a bad schemaVersion or a missing refId fail inside the loop: KER-KPM-006', async () => {
    const badVersion = await failure(crvsBirthPacketDto(nextRid(), { schemaVersion: 'v1' }));
    expect(badVersion.code).toBe('KER-KPM-006');
    const noRef = await failure(crvsBirthPacketDto(nextRid(), { refId: null }));
    expect(noRef.code).toBe('KER-KPM-006');
    expect(noRef.rootCode).toBe('KER-CRY-011');
  });

  it('a null schema or an unknown fieldCategory is a bare NullPointerException', async () => {
    expect((await failure(crvsBirthPacketDto(nextRid(), { schemaJson: null }))).code).toBe(JAVA_NULL_POINTER);
    const schema = JSON.stringify({
      properties: { identity: { properties: { x: { type: 'string', fieldCategory: 'secret' } } } },
    });
    expect((await failure(crvsBirthPacketDto(nextRid(), { schemaJson: schema }))).code).toBe(
      JAVA_NULL_POINTER,
    );
  });

  it('biometrics with segments cannot be written (no CBEFF generation): KER-KPM-004 inside KER-KPM-006', async () => {
    const dto = crvsBirthPacketDto(nextRid(), { biometrics: { individualBiometrics: { segments: [{}] } } });
    const error = await failure(dto);
    expect(error.code).toBe('KER-KPM-006');
    expect(error.rootCode).toBe('KER-KPM-004');
  });

  it('biometrics without segments are ignored, as MOSIP does', async () => {
    const dto = crvsBirthPacketDto(nextRid(), { biometrics: { individualBiometrics: { segments: [] } } });
    await expect(writePacket(dto, deps)).resolves.toHaveLength(3);
  });
});
