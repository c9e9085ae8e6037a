/**
 * Errors of the keymanager, with MOSIP's codes and messages.
 *
 * Sources (mosip/keymanager, `kernel/kernel-keymanager-service/src/main/java/io/mosip/kernel`):
 * `cryptomanager/constant/CryptomanagerErrorCode.java`, `keymanagerservice/constant/KeymanagerErrorConstant.java`,
 * `core/crypto/exception/SecurityExceptionCodeConstant.java` (KER-FSE-*),
 * `clientcrypto/constant/ClientCryptoErrorConstants.java` (KER-CC-*).
 */
export const KEY_MANAGER_ERRORS = {
  dataWithoutKeySplitter: {
    code: 'KER-CRY-003',
    message: 'data sent to decrypt is without key splitter or invalid',
  },
  notBase64: { code: 'KER-CRY-003', message: ' input data is not base64 encoded' },
  emptyData: { code: 'KER-CRY-004', message: 'data should not be null or empty' },
  encryptNotAllowed: {
    code: 'KER-CRY-011',
    message: 'Not Allowed to preform encryption with Master Key. Use Base/Encrypt key to encrypt data.',
  },
  noUniqueAlias: { code: 'KER-KMS-003', message: 'No unique alias is found' },
  appIdReferenceIdNotMatching: {
    code: 'KER-KMS-024',
    message: 'Application Id & Reference Id not matching with the input thumbprint.',
  },
  keyNotFoundByThumbprint: {
    code: 'KER-KMS-025',
    message: 'Key Not found for the thumbprint prepended in encrypted data.',
  },
  invalidKey: {
    code: 'KER-FSE-001',
    message:
      'invalid Key (key is null or empty or has invalid encoding, wronglength, and uninitialized, etc).',
  },
  invalidDataLength: { code: 'KER-FSE-002', message: 'check input data length' },
  encryptedDataCorrupt: { code: 'KER-FSE-004', message: 'encrypted data is corrupted' },
  clientCryptoFailed: { code: 'KER-CC-004', message: 'Failed crypto operation' },
} as const;

/** Which keymanager failure (several kinds can share a MOSIP code). */
export type KeyManagerErrorKind = keyof typeof KEY_MANAGER_ERRORS;
/** MOSIP error codes the sandbox keymanager raises. */
export type KeyManagerErrorCode = (typeof KEY_MANAGER_ERRORS)[KeyManagerErrorKind]['code'];

/**
 * A keymanager failure. `code` and `message` are what MOSIP puts in `errors[0]`; `detail` says what went
 * wrong underneath, for logs only.
 */
export class KeyManagerError extends Error {
  override readonly name = 'KeyManagerError';
  readonly kind: KeyManagerErrorKind;
  readonly code: KeyManagerErrorCode;
  readonly detail: string | undefined;

  constructor(kind: KeyManagerErrorKind, detail?: string, options?: ErrorOptions) {
    super(KEY_MANAGER_ERRORS[kind].message, options);
    this.kind = kind;
    this.code = KEY_MANAGER_ERRORS[kind].code;
    this.detail = detail;
  }
}
