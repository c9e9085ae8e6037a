import { createHash } from 'node:crypto';
import type { PacketDocument, PacketDto } from '@crvs-mosip/contracts';
import { asJavaHashMap } from './java-hash-map.ts';
import { jacksonPrettyJson, wrapInIdentity } from './jackson-pretty.ts';
import type { JsonNode, JsonObjectNode } from './json-node.ts';
import { tokeniseMosipValue } from './mosip-values.ts';
import { PacketCreatorError } from './packet-errors.ts';
import type { SchemaField } from './schema-fields.ts';
import type { ZipEntryData } from './zip.ts';

/**
 * The in-memory packet and the files of one subpacket zip, as `RegistrationPacket` and
 * `PacketWriterImpl.createSubpacket` build them (mosip/packet-manager, `commons-packet/commons-packet-manager/
 * src/main/java/io/mosip/commons/packet/dto/packet/RegistrationPacket.java`, `.../impl/PacketWriterImpl.java`,
 * `.../util/PacketManagerHelper.java` `generateHash`; mosip/commons `HMACUtils2.digestAsPlainText`).
 *
 * Zip contents, in order: documents of the subpacket's fields (`{field}.{format}`), `ID.json`; in the
 * default subpacket `audit.json` and `packet_operations_hash.txt`; then `packet_data_hash.txt` and
 * `packet_meta_info.json`. The meta-info map is shared by all subpackets of a packet, so later ones also
 * carry entries added while building earlier ones.
 */

/** `$ref` of document fields (`PacketManagerConstants.DOCUMENTS_TYPE`). */
export const DOCUMENT_TYPE = '#/definitions/documentType';
/** `$ref` of biometric fields (`PacketManagerConstants.BIOMETRICS_TYPE`). */
export const BIOMETRICS_TYPE = '#/definitions/biometricsType';
const DEMOGRAPHIC_SEQUENCE = 'demographicSequence';
const BIOMETRIC_SEQUENCE = 'biometricSequence';
const OPERATIONS_SEQUENCE = 'otherFiles';
/** Keys of `PacketDto.biometrics` for the operator's biometrics, written to the default subpacket. */
const OPERATOR_BIOMETRICS = ['officer_bio_cbeff', 'supervisor_bio_cbeff'] as const;

/** `RegistrationPacket`: what the writer accumulates from the request before building subpackets. */
export interface RegistrationPacket {
  /** `mosip.utc-datetime-pattern` time of creation; overwrites the caller's meta `creationDate`. */
  creationDate: string;
  demographics: Map<string, JsonNode>;
  documents: Map<string, PacketDocument | null>;
  biometrics: Map<string, unknown>;
  /** Insertion-ordered; serialised in the order of the Java HashMap it mirrors. */
  metaData: Map<string, JsonNode>;
  audits: Record<string, string | null>[];
}

/** `HashMap.putIfAbsent`: also replaces a key mapped to null. */
function putIfAbsent(map: Map<string, JsonNode>, key: string, value: JsonNode): void {
  if (map.get(key) == null) map.set(key, value);
}

/** Values the tokeniser rejects are dropped; MOSIP only logs them. */
function setFields(target: Map<string, JsonNode>, values: Record<string, string | null>): void {
  for (const [key, raw] of Object.entries(values)) {
    const tokenised = tokeniseMosipValue(raw);
    if (tokenised.kept) putIfAbsent(target, key, tokenised.value);
  }
}

/**
 * `PacketWriter.createPacket` before `persistPacket`: fills the packet from the request. Null when the
 * request has none of fields, metaInfo, documents, audits or biometrics (then nothing initialised it and
 * MOSIP fails with `KER-KPM-009`).
 */
export function createRegistrationPacket(dto: PacketDto, creationDate: string): RegistrationPacket | null {
  const { fields, metaInfo, documents, audits, biometrics } = dto;
  if (fields == null && metaInfo == null && documents == null && audits == null && biometrics == null) {
    return null;
  }
  const packet: RegistrationPacket = {
    creationDate,
    demographics: new Map(),
    documents: new Map(Object.entries(documents ?? {})),
    biometrics: new Map(Object.entries(biometrics ?? {})),
    metaData: new Map(),
    audits: [...(audits ?? [])],
  };
  setFields(packet.demographics, fields ?? {});
  setFields(packet.metaData, metaInfo ?? {});
  return packet;
}

/** A biometric record with CBEFF segments, which MOSIP turns into CBEFF XML. */
function hasSegments(record: unknown): boolean {
  const segments = (record as { segments?: unknown } | null)?.segments;
  return Array.isArray(segments) && segments.length > 0;
}

function unsupportedBiometrics(name: string): PacketCreatorError {
  return new PacketCreatorError('KER-KPM-004', `${name}: the sandbox does not generate CBEFF XML`);
}

/** `HashSequenceMetaInfo`: file names in hashing order and their bytes. */
class HashSequences {
  private readonly sequences = new Map<string, { names: string[]; data: Map<string, Buffer | null> }>();

  add(label: string, name: string, bytes: Buffer | null): void {
    const sequence = this.sequences.get(label) ?? { names: [], data: new Map<string, Buffer | null>() };
    sequence.names.push(name);
    sequence.data.set(name, bytes);
    this.sequences.set(label, sequence);
  }

  has(label: string): boolean {
    return this.sequences.has(label);
  }

