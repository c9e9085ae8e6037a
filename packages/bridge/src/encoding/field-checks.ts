import { matchesWhole, type IdSchemaField } from '@crvs-mosip/contracts';
import { issue, type ValidationIssue } from './issues.ts';
import type { LanguageValue } from './registration-request.ts';

/**
 * Checks shared by the clean (`fields`) and raw (`rawFields`) encoders: dates, languages, validator regexes,
 * and the strings MOSIP's packet manager cannot carry.
 */

/** `mosip.kernel.idobjectvalidator.date-format=uuuu/MM/dd` (mosip/mosip-config application-default.properties). */
export const DEFAULT_DATE_FORMAT = 'yyyy/MM/dd';

/** What an encoder needs besides the schema field. */
export interface EncodeContext {
  /** Allowed language codes (`mosip.mandatory-languages` + `mosip.optional-languages`). */
  languages: readonly string[];
  /** Language given to a plain string sent for a simpleType field. */
  defaultLanguage: string;
  /** Date format of the schema, with the tokens `yyyy` (or `uuuu`), `MM` and `dd`. */
  dateFormat: string;
  /** Validation time (UTC epoch ms): dates after that UTC day are in the future. */
  nowMs: number;
}

/** A field encoded for `createPacket` (`value`) and as MOSIP will read it back into the identity (`decoded`). */
export type FieldResult =
  { ok: true; value: string; decoded: unknown } | { ok: false; issues: ValidationIssue[] };

/** Dates whose field ids MOSIP's CRVS docs name (dateOfBirth; CRVS death `deceasedDeclarationDate`). */
const DATE_FIELD_IDS = new Set(['dateOfBirth', 'deceasedDeclarationDate']);
/**
 * Dates that cannot lie in the future. MOSIP's reference validator rejects a future date of birth
 * (mosip/mosip-ref-impl `IdObjectReferenceValidator.validateDateOfBirth`); a death declared tomorrow is as wrong.
 */
const PAST_DATE_FIELD_IDS = new Set(['dateOfBirth', 'deceasedDeclarationDate']);
const DATE_FORMAT_TEXT = /[yu]{4}\/MM\/dd/;

function isDateValidator(pattern: string): boolean {
  try {
    return matchesWhole(pattern, '2000/01/31') && !matchesWhole(pattern, 'not a date');
  } catch {
    return false;
  }
}

/**
 * A string field holds a date when its id is a known date field, or a validator accepts `2000/01/31` but
 * not free text (MOSIP's date regexes), or a validator names the `yyyy/MM/dd` format.
 */
export function isDateField(field: IdSchemaField): boolean {
  if (field.kind !== 'string') return false;
  if (DATE_FIELD_IDS.has(field.id)) return true;
  return field.validators.some(
    (v) =>
      DATE_FORMAT_TEXT.test(`${v.validator} ${JSON.stringify(v.arguments)}`) ||
      (v.type === 'regex' && isDateValidator(v.validator)),
  );
}

interface CalendarDate {
  year: number;
  month: number;
  day: number;
  epochMs: number;
}

function calendarDate(year: number, month: number, day: number): CalendarDate | null {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  const real =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? { year, month, day, epochMs: date.getTime() } : null;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Parses `text` in a `yyyy`/`MM`/`dd` format; null unless it is a real calendar date. */
export function parseDate(text: string, format: string): CalendarDate | null {
  const order: ('y' | 'M' | 'd')[] = [];
  const token = (kind: 'y' | 'M' | 'd', digits: number) => {
    order.push(kind);
    return `(\\d{${digits}})`;
  };
  const source = format
    .split(/(yyyy|uuuu|MM|dd)/)
    .map((part) => {
      if (part === 'yyyy' || part === 'uuuu') return token('y', 4);
      if (part === 'MM') return token('M', 2);
      if (part === 'dd') return token('d', 2);
      return escapeRegex(part);
    })
    .join('');
  const match = new RegExp(`^${source}$`).exec(text);
  if (!match) return null;
  const part = (kind: 'y' | 'M' | 'd') => Number(match[order.indexOf(kind) + 1]);
  return calendarDate(part('y'), part('M'), part('d'));
}

/** Writes a calendar date in a `yyyy`/`MM`/`dd` format. */
export function formatDate(date: CalendarDate, format: string): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return format
    .replace(/yyyy|uuuu/, pad(date.year, 4))
    .replace('MM', pad(date.month, 2))
    .replace('dd', pad(date.day, 2));
}

