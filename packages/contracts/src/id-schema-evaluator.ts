import { compileMosipRegex } from './id-schema.ts';

/**
 * The part of JSON-schema validation whose failures MOSIP's IdObjectSchemaValidator turns into errors.
 *
 * MOSIP validates with com.github.fge json-schema-validator using its draft-04 library plus a `validators`
 * keyword (mosip/commons `kernel/kernel-idobjectvalidator/.../helper/IdObjectValidatorHelper.java`,
 * `ValidatorsKeywordValidator.java`). `IdObjectSchemaValidator.getErrorList` only maps three kinds of
 * failure to errors: a `required` failure (it has `missing`), an `additionalProperties` failure (it has
 * `unwanted`), and a failure of the `type` or `validators` keyword. Every other keyword (`minimum`,
 * `uniqueItems`, `pattern`, `enum`, `anyOf`, …) can fail without producing an error, so it is not evaluated
 * here. As in fge, a `$ref` replaces its whole node (fge-core `RefResolver`), so keywords written beside a
 * `$ref`, like the `validators` on MOSIP's simpleType fields, are never applied.
 */

export type SchemaKeyword = 'type' | 'validators' | 'required' | 'additionalProperties';

/** One keyword failure, shaped like the fge processing message MOSIP reads. */
export interface SchemaViolation {
  keyword: SchemaKeyword;
  /** JSON pointer into the validated document, e.g. `/identity/fullName/0`. */
  instancePointer: string;
  /** JSON pointer into the schema after `$ref` resolution, e.g. `/definitions/simpleType/items`. */
  schemaPointer: string;
  /** `required`: the absent property names, in the order of the schema's list. */
  missing?: string[];
  /** `additionalProperties`: the unexpected property names, sorted. */
  unwanted?: string[];
}

/** The schema itself is unusable (dangling or remote `$ref`, bad regex); MOSIP fails with an IO error. */
export class SchemaEvaluationError extends Error {
  override readonly name = 'SchemaEvaluationError';
}

type JsonRecord = Record<string, unknown>;
const isRecord = (v: unknown): v is JsonRecord => typeof v === 'object' && v !== null && !Array.isArray(v);

const MAX_REF_HOPS = 32;
const escapeToken = (token: string) => token.replaceAll('~', '~0').replaceAll('/', '~1');
const unescapeToken = (token: string) => token.replaceAll('~1', '/').replaceAll('~0', '~');

const fullMatchCache = new Map<string, RegExp>();

/** Java `Pattern.matcher(s).matches()`: the whole string must match. */
export function matchesWhole(pattern: string, text: string): boolean {
  let regex = fullMatchCache.get(pattern);
  if (!regex) {
    try {
      const compiled = compileMosipRegex(pattern);
      regex = new RegExp(`^(?:${compiled.source})$`, compiled.flags);
    } catch (e) {
      throw new SchemaEvaluationError(`validator regex ${pattern} does not compile: ${(e as Error).message}`);
    }
    fullMatchCache.set(pattern, regex);
  }
  return regex.test(text);
}

/** fge matches `patternProperties` keys with `find()` semantics, as RegExp.test does. */
function containsMatch(pattern: string, text: string): boolean {
  try {
    return compileMosipRegex(pattern).test(text);
  } catch (e) {
    throw new SchemaEvaluationError(
      `patternProperties regex ${pattern} does not compile: ${(e as Error).message}`,
    );
  }
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Jackson `JsonNode.asText()`, which `ValidatorsKeywordValidator` matches: empty for arrays and objects. */
function javaAsText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  return '';
}

function resolvePointer(root: JsonRecord, pointer: string): unknown {
  let node: unknown = root;
  for (const token of pointer.split('/').slice(1).map(unescapeToken)) {
    if (isRecord(node)) node = node[token];
    else if (Array.isArray(node)) node = node[Number(token)];
    else return undefined;
  }
  return node;
}

function resolveRefs(root: JsonRecord, schema: JsonRecord, pointer: string) {
  let node = schema;
  let nodePointer = pointer;
  for (let hops = 0; typeof node.$ref === 'string'; hops++) {
    const ref = node.$ref;
    if (hops >= MAX_REF_HOPS) throw new SchemaEvaluationError(`$ref loop at ${pointer}`);
    if (!ref.startsWith('#')) throw new SchemaEvaluationError(`only local $ref is supported, got ${ref}`);
    nodePointer = decodeURIComponent(ref.slice(1));
    const target = resolvePointer(root, nodePointer);
    if (!isRecord(target)) throw new SchemaEvaluationError(`dangling $ref ${ref}`);
    node = target;
  }
  return { node, nodePointer };
}

