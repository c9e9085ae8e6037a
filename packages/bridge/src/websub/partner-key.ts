import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import forge from 'node-forge';

/**
 * Reads the partner's private key: PEM (PKCS#8 or PKCS#1) or a PKCS#12 keystore (`.p12`/`.pfx`, as MOSIP's
 * partner onboarding hands out) with its password. Node's crypto has no PKCS#12 parser, so node-forge reads
 * the keystore and the key is handed to Node's crypto as PKCS#8.
 */
export function loadPartnerKey(file: string, password?: string): KeyObject {
  const bytes = readFileSync(file);
  if (bytes.subarray(0, 64).toString('latin1').includes('-----BEGIN')) {
    return createPrivateKey(bytes.toString('utf8'));
  }
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(
      forge.asn1.fromDer(forge.util.createBuffer(bytes.toString('binary'))),
      password ?? '',
    );
  } catch (error) {
    throw new Error(
      `cannot read the partner keystore ${file}: ${(error as Error).message} (wrong password?)`,
      { cause: error },
    );
  }
  const shrouded = forge.pki.oids.pkcs8ShroudedKeyBag ?? '1.2.840.113549.1.12.10.1.2';
  const plain = forge.pki.oids.keyBag ?? '1.2.840.113549.1.12.10.1.1';
  const bags = [
    ...(p12.getBags({ bagType: shrouded })[shrouded] ?? []),
    ...(p12.getBags({ bagType: plain })[plain] ?? []),
  ];
  const key = bags.find((b) => b.key)?.key;
  if (!key) throw new Error(`the partner keystore ${file} holds no private key`);
  return createPrivateKey(forge.pki.privateKeyToPem(key));
}

/**
 * The credential issuer's public key, to verify credential proofs: a PEM public key or certificate, or the
 * base64url X.509 SubjectPublicKeyInfo that MOSIP's keymanager `tpmsigning/publickey` returns.
 */
export function loadIssuerKey(file: string): KeyObject {
  const text = readFileSync(file, 'utf8').trim();
  if (text.includes('BEGIN CERTIFICATE')) return new X509Certificate(text).publicKey;
  if (text.includes('-----BEGIN')) return createPublicKey(text);
  return createPublicKey({ key: Buffer.from(text, 'base64url'), format: 'der', type: 'spki' });
}
