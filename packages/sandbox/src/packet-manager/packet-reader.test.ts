import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base64UrlEncode } from '../keymanager/base64url.ts';
import { KeyStore } from '../keymanager/key-store.ts';
import { PacketReadError } from './packet-errors.ts';
import { readPacket, type ReadPacketDeps } from './packet-reader.ts';
import { PacketStore } from './packet-store.ts';
import { writePacket } from './packet-writer.ts';
import {
  CENTRE_MACHINE,
  CRVS_AUDIT,
  crvsBirthPacketDto,
  FIXED_TIME_MS,
  PROOF_OF_EXCEPTION_BYTES,
  PROOF_OF_IDENTITY_BYTES,
} from './test-fixtures.ts';
import { unzipEntries, zipEntries, type ZipEntryData } from './zip.ts';

let dir: string;
let store: PacketStore;
let keyStore: KeyStore;
let otherKeys: KeyStore;
let deps: ReadPacketDeps;
let ridCounter = 0;
const nextRid = () => `1000110077100692025022512${String(ridCounter++).padStart(4, '0')}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'packet-reader-'));
  store = new PacketStore(join(dir, 'objects'));
  keyStore = await KeyStore.open(join(dir, 'keys'));
  otherKeys = await KeyStore.open(join(dir, 'other-keys'));
  deps = {
    store,
    keyStore,
    signingPublicKeyFor: (machineId) => (machineId === '10077' ? keyStore.signingPublicKey() : null),
  };
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function written(): Promise<string> {
  const rid = nextRid();
  await writePacket(crvsBirthPacketDto(rid), { store, keyStore, clock: () => FIXED_TIME_MS });
  return rid;
}

async function failureOf(promise: Promise<unknown>): Promise<PacketReadError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PacketReadError);
  return error as PacketReadError;
}

/** Replaces a subpacket with a re-encrypted, re-signed zip whose files were edited (hashes not updated). */
async function repack(rid: string, subpacket: string, edit: (files: ZipEntryData[]) => ZipEntryData[]) {
  const name = `${rid}_${subpacket}`;
  const stored = store.getObject(rid, 'CRVS1', 'CRVS_NEW', name)!;
  const metadata = store.getMetadata(rid, 'CRVS1', 'CRVS_NEW', name)!;
  const inputs = { salt: stored.subarray(0, 12), aad: stored.subarray(12, 44) };
  const zip = keyStore.decrypt('REGISTRATION', CENTRE_MACHINE, stored.subarray(44), inputs);
  const edited = await zipEntries(edit(await unzipEntries(zip)), FIXED_TIME_MS);
  const encrypted = await keyStore.encrypt('REGISTRATION', CENTRE_MACHINE, edited, inputs);
  const restored = Buffer.concat([inputs.salt, inputs.aad, encrypted]);
  store.putObject(rid, 'CRVS1', 'CRVS_NEW', name, restored);
  store.addObjectMetadata(rid, 'CRVS1', 'CRVS_NEW', name, {
    ...metadata,
    signature: base64UrlEncode(keyStore.csSign(edited)),
    encryptedhash: base64UrlEncode(createHash('sha256').update(restored).digest()),
  });
}

describe('readPacket round trip', () => {
  it('returns the merged identity, meta info, audits and documents', async () => {
    const rid = await written();
    const packet = await readPacket(rid, 'CRVS1', 'CRVS_NEW', deps);
    expect(packet.subpackets).toEqual(['id', 'evidence', 'optional']);
    expect(packet.identity).toMatchObject({
      IDSchemaVersion: 0.1,
      fullName: [{ language: 'eng', value: 'Baby Doe' }],
      dateOfBirth: '2023/12/30',
      postalCode: '14022',
      parentOrGuardianName: [{ language: 'eng', value: 'Jane Doe' }],
      proofOfException: { value: 'proofOfException', type: 'EXC', format: 'pdf', refNumber: 'R-1' },
    });
    expect(packet.metaInfo).toMatchObject({ registrationId: rid, creationDate: '2025-02-25T11:07:33.456Z' });
    expect(packet.metaInfo.metaData).toContainEqual({ label: 'machineId', value: '10077' });
    expect(packet.audits).toEqual([{ ...CRVS_AUDIT, id: rid }]);
    expect(packet.documents.proofOfIdentity!.equals(PROOF_OF_IDENTITY_BYTES)).toBe(true);
    expect(packet.documents.proofOfException!.equals(PROOF_OF_EXCEPTION_BYTES)).toBe(true);
    expect(packet.packetInfos.map((info) => info.packetName)).toEqual([
      `${rid}_id`,
      `${rid}_evidence`,
      `${rid}_optional`,
    ]);
  });

  it('also gives the values as /searchField and /metaInfo encode them', async () => {
    const rid = await written();
    const packet = await readPacket(rid, 'CRVS1', 'CRVS_NEW', deps);
    expect(packet.fields.fullName).toBe('[ {\n  "language" : "eng",\n  "value" : "Baby Doe"\n} ]');
    expect(packet.fields.IDSchemaVersion).toBe(0.1);
    expect(packet.fields.dateOfBirth).toBe('2023/12/30');
    expect(packet.metaInfoFields.registrationId).toBe(rid);
    expect(packet.metaInfoFields.capturedRegisteredDevices).toBe('[ ]');
    expect(JSON.parse(packet.metaInfoFields.metaData!)).toHaveLength(3);
  });

  it('derives the refId from the id when the metadata has none', async () => {
    const rid = await written();
    for (const subpacket of ['id', 'evidence', 'optional']) {
      store.addObjectMetadata(rid, 'CRVS1', 'CRVS_NEW', `${rid}_${subpacket}`, { refid: null });
    }
    const packet = await readPacket(rid, 'CRVS1', 'CRVS_NEW', deps);
    expect(packet.packetInfos[0]!.refId).toBeNull();
    expect(packet.identity.dateOfBirth).toBe('2023/12/30');
  });
});

describe('readPacket failures (MOSIP codes)', () => {
  it('nothing stored: KER-PUT-027', async () => {
    const error = await failureOf(readPacket('10001100770000000000000000000', 'CRVS1', 'CRVS_NEW', deps));
    expect(error).toMatchObject({ code: 'KER-PUT-027', failure: 'object-missing', subpacket: 'id' });
  });

  it('stored bytes replaced by another valid encryption: encryptedHash check fails, KER-PUT-019', async () => {
    const rid = await written();
    const name = `${rid}_evidence`;
    const stored = store.getObject(rid, 'CRVS1', 'CRVS_NEW', name)!;
    const metadata = store.getMetadata(rid, 'CRVS1', 'CRVS_NEW', name)!;
    const inputs = { salt: stored.subarray(0, 12), aad: stored.subarray(12, 44) };
    const zip = keyStore.decrypt('REGISTRATION', CENTRE_MACHINE, stored.subarray(44), inputs);
    const reencrypted = await keyStore.encrypt('REGISTRATION', CENTRE_MACHINE, zip, inputs);
    store.putObject(rid, 'CRVS1', 'CRVS_NEW', name, Buffer.concat([inputs.salt, inputs.aad, reencrypted]));
    store.addObjectMetadata(rid, 'CRVS1', 'CRVS_NEW', name, metadata);
    const error = await failureOf(readPacket(rid, 'CRVS1', 'CRVS_NEW', deps));
    expect(error).toMatchObject({ code: 'KER-PUT-019', failure: 'integrity', subpacket: 'evidence' });
  });

  it('a tampered encryptedHash in the metadata: KER-PUT-019', async () => {
    const rid = await written();
    store.addObjectMetadata(rid, 'CRVS1', 'CRVS_NEW', `${rid}_id`, { encryptedhash: 'A'.repeat(43) });
    const error = await failureOf(readPacket(rid, 'CRVS1', 'CRVS_NEW', deps));
    expect(error).toMatchObject({ code: 'KER-PUT-019', failure: 'integrity' });
  });

  it('a flipped byte in the stored object fails decryption first, as in MOSIP: KER-PUT-003', async () => {
    const rid = await written();
    const stored = store.getObject(rid, 'CRVS1', 'CRVS_NEW', `${rid}_id`)!;
    stored[stored.length - 5]! ^= 0x01;
    store.putObject(rid, 'CRVS1', 'CRVS_NEW', `${rid}_id`, stored);
    const error = await failureOf(readPacket(rid, 'CRVS1', 'CRVS_NEW', deps));
    expect(error).toMatchObject({ code: 'KER-PUT-003', failure: 'decryption' });
    expect((error.cause as { code?: string }).code).toBe('KER-FSE-004');
  });

  it('a signature from another key: KER-PUT-019 signature-mismatch', async () => {
    const rid = await written();
    const error = await failureOf(
      readPacket(rid, 'CRVS1', 'CRVS_NEW', {
        ...deps,
        signingPublicKeyFor: () => otherKeys.signingPublicKey(),
      }),
    );
    expect(error).toMatchObject({ code: 'KER-PUT-019', failure: 'signature-mismatch' });
  });

  it('no signing key for the machine: KER-PUT-010; verification can be disabled as in MOSIP config', async () => {
    const rid = await written();
    const noKey = { ...deps, signingPublicKeyFor: () => null };
    expect(await failureOf(readPacket(rid, 'CRVS1', 'CRVS_NEW', noKey))).toMatchObject({
      code: 'KER-PUT-010',
      failure: 'signature-unavailable',
    });
    const packet = await readPacket(rid, 'CRVS1', 'CRVS_NEW', {
      ...noKey,
      disableSignatureVerification: true,
    });
    expect(packet.identity.postalCode).toBe('14022');
  });

  it('asks for the machine id after the underscore of the refId', async () => {
    const rid = await written();
    const asked: string[] = [];
    await readPacket(rid, 'CRVS1', 'CRVS_NEW', {
      ...deps,
      signingPublicKeyFor: (machineId) => {
        asked.push(machineId);
        return keyStore.signingPublicKey();
      },
    });
    expect(asked).toEqual(['10077', '10077', '10077']);
  });

  it('a file edited without updating the hash: KER-PUT-020 checksum', async () => {
    const rid = await written();
    await repack(rid, 'id', (files) =>
      files.map((f) =>
        f.name === 'ID.json' ? { ...f, data: Buffer.from(f.data.toString().replace('Baby', 'Evil')) } : f,
      ),
    );
    const error = await failureOf(readPacket(rid, 'CRVS1', 'CRVS_NEW', deps));
    expect(error).toMatchObject({ code: 'KER-PUT-020', failure: 'checksum', subpacket: 'id' });
  });

  it('a file named in a hash sequence but missing: KER-PUT-020 file-missing', async () => {
    const rid = await written();
    await repack(rid, 'evidence', (files) => files.filter((f) => f.name !== 'proofOfException.pdf'));
    const error = await failureOf(readPacket(rid, 'CRVS1', 'CRVS_NEW', deps));
    expect(error).toMatchObject({ code: 'KER-PUT-020', failure: 'file-missing', subpacket: 'evidence' });
  });
});
