/** The sandbox keymanager: keys, `/encrypt` and `/decrypt` byte layouts, client-security signing. */
export {
  KeyStore,
  type CertificateInfo,
  type CryptoRequestOptions,
  type KeyStoreOptions,
} from './key-store.ts';
export { csVerify, keyIndexOf } from './client-crypto.ts';
export { base64UrlDecode, base64UrlEncode, decodeMosipBase64 } from './base64url.ts';
export {
  KEY_MANAGER_ERRORS,
  KeyManagerError,
  type KeyManagerErrorCode,
  type KeyManagerErrorKind,
} from './keymanager-error.ts';
export {
  GCM_AAD_LENGTH,
  GCM_NONCE_LENGTH,
  KEY_SPLITTER,
  parseEnvelope,
  THUMBPRINT_LENGTH,
  VERSION_RSA_2048,
  type HybridEnvelope,
} from './hybrid-encryption.ts';
