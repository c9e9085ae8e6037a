import { javaDoubleToString } from './java-number.ts';
import type { JsonNode } from './json-node.ts';

/**
 * `JsonUtils.javaObjectToJsonString` (mosip/commons, `kernel/kernel-core/src/main/java/io/mosip/kernel/
 * core/util/JsonUtils.java`): Jackson with `INDENT_OUTPUT`, i.e. `DefaultPrettyPrinter`. The packet manager
 * writes ID.json, packet_meta_info.json and audit.json with it, and re-serialises object values with it on
 * read (`/searchField`, `/metaInfo`). Its shape:
 *
 * - objects: `{`, each entry on its own line indented two spaces per level, `"key" : value`, `}` on its
 *   own line at the parent's indentation; empty `{ }`;
 * - arrays stay on one line: `[ a, b ]`, empty `[ ]`; an object inside starts after `[ ` and is indented
 *   from the array's level;
 * - line feed `\n` (the JVM's line separator on MOSIP's Linux images);
 * - strings escape `"`, `\` and control characters (`\b \t \n \f \r`, others `\u00XX` upper-case);
 * - integers digit for digit, doubles as `Double.toString`, non-finite doubles quoted (`"NaN"`).
 */

const NAMED_ESCAPES: Record<string, string> = {
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\f': '\\f',
  '\r': '\\r',
};

/** A JSON string literal as Jackson writes it. */
export function jacksonQuote(text: string): string {
  let result = '"';
  for (const char of text) {
    if (char === '"' || char === '\\') result += `\\${char}`;
    else if (char < ' ') {
      result +=
        NAMED_ESCAPES[char] ?? `\\u00${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
    } else result += char;
  }
  return `${result}"`;
}

function indentation(level: number): string {
  return `\n${'  '.repeat(level)}`;
}

function write(node: JsonNode, level: number): string {
  if (node === null) return 'null';
  if (typeof node === 'boolean') return String(node);
  if (typeof node === 'bigint') return node.toString();
  if (typeof node === 'number') {
    return Number.isFinite(node) ? javaDoubleToString(node) : `"${javaDoubleToString(node)}"`;
  }
  if (typeof node === 'string') return jacksonQuote(node);
  if (Array.isArray(node)) {
    if (node.length === 0) return '[ ]';
    return `[ ${node.map((item) => write(item, level)).join(', ')} ]`;
  }
  if (node.size === 0) return '{ }';
  const entries = [...node].map(
    ([key, value]) => `${indentation(level + 1)}${jacksonQuote(key)} : ${write(value, level + 1)}`,
  );
  return `{${entries.join(',')}${indentation(level)}}`;
}

/** Serialises like `JsonUtils.javaObjectToJsonString`; key order is the Map's order. */
export function jacksonPrettyJson(node: JsonNode): string {
  return write(node, 0);
}

/** `"{ \"identity\" : " + javaObjectToJsonString(map) + " } "` (`PacketWriterImpl.getIdentity`). */
export function wrapInIdentity(node: JsonNode): string {
  return `{ "identity" : ${jacksonPrettyJson(node)} } `;
}
