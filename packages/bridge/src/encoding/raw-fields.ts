import type { IdSchemaField } from '@crvs-mosip/contracts';
import { checkedString, refusedField } from './encode-field.ts';
import {
  futureDateIssue,
  isDateField,
  parseDate,
  patternIssue,
  simpleTypeIssues,
  type EncodeContext,
  type FieldResult,
} from './field-checks.ts';
import { issue, type ValidationIssue } from './issues.ts';
import type { LanguageValue } from './registration-request.ts';

/**
 * Raw mode: a country that already encodes MOSIP `fields` strings sends them in `rawFields`. They pass through
 * unchanged, but get the same checks as clean values so a raw value cannot smuggle in what MOSIP rejects.
 */

const fail = (...issues: ValidationIssue[]): FieldResult => ({ ok: false, issues });
const NUMBER_TEXT = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

function parseJson(value: string): { ok: true; json: unknown } | { ok: false } {
  try {
    return { ok: true, json: JSON.parse(value) as unknown };
  } catch {
    return { ok: false };
  }
}

const isLanguageValue = (entry: unknown): entry is LanguageValue =>
  typeof entry === 'object' &&
  entry !== null &&
  !Array.isArray(entry) &&
  Object.keys(entry).every((key) => key === 'language' || key === 'value') &&
  typeof (entry as Record<string, unknown>).language === 'string' &&
  typeof (entry as Record<string, unknown>).value === 'string';

function rawSimpleType(field: IdSchemaField, raw: string, path: string, ctx: EncodeContext): FieldResult {
  const parsed = parseJson(raw);
  if (!parsed.ok || !Array.isArray(parsed.json) || !parsed.json.every(isLanguageValue)) {
    return fail(
      issue(
        path,
        'INVALID_TYPE',
        `${field.id} must be a JSON array of {"language","value"} objects (simpleType)`,
      ),
    );
  }
  const entries = parsed.json;
  const issues = simpleTypeIssues(field, entries, path, ctx, true);
  return issues.length > 0 ? fail(...issues) : { ok: true, value: raw, decoded: entries };
}

function rawDate(field: IdSchemaField, raw: string, path: string, ctx: EncodeContext): FieldResult {
  const date = parseDate(raw, ctx.dateFormat);
  if (!date) {
    return fail(
      issue(
        path,
        'INVALID_DATE',
        `${field.id} must be an existing date as ${ctx.dateFormat}, got ${JSON.stringify(raw)}`,
      ),
    );
  }
  const problem = futureDateIssue(field, date, path, ctx.nowMs) ?? patternIssue(field, raw, path);
  return problem ? fail(problem) : { ok: true, value: raw, decoded: raw };
}

function rawJson(field: IdSchemaField, raw: string, path: string): FieldResult {
  const parsed = parseJson(raw);
  const json = parsed.ok ? parsed.json : undefined;
  const fits =
    field.kind === 'array'
      ? Array.isArray(json)
      : typeof json === 'object' && json !== null && !Array.isArray(json);
  if (!fits) return fail(issue(path, 'INVALID_TYPE', `${field.id} must be a JSON ${field.kind}`));
  return { ok: true, value: raw, decoded: json };
}

/** Checks one `rawFields` entry for a schema field; `path` is `rawFields.<id>`. */
export function checkRawField(
  field: IdSchemaField,
  raw: string,
  path: string,
  ctx: EncodeContext,
): FieldResult {
  const refused = refusedField(field, path);
  if (refused) return refused;
  switch (field.kind) {
    case 'simpleType':
      return rawSimpleType(field, raw, path, ctx);
    case 'documentType':
    case 'biometricsType':
      return fail(issue(path, 'INVALID_TYPE', `${field.id} cannot be sent here`));
    case 'string':
      return isDateField(field) ? rawDate(field, raw, path, ctx) : checkedString(field, raw, path);
    case 'number':
    case 'integer': {
      const valid = NUMBER_TEXT.test(raw) && (field.kind === 'number' || Number.isInteger(Number(raw)));
      if (!valid) {
        return fail(issue(path, 'INVALID_TYPE', `${field.id} must be a ${field.kind} written as text`));
      }
      // setFields keeps a number token as the original string.
      return { ok: true, value: raw, decoded: raw };
    }
    case 'boolean':
      return raw === 'true' || raw === 'false'
        ? { ok: true, value: raw, decoded: raw }
        : fail(issue(path, 'INVALID_TYPE', `${field.id} must be "true" or "false"`));
    case 'object':
    case 'array':
      return rawJson(field, raw, path);
  }
}
