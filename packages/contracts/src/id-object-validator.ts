import { mandatoryAttributesFor, type IdSchema } from './id-schema.ts';
import { findSchemaViolations, matchesWhole, type SchemaViolation } from './id-schema-evaluator.ts';

/**
 * MOSIP's IdObjectValidator as the packet manager's `/validatePacket` runs it: the schema validator, then
 * (only when that passes) the reference validator.
 *
 * Sources:
 * - mosip/commons `kernel/kernel-idobjectvalidator/.../impl/IdObjectSchemaValidator.java` (error mapping,
 *   mandatory-attribute filter), `IdObjectCompositeValidator.java` (schema first, then reference);
 * - mosip/commons `kernel/kernel-core/.../idobjectvalidator/constant/IdObjectValidatorErrorConstant.java` (codes);
 * - mosip/mosip-ref-impl `kernel/kernel-ref-idobjectvalidator/.../impl/IdObjectReferenceValidator.java`
 *   (date of birth, languages), configured for the packet manager in mosip/mosip-config
 *   `packet-manager-default.properties` (`mosip.kernel.idobjectvalidator.referenceValidator`);
 * - mosip/packet-manager `commons-packet/commons-packet-manager/.../util/PacketValidator.java` and
 *   `IdObjectsSchemaValidationOperationMapper.java` (which fields are read, which list applies).
 *
 * How the mandatory attributes work (and why `UIN` does not break CRVS_NEW): the list
 * `mosip.kernel.idobjectvalidator.mandatory-attributes.reg-processor.<process>` never adds a requirement. It
 * only filters the "missing" errors that the schema's own `required` list produces: a missing field is
 * reported when the schema requires it and some group of the list names it. The seed schema does not
 * require `UIN`, so a packet without one passes for CRVS_NEW and for CRVS_DEATH alike, and an alternative
 * does not excuse a required field: with `dateOfBirth|age`, a schema-required `dateOfBirth` is still
 * reported when only `age` is present.
 *
 * MOSIP checks that the sandbox leaves out: masterdata values of fields with a `subType` (gender, locations,
 * document types). MOSIP schema keywords it ignores, so this module ignores too: `minimum`, `uniqueItems`,
 * `pattern`, `enum`, composition keywords, and `validators` written beside a `$ref` (see
 * `fieldValidatorsOnSimpleTypes` for a stricter opt-in).
 */

export const INVALID_INPUT_PARAMETER = {
  code: 'KER-IOV-004',
  message: 'Invalid input parameter - %s',
} as const;
export const MISSING_INPUT_PARAMETER = {
  code: 'KER-IOV-005',
  message: 'Missing input parameter - %s',
} as const;

/** One `ServiceError` of an IdObjectValidationFailedException, plus the path it names. */
export interface IdObjectError {
  code: typeof INVALID_INPUT_PARAMETER.code | typeof MISSING_INPUT_PARAMETER.code;
  /** `Invalid input parameter - identity/fullName/0/language` */
  message: string;
  /** `identity/fullName/0/language` */
  path: string;
}

export interface IdObjectValidationOptions {
  /** `mosip.mandatory-languages` plus `mosip.optional-languages`; when given, any other `language` is invalid. */
  languages?: readonly string[];
  /** Validation time; when given, a date of birth after that UTC day is invalid, as the reference validator does. */
  atEpochMs?: number;
  /** Groups of alternatives replacing `mandatoryAttributesFor(process)`, e.g. for MOSIP's NEW or LOST lists. */
  mandatoryAttributes?: readonly (readonly string[])[];
  /**
   * Also apply a simpleType field's own `validators` to each entry's `value` (a validator with `langCode` only
   * to entries of that language), as the registration client does at data entry. MOSIP's packet validation
   * never does this (the validators sit beside a `$ref`), so a sandbox that enables it rejects packets MOSIP
   * accepts. Off by default.
   */
  fieldValidatorsOnSimpleTypes?: boolean;
}

type JsonRecord = Record<string, unknown>;
const isRecord = (v: unknown): v is JsonRecord => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `mosip.kernel.idobjectvalidator.identity.dob-path` and `…date-format` (mosip-config application-default). */
const DOB_FIELD = 'dateOfBirth';
const STRICT_DOB = /^(\d{4})\/(\d{2})\/(\d{2})$/;

// StringUtils.strip(pointer, "/"): the path is the JSON pointer without its leading and trailing slashes.
const stripSlashes = (pointer: string) => pointer.replace(/^\/+|\/+$/g, '');

function errorAt(
  kind: typeof INVALID_INPUT_PARAMETER | typeof MISSING_INPUT_PARAMETER,
  path: string,
): IdObjectError {
  return { code: kind.code, message: kind.message.replace('%s', path), path };
}

/** `IdObjectSchemaValidator.getErrorList`, including its filter of missing fields by mandatory attributes. */
function schemaErrors(
  violations: SchemaViolation[],
  mandatory: readonly (readonly string[])[],
): IdObjectError[] {
  const errors: IdObjectError[] = [];
  for (const violation of violations) {
    if (violation.missing) {
      // Missing members of a definition (e.g. a simpleType entry without `value`) are always reported.
      const filtered = !violation.schemaPointer.includes('definitions') && mandatory.length > 0;
      for (const name of violation.missing) {
        if (filtered && !mandatory.some((group) => group.includes(name))) continue;
        errors.push(errorAt(MISSING_INPUT_PARAMETER, stripSlashes(`${violation.instancePointer}/${name}`)));
      }
    }
    for (const name of violation.unwanted ?? []) {
      errors.push(errorAt(INVALID_INPUT_PARAMETER, stripSlashes(`${violation.instancePointer}/${name}`)));
    }
    if (violation.keyword === 'type' || violation.keyword === 'validators') {
      errors.push(errorAt(INVALID_INPUT_PARAMETER, stripSlashes(violation.instancePointer)));
    }
  }
  return errors;
}