class Evaluator {
  readonly violations: SchemaViolation[] = [];
  constructor(private readonly root: JsonRecord) {}

  visit(schema: unknown, schemaPointer: string, instance: unknown, instancePointer: string): void {
    if (!isRecord(schema)) return;
    const { node, nodePointer } = resolveRefs(this.root, schema, schemaPointer);
    const report = (keyword: SchemaKeyword, extra: Partial<SchemaViolation> = {}) =>
      this.violations.push({ keyword, instancePointer, schemaPointer: nodePointer, ...extra });

    if (node.type !== undefined) {
      const allowed = (Array.isArray(node.type) ? node.type : [node.type]).filter(
        (t) => typeof t === 'string',
      );
      const actual = jsonType(instance);
      if (!allowed.some((t) => t === actual || (t === 'number' && actual === 'integer'))) report('type');
    }
    if (Array.isArray(node.validators)) {
      for (const validator of node.validators) {
        const regex = isRecord(validator) && validator.type === 'regex' ? validator.validator : undefined;
        if (typeof regex === 'string' && !matchesWhole(regex, javaAsText(instance))) report('validators');
      }
    }
    if (isRecord(instance)) this.visitObject(node, nodePointer, instance, instancePointer, report);
    if (Array.isArray(instance)) this.visitArray(node, nodePointer, instance, instancePointer);
  }

  private visitObject(
    node: JsonRecord,
    pointer: string,
    instance: JsonRecord,
    instancePointer: string,
    report: (keyword: SchemaKeyword, extra?: Partial<SchemaViolation>) => void,
  ): void {
    if (Array.isArray(node.required)) {
      const missing = node.required.filter(
        (r): r is string => typeof r === 'string' && !Object.hasOwn(instance, r),
      );
      if (missing.length > 0) report('required', { missing });
    }
    const properties = isRecord(node.properties) ? node.properties : {};
    const patterns = isRecord(node.patternProperties) ? Object.entries(node.patternProperties) : [];
    const unwanted: string[] = [];
    for (const [name, value] of Object.entries(instance)) {
      const childPointer = `${instancePointer}/${escapeToken(name)}`;
      let declared = false;
      if (Object.hasOwn(properties, name)) {
        declared = true;
        this.visit(properties[name], `${pointer}/properties/${escapeToken(name)}`, value, childPointer);
      }
      for (const [pattern, schema] of patterns) {
        if (!containsMatch(pattern, name)) continue;
        declared = true;
        this.visit(schema, `${pointer}/patternProperties/${escapeToken(pattern)}`, value, childPointer);
      }
      if (declared) continue;
      if (node.additionalProperties === false) unwanted.push(name);
      else this.visit(node.additionalProperties, `${pointer}/additionalProperties`, value, childPointer);
    }
    if (unwanted.length > 0) report('additionalProperties', { unwanted: unwanted.sort() });
  }

  private visitArray(node: JsonRecord, pointer: string, instance: unknown[], instancePointer: string): void {
    instance.forEach((item, index) => {
      const itemPointer = `${instancePointer}/${index}`;
      if (Array.isArray(node.items)) {
        const tuple = node.items as unknown[];
        const schema = index < tuple.length ? tuple[index] : node.additionalItems;
        const schemaPointer =
          index < tuple.length ? `${pointer}/items/${index}` : `${pointer}/additionalItems`;
        this.visit(schema, schemaPointer, item, itemPointer);
      } else {
        this.visit(node.items, `${pointer}/items`, item, itemPointer);
      }
    });
  }
}

/**
 * Evaluates `instance` against `rootSchema` (deep: children are checked even when their container fails,
 * as `JsonSchema.validate(instance, true)` does) and returns the failures MOSIP can report.
 * Throws SchemaEvaluationError when the schema cannot be used.
 */
export function findSchemaViolations(rootSchema: JsonRecord, instance: unknown): SchemaViolation[] {
  const evaluator = new Evaluator(rootSchema);
  evaluator.visit(rootSchema, '', instance, '');
  return evaluator.violations;
}
