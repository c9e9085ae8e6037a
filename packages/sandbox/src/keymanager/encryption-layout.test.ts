import { constants, createDecipheriv, createHash, privateDecrypt, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyStore } from './key-store.ts';

/**
 * The `/encrypt` byte layouts (reference section 4.3), checked byte by byte and decrypted with Node's
 * crypto directly, independent of KeyStore.decrypt.
 */

const APP = 'REGISTRATION';
const REF = '10001_10077';
const SPLITTER = Buffer.from('#KEY_SPLITTER#');

let dir: string;
let store: KeyStore;
let privateKeyPem: string;
let thumbprint: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keymanager-layout-'));
  store = await KeyStore.open(dir);
  const certificate = await store.certificate(APP, REF);
  thumbprint = certificate.thumbprint;
  privateKeyPem = await readFile(join(dir, 'encryption', APP, `${REF}.key.pem`), 'utf8');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function unwrap(wrapped: Buffer): Buffer {
  return privateDecrypt(
    { key: privateKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    wrapped,
  );
}

function gcmOpen(key: Buffer, iv: Buffer, cipherAndTag: Buffer, aad: Buffer | null): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  if (aad) decipher.setAAD(aad);
  decipher.setAuthTag(cipherAndTag.subarray(-16));
  return Buffer.concat([decipher.update(cipherAndTag.subarray(0, -16)), decipher.final()]);
}

describe('default layout (no salt, no aad)', () => {
  it('is VER_R2 ‖ thumbprint ‖ 256-byte key ‖ #KEY_SPLITTER# ‖ aad(32) ‖ cipher ‖ tag', async () => {
    const data = Buffer.from('{"name":"notificationInfo"}');
    const out = await store.encrypt(APP, REF, data);
    expect(out.subarray(0, 6).toString('ascii')).toBe('VER_R2');
    expect(out.subarray(6, 38).equals(thumbprint)).toBe(true);
    expect(out.indexOf(SPLITTER)).toBe(6 + 32 + 256);
    const dataBlock = out.subarray(6 + 32 + 256 + SPLITTER.length);
    expect(dataBlock).toHaveLength(32 + data.length + 16);

    const contentKey = unwrap(out.subarray(38, 38 + 256));
    expect(contentKey).toHaveLength(32);
    const aad = dataBlock.subarray(0, 32);
    const nonce = aad.subarray(0, 12);
    expect(gcmOpen(contentKey, nonce, dataBlock.subarray(32), aad).equals(data)).toBe(true);
  });

  it('round-trips through decrypt', async () => {
    const data = randomBytes(5000);
    const out = await store.encrypt(APP, REF, data);
    expect(store.decrypt(APP, REF, out).equals(data)).toBe(true);
  });
});

describe('packet-manager layout (caller salt and aad)', () => {
  it('is thumbprint ‖ 256-byte key ‖ #KEY_SPLITTER# ‖ cipher ‖ tag, with IV = salt and the given AAD', async () => {
    const data = Buffer.from('PK zip bytes');
    const salt = randomBytes(12);
    const aad = randomBytes(32);
    const out = await store.encrypt(APP, REF, data, { salt, aad });
    expect(out.subarray(0, 6).toString('ascii')).not.toBe('VER_R2');
    expect(out.subarray(0, 32).equals(thumbprint)).toBe(true);
    expect(out.indexOf(SPLITTER)).toBe(32 + 256);
    const cipher = out.subarray(32 + 256 + SPLITTER.length);
    expect(cipher).toHaveLength(data.length + 16);
    const contentKey = unwrap(out.subarray(32, 32 + 256));
    expect(gcmOpen(contentKey, salt, cipher, aad).equals(data)).toBe(true);
  });

  it('round-trips through decrypt, and needs the same salt and aad', async () => {
    const data = randomBytes(2048);
    const salt = randomBytes(12);
    const aad = randomBytes(32);
    const out = await store.encrypt(APP, REF, data, { salt, aad });
    expect(store.decrypt(APP, REF, out, { salt, aad }).equals(data)).toBe(true);
    expect(() => store.decrypt(APP, REF, out, { salt, aad: randomBytes(32) })).toThrow(
      expect.objectContaining({ code: 'KER-FSE-004' }),
    );
  });
});

describe('aad without salt', () => {
  it('appends a 16-byte IV after the tag and has no VER_R2', async () => {
    const data = Buffer.from('with aad only');
    const aad = randomBytes(20);
    const out = await store.encrypt(APP, REF, data, { aad });
    expect(out.subarray(0, 32).equals(thumbprint)).toBe(true);
    const block = out.subarray(32 + 256 + SPLITTER.length);
    expect(block).toHaveLength(data.length + 16 + 16);
    const contentKey = unwrap(out.subarray(32, 288));
    expect(gcmOpen(contentKey, block.subarray(-16), block.subarray(0, -16), aad).equals(data)).toBe(true);
    expect(store.decrypt(APP, REF, out, { aad }).equals(data)).toBe(true);
  });
});

describe('decrypt errors', () => {
  it('rejects data without the key splitter', () => {
    expect(() => store.decrypt(APP, REF, randomBytes(400))).toThrow(
      expect.objectContaining({ code: 'KER-CRY-003' }),
    );
  });

  it('rejects an unknown thumbprint', async () => {
    const out = await store.encrypt(APP, REF, Buffer.from('x'));
    out.fill(0, 6, 38);
    expect(() => store.decrypt(APP, REF, out)).toThrow(expect.objectContaining({ code: 'KER-KMS-025' }));
  });

  it('rejects a thumbprint of another application', async () => {
    const out = await store.encrypt('PARTNER', 'mpartner-default-print', Buffer.from('x'));
    expect(() => store.decrypt(APP, REF, out)).toThrow(expect.objectContaining({ code: 'KER-KMS-024' }));
  });

  it('finds the key by thumbprint whatever referenceId the caller names', async () => {
    const out = await store.encrypt(APP, REF, Buffer.from('x'));
    expect(store.decrypt(APP, '99999_99999', out).toString()).toBe('x');
  });

  it('rejects tampered ciphertext and a tampered wrapped key', async () => {
    const out = await store.encrypt(APP, REF, Buffer.from('hello world'));
    const cipherFlip = Buffer.from(out);
    cipherFlip[cipherFlip.length - 1]! ^= 1;
    expect(() => store.decrypt(APP, REF, cipherFlip)).toThrow(
      expect.objectContaining({ code: 'KER-FSE-004' }),
    );
    const keyFlip = Buffer.from(out);
    keyFlip[100]! ^= 1;
    expect(() => store.decrypt(APP, REF, keyFlip)).toThrow(expect.objectContaining({ code: 'KER-FSE-004' }));
  });

  it('refuses to encrypt for a blank referenceId or empty data', async () => {
    await expect(store.encrypt(APP, ' ', Buffer.from('x'))).rejects.toMatchObject({ code: 'KER-CRY-011' });
    await expect(store.encrypt(APP, REF, Buffer.alloc(0))).rejects.toMatchObject({ code: 'KER-CRY-004' });
  });
});

describe('thumbprint', () => {
  it('is the SHA-256 of the certificate DER', async () => {
    const certificate = await store.certificate(APP, REF);
    expect(createHash('sha256').update(certificate.der).digest().equals(thumbprint)).toBe(true);
  });
});
