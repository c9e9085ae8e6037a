import { asJavaHashMap } from './java-hash-map.ts';
import { javaDoubleToString } from './java-number.ts';
import { jacksonPrettyJson } from './jackson-pretty.ts';
import { JsonSyntaxError, parseJsonPrefix, type JsonNode, type JsonObjectNode } from './json-node.ts';

/**
 * How the packet manager turns `fields`/`metaInfo` strings into JSON and back.
 *
 * Write side, `RegistrationPacket.setFields` (mosip/packet-manager, `commons-packet/commons-packet-manager/
 * src/main/java/io/mosip/commons/packet/dto/packet/RegistrationPacket.java`): `new JSONTokener(value)
 * .nextValue()` (org.json) decides; a JSON object is then read by Jackson into a `HashMap`; a JSON array
 * becomes a list whose object elements are re-read by Jackson from org.json's `toString()`; anything else
 * keeps the original string; a tokeniser error only gets logged, and the field is dropped.
 *
 * Read side, `PacketReaderImpl.getAll` / `getMetaInfo`: values re-serialised with `JsonUtils` (Jackson
 * pretty printer) and outer quotes stripped.
 *
 * Not reproduced: org.json's lenient syntax inside arrays and objects (unquoted or single-quoted strings,
 * `;` separators, missing values); such values are dropped here, where MOSIP may keep them.
 */

export type TokenisedValue = { kept: true; value: JsonNode } | { kept: false; reason: string };

/** Characters that end an unquoted org.json token (`JSONTokener.nextValue`). */
const UNQUOTED_STOP_CHARACTERS = ',:]}/\\"[{;=#';

/** `JSONTokener.nextClean` skips every char up to U+0020 except NUL, which it reads as the end of input. */
const isOrgJsonWhitespace = (char: string) => char > '\0' && char <= ' ';

/** `JSONTokener.nextString(quote)`: true when a quoted string closes without an illegal escape or line break. */
function isWellFormedOrgJsonString(text: string, start: number, quote: string): boolean {
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (char === '\n' || char === '\r' || char === '\0') return false;
    if (char === quote) return true;
    if (char === '\\') {
      const escape = text[++i] ?? '';
      if (escape === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) return false;
        i += 4;
      } else if (!'btnfr"\'\\/'.includes(escape) || escape === '') return false;
    }
  }
  return false;
}

/**
 * org.json `JSONObject.numberToString` then Jackson: a double written without trailing zeros (`1.0` →
 * `1`) comes back as an integer.
 */
function throughOrgJsonNumber(value: number): JsonNode {
  const text = javaDoubleToString(value);
  if (!text.includes('.') || /[eE]/.test(text) || !Number.isFinite(value)) return value;
  const stripped = text.replace(/0+$/, '').replace(/\.$/, '');
  return stripped.includes('.') ? value : BigInt(stripped);
}

/** An object element of a top-level array: org.json `toString()` (HashMap order at every level) re-read by Jackson. */
function throughOrgJsonObject(node: JsonNode): JsonNode {
  if (node instanceof Map) {
    const converted: JsonObjectNode = new Map();
    for (const [key, value] of node) converted.set(key, throughOrgJsonObject(value));
    return asJavaHashMap(converted);
  }
  if (Array.isArray(node)) return node.map(throughOrgJsonObject);
  if (typeof node === 'number') return throughOrgJsonNumber(node);
  return node;
}

/**
 * A top-level array element as Jackson serialises org.json's own objects: `JSONObject.NULL` has no
 * properties (`{ }`), a nested `JSONArray` is a bean whose only property is `isEmpty()`.
 */
function arrayElement(node: JsonNode): JsonNode {
  if (node === null) return new Map();
  if (Array.isArray(node)) return new Map([['empty', node.length === 0]]);
  if (node instanceof Map) return throughOrgJsonObject(node);
  return node;
}

/** `RegistrationPacket.setFields` for one value. `null` is kept as null. */
export function tokeniseMosipValue(value: string | null | undefined): TokenisedValue {
  if (value == null) return { kept: true, value: null };
  let start = 0;
  while (start < value.length && isOrgJsonWhitespace(value[start] ?? '')) start++;
  const first = value[start];
  if (first === undefined || first === '\0') return { kept: false, reason: 'Missing value' };
  // Jackson re-reads an object from the start of the string and only skips JSON whitespace.
  if (first === '{' && !/^[ \t\n\r]*$/.test(value.slice(0, start))) {
    return { kept: false, reason: 'Illegal character before the object' };
  }
  if (first === '{' || first === '[') {
    let parsed: JsonNode;
    try {
      // org.json rejects duplicate keys; Jackson ignores what follows the first value.
      parsed = parseJsonPrefix(value, start, { rejectDuplicateKeys: true }).value;
    } catch (error) {
      if (error instanceof JsonSyntaxError) return { kept: false, reason: error.message };
      throw error;
    }
    if (parsed instanceof Map) return { kept: true, value: asJavaHashMap(parsed) };
    if (Array.isArray(parsed)) return { kept: true, value: parsed.map(arrayElement) };
  }
  if (first === '"' || first === "'") {
    return isWellFormedOrgJsonString(value, start + 1, first)
      ? { kept: true, value }
      : { kept: false, reason: 'Unterminated string' };
  }
  if (UNQUOTED_STOP_CHARACTERS.includes(first)) return { kept: false, reason: 'Missing value' };
  return { kept: true, value };
}

/**
 * `PacketReaderImpl.getAll` encoding of one ID.json value (what `/searchField(s)` return): numbers stay
 * numbers, strings lose one leading and one trailing `"`, anything else becomes pretty-printed JSON.
 */
export function toMosipFieldValue(node: JsonNode): string | number | null {
  if (node === null) return null;
  if (typeof node === 'number') return node;
  if (typeof node === 'bigint') return Number(node);
  if (typeof node === 'string') return node.replace(/^"|"$/g, '');
  return jacksonPrettyJson(node);
}

/** `PacketReaderImpl.getMetaInfo` encoding: pretty-printed JSON with the outer quotes stripped. */
export function toMosipMetaInfoValue(node: JsonNode): string | null {
  return node === null ? null : jacksonPrettyJson(node).replace(/^"|"$/g, '');
}
