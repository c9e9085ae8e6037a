/**
 * Packet-manager errors with MOSIP's codes (mosip/packet-manager, `commons-packet/commons-packet-manager/
 * src/main/java/io/mosip/commons/packet/constants/ErrorCode.java` and `PacketUtilityErrorCodes.java`).
 */

/** `ErrorCode` (used by `PacketCreatorException`): MOSIP appends a stack trace to these messages. */
export const PACKET_CREATOR_MESSAGES = {
  'KER-KPM-001': 'Failed to encrypt packet : ',
  'KER-KPM-002': 'Failed to parse json : ',
  'KER-KPM-003': 'Failed to add entry in zip : ',
  'KER-KPM-004': 'Failed to generate XML from BIR : ',
  'KER-KPM-005': 'Failed to serialize object : ',
  'KER-KPM-006': 'Failed to create zip : ',
  'KER-KPM-007': 'Invalid input provided : ',
  'KER-KPM-008': 'Registration audits is empty',
  'KER-KPM-009': 'Packet creator not initialized',
  'KER-KPM-010': 'Packet not present in packet store',
} as const;

/**
 * Failures MOSIP does not wrap in a `PacketCreatorException`: a runtime exception thrown before the
 * writer's try block (a null `schemaJson`, an unknown `fieldCategory`) reaches the facade as is.
 */
export const JAVA_NULL_POINTER = 'java.lang.NullPointerException';

/** Codes a {@link PacketCreatorError} can carry. */
export type PacketCreatorErrorCode = keyof typeof PACKET_CREATOR_MESSAGES | typeof JAVA_NULL_POINTER;

/**
 * A createPacket failure after the provider lookup. MOSIP's facade swallows all of them (HTTP 200,
 * `response: null`); `code` is what MOSIP would log. Failures inside the subpacket loop are wrapped as
 * `KER-KPM-006` with the original as `cause` (e.g. missing audits: `KER-KPM-006` caused by `KER-KPM-008`);
 * `rootCode` names the innermost coded cause.
 */
export class PacketCreatorError extends Error {
  override readonly name = 'PacketCreatorError';
  readonly code: PacketCreatorErrorCode;

  constructor(code: PacketCreatorErrorCode, detail = '', options?: ErrorOptions) {
    const prefix = code === JAVA_NULL_POINTER ? `${JAVA_NULL_POINTER}: ` : PACKET_CREATOR_MESSAGES[code];
    super(prefix + detail, options);
    this.code = code;
  }

  /** The code of the innermost cause that has one (a KeyManagerError's, a nested PacketCreatorError's). */
  get rootCode(): string {
    let code: string = this.code;
    for (let cause: unknown = this.cause; cause instanceof Error; cause = cause.cause) {
      const candidate = (cause as { code?: unknown }).code;
      if (typeof candidate === 'string') code = candidate;
    }
    return code;
  }
}

/** `PacketUtilityErrorCodes` used on the read side. */
export const PACKET_READ_MESSAGES = {
  'KER-PUT-003': 'Packet decryption failed',
  'KER-PUT-005': 'Unable to fetch identity json from all sub packets',
  'KER-PUT-009': 'Unable to parse the zip',
  'KER-PUT-010': 'Failed to generate digital signature',
  'KER-PUT-014': 'Packet keeper exception occured.',
  'KER-PUT-019': 'Packet Integrity check failed.',
  'KER-PUT-020': 'Packet Validation exception occured.',
  'KER-PUT-027': 'Object doesnot exists.',
} as const;

/** Codes a {@link PacketReadError} can carry. */
export type PacketReadErrorCode = keyof typeof PACKET_READ_MESSAGES;

/**
 * What went wrong, finer than the code:
 * - `object-missing` (KER-PUT-027): a subpacket object is not in the store;
 * - `decryption` (KER-PUT-003): the keymanager could not decrypt it;
 * - `signature-unavailable` (KER-PUT-010): no signing key for the machine, no signature, or an unusable key;
 * - `signature-mismatch` (KER-PUT-019): the signature does not verify;
 * - `integrity` (KER-PUT-019): `encryptedHash` differs from the stored bytes;
 * - `unexpected` (KER-PUT-014): e.g. a refId without `_` or an id too short to derive one;
 * - `zip` (KER-PUT-009): the decrypted bytes are not a zip;
 * - `content` (KER-PUT-005): ID.json, packet_meta_info.json or audit.json is not readable JSON;
 * - `file-missing` (KER-PUT-020): a file named in a hash sequence is missing or empty (MOSIP's
 *   `/validatePacket` fails with KER-PUT-020 here);
 * - `checksum` (KER-PUT-020): packet_data_hash / packet_operations_hash differ (MOSIP's `/validatePacket`
 *   answers `valid: false` instead of an error).
 */
export type PacketReadFailure =
  | 'object-missing'
  | 'decryption'
  | 'signature-unavailable'
  | 'signature-mismatch'
  | 'integrity'
  | 'unexpected'
  | 'zip'
  | 'content'
  | 'file-missing'
  | 'checksum';

const FAILURE_CODES: Record<PacketReadFailure, PacketReadErrorCode> = {
  'object-missing': 'KER-PUT-027',
  decryption: 'KER-PUT-003',
  'signature-unavailable': 'KER-PUT-010',
  'signature-mismatch': 'KER-PUT-019',
  integrity: 'KER-PUT-019',
  unexpected: 'KER-PUT-014',
  zip: 'KER-PUT-009',
  content: 'KER-PUT-005',
  'file-missing': 'KER-PUT-020',
  checksum: 'KER-PUT-020',
};

/** A readPacket failure: `code`/`message` as MOSIP reports them, `failure` for callers, `detail` for logs. */
export class PacketReadError extends Error {
  override readonly name = 'PacketReadError';
  readonly code: PacketReadErrorCode;

  constructor(
    readonly failure: PacketReadFailure,
    readonly subpacket: string,
    readonly detail = '',
    options?: ErrorOptions,
  ) {
    super(PACKET_READ_MESSAGES[FAILURE_CODES[failure]], options);
    this.code = FAILURE_CODES[failure];
  }
}
