import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Encryption at rest for registration payloads (names, dates of birth, documents): AES-256-GCM with a
 * 32-byte key from configuration. A token reads `v1.<iv>.<tag>.<ciphertext>` (base64url parts, 12-byte
 * IV, 16-byte tag). The caller may bind a token to its row with associated data (the registration id),
 * so a payload copied onto another row does not decrypt.
 *
 * Rotation: the first key encrypts; every key is tried to decrypt (the GCM tag tells which one fits),
 * so a new key can be put first while old rows still read, and re-encrypted or purged over time.
 *
 * Lookup hashes: `lookupHash` gives a deterministic HMAC-SHA256 of a value (a UIN) for equality search
 * over encrypted columns. Its key is derived from each payload key with HKDF-SHA256 (info
 * `crvs-mosip/lookup/v1`), so neither the payload key nor the derived key ever leaves the cipher.
 */

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const LOOKUP_INFO = 'crvs-mosip/lookup/v1';
const LOOKUP_PREFIX = 'h1.';

/** One configured key. */
export interface PayloadKey {
  /** Short name for logs and error messages (never the key itself). */
  id: string;
  /** 32 random bytes, base64 or base64url. */
  key: string;
}

/** A token could not be decrypted: wrong key, altered bytes, other row, or not a token at all. */
export class PayloadDecryptionError extends Error {
  override readonly name = 'PayloadDecryptionError';
  readonly code = 'STORE_PAYLOAD_DECRYPTION_FAILED';
}

/** A configured key is not 32 bytes of base64. */
export class InvalidPayloadKey extends Error {
  override readonly name = 'InvalidPayloadKey';
  readonly code = 'STORE_INVALID_PAYLOAD_KEY';
}

function decodeKey({ id, key }: PayloadKey): Buffer {
  const bytes = BASE64.test(key) ? Buffer.from(key, 'base64') : Buffer.alloc(0);
  if (bytes.length !== KEY_BYTES) {
    throw new InvalidPayloadKey(`payload key "${id}" must be ${KEY_BYTES} bytes given as base64`);
  }
  return bytes;
}

function decodePart(part: string | undefined, length?: number): Buffer | undefined {
  if (part === undefined || !BASE64URL.test(part)) return undefined;
  const bytes = Buffer.from(part, 'base64url');
  return length === undefined || bytes.length === length ? bytes : undefined;
}

/** AES-256-GCM encryption of payload text; see the module comment for the token format. */
export class PayloadCipher {
  readonly #keys: { id: string; bytes: Buffer; lookupKey: Buffer }[];

  /**
   * @param keys - one base64 key (as configuration gives it, id "default"), or the current key first
   *   followed by older keys still accepted for decryption
   * @throws InvalidPayloadKey when a key is not 32 bytes of base64, or none is given
   */
  constructor(keys: string | readonly PayloadKey[]) {
    const list = typeof keys === 'string' ? [{ id: 'default', key: keys }] : keys;
    if (list.length === 0) throw new InvalidPayloadKey('at least one payload key is required');
    this.#keys = list.map((k) => {
      const bytes = decodeKey(k);
      const lookupKey = Buffer.from(hkdfSync('sha256', bytes, Buffer.alloc(0), LOOKUP_INFO, KEY_BYTES));
      return { id: k.id, bytes, lookupKey };
    });
  }

  /** A fresh random key as base64, for `crvs-mosip` set-up and tests. */
  static generateKey(): string {
    return randomBytes(KEY_BYTES).toString('base64');
  }

  /** Id of the key new tokens are encrypted with. */
  get currentKeyId(): string {
    return this.#keys[0]!.id;
  }

  /**
   * Encrypts text with the current key and a fresh random IV.
   * @param plaintext - the text to protect
   * @param associatedData - context the token is bound to (the same value is needed to decrypt)
   * @returns a `v1.` token
   */
  encrypt(plaintext: string, associatedData = ''): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#keys[0]!.bytes, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [
      VERSION,
      iv.toString('base64url'),
      tag.toString('base64url'),
      ciphertext.toString('base64url'),
    ].join('.');
  }

  /**
   * Decrypts a token made by `encrypt` with any configured key.
   * @param token - a `v1.` token
   * @param associatedData - the value given to `encrypt`
   * @throws PayloadDecryptionError when no key authenticates the token
   */
  decrypt(token: string, associatedData = ''): string {
    const [version, ivPart, tagPart, dataPart, extra] = token.split('.');
    const iv = decodePart(ivPart, IV_BYTES);
    const tag = decodePart(tagPart, TAG_BYTES);
    const data = decodePart(dataPart);
    if (version !== VERSION || extra !== undefined || !iv || !tag || !data) {
      throw new PayloadDecryptionError(`not a ${VERSION} payload token`);
    }
    for (const key of this.#keys) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key.bytes, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(associatedData, 'utf8'));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
      } catch {
        // Authentication failed with this key; the next one may be the key the token was made with.
      }
    }
    throw new PayloadDecryptionError(
      `payload token does not authenticate with keys ${this.#keys.map((k) => k.id).join(', ')}`,
    );
  }

  /**
   * A deterministic keyed hash of `value` under the current key, for finding rows by a value that is
   * stored encrypted (equal values give equal hashes; the hash reveals nothing without the key).
   * @param value - the value to index (a UIN)
   * @returns `h1.` followed by the base64url HMAC-SHA256
   */
  lookupHash(value: string): string {
    return lookupHashWith(this.#keys[0]!.lookupKey, value);
  }

  /**
   * The lookup hashes of `value` under every configured key, current key first, so rows hashed before
   * a key rotation are still found.
   * @param value - the value to search for
   */
  lookupHashes(value: string): string[] {
    return [...new Set(this.#keys.map((k) => lookupHashWith(k.lookupKey, value)))];
  }
}

function lookupHashWith(key: Buffer, value: string): string {
  return LOOKUP_PREFIX + createHmac('sha256', key).update(value, 'utf8').digest('base64url');
}
