import {
  identityForValidatePacket,
  validateIdObject,
  type IdObjectError,
  type IdSchema,
  type PacketDocument,
} from '@crvs-mosip/contracts';
import { encodeDocuments } from './documents.ts';
import { encodeFieldValue } from './encode-field.ts';
import { DEFAULT_DATE_FORMAT, type EncodeContext, type FieldResult } from './field-checks.ts';
import { fieldOfPath, issue, type FieldOrigin, type ValidationIssue } from './issues.ts';
import { applyProcessRules, mandatoryGroupsFor } from './process-rules.ts';
import { checkRawField } from './raw-fields.ts';
import type { RegistrationRequest } from './registration-request.ts';

/** Configuration of the encoder, from the bridge's settings and the country's ID schema. */
export interface EncodeSettings {
  /** From `parseIdSchema(schemaJson)`. */
  schema: IdSchema;
  /** Allowed language codes. */
  languages: readonly string[];
  /** Language of a plain string sent for a simpleType field; must be one of `languages`. */
  defaultLanguage: string;
  /** MOSIP process, e.g. `CRVS_NEW`, `CRVS_DEATH`, `CRVS_UPDATE`; selects the mandatory attributes. */
  process: string;
  /** Date format of the schema (`mosip.kernel.idobjectvalidator.date-format`); default `yyyy/MM/dd`. */
  dateFormat?: string;
  /** Validation time (UTC epoch ms). */
  nowMs: number;
  /**
   * `PacketDto.schemaVersion`; when given, the returned identity carries `IDSchemaVersion` as the packet
   * manager writes it (`Double.valueOf`). Validation always assumes one, as the writer always adds it.
   */
  schemaVersion?: string;
}

/** A registration ready for `createPacket`. */
export interface EncodedRegistration {
  /** `PacketDto.fields`: every value a string, simpleTypes as stringified `[{"language","value"}]`. */
  fields: Record<string, string>;
  /** `PacketDto.documents`. */
  documents: Record<string, PacketDocument>;
  /** The identity MOSIP will hold (`ID.json` across subpackets): simpleTypes as arrays, documents as objects. */
  identity: Record<string, unknown>;
}

/** The encoded registration, or every problem found. */
export type EncodeResult = ({ ok: true } & EncodedRegistration) | { ok: false; errors: ValidationIssue[] };

interface Collected {
  fields: Record<string, string>;
  identity: Record<string, unknown>;
  present: Map<string, FieldOrigin>;
  issues: ValidationIssue[];
}

function collect(target: Collected, name: string, result: FieldResult): void {
  if (!result.ok) {
    target.issues.push(...result.issues);
    return;
  }
  target.fields[name] = result.value;
  target.identity[name] = result.decoded;
}

function encodeValues(request: RegistrationRequest, schema: IdSchema, ctx: EncodeContext): Collected {
  const out: Collected = { fields: {}, identity: {}, present: new Map(), issues: [] };
  for (const [name, value] of Object.entries(request.fields)) {
    const field = schema.fields.get(name);
    if (!field) {
      out.issues.push(issue(`fields.${name}`, 'UNKNOWN_FIELD', `${name} is not a field of the ID schema`));
      continue;
    }
    out.present.set(name, 'fields');
    collect(out, name, encodeFieldValue(field, value, `fields.${name}`, ctx));
  }
  for (const [name, raw] of Object.entries(request.rawFields ?? {})) {
    const path = `rawFields.${name}`;
    const field = schema.fields.get(name);
    if (!field) {
      out.issues.push(issue(path, 'UNKNOWN_FIELD', `${name} is not a field of the ID schema`));
    } else if (Object.hasOwn(request.fields, name)) {
      out.issues.push(issue(path, 'DUPLICATE_FIELD', `${name} is sent in both fields and rawFields`));
    } else {
      out.present.set(name, 'rawFields');
      collect(out, name, checkRawField(field, raw, path, ctx));
    }
  }
  return out;
}

/** The schema field named by a KER-IOV path (`identity/fullName/0/language` → `fullName`). */
const fieldOfIdObjectPath = (path: string) => path.split('/')[1] ?? '';

/** Maps MOSIP's ID object errors to issues, skipping fields whose problem was already named. */
function idObjectIssues(
  errors: readonly IdObjectError[],
  present: ReadonlyMap<string, FieldOrigin>,
  reported: ReadonlySet<string>,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const error of errors) {
    const field = fieldOfIdObjectPath(error.path);
    if (reported.has(field)) continue;
    const path = `${present.get(field) ?? 'fields'}.${field}`;
    const detail = `MOSIP packet validation would fail with ${error.code} ${error.message}`;
    if (error.code === 'KER-IOV-005') issues.push(issue(path, 'REQUIRED', `${field} is required: ${detail}`));
    else issues.push(issue(path, 'ID_OBJECT_INVALID', detail));
  }
  return issues;
}

/**
 * Validates a registration request against the ID schema and the rules of its type, and encodes it for
 * `createPacket`. Every problem is reported at once. Finally the would-be identity goes through MOSIP's
 * IdObjectValidator as `/validatePacket` runs it for `settings.process` (the packet validator stage,
 * mosip/packet-manager `PacketValidator.validateSchema`), so nothing MOSIP would reject there is accepted.
 * Throws when the settings are inconsistent (default language not allowed) or the schema is unusable.
 */
export function encodeRegistration(request: RegistrationRequest, settings: EncodeSettings): EncodeResult {
  const { schema, languages, defaultLanguage, nowMs } = settings;
  if (!languages.includes(defaultLanguage)) {
    throw new RangeError(
      `defaultLanguage ${defaultLanguage} is not one of the languages ${languages.join(', ')}`,
    );
  }
  const ctx: EncodeContext = {
    languages,
    defaultLanguage,
    nowMs,
    dateFormat: settings.dateFormat ?? DEFAULT_DATE_FORMAT,
  };
  const values = encodeValues(request, schema, ctx);
  const docs = encodeDocuments(request.documents, schema);
  for (const name of Object.keys(docs.documents)) values.present.set(name, 'documents');

  const rules = applyProcessRules({
    type: request.type,
    process: settings.process,
    schema,
    present: values.present,
    encoded: values.fields,
  });
  // NOT_ALLOWED says "remove this field"; other problems of that field's value would only distract.
  const removed = new Set(
    rules.issues.filter((i) => i.code === 'NOT_ALLOWED').map((i) => fieldOfPath(i.path)),
  );
  const issues = [
    ...values.issues.filter((i) => !removed.has(fieldOfPath(i.path))),
    ...docs.issues,
    ...rules.issues,
  ];
  const fields = { ...values.fields, ...rules.defaults };
  const identity: Record<string, unknown> = { ...values.identity, ...rules.defaults, ...docs.decoded };
  if (settings.schemaVersion !== undefined) identity.IDSchemaVersion = Number(settings.schemaVersion);

  const errors = validateIdObject(
    identityForValidatePacket({ IDSchemaVersion: 0, ...identity }, schema),
    schema,
    settings.process,
    { languages, atEpochMs: nowMs, mandatoryAttributes: mandatoryGroupsFor(request.type, settings.process) },
  );
  const reported = new Set(issues.map((i) => fieldOfPath(i.path) ?? ''));
  // A field sent but not encoded is missing from the identity; its own issue already explains why.
  for (const [name] of values.present) if (!(name in identity)) reported.add(name);
  issues.push(...idObjectIssues(errors, values.present, reported));

  if (issues.length > 0) return { ok: false, errors: issues };
  return { ok: true, fields, documents: docs.documents, identity };
}