  /** Serialised like the Lombok bean: `{ label, value }` (`hashSource` is `@JsonIgnore`). */
  metaInfo(label: string): JsonObjectNode {
    return new Map<string, JsonNode>([
      ['label', label],
      ['value', [...(this.sequences.get(label)?.names ?? [])]],
    ]);
  }

  /**
   * `PacketManagerHelper.generateHash`: upper-case hex SHA-256 over the files' bytes in sequence order,
   * as ASCII; null for an empty sequence. A file without bytes (a document with no content) fails as
   * Java's `write(null)` does.
   */
  hash(labels: readonly string[]): Buffer | null {
    const names: string[] = [];
    const data = new Map<string, Buffer | null>();
    for (const label of labels) {
      const sequence = this.sequences.get(label);
      if (!sequence) continue;
      names.push(...sequence.names);
      for (const [name, bytes] of sequence.data) data.set(name, bytes);
    }
    if (names.length === 0) return null;
    const digest = createHash('sha256');
    for (const name of names) {
      const bytes = data.get(name);
      if (!bytes) throw new TypeError(`java.lang.NullPointerException: no bytes for ${name}`);
      digest.update(bytes);
    }
    return Buffer.from(digest.digest('hex').toUpperCase(), 'ascii');
  }
}

function documentEntry(name: string, document: PacketDocument): JsonObjectNode {
  // DocumentType bean, in declaration order; the value is the file name without extension.
  return new Map<string, JsonNode>([
    ['value', name],
    ['type', document.type ?? null],
    ['format', document.format ?? null],
    ['refNumber', document.refNumber ?? null],
  ]);
}

function auditsJson(audits: readonly Record<string, string | null>[]): Buffer {
  const list: JsonNode = audits.map((audit) => new Map<string, JsonNode>(Object.entries(audit)));
  return Buffer.from(jacksonPrettyJson(list), 'utf8');
}

/** Per-subpacket inputs of `createSubpacket`. */
export interface SubpacketOptions {
  /** `mosip.kernel.packet.default_subpacket_name` (`id`) matched ignoring case. */
  isDefault: boolean;
  /** `Double.valueOf(schemaVersion)`, written as `IDSchemaVersion`. */
  schemaVersion: number;
  registrationId: string | null;
}

/** `createSubpacket`: the subpacket's files, in zip order. Updates the shared `metaData`. */
export function buildSubpacketFiles(
  packet: RegistrationPacket,
  fields: readonly SchemaField[],
  options: SubpacketOptions,
): ZipEntryData[] {
  const files: ZipEntryData[] = [];
  const addFile = (name: string, data: Buffer | null) => {
    // addEntryToZip skips null data.
    if (data) files.push({ name, data });
  };
  const identity = new Map<string, JsonNode>([['IDSchemaVersion', options.schemaVersion]]);
  const sequences = new HashSequences();
  packet.metaData.set('registrationId', options.registrationId);
  packet.metaData.set('creationDate', packet.creationDate);

  for (const field of fields) {
    if (field.type === BIOMETRICS_TYPE) {
      if (hasSegments(packet.biometrics.get(field.id))) throw unsupportedBiometrics(field.id);
    } else if (field.type === DOCUMENT_TYPE) {
      const document = packet.documents.get(field.id);
      if (document == null) continue;
      identity.set(field.id, documentEntry(field.id, document));
      // String.format("%s.%s", field, format): a null format gives "field.null".
      const bytes = document.document == null ? null : Buffer.from(document.document, 'base64');
      addFile(`${field.id}.${document.format ?? 'null'}`, bytes);
      packet.metaData.set(field.id, document.type ?? null);
      sequences.add(DEMOGRAPHIC_SEQUENCE, field.id, bytes);
    } else {
      const value = packet.demographics.get(field.id);
      if (value != null) identity.set(field.id, value);
    }
  }

  const identityBytes = Buffer.from(wrapInIdentity(asJavaHashMap(identity)), 'utf8');
  addFile('ID.json', identityBytes);
  sequences.add(DEMOGRAPHIC_SEQUENCE, 'ID', identityBytes);

  if (options.isDefault) {
    for (const operator of OPERATOR_BIOMETRICS) {
      if (hasSegments(packet.biometrics.get(operator))) throw unsupportedBiometrics(operator);
    }
    if (packet.audits.length === 0) throw new PacketCreatorError('KER-KPM-008');
    const auditBytes = auditsJson(packet.audits);
    addFile('audit.json', auditBytes);
    sequences.add(OPERATIONS_SEQUENCE, 'audit', auditBytes);
    addFile('packet_operations_hash.txt', sequences.hash([OPERATIONS_SEQUENCE]));
    packet.metaData.set('hashSequence2', [sequences.metaInfo(OPERATIONS_SEQUENCE)]);
  }

  const dataSequences = [BIOMETRIC_SEQUENCE, DEMOGRAPHIC_SEQUENCE].filter((label) => sequences.has(label));
  if (dataSequences.length > 0) {
    packet.metaData.set(
      'hashSequence1',
      dataSequences.map((label) => sequences.metaInfo(label)),
    );
  }
  addFile('packet_data_hash.txt', sequences.hash(dataSequences));
  addFile('packet_meta_info.json', Buffer.from(wrapInIdentity(asJavaHashMap(packet.metaData)), 'utf8'));
  return files;
}
