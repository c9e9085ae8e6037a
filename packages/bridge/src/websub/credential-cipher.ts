import { constants, createDecipheriv, privateDecrypt, type KeyObject } from 'node:crypto';

/**
 * Decryption of MOSIP credentials (mosip-contracts 4.3 and 11.2). The credential service encrypts the
 * credential JSON through keymanager `/encrypt` (application `PARTNER`, reference `<partnerId>`) to the
 * partner's certificate, default path (`CryptomanagerServiceImpl.encrypt`, `CryptoUtil.combineByteArray`):
 *
 *   base64url( "VER_R2"(6) ‖ SHA-256(cert DER)(32) ‖ RSA-OAEP-SHA256(aesKey)(256 for RSA-2048)
 *              ‖ "#KEY_SPLITTER#" ‖ aad(32) ‖ AES-256-GCM ciphertext ‖ tag(16) )
 *
 * with nonce = aad[0..12) and the whole 32-byte aad as GCM associated data.
 */

/** `mosip.kernel.data-key-splitter` (mosip-config application-default.properties). */
export const KEY_SPLITTER = Buffer.from('#KEY_SPLITTER#', 'utf8');
/** Version header of the default `/encrypt` path. */
export const VERSION_R2 = Buffer.from('VER_R2', 'ascii');
const THUMBPRINT_LENGTH = 32;
const AAD_LENGTH = 32;
const NONCE_LENGTH = 12;
const TAG_LENGTH = 16;

/** A credential that cannot be read with the partner key (wrong key, corrupted or unexpected layout). */
export class CredentialUnreadable extends Error {
  override readonly name = 'CredentialUnreadable';
}

/** Decodes base64url with or without padding; MOSIP's `CryptoUtil.encodeToURLSafeBase64` omits it. */
function decodeBase64Url(text: string): Buffer {
  return Buffer.from(text.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''), 'base64url');
}

/**
 * Decrypts a `data.credential` of a `CREDENTIAL_ISSUED` event into its UTF-8 text (the VC JSON).
 * @throws CredentialUnreadable when the layout is not 4.3's or the key does not unwrap it
 */
export function decryptCredential(encrypted: string, key: KeyObject): string {
  const bytes = decodeBase64Url(encrypted);
  const split = bytes.indexOf(KEY_SPLITTER);
  if (split < 0) throw new CredentialUnreadable('no #KEY_SPLITTER# in the credential');
  const keyBlock = bytes.subarray(0, split);
  const dataBlock = bytes.subarray(split + KEY_SPLITTER.length);
  if (!keyBlock.subarray(0, VERSION_R2.length).equals(VERSION_R2)) {
    throw new CredentialUnreadable('the credential has no VER_R2 header');
  }
  if (dataBlock.length < AAD_LENGTH + TAG_LENGTH) {
    throw new CredentialUnreadable('the credential is truncated');
  }
  let aesKey: Buffer;
  try {
    aesKey = privateDecrypt(
      { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      keyBlock.subarray(VERSION_R2.length + THUMBPRINT_LENGTH),
    );
  } catch {
    throw new CredentialUnreadable('the session key does not unwrap with the partner key');
  }
  if (aesKey.length !== 32) throw new CredentialUnreadable('the session key is not AES-256');
  const aad = dataBlock.subarray(0, AAD_LENGTH);
  const ciphertext = dataBlock.subarray(AAD_LENGTH, dataBlock.length - TAG_LENGTH);
  const tag = dataBlock.subarray(dataBlock.length - TAG_LENGTH);
  try {
    const decipher = createDecipheriv('aes-256-gcm', aesKey, aad.subarray(0, NONCE_LENGTH), {
      authTagLength: TAG_LENGTH,
    });
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new CredentialUnreadable('the credential does not authenticate (AES-GCM tag mismatch)');
  }
}
