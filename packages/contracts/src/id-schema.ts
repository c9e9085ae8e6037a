import { CATEGORY_SUBPACKETS, type SubpacketName } from './packet.ts';

/**
 * Reader for MOSIP's identity schema (`master.identity_schema.schema_json`, JSON Schema draft-07 with
 * MOSIP's extensions `fieldCategory`, `fieldType`, `format`, `validators`, `bioAttributes`, `handle`).
 * Sources: mosip/admin-services `master-identity_schema.csv`; packet-manager `PacketWriterImpl` (categories).
 */
export type IdFieldKind =
  | 'simpleType'
  | 'documentType'
  | 'biometricsType'
  | 'string'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'object'
  | 'array';

export interface IdFieldValidator {
  type: string;
  validator: string;
  arguments: unknown[];
  langCode?: string | null;
}

export interface IdSchemaField {
  id: string;
  kind: IdFieldKind;
  /** Lower-cased; a missing category is `none`, as in the packet manager. */
  fieldCategory: string;
  fieldType: string;
  format: string;
  validators: IdFieldValidator[];
  bioAttributes: string[];
  handle: boolean;
  minimum?: number;
  required: boolean;
  /** Subpackets the packet manager writes this field to. Empty for an unknown category. */
  subpackets: readonly SubpacketName[];
}

export interface IdSchema {
  title: string;
  fields: ReadonlyMap<string, IdSchemaField>;
  required: readonly string[];
  /** The schema as parsed JSON, for re-serialising into `schemaJson`. */
  raw: Record<string, unknown>;
}

export class IdSchemaError extends Error {
  override readonly name = 'IdSchemaError';
}

const REF_KINDS: Record<string, IdFieldKind> = {
  '#/definitions/simpleType': 'simpleType',
  '#/definitions/documentType': 'documentType',
  '#/definitions/biometricsType': 'biometricsType',
};
const TYPE_KINDS = new Set<IdFieldKind>(['string', 'number', 'integer', 'boolean', 'object', 'array']);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses a schema given as the `schemaJson` string or as an object. Throws IdSchemaError naming the problem. */
export function parseIdSchema(input: string | Record<string, unknown>): IdSchema {
  let raw: unknown = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input);
    } catch (e) {
      throw new IdSchemaError(`schemaJson is not valid JSON: ${(e as Error).message}`);
    }
  }
  if (!isRecord(raw)) throw new IdSchemaError('schema must be a JSON object');
  const identity = isRecord(raw.properties) ? raw.properties.identity : undefined;
  if (!isRecord(identity) || !isRecord(identity.properties)) {
    throw new IdSchemaError('schema has no properties.identity.properties');
  }
  const required = Array.isArray(identity.required)
    ? identity.required.filter((r) => typeof r === 'string')
    : [];
  const fields = new Map<string, IdSchemaField>();
  for (const [id, def] of Object.entries(identity.properties)) {
    if (!isRecord(def)) throw new IdSchemaError(`field ${id} is not an object`);
    const ref = typeof def.$ref === 'string' ? def.$ref : undefined;
    let kind: IdFieldKind | undefined;
    if (ref) {
      kind = REF_KINDS[ref];
      if (!kind) throw new IdSchemaError(`field ${id} has unknown $ref ${ref}`);
    } else if (typeof def.type === 'string' && TYPE_KINDS.has(def.type as IdFieldKind)) {
      kind = def.type as IdFieldKind;
    } else {
      throw new IdSchemaError(`field ${id} has neither a known $ref nor a type`);
    }
    const fieldCategory = (typeof def.fieldCategory === 'string' ? def.fieldCategory : 'none').toLowerCase();
    const validators = Array.isArray(def.validators)
      ? def.validators.filter(isRecord).map((v) => ({
          type: typeof v.type === 'string' ? v.type : '',
          validator: typeof v.validator === 'string' ? v.validator : '',
          arguments: Array.isArray(v.arguments) ? v.arguments : [],
          langCode: typeof v.langCode === 'string' ? v.langCode : null,
        }))
      : [];
    fields.set(id, {
      id,
      kind,
      fieldCategory,
      fieldType: typeof def.fieldType === 'string' ? def.fieldType : 'default',
      format: typeof def.format === 'string' ? def.format : 'none',
      validators,
      bioAttributes: Array.isArray(def.bioAttributes) ? def.bioAttributes.map(String) : [],
      handle: def.handle === true,
      ...(typeof def.minimum === 'number' ? { minimum: def.minimum } : {}),
      required: required.includes(id),
      subpackets: CATEGORY_SUBPACKETS[fieldCategory] ?? [],
    });
  }
  return { title: typeof raw.title === 'string' ? raw.title : '', fields, required, raw };
}

/**
 * Compiles a MOSIP (Java) regex validator for JavaScript. Java allows a leading inline flag `(?i)`;
 * JavaScript does not, so it becomes the `i` flag. Inside a character class `(?i)` is literal in both.
 */
export function compileMosipRegex(pattern: string): RegExp {
  let flags = 'u';
  let source = pattern;
  const inline = /^\(\?([imsx]+)\)/.exec(source);
  if (inline?.[1]) {
    source = source.slice(inline[0].length);
    if (inline[1].includes('i')) flags += 'i';
    if (inline[1].includes('s')) flags += 's';
    if (inline[1].includes('m')) flags += 'm';
  }
  try {
    return new RegExp(source, flags);
  } catch {
    // Some Java classes are not valid with the `u` flag (e.g. unescaped `-` in odd places).
    return new RegExp(source, flags.replace('u', ''));
  }
}

/**
 * `mosip.kernel.idobjectvalidator.mandatory-attributes.reg-processor.<op>` (mosip-config,
 * application-default.properties). `a|b` means either satisfies. `crvs_update` has no MOSIP entry: an
 * UPDATE-category packet uses MOSIP's `other` list, which needs the UIN of the identity to change.
 */
export const MANDATORY_ATTRIBUTES: Readonly<Record<string, string>> = {
  crvs_new: 'IDSchemaVersion,UIN,fullName,dateOfBirth|age,gender,addressLine1,region,province,city,zone',
  crvs_death: 'IDSchemaVersion,UIN',
  crvs_update: 'IDSchemaVersion,UIN',
  opencrvs_new: 'IDSchemaVersion',
};

/** Splits a mandatory-attribute list into groups of alternatives. */
export function parseMandatoryAttributes(list: string): string[][] {
  return list
    .split(',')
    .map((group) =>
      group
        .split('|')
        .map((a) => a.trim())
        .filter(Boolean),
    )
    .filter((g) => g.length > 0);
}

/** The mandatory-attribute groups for a process (`CRVS_NEW` → `crvs_new`); empty when none configured. */
export function mandatoryAttributesFor(process: string): string[][] {
  const list = MANDATORY_ATTRIBUTES[process.toLowerCase()];
  return list ? parseMandatoryAttributes(list) : [];
}
