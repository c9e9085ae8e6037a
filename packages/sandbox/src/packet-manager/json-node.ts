/**
 * JSON values as the Java side holds them: objects as Maps, so key order is explicit and survives
 * integer-like keys (which plain JavaScript objects move to the front); integers as `bigint` (Jackson's
 * Integer/Long/BigInteger, written back digit for digit); other numbers as `number` (Java `Double`).
 */
export type JsonNode = null | boolean | string | number | bigint | JsonNode[] | JsonObjectNode;
/** A JSON object whose Map order is the order Java would iterate or write it in. */
export type JsonObjectNode = Map<string, JsonNode>;

/** Text that is not (strict) JSON. */
export class JsonSyntaxError extends Error {
  override readonly name = 'JsonSyntaxError';
}

/** Parser options. */
export interface JsonParseOptions {
  /** org.json's `JSONObject` throws "Duplicate key"; Jackson keeps the last value. */
  rejectDuplicateKeys?: boolean;
}

/** Jackson's default `maxNestingDepth` (StreamReadConstraints, 2.15+). */
const MAX_DEPTH = 1000;
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

class Parser {
  constructor(
    private readonly text: string,
    public position: number,
    private readonly options: JsonParseOptions,
  ) {}

  fail(what: string): never {
    throw new JsonSyntaxError(`${what} at position ${this.position}`);
  }

  skipWhitespace(): void {
    while (/[ \t\n\r]/.test(this.text[this.position] ?? '')) this.position++;
  }

  value(depth: number): JsonNode {
    if (depth > MAX_DEPTH) this.fail('nesting too deep');
    this.skipWhitespace();
    const char = this.text[this.position];
    if (char === '{') return this.object(depth);
    if (char === '[') return this.array(depth);
    if (char === '"') return this.string();
    for (const [literal, result] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(literal, this.position)) {
        this.position += literal.length;
        return result;
      }
    }
    return this.number();
  }

  object(depth: number): JsonObjectNode {
    const result: JsonObjectNode = new Map();
    this.position++;
    this.skipWhitespace();
    if (this.text[this.position] === '}') {
      this.position++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.position] !== '"') this.fail('expected a string key');
      const key = this.string();
      if (this.options.rejectDuplicateKeys && result.has(key)) this.fail(`duplicate key "${key}"`);
      this.skipWhitespace();
      if (this.text[this.position] !== ':') this.fail("expected ':'");
      this.position++;
      result.set(key, this.value(depth + 1));
      this.skipWhitespace();
      const separator = this.text[this.position++];
      if (separator === '}') return result;
      if (separator !== ',') this.fail("expected ',' or '}'");
    }
  }

  array(depth: number): JsonNode[] {
    const result: JsonNode[] = [];
    this.position++;
    this.skipWhitespace();
    if (this.text[this.position] === ']') {
      this.position++;
      return result;
    }
    for (;;) {
      result.push(this.value(depth + 1));
      this.skipWhitespace();
      const separator = this.text[this.position++];
      if (separator === ']') return result;
      if (separator !== ',') this.fail("expected ',' or ']'");
    }
  }

  string(): string {
    let result = '';
    this.position++;
    for (;;) {
      const char = this.text[this.position++];
      if (char === undefined) this.fail('unterminated string');
      if (char === '"') return result;
      if (char < ' ') this.fail('control character in string');
      if (char !== '\\') {
        result += char;
        continue;
      }
      const escape = this.text[this.position++] ?? '';
      if (escape === 'u') {
        const hex = this.text.slice(this.position, this.position + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('bad unicode escape');
        result += String.fromCharCode(parseInt(hex, 16));
        this.position += 4;
      } else if (escape in ESCAPES) {
        result += ESCAPES[escape];
      } else {
        this.fail('bad escape');
      }
    }
  }

  number(): number | bigint {
    NUMBER.lastIndex = this.position;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail('unexpected character');
    this.position += match[0].length;
    return match[1] !== undefined || match[2] !== undefined ? Number(match[0]) : BigInt(match[0]);
  }
}

/** Parses the JSON value that starts at `start` (after whitespace) and ignores what follows it. */
export function parseJsonPrefix(
  text: string,
  start = 0,
  options: JsonParseOptions = {},
): { value: JsonNode; end: number } {
  const parser = new Parser(text, start, options);
  const value = parser.value(0);
  return { value, end: parser.position };
}

/** Parses a whole JSON document; only whitespace may follow the value. */
export function parseJsonDocument(text: string, options: JsonParseOptions = {}): JsonNode {
  const parser = new Parser(text, 0, options);
  const value = parser.value(0);
  parser.skipWhitespace();
  if (parser.position !== text.length) parser.fail('unexpected trailing content');
  return value;
}

/** A plain JavaScript value (objects, arrays, numbers) for code that does not care about Java details. */
export function jsonNodeToPlain(node: JsonNode): unknown {
  if (node instanceof Map) {
    return Object.fromEntries([...node].map(([key, value]) => [key, jsonNodeToPlain(value)]));
  }
  if (Array.isArray(node)) return node.map(jsonNodeToPlain);
  if (typeof node === 'bigint') return Number(node);
  return node;
}
