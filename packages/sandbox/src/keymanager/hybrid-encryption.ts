import {
  constants,
  createCipheriv,
  createDecipheriv,
  privateDecrypt,
  publicEncrypt,
  type KeyObject,
} from 'node:crypto';
import { KeyManagerError } from './keymanager-error.ts';

/**
 * The byte layouts of `POST /v1/keymanager/encrypt` and `/decrypt`.
 *
 * Sources (mosip/keymanager, `kernel/kernel-keymanager-service/src/main/java/io/mosip/kernel`):
 * `cryptomanager/service/impl/CryptomanagerServiceImpl.java` (encrypt, decrypt, generateAadAndEncryptData,
 * splitAadAndDecryptData), `crypto/jce/core/CryptoCore.java` (AES/GCM/PKCS5Padding with a 128-bit tag,
 * RSA/ECB/OAEPWITHSHA-256ANDMGF1PADDING), `cryptomanager/constant/CryptomanagerConstant.java`;
 * mosip/commons `kernel/kernel-core/.../util/CryptoUtil.java` (combineByteArray, getSplitterIndex);
 * mosip/mosip-config `application-default.properties` (`mosip.kernel.data-key-splitter=#KEY_SPLITTER#`).
 *
 * Output = keyBlock ‖ "#KEY_SPLITTER#" ‖ dataBlock, where keyBlock = [VER_R2] ‖ thumbprint(32) ‖ RSA-OAEP(key):
 * - no salt, no aad: header VER_R2; aad = 32 random bytes, nonce = aad[0..12); dataBlock = aad ‖ cipher ‖ tag.
 * - aad, no salt: no header; 16-byte random IV; dataBlock = cipher ‖ tag ‖ iv.
 * - salt (the packet-manager path): no header; IV = salt, AAD = aad; dataBlock = cipher ‖ tag.
 */

/** `mosip.kernel.data-key-splitter`, between the key block and the data block. */
export const KEY_SPLITTER = Buffer.from('#KEY_SPLITTER#', 'utf8');
/** `CryptomanagerConstant.VERSION_RSA_2048`: key-block header of the default layout. */
export const VERSION_RSA_2048 = Buffer.from('VER_R2', 'ascii');
/** SHA-256 certificate thumbprint length. */
export const THUMBPRINT_LENGTH = 32;
/** RSA-2048 wrapped content key length. */
export const ENCRYPTED_SESSION_KEY_LENGTH = 256;
/** Generated AAD length (default layout) and the packet manager's aad length. */
export const GCM_AAD_LENGTH = 32;
/** GCM nonce length (default layout: the first bytes of the aad; packet manager: its salt). */
export const GCM_NONCE_LENGTH = 12;
/** 128-bit GCM tag (`mosip.kernel.crypto.gcm-tag-length`). */
export const GCM_TAG_LENGTH = 16;
/** `cipher.getBlockSize()` of AES: the IV length when the caller gives aad but no salt. */
export const AES_BLOCK_SIZE = 16;
/** AES-256 content key length. */
export const CONTENT_KEY_LENGTH = 32;

/** The request's optional `salt` and `aad`, decoded. */
export interface SymmetricInputs {
  /** Used as the GCM IV when non-empty. */
  salt?: Uint8Array | null | undefined;
  /** Additional authenticated data; when empty and no salt, MOSIP generates it (the VER_R2 layout). */
  aad?: Uint8Array | null | undefined;
}

const isPresent = (bytes: Uint8Array | null | undefined): bytes is Uint8Array =>
  bytes != null && bytes.length > 0;

function gcmEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array, aad: Uint8Array | null): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG_LENGTH });
  if (aad && aad.length > 0) cipher.setAAD(aad);
  return Buffer.concat([cipher.update(data), cipher.final(), cipher.getAuthTag()]);
}

function gcmDecrypt(
  key: Uint8Array,
  iv: Uint8Array,
  cipherAndTag: Uint8Array,
  aad: Uint8Array | null,
): Buffer {
  if (cipherAndTag.length < GCM_TAG_LENGTH) throw new KeyManagerError('invalidDataLength');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG_LENGTH });
    if (aad && aad.length > 0) decipher.setAAD(aad);
    decipher.setAuthTag(cipherAndTag.subarray(cipherAndTag.length - GCM_TAG_LENGTH));
    return Buffer.concat([decipher.update(cipherAndTag.subarray(0, -GCM_TAG_LENGTH)), decipher.final()]);
  } catch (error) {
    throw new KeyManagerError('encryptedDataCorrupt', (error as Error).message, { cause: error });
  }
}

/**
 * Encrypts `data` with the content key and returns the data block and the key-block header
 * (`VER_R2` only on the default path). `randomBytes` supplies the generated aad or IV.
 */
