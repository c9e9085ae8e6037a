import type { PacketInfo } from '@crvs-mosip/contracts';
import type { KeyStore } from '../keymanager/key-store.ts';
import { GCM_AAD_LENGTH, GCM_NONCE_LENGTH } from '../keymanager/hybrid-encryption.ts';
import {
  JsonSyntaxError,
  jsonNodeToPlain,
  parseJsonDocument,
  type JsonNode,
  type JsonObjectNode,
} from './json-node.ts';
import { toMosipFieldValue, toMosipMetaInfoValue } from './mosip-values.ts';
import { PacketReadError } from './packet-errors.ts';
import { PacketStore, type ObjectMetadata } from './packet-store.ts';
import { PACKET_APPLICATION_ID } from './packet-writer.ts';
import {
  checkFileChecksums,
  checkIntegrity,
  refIdFor,
  verifySubpacketSignature,
} from './subpacket-checks.ts';
import { findZipEntry, unzipEntries, type ZipEntryData } from './zip.ts';

/**
 * Reading a packet as the packet manager does for the registration processor (mosip/packet-manager,
 * `commons-packet/commons-packet-manager/src/main/java/io/mosip/commons/packet/keeper/PacketKeeper.java`
 * `getPacket`, `.../impl/PacketReaderImpl.java` `getAll`/`getMetaInfo`/`getAuditInfo`/`getDocument`,
 * `.../util/PacketValidator.java`). For each of `mosip.commons.packetnames` (id, evidence, optional):
 * fetch the object and its metadata, decrypt (refId from metadata, else derived from the id), verify the
 * signature with the machine's key, check `encryptedHash`, unzip, check the file hashes. Values are merged
 * across subpackets with `putIfAbsent`, so the id subpacket wins.
 */

export const DEFAULT_PACKET_NAMES = ['id', 'evidence', 'optional'] as const;

/** The stores and the machine-key lookup the reader needs, plus MOSIP's read-side settings. */
export interface ReadPacketDeps {
  store: PacketStore;
  keyStore: KeyStore;
  /**
   * syncdata `GET /v1/syncdata/tpm/publickey/{machineId}` → `signingPublicKey`: the machine's X.509
   * (SubjectPublicKeyInfo DER) signing key, or null when the machine is unknown.
   */
  signingPublicKeyFor: (machineId: string) => Uint8Array | null | Promise<Uint8Array | null>;
  /** `mosip.commons.packetnames` (default id, evidence, optional). */
  packetNames?: readonly string[];
  /** `packetmanager.packet.signature.disable-verification` (default false, as configured since 2025). */
  disableSignatureVerification?: boolean;
}

/** A packet's contents as the packet manager's reader APIs expose them. */
export interface ReadPacketResult {
  /** The ID.json identities merged (id subpacket first), as plain JSON values. */
  identity: Record<string, unknown>;
  /** The same in `getAll` encoding (what `/searchField(s)` return): objects/arrays as pretty JSON strings. */
  fields: Record<string, string | number | null>;
  /** packet_meta_info.json identities merged (the id subpacket's, which carries every key), plain values. */
  metaInfo: Record<string, unknown>;
  /** The same in `getMetaInfo` encoding (what `/metaInfo` returns). */
  metaInfoFields: Record<string, string | null>;
  /** audit.json entries of all subpackets (only `id` has them). */
  audits: Record<string, unknown>[];
  /** Document bytes by field name (the `{field}.{format}` files). */
  documents: Record<string, Buffer>;
  /** Subpackets read, in reading order. */
  subpackets: string[];
  /** Each subpacket's object metadata as a `PacketInfo` (`PacketManagerHelper.getPacketInfo`). */
  packetInfos: PacketInfo[];
}

interface SubpacketContent {
  info: PacketInfo;
  identity: JsonObjectNode | null;
  meta: JsonObjectNode | null;
  audits: JsonNode[];
  documents: Map<string, Buffer>;
}

function packetInfoFrom(metadata: ObjectMetadata, fallback: PacketInfo): PacketInfo {
  if (Object.keys(metadata).length === 0) return fallback;
  const value = (key: string) => metadata[key] ?? null;
  return {
    id: value('id'),
    packetName: value('packetname'),
    source: value('source'),
    process: value('process'),
    refId: value('refid'),
    schemaVersion: value('schemaversion'),
    signature: value('signature'),
    encryptedHash: value('encryptedhash'),
    providerName: value('providername'),
    providerVersion: value('providerversion'),
    creationDate: value('creationdate'),
  };
}

/** `mapper.readValue(json, LinkedHashMap.class).get("identity")` of a file, or null when the file is absent. */
function identityOf(subpacket: string, files: readonly ZipEntryData[], name: string): JsonObjectNode | null {
  const file = findZipEntry(files, name);
  if (!file) return null;
  const identity = parseFile(subpacket, file);
  if (identity instanceof Map && identity.get('identity') instanceof Map) {
    return identity.get('identity') as JsonObjectNode;
  }
  throw new PacketReadError('content', subpacket, `${file.name} has no identity object`);
}

