/**
 * Validation issues the bridge reports for a registration request. Every problem of a request is named at
 * once, each with the request path it concerns, so a CRVS can fix a record in one round trip.
 */

/** Every issue code with a one-line meaning. */
export const VALIDATION_ISSUE_CODES = {
  INVALID_REQUEST: 'The body does not have the shape of a registration request (or has an unknown key).',
  UNKNOWN_FIELD: 'The field is not in the ID schema.',
  INVALID_TYPE: 'The JSON type of the value does not fit the schema field (or the field goes elsewhere).',
  EMPTY_VALUE: 'The value is empty or blank; MOSIP would drop or reject it.',
  UNKNOWN_LANGUAGE: 'The language code is not one of the configured languages.',
  DUPLICATE_LANGUAGE: 'The same language appears twice in one multilingual value.',
  INVALID_DATE: 'Not a real calendar date in the expected format (or a date in the future).',
  PATTERN_MISMATCH: "The value does not match the schema field's validator regex.",
  UNENCODABLE_VALUE: "MOSIP's packet manager would drop or misread this string (leading JSON syntax).",
  NOT_ALLOWED: 'The field may not be sent for this registration type (or is set by the bridge).',
  NOT_SUPPORTED: 'The bridge does not carry this kind of field (biometrics) or the schema lacks it.',
  REQUIRED: 'A field required for this registration type is missing.',
  INVALID_UIN: 'The UIN is not a plausible national ID number (10 or more digits).',
  DUPLICATE_FIELD: 'The field is sent both in fields and in rawFields.',
  ID_OBJECT_INVALID: "MOSIP's ID object validation (KER-IOV-004) would reject the packet here.",
} as const;

/** One of `VALIDATION_ISSUE_CODES`. */
export type ValidationIssueCode = keyof typeof VALIDATION_ISSUE_CODES;

/** One problem of a request. */
export interface ValidationIssue {
  /** Request path, e.g. `fields.fullName`, `fields.fullName.fra`, `rawFields.gender`, `documents.proofOfIdentity`. */
  path: string;
  code: ValidationIssueCode;
  /** Human-readable, names the field and what was expected. */
  message: string;
}

/** Builds an issue. */
export function issue(path: string, code: ValidationIssueCode, message: string): ValidationIssue {
  return { path, code, message };
}

/** Where a field's value came from in the request. */
export type FieldOrigin = 'fields' | 'rawFields' | 'documents';

/** The schema field an issue path concerns (`fields.fullName.fra` → `fullName`), or undefined for top-level paths. */
export function fieldOfPath(path: string): string | undefined {
  const [origin, field] = path.split('.');
  return origin === 'fields' || origin === 'rawFields' || origin === 'documents' ? field : undefined;
}
