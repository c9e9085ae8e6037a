import { CATEGORY_SUBPACKETS } from '@crvs-mosip/contracts';
import { asJavaHashMap, javaHashMapOrder } from './java-hash-map.ts';
import { JsonSyntaxError, parseJsonPrefix, type JsonNode, type JsonObjectNode } from './json-node.ts';
import { JAVA_NULL_POINTER, PacketCreatorError } from './packet-errors.ts';

/**
 * `PacketWriterImpl.loadSchemaFields` (mosip/packet-manager, `commons-packet/commons-packet-manager/src/main/
 * java/io/mosip/commons/packet/impl/PacketWriterImpl.java`): which schema fields go into which subpacket.
 *
 * The schema is read with org.json: `properties.identity.properties`, iterated in `JSONObject.names()`
 * order (org.json keeps a HashMap); `fieldCategory` (default `none`) picks the subpackets; the type is
 * `$ref` if present, else `type`. Any `JSONException` is `KER-KPM-002`. Thrown before the writer's try
 * block, so not wrapped: a null schema, an empty property list (`names()` is null) and an unknown
 * category (`categorySubpacketMapping.get` is null) are NullPointerExceptions.
 */

export interface SchemaField {
  id: string;
  /** `$ref` (e.g. `#/definitions/documentType`) or the JSON-schema `type`. */
  type: string;
}

function jsonException(detail: string): PacketCreatorError {
  return new PacketCreatorError('KER-KPM-002', `org.json.JSONException: ${detail}`);
}

function getObject(parent: JsonObjectNode, key: string): JsonObjectNode {
  const value = parent.get(key);
  if (value === undefined) throw jsonException(`JSONObject["${key}"] not found.`);
  if (!(value instanceof Map)) throw jsonException(`JSONObject["${key}"] is not a JSONObject.`);
  return value;
}

function getString(parent: JsonObjectNode, key: string): string {
  const value: JsonNode | undefined = parent.get(key);
  if (value === undefined) throw jsonException(`JSONObject["${key}"] not found.`);
  if (typeof value !== 'string') throw jsonException(`JSONObject["${key}"] is not a string.`);
  return value;
}

function parseSchema(schemaJson: string): JsonObjectNode {
  let root: JsonNode;
  try {
    // org.json reads the first object and rejects duplicate keys.
    root = parseJsonPrefix(schemaJson, 0, { rejectDuplicateKeys: true }).value;
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw jsonException(error.message);
    throw error;
  }
  if (!(root instanceof Map)) throw jsonException("A JSONObject text must begin with '{'");
  return root;
}

/** Subpacket name → its schema fields, both in the order MOSIP iterates them. */
export function loadSchemaFields(schemaJson: string | null | undefined): Map<string, SchemaField[]> {
  if (schemaJson == null) throw new PacketCreatorError(JAVA_NULL_POINTER, 'schemaJson is null');
  const properties = getObject(
    getObject(getObject(parseSchema(schemaJson), 'properties'), 'identity'),
    'properties',
  );
  if (properties.size === 0) {
    throw new PacketCreatorError(JAVA_NULL_POINTER, 'identity.properties has no fields');
  }
  const bySubpacket = new Map<string, SchemaField[]>();
  for (const fieldName of javaHashMapOrder(properties.keys())) {
    const detail = getObject(properties, fieldName);
    const category = (
      detail.has('fieldCategory') ? getString(detail, 'fieldCategory') : 'none'
    ).toLowerCase();
    const subpackets = Object.hasOwn(CATEGORY_SUBPACKETS, category)
      ? CATEGORY_SUBPACKETS[category]
      : undefined;
    if (!subpackets) {
      throw new PacketCreatorError(JAVA_NULL_POINTER, `no subpacket for fieldCategory "${category}"`);
    }
    const type = detail.has('$ref') ? getString(detail, '$ref') : getString(detail, 'type');
    for (const subpacket of subpackets) {
      const fields = bySubpacket.get(subpacket) ?? [];
      fields.push({ id: fieldName, type });
      bySubpacket.set(subpacket, fields);
    }
  }
  return asJavaHashMap(bySubpacket);
}
