import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { afterAll, describe, expect, it } from 'vitest';
import { credentialProofProblem } from '../../src/websub/credential-proof.ts';
import { loadIssuerKey, loadPartnerKey } from '../../src/websub/partner-key.ts';

const dir = mkdtempSync(join(tmpdir(), 'crvs-mosip-partner-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A PKCS#12 keystore with a self-signed certificate, as partner onboarding hands out. */
function pkcs12(password: string) {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.UTC(2026, 0, 1));
  cert.validity.notAfter = new Date(Date.UTC(2029, 0, 1));
  cert.setSubject([{ name: 'commonName', value: 'crvs-partner' }]);
  cert.setIssuer([{ name: 'commonName', value: 'crvs-partner' }]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const der = forge.asn1
    .toDer(forge.pkcs12.toPkcs12Asn1(keys.privateKey, [cert], password, { algorithm: '3des' }))
    .getBytes();
  return { bytes: Buffer.from(der, 'binary'), privatePem: forge.pki.privateKeyToPem(keys.privateKey) };
}

describe('partner keys', () => {
  it('reads a PEM key and a PKCS#12 keystore with its password, and refuses a wrong password', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = join(dir, 'partner.key.pem');
    writeFileSync(pem, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(loadPartnerKey(pem).asymmetricKeyType).toBe('rsa');

    const store = pkcs12('keystore-password');
    const p12 = join(dir, 'partner.p12');
    writeFileSync(p12, store.bytes);
    const fromP12 = loadPartnerKey(p12, 'keystore-password');
    expect(fromP12.export({ type: 'pkcs8', format: 'pem' })).toBe(
      createPrivateKey(store.privatePem).export({ type: 'pkcs8', format: 'pem' }),
    );
    expect(() => loadPartnerKey(p12, 'wrong')).toThrow(/wrong password/);
  });
});

describe('credential proofs', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const vc = JSON.stringify({ credentialSubject: { UIN: '2345678901' } });
  const header = Buffer.from(JSON.stringify({ alg: 'RS256' })).toString('base64url');
  const jws = (payload: string, key = privateKey) =>
    `${header}..${sign('sha256', Buffer.from(`${header}.${Buffer.from(payload).toString('base64url')}`), key).toString('base64url')}`;

  it('accepts a detached JWS over the credential and refuses tampering, another key and a missing proof', () => {
    expect(credentialProofProblem(jws(vc), vc, publicKey)).toBeNull();
    expect(credentialProofProblem(jws(vc), vc.replace('2345678901', '2345678902'), publicKey)).toMatch(
      /does not verify/,
    );
    expect(
      credentialProofProblem(
        jws(vc, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey),
        vc,
        publicKey,
      ),
    ).toMatch(/does not verify/);
    expect(credentialProofProblem(undefined, vc, publicKey)).toMatch(/no proof/);
    expect(credentialProofProblem('a.b.c', vc, publicKey)).toMatch(/detached/);
  });

  it('reads the issuer key as PEM, as a certificate or as the keymanager base64url SPKI', () => {
    const pemFile = join(dir, 'issuer.pem');
    writeFileSync(pemFile, publicKey.export({ type: 'spki', format: 'pem' }));
    const spkiFile = join(dir, 'issuer.b64');
    writeFileSync(spkiFile, publicKey.export({ type: 'spki', format: 'der' }).toString('base64url'));
    for (const file of [pemFile, spkiFile]) {
      expect(credentialProofProblem(jws(vc), vc, loadIssuerKey(file))).toBeNull();
    }
  });
});
