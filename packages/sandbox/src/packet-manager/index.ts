/** The sandbox packet manager: writer, object store, reader. */
export {
  DEFAULT_PROVIDER_VERSION,
  PACKET_APPLICATION_ID,
  PROVIDER_NAME,
  writePacket,
  type WritePacketDeps,
} from './packet-writer.ts';
export {
  DEFAULT_PACKET_NAMES,
  readPacket,
  type ReadPacketDeps,
  type ReadPacketResult,
} from './packet-reader.ts';
export {
  ObjectStoreError,
  PACKET_MANAGER_BUCKET,
  PacketStore,
  TAGS_FOLDER,
  type ObjectMetadata,
  type StoredObjectSummary,
} from './packet-store.ts';
export {
  JAVA_NULL_POINTER,
  PACKET_CREATOR_MESSAGES,
  PACKET_READ_MESSAGES,
  PacketCreatorError,
  PacketReadError,
  type PacketCreatorErrorCode,
  type PacketReadErrorCode,
  type PacketReadFailure,
} from './packet-errors.ts';
export { tokeniseMosipValue, toMosipFieldValue, toMosipMetaInfoValue } from './mosip-values.ts';
export { jacksonPrettyJson } from './jackson-pretty.ts';
export { javaDoubleToString, javaParseDouble } from './java-number.ts';
export { javaHashMapOrder, javaStringHashCode } from './java-hash-map.ts';