function parseFile(subpacket: string, file: ZipEntryData): JsonNode {
  try {
    return parseJsonDocument(file.data.toString('utf8'));
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      throw new PacketReadError('content', subpacket, `${file.name}: ${error.message}`);
    }
    throw error;
  }
}

/** Document field names: the demographic hash sequence without `ID`. */
function documentNames(meta: JsonObjectNode | null): string[] {
  const sequences = meta?.get('hashSequence1');
  if (!Array.isArray(sequences)) return [];
  return sequences.flatMap((sequence) => {
    if (!(sequence instanceof Map) || sequence.get('label') !== 'demographicSequence') return [];
    const names = sequence.get('value');
    return Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string' && n !== 'ID') : [];
  });
}

async function readSubpacket(
  id: string,
  source: string,
  process: string,
  subpacket: string,
  deps: ReadPacketDeps,
): Promise<SubpacketContent> {
  const objectName = `${id}_${subpacket}`;
  const stored = deps.store.getObject(id, source, process, objectName);
  if (!stored) {
    throw new PacketReadError(
      'object-missing',
      subpacket,
      PacketStore.objectKey(id, source, process, objectName),
    );
  }
  const fallback: PacketInfo = {
    id,
    packetName: subpacket,
    source,
    process,
    refId: null,
    schemaVersion: null,
    signature: null,
    encryptedHash: null,
    providerName: null,
    providerVersion: null,
    creationDate: null,
  };
  const info = packetInfoFrom(deps.store.getMetadata(id, source, process, objectName) ?? {}, fallback);
  const refId = refIdFor(info, subpacket);
  let zip: Buffer;
  try {
    const inputs = {
      salt: stored.subarray(0, GCM_NONCE_LENGTH),
      aad: stored.subarray(GCM_NONCE_LENGTH, GCM_NONCE_LENGTH + GCM_AAD_LENGTH),
    };
    zip = deps.keyStore.decrypt(
      PACKET_APPLICATION_ID,
      refId,
      stored.subarray(GCM_NONCE_LENGTH + GCM_AAD_LENGTH),
      inputs,
    );
  } catch (error) {
    throw new PacketReadError('decryption', subpacket, (error as Error).message, { cause: error });
  }
  if (!deps.disableSignatureVerification) {
    await verifySubpacketSignature({
      subpacket,
      refId,
      zip,
      signature: info.signature,
      signingPublicKeyFor: deps.signingPublicKeyFor,
    });
  }
  checkIntegrity(subpacket, stored, info.encryptedHash);
  let files: ZipEntryData[];
  try {
    files = await unzipEntries(zip);
  } catch (error) {
    throw new PacketReadError('zip', subpacket, (error as Error).message, { cause: error });
  }
  const meta = identityOf(subpacket, files, 'PACKET_META_INFO');
  if (meta) checkFileChecksums(subpacket, files, jsonNodeToPlain(meta) as Record<string, unknown>);
  const auditFile = findZipEntry(files, 'audit');
  const audits = auditFile ? parseFile(subpacket, auditFile) : [];
  if (!Array.isArray(audits)) throw new PacketReadError('content', subpacket, 'audit.json is not a list');
  const documents = new Map<string, Buffer>();
  for (const name of documentNames(meta)) {
    const file = findZipEntry(files, name);
    if (file) documents.set(name, file.data);
  }
  return { info, identity: identityOf(subpacket, files, 'ID'), meta, audits, documents };
}

/** `LinkedHashMap.putIfAbsent` over subpackets in reading order. */
function mergeFirstWins<V>(maps: readonly (ReadonlyMap<string, V> | null)[]): Map<string, V> {
  const merged = new Map<string, V>();
  for (const map of maps) {
    for (const [key, value] of map ?? []) if (merged.get(key) == null) merged.set(key, value);
  }
  return merged;
}

/** Reads, checks and merges a stored packet; throws a {@link PacketReadError} with MOSIP's code. */
export async function readPacket(
  id: string,
  source: string,
  process: string,
  deps: ReadPacketDeps,
): Promise<ReadPacketResult> {
  const names = deps.packetNames ?? DEFAULT_PACKET_NAMES;
  const contents: SubpacketContent[] = [];
  for (const name of names) contents.push(await readSubpacket(id, source, process, name, deps));
  const identity = mergeFirstWins(contents.map((c) => c.identity));
  const meta = mergeFirstWins(contents.map((c) => c.meta));
  const documents = mergeFirstWins(contents.map((c) => c.documents));
  return {
    identity: jsonNodeToPlain(identity) as Record<string, unknown>,
    fields: Object.fromEntries([...identity].map(([key, value]) => [key, toMosipFieldValue(value)])),
    metaInfo: jsonNodeToPlain(meta) as Record<string, unknown>,
    metaInfoFields: Object.fromEntries([...meta].map(([key, value]) => [key, toMosipMetaInfoValue(value)])),
    audits: contents.flatMap((c) =>
      c.audits.map((audit) => jsonNodeToPlain(audit) as Record<string, unknown>),
    ),
    documents: Object.fromEntries(documents),
    subpackets: [...names],
    packetInfos: contents.map((c) => c.info),
  };
}