/** INVALID_DATE when a past-only date field lies after the UTC day of `nowMs` (as MOSIP compares). */
export function futureDateIssue(
  field: IdSchemaField,
  date: CalendarDate,
  path: string,
  nowMs: number,
): ValidationIssue | null {
  const today = Math.floor(nowMs / 86_400_000) * 86_400_000;
  if (!PAST_DATE_FIELD_IDS.has(field.id) || date.epochMs <= today) return null;
  return issue(path, 'INVALID_DATE', `${field.id} may not be in the future`);
}

/**
 * PATTERN_MISMATCH when a value fails one of the field's regex validators (Java `matches()`: whole string).
 * With a language, only validators without `langCode` or with that `langCode` apply, as the registration
 * client applies them per language (mosip/registration-client `ValidationUtil`).
 */
export function patternIssue(
  field: IdSchemaField,
  value: string,
  path: string,
  language?: string,
): ValidationIssue | null {
  const failed = field.validators.find(
    (v) =>
      v.type === 'regex' &&
      (language === undefined || !v.langCode || v.langCode === language) &&
      !matchesWhole(v.validator, value),
  );
  if (!failed) return null;
  return issue(path, 'PATTERN_MISMATCH', `${field.id} does not match ${failed.validator}`);
}

/** `JSONTokener.nextClean` skips every char up to U+0020 except NUL. */
const isOrgJsonWhitespace = (char: string) => char > '\0' && char <= ' ';
/** Characters `JSONTokener.nextValue` cannot start a plain value with, or that start JSON syntax. */
const JSON_SYNTAX_START = new Set([...',:]}/\\"[{;=#\'', '\0']);

/**
 * UNENCODABLE_VALUE for a plain string the packet manager would not store as that string:
 * `RegistrationPacket.setFields` (mosip/packet-manager) tokenises each value with org.json; one starting with
 * `[` or `{` becomes an array/object, a quote starts a quoted token, and `/ # , ; = : ] }` make the tokeniser
 * throw, after which the field is silently dropped.
 */
export function unencodableIssue(field: IdSchemaField, value: string, path: string): ValidationIssue | null {
  const first = [...value].find((char) => !isOrgJsonWhitespace(char));
  if (first === undefined || !JSON_SYNTAX_START.has(first)) return null;
  return issue(
    path,
    'UNENCODABLE_VALUE',
    `${field.id} may not start with ${JSON.stringify(first)}: MOSIP's packet manager would drop or misread it`,
  );
}

/** EMPTY_VALUE for an empty or blank string. */
export function emptyIssue(field: IdSchemaField, value: string, path: string): ValidationIssue | null {
  return value.trim() === '' ? issue(path, 'EMPTY_VALUE', `${field.id} is empty`) : null;
}

/**
 * Checks the entries of a simpleType value: at least one, known and distinct languages, non-blank values,
 * validators per language. Paths name the language (`fields.fullName.fra`), or the index when it is blank.
 */
export function simpleTypeIssues(
  field: IdSchemaField,
  entries: readonly LanguageValue[],
  basePath: string,
  ctx: EncodeContext,
  pathPerEntry: boolean,
): ValidationIssue[] {
  if (entries.length === 0) return [issue(basePath, 'EMPTY_VALUE', `${field.id} has no language value`)];
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const path = pathPerEntry ? `${basePath}.${entry.language || index}` : basePath;
    if (!ctx.languages.includes(entry.language)) {
      issues.push(
        issue(
          path,
          'UNKNOWN_LANGUAGE',
          `${field.id}: language ${JSON.stringify(entry.language)} is not one of ${ctx.languages.join(', ')}`,
        ),
      );
    } else if (seen.has(entry.language)) {
      issues.push(issue(path, 'DUPLICATE_LANGUAGE', `${field.id}: language ${entry.language} appears twice`));
    }
    seen.add(entry.language);
    const problem =
      emptyIssue(field, entry.value, path) ?? patternIssue(field, entry.value, path, entry.language);
    if (problem) issues.push(problem);
  });
  return issues;
}

/** The stringified `[{"language","value"}]` MOSIP expects for a simpleType field, and its decoded form. */
export function simpleTypeResult(entries: readonly LanguageValue[]): FieldResult {
  const decoded = entries.map((e) => ({ language: e.language, value: e.value }));
  return { ok: true, value: JSON.stringify(decoded), decoded };
}
