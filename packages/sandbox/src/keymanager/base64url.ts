import { KeyManagerError } from './keymanager-error.ts';

/**
 * Base64 as MOSIP's `CryptoUtil` (mosip/commons, `kernel/kernel-core/src/main/java/io/mosip/kernel/core/util/
 * CryptoUtil.java`) does it: URL-safe without padding on output; Java's strict decoders on input.
 */

const URL_SAFE_ALPHABET = /^[A-Za-z0-9_-]*={0,2}$/;
const PLAIN_ALPHABET = /^[A-Za-z0-9+/]*={0,2}$/;

/** `CryptoUtil.encodeToURLSafeBase64`: URL-safe alphabet, no padding. */
export function base64UrlEncode(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64url');
}

/**
 * Java's rules for the last unit: padding is optional, but if present it must complete a 4-character
 * unit; a lone trailing character cannot encode a byte.
 */
function hasValidShape(text: string, alphabet: RegExp): boolean {
  if (!alphabet.test(text)) return false;
  const padding = text.length - text.replace(/=+$/, '').length;
  const body = text.length - padding;
  if (padding === 0) return body % 4 !== 1;
  return text.length % 4 === 0 && (body % 4 === 2 ? padding === 2 : body % 4 === 3 && padding === 1);
}

/**
 * `Base64.getUrlDecoder().decode`: URL-safe alphabet, padding optional. Throws a TypeError on anything
 * else, where Node's own decoder would silently skip characters.
 */
export function base64UrlDecode(text: string): Buffer {
  if (!hasValidShape(text, URL_SAFE_ALPHABET)) throw new TypeError('not URL-safe base64');
  return Buffer.from(text, 'base64url');
}

/**
 * `CryptomanagerUtils.decodeBase64Data`: URL-safe first, then plain base64; neither →
 * `KER-CRY-003 " input data is not base64 encoded"` (the leading space is MOSIP's).
 */
export function decodeMosipBase64(text: string): Buffer {
  if (hasValidShape(text, URL_SAFE_ALPHABET)) return Buffer.from(text, 'base64url');
  if (hasValidShape(text, PLAIN_ALPHABET)) return Buffer.from(text, 'base64');
  throw new KeyManagerError('notBase64');
}
