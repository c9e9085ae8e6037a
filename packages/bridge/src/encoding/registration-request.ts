import { createHash } from 'node:crypto';
import { z } from 'zod';
import { issue, type ValidationIssue } from './issues.ts';

/**
 * The body a CRVS posts to `POST /v1/registrations`: a clean JSON person, not MOSIP's stringified fields.
 * The bridge encodes it against the country's ID schema (see encode-registration.ts).
 */

/** One entry of a multilingual value, as in MOSIP's `simpleType`. */
export const languageValueSchema = z.strictObject({ language: z.string(), value: z.string() });
/** `{language, value}`. */
export type LanguageValue = z.infer<typeof languageValueSchema>;

/**
 * A field value: a plain string (a simpleType gets the default language; dates are ISO `YYYY-MM-DD`),
 * a `{ "<lang>": "<value>" }` map, an array of `{language, value}`, a number or a boolean.
 */
export const fieldValueSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(languageValueSchema),
  z.record(z.string(), z.string()),
]);
/** One value of `fields`. */
export type FieldValue = z.infer<typeof fieldValueSchema>;

/**
 * A document for a `documentType` field. `format` becomes the file extension inside the packet zip
 * (`{field}.{format}`, packet-manager `PacketWriterImpl.createSubpacket`), so it is kept to letters/digits.
 */
export const requestDocumentSchema = z.strictObject({
  format: z.string().regex(/^[A-Za-z0-9]{1,16}$/, 'format must be 1-16 letters or digits, e.g. pdf'),
  type: z.string().min(1).max(128),
  value: z.base64().min(1),
  refNumber: z.string().min(1).max(128).optional(),
});
/** One entry of `documents`. */
export type RequestDocument = z.infer<typeof requestDocumentSchema>;

/** Who MOSIP notifies (workflow-instance `notificationInfo`). */
export const notificationSchema = z.strictObject({
  name: z.string().min(1).max(256).optional(),
  email: z.string().min(1).max(256).optional(),
  phone: z.string().min(1).max(64).optional(),
});

/** birth → `CRVS_NEW`, death → `CRVS_DEATH`, update → `CRVS_UPDATE` (process names are configuration). */
export const REGISTRATION_TYPES = ['birth', 'death', 'update'] as const;
/** The kind of civil-registration event. */
export type RegistrationType = (typeof REGISTRATION_TYPES)[number];

/** The registration request. Unknown top-level keys are rejected, so a misspelt key is never silently lost. */
export const registrationRequestSchema = z.strictObject({
  requestId: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9._:-]+$/, 'requestId may contain only letters, digits and . _ : -'),
  type: z.enum(REGISTRATION_TYPES),
  fields: z.record(z.string(), fieldValueSchema),
  rawFields: z.record(z.string(), z.string()).optional(),
  notification: notificationSchema.optional(),
  officerId: z.string().min(1).max(128).optional(),
  documents: z.record(z.string(), requestDocumentSchema).optional(),
});
/** A parsed registration request. */
export type RegistrationRequest = z.infer<typeof registrationRequestSchema>;

const FIELD_VALUE_EXPECTED =
  'must be a string, a {"<language>": "<value>"} map, an array of {language, value}, a number or a boolean';

/** Maps one zod issue to ours; values of `fields`/`rawFields` are type problems of that field. */
function toIssues(zodIssue: z.core.$ZodIssue): ValidationIssue[] {
  const path = zodIssue.path.map(String);
  const joined = path.join('.');
  if (zodIssue.code === 'unrecognized_keys') {
    return zodIssue.keys.map((key) =>
      issue([...path, key].join('.'), 'INVALID_REQUEST', `unknown key ${key}`),
    );
  }
  if (path[0] === 'fields' && path.length >= 2) {
    return [issue(`fields.${path[1]}`, 'INVALID_TYPE', `${path[1]} ${FIELD_VALUE_EXPECTED}`)];
  }
  if (path[0] === 'rawFields' && path.length >= 2) {
    return [
      issue(`rawFields.${path[1]}`, 'INVALID_TYPE', `${path[1]} must be a string (MOSIP's encoded value)`),
    ];
  }
  return [issue(joined || '(body)', 'INVALID_REQUEST', zodIssue.message)];
}

/** Parses an untrusted body, naming every problem. */
export function parseRegistrationRequest(
  body: unknown,
): { ok: true; request: RegistrationRequest } | { ok: false; errors: ValidationIssue[] } {
  const result = registrationRequestSchema.safeParse(body);
  if (result.success) return { ok: true, request: result.data };
  return { ok: false, errors: result.error.issues.flatMap(toIssues) };
}

/** JSON with object keys sorted at every level (arrays keep their order), for hashing. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * SHA-256 hex of the canonical JSON of a request. Idempotency: the same `requestId` with the same hash is
 * the same registration; with a different hash it is a conflict (409). Key order does not matter.
 */
export function canonicalRequestHash(request: RegistrationRequest): string {
  return createHash('sha256').update(canonicalJson(request), 'utf8').digest('hex');
}
