import type { IdSchemaField } from '@crvs-mosip/contracts';
import {
  emptyIssue,
  futureDateIssue,
  formatDate,
  isDateField,
  parseDate,
  patternIssue,
  simpleTypeIssues,
  simpleTypeResult,
  unencodableIssue,
  type EncodeContext,
  type FieldResult,
} from './field-checks.ts';
import { issue, type ValidationIssue } from './issues.ts';
import type { FieldValue, LanguageValue } from './registration-request.ts';

/**
 * Encodes one clean `fields` value into the string `createPacket` expects, driven by the schema field's kind.
 * Every `fields` value of a `PacketDto` is a string (mosip/packet-manager `PacketDto.fields`,
 * `Map<String,String>`); `RegistrationPacket.setFields` turns JSON arrays back into lists and keeps every
 * other value as the original string, which `decoded` mirrors.
 */

/** The fields MOSIP sets itself: `IDSchemaVersion` is written from `schemaVersion` by `PacketWriterImpl`. */
export const BRIDGE_SET_FIELDS = new Set(['IDSchemaVersion']);

/**
 * Booleans for string fields. `declaredAsDeceased` is `Y`/`N` (MOSIP docs, configurations-details.md; the MOSIP
 * test rig `CrvsIdJsonBuilder` sends "Y"). Otherwise the first spelling the field's validators accept.
 */
const TRUE_FALSE = ['true', 'false'] as const;
const BOOLEAN_SPELLINGS: readonly (readonly [string, string])[] = [TRUE_FALSE, ['Y', 'N'], ['yes', 'no']];

const fail = (...issues: ValidationIssue[]): FieldResult => ({ ok: false, issues });
const text = (value: string): FieldResult => ({ ok: true, value, decoded: value });

function describeValue(value: FieldValue): string {
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'a language map' : `a ${typeof value}`;
}

function typeIssue(field: IdSchemaField, value: FieldValue, path: string, expected: string): FieldResult {
  return fail(issue(path, 'INVALID_TYPE', `${field.id} must be ${expected}, got ${describeValue(value)}`));
}

function encodeSimpleType(
  field: IdSchemaField,
  value: FieldValue,
  path: string,
  ctx: EncodeContext,
): FieldResult {
  let entries: LanguageValue[];
  if (typeof value === 'string') entries = [{ language: ctx.defaultLanguage, value }];
  else if (Array.isArray(value)) entries = value;
  else if (typeof value === 'object') {
    entries = Object.entries(value).map(([language, text]) => ({ language, value: text }));
  } else {
    return typeIssue(field, value, path, 'a string, a {"<language>": "<value>"} map or [{language, value}]');
  }
  const issues = simpleTypeIssues(field, entries, path, ctx, typeof value !== 'string');
  return issues.length > 0 ? fail(...issues) : simpleTypeResult(entries);
}

function encodeDate(field: IdSchemaField, value: FieldValue, path: string, ctx: EncodeContext): FieldResult {
  if (typeof value !== 'string') return typeIssue(field, value, path, 'an ISO date string YYYY-MM-DD');
  const empty = emptyIssue(field, value, path);
  if (empty) return fail(empty);
  const date = parseDate(value, 'yyyy-MM-dd');
  if (!date) {
    return fail(
      issue(
        path,
        'INVALID_DATE',
        `${field.id} must be an existing date as YYYY-MM-DD, got ${JSON.stringify(value)}`,
      ),
    );
  }
  const future = futureDateIssue(field, date, path, ctx.nowMs);
  if (future) return fail(future);
  const encoded = formatDate(date, ctx.dateFormat);
  const mismatch = patternIssue(field, encoded, path);
  return mismatch ? fail(mismatch) : text(encoded);
}

function booleanSpelling(field: IdSchemaField, value: boolean): string {
  if (field.id === 'declaredAsDeceased') return value ? 'Y' : 'N';
  const pair =
    BOOLEAN_SPELLINGS.find(([yes, no]) => !patternIssue(field, yes, '') && !patternIssue(field, no, '')) ??
    TRUE_FALSE;
  return value ? pair[0] : pair[1];
}

/** A checked plain string: not empty, storable by the packet manager, matching the validators. */
export function checkedString(field: IdSchemaField, value: string, path: string): FieldResult {
  const problem = emptyIssue(field, value, path) ?? unencodableIssue(field, value, path);
  if (problem) return fail(problem);
  const mismatch = patternIssue(field, value, path);
  return mismatch ? fail(mismatch) : text(value);
}

function encodeString(field: IdSchemaField, value: FieldValue, path: string): FieldResult {
  if (typeof value === 'boolean') return checkedString(field, booleanSpelling(field, value), path);
  if (typeof value !== 'string') return typeIssue(field, value, path, 'a string');
  return checkedString(field, value, path);
}

function encodeNumber(field: IdSchemaField, value: FieldValue, path: string): FieldResult {
  const integer = field.kind === 'integer';
  if (typeof value !== 'number' || (integer && !Number.isInteger(value))) {
    return typeIssue(field, value, path, integer ? 'an integer' : 'a number');
  }
  return text(String(value));
}

/**
 * The refusals shared by `fields` and `rawFields`: fields the bridge sets itself, documents (they go in
 * `documents`) and biometrics (the bridge carries none). Null when the field may be sent as a value.
 */
export function refusedField(field: IdSchemaField, path: string): FieldResult | null {
  if (BRIDGE_SET_FIELDS.has(field.id)) {
    return fail(
      issue(path, 'NOT_ALLOWED', `${field.id} is set from the bridge's schemaVersion, not by the CRVS`),
    );
  }
  if (field.kind === 'documentType') {
    return fail(issue(path, 'INVALID_TYPE', `${field.id} is a document: send it in documents.${field.id}`));
  }
  if (field.kind === 'biometricsType') {
    return fail(
      issue(path, 'NOT_SUPPORTED', `${field.id} is a biometrics field; the bridge sends no biometrics`),
    );
  }
  return null;
}

/** Encodes one `fields` entry for a schema field; `path` is `fields.<id>`. */
export function encodeFieldValue(
  field: IdSchemaField,
  value: FieldValue,
  path: string,
  ctx: EncodeContext,
): FieldResult {
  const refused = refusedField(field, path);
  if (refused) return refused;
  switch (field.kind) {
    case 'simpleType':
      return encodeSimpleType(field, value, path, ctx);
    case 'documentType':
    case 'biometricsType':
      return fail(issue(path, 'INVALID_TYPE', `${field.id} cannot be sent here`));
    case 'string':
      return isDateField(field) ? encodeDate(field, value, path, ctx) : encodeString(field, value, path);
    case 'number':
    case 'integer':
      return encodeNumber(field, value, path);
    case 'boolean':
      return typeof value === 'boolean' ? text(String(value)) : typeIssue(field, value, path, 'a boolean');
    case 'object':
    case 'array':
      return fail(
        issue(
          path,
          'NOT_SUPPORTED',
          `${field.id} is a JSON ${field.kind}: send MOSIP's encoding in rawFields`,
        ),
      );
  }
}
