import { describe, expect, it } from 'vitest';
import { CredentialUnreadable, decryptCredential } from '../../src/websub/credential-cipher.ts';
import { verifyHubSignature } from '../../src/websub/hub-signature.ts';
import {
  encryptCredential,
  hubSignature,
  partnerKeyPair,
  verifiableCredential,
} from './credential-fixtures.ts';

const partner = partnerKeyPair();
const other = partnerKeyPair();

describe('MOSIP credential decryption (mosip-contracts 4.3)', () => {
  it('decrypts the VER_R2 ‖ thumbprint ‖ RSA-OAEP key ‖ #KEY_SPLITTER# ‖ aad ‖ GCM layout', () => {
    const vc = verifiableCredential('7412589630');
    expect(decryptCredential(encryptCredential(vc, partner.publicKey), partner.privateKey)).toBe(vc);
  });

  it('accepts padded or standard base64 too', () => {
    const encrypted = encryptCredential('{"a":1}', partner.publicKey);
    const standard = Buffer.from(encrypted, 'base64url').toString('base64');
    expect(decryptCredential(standard, partner.privateKey)).toBe('{"a":1}');
  });

  it('refuses a credential encrypted for another partner key', () => {
    const encrypted = encryptCredential(verifiableCredential('1'), other.publicKey);
    expect(() => decryptCredential(encrypted, partner.privateKey)).toThrow(CredentialUnreadable);
  });

  it('refuses a tampered ciphertext, a missing splitter and a missing VER_R2 header', () => {
    const bytes = Buffer.from(encryptCredential(verifiableCredential('1'), partner.publicKey), 'base64url');
    const tampered = Buffer.from(bytes);
    tampered.writeUInt8(tampered.readUInt8(tampered.length - 20) ^ 1, tampered.length - 20);
    expect(() => decryptCredential(tampered.toString('base64url'), partner.privateKey)).toThrow(/tag/);
    expect(() => decryptCredential(Buffer.from('plain').toString('base64url'), partner.privateKey)).toThrow(
      /KEY_SPLITTER/,
    );
    const noHeader = Buffer.from(bytes);
    noHeader.write('VER_R1', 0, 'ascii');
    expect(() => decryptCredential(noHeader.toString('base64url'), partner.privateKey)).toThrow(/VER_R2/);
  });
});

describe('X-Hub-Signature (mosip-contracts 12.1)', () => {
  const secret = 'hub-secret-0123456789';
  const body = Buffer.from('{"x":1}');

  it('accepts the HMAC over the exact body, in either hex case', () => {
    expect(verifyHubSignature(secret, body, hubSignature(secret, '{"x":1}'))).toBe(true);
    expect(verifyHubSignature(secret, body, hubSignature(secret, '{"x":1}').toUpperCase())).toBe(true);
  });

  it('refuses a missing, malformed, wrongly keyed or other-body signature', () => {
    expect(verifyHubSignature(secret, body, undefined)).toBe(false);
    expect(verifyHubSignature(secret, body, 'abc')).toBe(false);
    expect(verifyHubSignature(secret, body, hubSignature('another-secret-0123', '{"x":1}'))).toBe(false);
    expect(verifyHubSignature(secret, body, hubSignature(secret, '{"x": 1}'))).toBe(false);
    expect(verifyHubSignature(secret, body, `sha1=${hubSignature(secret, '{"x":1}').slice(7)}`)).toBe(false);
  });
});