function simpleTypeValidatorErrors(identity: JsonRecord, schema: IdSchema): IdObjectError[] {
  const errors: IdObjectError[] = [];
  for (const field of schema.fields.values()) {
    const entries = identity[field.id];
    if (field.kind !== 'simpleType' || !Array.isArray(entries)) continue;
    entries.forEach((entry, index) => {
      if (!isRecord(entry) || typeof entry.value !== 'string') return;
      const applicable = field.validators.filter(
        (v) => v.type === 'regex' && (!v.langCode || v.langCode === entry.language),
      );
      if (applicable.some((v) => !matchesWhole(v.validator, entry.value as string))) {
        errors.push(errorAt(INVALID_INPUT_PARAMETER, `identity/${field.id}/${index}/value`));
      }
    });
  }
  return errors;
}

/** `LocalDate.parse(dob, uuuu/MM/dd, STRICT)`: four-digit year, two-digit month and day, a real calendar day. */
function parseStrictDate(text: string): number | null {
  const match = STRICT_DOB.exec(text);
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  const real =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? date.getTime() : null;
}

/** `IdObjectReferenceValidator.validateDateOfBirth` and `validateLanguage`. */
function referenceErrors(identity: JsonRecord, options: IdObjectValidationOptions): IdObjectError[] {
  const errors: IdObjectError[] = [];
  const dob = identity[DOB_FIELD];
  if (typeof dob === 'string') {
    const birth = parseStrictDate(dob);
    const today =
      options.atEpochMs === undefined ? undefined : Math.floor(options.atEpochMs / 86_400_000) * 86_400_000;
    if (birth === null || (today !== undefined && birth > today)) {
      errors.push(errorAt(INVALID_INPUT_PARAMETER, `identity/${DOB_FIELD}`));
    }
  }
  const languages = options.languages ?? [];
  if (languages.length === 0) return errors;
  // JsonPath `identity.*.*.language`: the `language` of every member of every array or object field.
  for (const [field, value] of Object.entries(identity)) {
    const members: [number | string, unknown][] = Array.isArray(value)
      ? [...value.entries()]
      : isRecord(value)
        ? Object.entries(value)
        : [];
    for (const [key, member] of members) {
      if (
        isRecord(member) &&
        Object.hasOwn(member, 'language') &&
        !languages.includes(member.language as string)
      ) {
        errors.push(errorAt(INVALID_INPUT_PARAMETER, `identity/${field}/${key}/language`));
      }
    }
  }
  return errors;
}

/** MOSIP can report one path twice (e.g. a wrong type that also fails a regex); it is one problem. */
function distinctByMessage(errors: IdObjectError[]): IdObjectError[] {
  const byMessage = new Map<string, IdObjectError>();
  for (const error of errors) if (!byMessage.has(error.message)) byMessage.set(error.message, error);
  return [...byMessage.values()];
}

/**
 * Validates the `identity` object of a packet against the ID schema for a process and returns MOSIP's errors
 * (empty when valid). Pass the object the packet manager builds (see `identityForValidatePacket`) to get
 * exactly what `/validatePacket` sees. When no mandatory-attribute list exists for the process, every missing
 * required field is reported; MOSIP itself fails with an internal error then, so callers should check
 * `mandatoryAttributesFor` first. Throws SchemaEvaluationError when the schema itself is unusable.
 */
export function validateIdObject(
  identity: Record<string, unknown>,
  schema: IdSchema,
  process: string,
  options: IdObjectValidationOptions = {},
): IdObjectError[] {
  const mandatory = options.mandatoryAttributes ?? mandatoryAttributesFor(process);
  const errors = schemaErrors(findSchemaViolations(schema.raw, { identity }), mandatory);
  if (options.fieldValidatorsOnSimpleTypes) errors.push(...simpleTypeValidatorErrors(identity, schema));
  // IdObjectCompositeValidator: the reference validator only runs when the schema validator passed.
  if (errors.length > 0) return distinctByMessage(errors);
  return distinctByMessage(referenceErrors(identity, options));
}

/**
 * The identity `/validatePacket` validates (`PacketValidator.validateSchema`): only schema fields stored in
 * the `id` subpacket (categories pvt, kyc, none) are read, null values are dropped, and `IDSchemaVersion` is
 * converted to a number (`convertIdSchemaToDouble=true`). Fields outside the schema therefore never reach the
 * validator in MOSIP, nor do evidence/optional fields.
 */
export function identityForValidatePacket(identity: Record<string, unknown>, schema: IdSchema): JsonRecord {
  const selected: JsonRecord = {};
  for (const [name, value] of Object.entries(identity)) {
    if (value == null || !schema.fields.get(name)?.subpackets.includes('id')) continue;
    const numeric = name === 'IDSchemaVersion' && typeof value === 'string' && value.trim() !== '';
    selected[name] = numeric && !Number.isNaN(Number(value)) ? Number(value) : value;
  }
  return selected;
}
