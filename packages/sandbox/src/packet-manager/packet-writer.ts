import { createHash, randomBytes as cryptoRandomBytes } from 'node:crypto';
import type { PacketDto, PacketInfo } from '@crvs-mosip/contracts';
import { base64UrlEncode } from '../keymanager/base64url.ts';
import { GCM_AAD_LENGTH, GCM_NONCE_LENGTH } from '../keymanager/hybrid-encryption.ts';
import type { KeyStore } from '../keymanager/key-store.ts';
import { javaDoubleToString, javaParseDouble } from './java-number.ts';
import { javaInstantToString, mosipUtcDateTime, zipDateTime } from './java-time.ts';
import { PacketCreatorError } from './packet-errors.ts';
import type { PacketStore } from './packet-store.ts';
import { buildSubpacketFiles, createRegistrationPacket } from './registration-packet.ts';
import { loadSchemaFields } from './schema-fields.ts';
import { zipEntries } from './zip.ts';

/**
 * `PUT /commons/v1/packetmanager/createPacket` after the provider lookup: the online `PacketWriterImpl`
 * with `PacketKeeper` and `OnlinePacketCryptoServiceImpl` (mosip/packet-manager, `commons-packet/
 * commons-packet-manager/src/main/java/io/mosip/commons/packet/impl/PacketWriterImpl.java`,
 * `.../keeper/PacketKeeper.java`, `.../impl/OnlinePacketCryptoServiceImpl.java`; mosip/khazana
 * `.../khazana/util/EncryptionUtil.java` `mergeEncryptedData`).
 *
 * Per subpacket (in the order MOSIP's HashMap yields them: evidence, optional, id): build and zip the
 * files; encrypt the zip with the keymanager (`REGISTRATION`, refId, 12-byte salt, 32-byte aad); store
 * nonce ‖ aad ‖ encrypted; sign the plain zip with the client-security key; hash the stored bytes; write
 * the object metadata. Subpackets stored before a failure stay stored, as with MOSIP's S3 adapter.
 */

/** `packetInfo.setProviderName(this.getClass().getSimpleName())`. */
export const PROVIDER_NAME = 'PacketWriterImpl';
/** `default.provider.version`. */
export const DEFAULT_PROVIDER_VERSION = 'v1.0';
/** `OnlinePacketCryptoServiceImpl.APPLICATION_ID`. */
export const PACKET_APPLICATION_ID = 'REGISTRATION';
/** `mosip.kernel.packet.default_subpacket_name`. */
export const DEFAULT_SUBPACKET_NAME = 'id';

/** Stores, clock and randomness of the writer; `providerVersion` is `default.provider.version`. */
export interface WritePacketDeps {
  store: PacketStore;
  keyStore: KeyStore;
  /** Epoch milliseconds: packet creation time, zip entry times, `PacketInfo.creationDate`. */
  clock: () => number;
  providerVersion?: string;
  /** Salt and aad of the packet encryption (default `crypto.randomBytes`). */
  randomBytes?: (size: number) => Buffer;
}

/** `StringUtils.isNotBlank`. */
const isNotBlank = (text: string | null | undefined): text is string => text != null && /\S/.test(text);

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** `PacketManagerHelper.getMetaMap`: the object metadata, keyed as MOSIP stores it. */
function objectMetadata(info: PacketInfo): Record<string, string | null> {
  return {
    id: info.id,
    packetname: info.packetName,
    source: info.source,
    process: info.process,
    schemaversion: info.schemaVersion,
    signature: info.signature,
    encryptedhash: info.encryptedHash,
    providername: info.providerName,
    providerversion: info.providerVersion,
    creationdate: info.creationDate,
    refid: info.refId,
  };
}

/** `PacketKeeper.putPacket`: encrypt → store → sign → hash → metadata. */
async function putPacket(zip: Buffer, info: PacketInfo, deps: WritePacketDeps): Promise<PacketInfo> {
  const random = deps.randomBytes ?? cryptoRandomBytes;
  const nonce = random(GCM_NONCE_LENGTH);
  const aad = random(GCM_AAD_LENGTH);
  // A null refId reaches the keymanager as a blank referenceId, which it refuses (KER-CRY-011).
  const encrypted = await deps.keyStore.encrypt(PACKET_APPLICATION_ID, info.refId ?? '', zip, {
    salt: nonce,
    aad,
  });
  const stored = Buffer.concat([nonce, aad, encrypted]);
  deps.store.putObject(info.id, info.source, info.process, info.packetName ?? '', stored);
  const signed: PacketInfo = {
    ...info,
    signature: base64UrlEncode(deps.keyStore.csSign(zip)),
    encryptedHash: base64UrlEncode(createHash('sha256').update(stored).digest()),
  };
  deps.store.addObjectMetadata(
    signed.id,
    signed.source,
    signed.process,
    signed.packetName ?? '',
    objectMetadata(signed),
  );
  return signed;
}

/**
 * Writes the packet and returns one `PacketInfo` per subpacket, or throws a {@link PacketCreatorError}
 * (which MOSIP's facade would turn into `response: null`).
 */
export async function writePacket(dto: PacketDto, deps: WritePacketDeps): Promise<PacketInfo[]> {
  const id = dto.id ?? null;
  const refId = dto.refId ?? null;
  const packet = createRegistrationPacket(dto, mosipUtcDateTime(deps.clock()));
  if (!packet) throw new PacketCreatorError('KER-KPM-009');
  const schemaFields = loadSchemaFields(dto.schemaJson);
  try {
    const packetId = dto.offlineMode
      ? `${isNotBlank(dto.additionalInfoReqId) ? dto.additionalInfoReqId : id}-${refId}-${zipDateTime(deps.clock())}`
      : id;
    const infos: PacketInfo[] = [];
    for (const [subpacket, fields] of schemaFields) {
      const schemaVersion = javaParseDouble(dto.schemaVersion);
      const files = buildSubpacketFiles(packet, fields, {
        isDefault: subpacket.toLowerCase() === DEFAULT_SUBPACKET_NAME,
        schemaVersion,
        registrationId: id,
      });
      const now = deps.clock();
      const zip = await zipEntries(files, now);
      const info: PacketInfo = {
        id: packetId,
        packetName: `${id}_${subpacket}`,
        source: dto.source ?? null,
        process: dto.process ?? null,
        refId,
        schemaVersion: javaDoubleToString(schemaVersion),
        signature: null,
        encryptedHash: null,
        providerName: PROVIDER_NAME,
        providerVersion: deps.providerVersion ?? DEFAULT_PROVIDER_VERSION,
        creationDate: javaInstantToString(now),
      };
      infos.push(await putPacket(zip, info, deps));
    }
    return infos;
  } catch (error) {
    throw new PacketCreatorError('KER-KPM-006', describe(error), { cause: error });
  }
}
