import { createHash, createPublicKey, sign, verify, X509Certificate } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { base64UrlDecode } from './base64url.ts';
import { csVerify } from './client-crypto.ts';
import { KeyManagerError } from './keymanager-error.ts';
import { KeyStore } from './key-store.ts';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keystore-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('KeyStore persistence', () => {
  it('keeps the signing key and encryption certificates across re-open', async () => {
    const first = await KeyStore.open(dir);
    const certificate = await first.certificate('REGISTRATION', '10001_10077');
    const again = await KeyStore.open(dir);
    expect(again.signingPublicKey().equals(first.signingPublicKey())).toBe(true);
    const reopened = await again.certificate('REGISTRATION', '10001_10077');
    expect(reopened.thumbprint.equals(certificate.thumbprint)).toBe(true);
    expect(reopened.pem).toBe(certificate.pem);
  });

  it('writes reg.key and reg.pub as PEM next to the encryption keys', async () => {
    const store = await KeyStore.open(dir);
    await store.certificate('PARTNER', 'mpartner-default-print');
    expect((await readFile(join(dir, 'reg.key'), 'utf8')).startsWith('-----BEGIN PRIVATE KEY-----')).toBe(
      true,
    );
    expect((await readFile(join(dir, 'reg.pub'), 'utf8')).startsWith('-----BEGIN PUBLIC KEY-----')).toBe(
      true,
    );
    expect(await readdir(join(dir, 'encryption', 'PARTNER'))).toEqual([
      'mpartner-default-print.crt.pem',
      'mpartner-default-print.key.pem',
    ]);
  });

  it('creates one key when first uses race', async () => {
    const store = await KeyStore.open(dir);
    const [a, b] = await Promise.all([
      store.certificate('REGISTRATION', 'x'),
      store.certificate('REGISTRATION', 'x'),
    ]);
    expect(a.thumbprint.equals(b.thumbprint)).toBe(true);
  });

  it('keeps caller-chosen names out of the path', async () => {
    const store = await KeyStore.open(dir);
    await store.certificate('../escape', '../../x');
    expect(await readdir(dir)).toEqual(expect.arrayContaining(['encryption', 'reg.key', 'reg.pub']));
    expect(await readdir(join(dir, 'encryption'))).toEqual(['%2E%2E%2Fescape']);
  });
});

describe('signing key', () => {
  it('publishes an RSA-2048 X.509 key as base64url without padding', async () => {
    const store = await KeyStore.open(dir);
    const text = store.signingPublicKeyBase64Url();
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(base64UrlDecode(text).equals(store.signingPublicKey())).toBe(true);
    const key = createPublicKey({ key: store.signingPublicKey(), format: 'der', type: 'spki' });
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(store.signingKeyIndex()).toMatch(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/);
  });

  it('signs with SHA256withRSA, verifiable by csVerify and by Node directly', async () => {
    const store = await KeyStore.open(dir);
    const data = Buffer.from('packet bytes');
    const signature = store.csSign(data);
    expect(signature).toHaveLength(256);
    expect(csVerify(data, signature, store.signingPublicKey())).toBe(true);
    expect(csVerify(Buffer.from('other'), signature, store.signingPublicKey())).toBe(false);
    const key = createPublicKey({ key: store.signingPublicKey(), format: 'der', type: 'spki' });
    expect(verify('sha256', data, key, signature)).toBe(true);
    // PKCS#1 v1.5 is deterministic: the persisted reg.key gives the same signature.
    const persisted = await readFile(join(dir, 'reg.key'), 'utf8');
    expect(sign('sha256', data, persisted).equals(signature)).toBe(true);
  });

  it('csVerify fails like Java on a bad key or a signature of the wrong length', async () => {
    const store = await KeyStore.open(dir);
    const data = Buffer.from('x');
    const signature = store.csSign(data);
    expect(() => csVerify(data, signature, Buffer.from('not a key'))).toThrow(KeyManagerError);
    expect(() => csVerify(data, signature.subarray(1), store.signingPublicKey())).toThrow(
      expect.objectContaining({ code: 'KER-CC-004' }),
    );
  });
});

describe('certificates', () => {
  it('are valid self-signed X.509 with a SHA-256 thumbprint of the DER', async () => {
    const clock = () => Date.UTC(2025, 1, 25, 11, 7, 33, 500);
    const store = await KeyStore.open(dir, { clock, certificateValidityDays: 365 });
    const info = await store.certificate('REGISTRATION', '10001_10077');
    const parsed = new X509Certificate(info.pem);
    expect(parsed.verify(parsed.publicKey)).toBe(true);
    expect(parsed.subject).toContain('CN=REGISTRATION-10001_10077');
    expect(parsed.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(info.der.equals(Buffer.from(parsed.raw))).toBe(true);
    expect(info.thumbprint.equals(createHash('sha256').update(info.der).digest())).toBe(true);
    expect(info.notBefore.toISOString()).toBe('2025-02-25T11:07:33.000Z');
    expect(info.notAfter.toISOString()).toBe('2026-02-25T11:07:33.000Z');
  });

  it('differ per reference id', async () => {
    const store = await KeyStore.open(dir);
    const a = await store.certificate('REGISTRATION', '10001_10077');
    const b = await store.certificate('REGISTRATION', '10002_10078');
    expect(a.thumbprint.equals(b.thumbprint)).toBe(false);
  });
});
