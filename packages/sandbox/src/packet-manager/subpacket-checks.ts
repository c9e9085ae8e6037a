import { createHash } from 'node:crypto';
import type { PacketInfo } from '@crvs-mosip/contracts';
import { base64UrlDecode, base64UrlEncode } from '../keymanager/base64url.ts';
import { csVerify } from '../keymanager/client-crypto.ts';
import { PacketReadError } from './packet-errors.ts';
import { findZipEntry, type ZipEntryData } from './zip.ts';

/**
 * The checks the packet manager runs on a subpacket it reads: signature and integrity
 * (`PacketKeeper.checkSignature` / `checkIntegrity`, `OnlinePacketCryptoServiceImpl.verify`) and file
 * checksums (`PacketValidator.fileAndChecksumValidation`) — mosip/packet-manager, `commons-packet/
 * commons-packet-manager/src/main/java/io/mosip/commons/packet/keeper/PacketKeeper.java`,
 * `.../impl/OnlinePacketCryptoServiceImpl.java`, `.../util/PacketValidator.java`.
 */

/** Java's `String.split(regex)` for a literal separator: trailing empty strings are removed. */
function javaSplit(text: string, separator: string): string[] {
  const parts = text.split(separator);
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** `PacketManagerHelper.getRefId`: the stored refId, else centre (5) + `_` + machine (5) from the id. */
export function refIdFor(info: PacketInfo, subpacket: string): string {
  if (info.refId != null) return info.refId;
  const id = info.id ?? '';
  if (id.length < 10) {
    throw new PacketReadError('unexpected', subpacket, `id "${id}" is too short for a refId`);
  }
  return `${id.slice(0, 5)}_${id.slice(5, 10)}`;
}

/** A decrypted subpacket, its stored signature and the machine-key lookup. */
export interface SignatureCheckInput {
  subpacket: string;
  refId: string;
  zip: Buffer;
  signature: string | null;
  signingPublicKeyFor: (machineId: string) => Uint8Array | null | Promise<Uint8Array | null>;
}

/**
 * `OnlinePacketCryptoServiceImpl.verify`: machine id = `refId.split("_")[1]`, its signing key from
 * syncdata, then `/csverifysign` over the plain zip.
 */
export async function verifySubpacketSignature(input: SignatureCheckInput): Promise<void> {
  const { subpacket } = input;
  const machineId = javaSplit(input.refId, '_')[1];
  if (machineId === undefined) {
    throw new PacketReadError('unexpected', subpacket, `refId "${input.refId}" has no machine id`);
  }
  const publicKey = await input.signingPublicKeyFor(machineId);
  if (!publicKey) {
    throw new PacketReadError('signature-unavailable', subpacket, `no signing key for machine ${machineId}`);
  }
  if (input.signature == null) {
    throw new PacketReadError('signature-unavailable', subpacket, 'no signature in metadata');
  }
  let signature: Buffer;
  try {
    signature = base64UrlDecode(input.signature);
  } catch (error) {
    throw new PacketReadError('unexpected', subpacket, 'signature is not base64url', { cause: error });
  }
  let verified: boolean;
  try {
    verified = csVerify(input.zip, signature, publicKey);
  } catch (error) {
    throw new PacketReadError('signature-unavailable', subpacket, (error as Error).message, { cause: error });
  }
  if (!verified) {
    throw new PacketReadError(
      'signature-mismatch',
      subpacket,
      `signature does not match machine ${machineId}`,
    );
  }
}

/** `PacketKeeper.checkIntegrity`: base64url SHA-256 of the stored bytes equals `encryptedHash`. */
export function checkIntegrity(subpacket: string, stored: Buffer, encryptedHash: string | null): void {
  const actual = base64UrlEncode(createHash('sha256').update(stored).digest());
  if (actual !== encryptedHash) {
    throw new PacketReadError('integrity', subpacket, 'encryptedHash does not match');
  }
}

/** File names of a `hashSequence1`/`hashSequence2` meta value (`FieldValueArray{label, value}` list). */
function sequenceNames(subpacket: string, label: string, value: unknown): string[] {
  if (value == null) return [];
  const valid =
    Array.isArray(value) &&
    value.every(
      (item) =>
        typeof item === 'object' &&
        item !== null &&
        Array.isArray((item as { value?: unknown }).value) &&
        (item as { value: unknown[] }).value.every((name) => typeof name === 'string'),
    );
  if (!valid) throw new PacketReadError('checksum', subpacket, `${label} is not a list of {label, value}`);
  return (value as { value: string[] }[]).flatMap((item) => item.value);
}

function checksum(files: readonly ZipEntryData[], names: readonly string[]): Buffer {
  const digest = createHash('sha256');
  for (const name of names) digest.update(findZipEntry(files, name)?.data ?? Buffer.alloc(0));
  return Buffer.from(digest.digest('hex').toUpperCase(), 'ascii');
}

/**
 * `fileAndChecksumValidation` for one subpacket, given its meta-info identity: every file named in the
 * hash sequences exists and is not empty; packet_data_hash.txt matches `hashSequence1` and
 * packet_operations_hash.txt matches `hashSequence2` (each checked only when the hash file exists).
 */
export function checkFileChecksums(
  subpacket: string,
  files: readonly ZipEntryData[],
  meta: Record<string, unknown>,
): void {
  const dataNames = sequenceNames(subpacket, 'hashSequence1', meta.hashSequence1);
  const operationNames = sequenceNames(subpacket, 'hashSequence2', meta.hashSequence2);
  for (const name of [...dataNames, ...operationNames]) {
    if (!findZipEntry(files, name)?.data.length) {
      throw new PacketReadError('file-missing', subpacket, `${name} is missing or empty`);
    }
  }
  const pairs = [
    ['PACKET_DATA_HASH', dataNames],
    ['PACKET_OPERATIONS_HASH', operationNames],
  ] as const;
  for (const [hashFile, names] of pairs) {
    const recorded = findZipEntry(files, hashFile)?.data;
    if (recorded && !checksum(files, names).equals(recorded)) {
      throw new PacketReadError('checksum', subpacket, `${hashFile.toLowerCase()}.txt does not match`);
    }
  }
}