export function encryptDataBlock(
  contentKey: Uint8Array,
  data: Uint8Array,
  inputs: SymmetricInputs,
  randomBytes: (size: number) => Buffer,
): { dataBlock: Buffer; header: Buffer } {
  if (isPresent(inputs.salt)) {
    const aad = isPresent(inputs.aad) ? inputs.aad : null;
    return { dataBlock: gcmEncrypt(contentKey, inputs.salt, data, aad), header: Buffer.alloc(0) };
  }
  if (!isPresent(inputs.aad)) {
    const aad = randomBytes(GCM_AAD_LENGTH);
    const nonce = aad.subarray(0, GCM_NONCE_LENGTH);
    return {
      dataBlock: Buffer.concat([aad, gcmEncrypt(contentKey, nonce, data, aad)]),
      header: VERSION_RSA_2048,
    };
  }
  const iv = randomBytes(AES_BLOCK_SIZE);
  return {
    dataBlock: Buffer.concat([gcmEncrypt(contentKey, iv, data, inputs.aad), iv]),
    header: Buffer.alloc(0),
  };
}

/** Reverses {@link encryptDataBlock}; GCM failures are `KER-FSE-004`. */
export function decryptDataBlock(
  contentKey: Uint8Array,
  dataBlock: Uint8Array,
  header: Uint8Array,
  inputs: SymmetricInputs,
): Buffer {
  if (contentKey.length !== CONTENT_KEY_LENGTH) throw new KeyManagerError('invalidKey');
  if (isPresent(inputs.salt)) {
    return gcmDecrypt(contentKey, inputs.salt, dataBlock, isPresent(inputs.aad) ? inputs.aad : null);
  }
  if (Buffer.from(header).equals(VERSION_RSA_2048)) {
    if (dataBlock.length < GCM_AAD_LENGTH) throw new KeyManagerError('invalidDataLength');
    const aad = dataBlock.subarray(0, GCM_AAD_LENGTH);
    return gcmDecrypt(contentKey, aad.subarray(0, GCM_NONCE_LENGTH), dataBlock.subarray(GCM_AAD_LENGTH), aad);
  }
  // CryptoCore.symmetricDecrypt(key, data, aad) insists on more than IV + tag bytes.
  if (dataBlock.length <= AES_BLOCK_SIZE + GCM_TAG_LENGTH) throw new KeyManagerError('invalidDataLength');
  const iv = dataBlock.subarray(dataBlock.length - AES_BLOCK_SIZE);
  const aad = isPresent(inputs.aad) ? inputs.aad : null;
  return gcmDecrypt(contentKey, iv, dataBlock.subarray(0, -AES_BLOCK_SIZE), aad);
}

/** RSA-OAEP with SHA-256 and MGF1-SHA-256, empty label (`OAEPParameterSpec(SHA-256, MGF1, SHA256, DEFAULT)`). */
export function wrapContentKey(publicKey: KeyObject, contentKey: Uint8Array): Buffer {
  return publicEncrypt(
    { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    contentKey,
  );
}

/** Reverses {@link wrapContentKey}; a failure is `KER-FSE-004`. */
export function unwrapContentKey(privateKey: KeyObject, wrappedKey: Uint8Array): Buffer {
  try {
    return privateDecrypt(
      { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      wrappedKey,
    );
  } catch (error) {
    throw new KeyManagerError('encryptedDataCorrupt', (error as Error).message, { cause: error });
  }
}

/** The parts of an `/encrypt` output. `thumbprint` is null when the key block has no key identifier. */
export interface HybridEnvelope {
  header: Buffer;
  thumbprint: Buffer | null;
  wrappedKey: Buffer;
  dataBlock: Buffer;
}

/** `CryptoUtil.combineByteArray(dataBlock, keyBlock, splitter)`: the key block comes first. */
export function assembleEnvelope(parts: {
  header: Uint8Array;
  thumbprint: Uint8Array;
  wrappedKey: Uint8Array;
  dataBlock: Uint8Array;
}): Buffer {
  return Buffer.concat([parts.header, parts.thumbprint, parts.wrappedKey, KEY_SPLITTER, parts.dataBlock]);
}

/**
 * Splits at the first `#KEY_SPLITTER#`, as `CryptoUtil.getSplitterIndex` does. A key block of exactly
 * thumbprint + 256 bytes (after an optional `VER_R2`) carries a thumbprint; any other length is a bare
 * wrapped key (`SessionKeyDecrytorHelper.decryptSessionKey`).
 */
export function parseEnvelope(encrypted: Uint8Array): HybridEnvelope {
  const bytes = Buffer.from(encrypted.buffer, encrypted.byteOffset, encrypted.byteLength);
  const splitterAt = bytes.indexOf(KEY_SPLITTER);
  if (splitterAt < 0) throw new KeyManagerError('dataWithoutKeySplitter');
  const keyBlock = bytes.subarray(0, splitterAt);
  const dataBlock = bytes.subarray(splitterAt + KEY_SPLITTER.length);
  const hasHeader =
    keyBlock.length >= VERSION_RSA_2048.length &&
    keyBlock.subarray(0, VERSION_RSA_2048.length).equals(VERSION_RSA_2048);
  const header = hasHeader ? VERSION_RSA_2048 : Buffer.alloc(0);
  const rawKey = keyBlock.subarray(header.length);
  if (rawKey.length === THUMBPRINT_LENGTH + ENCRYPTED_SESSION_KEY_LENGTH) {
    return {
      header,
      thumbprint: rawKey.subarray(0, THUMBPRINT_LENGTH),
      wrappedKey: rawKey.subarray(THUMBPRINT_LENGTH),
      dataBlock,
    };
  }
  return { header, thumbprint: null, wrappedKey: rawKey, dataBlock };
}
