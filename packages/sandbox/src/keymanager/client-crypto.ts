import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { KeyManagerError } from './keymanager-error.ts';

/**
 * The keymanager host's client-security operations without a TPM (mosip/keymanager,
 * `kernel/kernel-keymanager-service/src/main/java/io/mosip/kernel/clientcrypto/service/impl/
 * LocalClientCryptoServiceImpl.java`): RSA-2048, `SHA256withRSA` (PKCS#1 v1.5).
 */

/** `LocalClientCryptoServiceImpl.signData`: `/cssign`. */
export function csSignWith(privateKey: KeyObject, data: Uint8Array): Buffer {
  return sign('sha256', data, privateKey);
}

/**
 * `LocalClientCryptoServiceImpl.validateSignature(publicKey, signature, data)`: `/csverifysign` with
 * `isTpm=false`. A key that is not an X.509 RSA public key, or a signature whose length differs from the
 * modulus (Java's `Signature.verify` throws then), is `KER-CC-004 Failed crypto operation`; a wrong
 * signature of the right length is `false`.
 */
export function csVerify(data: Uint8Array, signature: Uint8Array, publicKeySpkiDer: Uint8Array): boolean {
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: Buffer.from(publicKeySpkiDer), format: 'der', type: 'spki' });
  } catch (error) {
    throw new KeyManagerError('clientCryptoFailed', (error as Error).message, { cause: error });
  }
  const modulusBits = publicKey.asymmetricKeyDetails?.modulusLength;
  if (publicKey.asymmetricKeyType !== 'rsa' || modulusBits === undefined) {
    throw new KeyManagerError('clientCryptoFailed', 'not an RSA public key');
  }
  if (signature.length !== Math.ceil(modulusBits / 8)) {
    throw new KeyManagerError('clientCryptoFailed', `bad signature length ${signature.length}`);
  }
  return verify('sha256', data, publicKey, signature);
}

/**
 * `CryptoUtil.computeFingerPrint(publicKey, null)` lower-cased: the `KeyIndex` MOSIP writes next to
 * `reg.pub` (hex SHA-256 of the X.509 key, bytes separated by colons).
 */
export function keyIndexOf(publicKeySpkiDer: Uint8Array): string {
  const hex = createHash('sha256').update(publicKeySpkiDer).digest('hex');
  return (hex.match(/../g) ?? []).join(':');
}
