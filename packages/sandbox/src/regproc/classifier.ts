/**
 * Packet classifier tags: AGE_GROUP and the metaInfo operationsData tags.
 *
 * Sources (mosip/registration master ebf7ee8e6f, under `registration-processor/`):
 * - `pre-processor/registration-processor-packet-classifier-stage/.../tagging/impl/AgeGroupTagGenerator.java`;
 * - `pre-processor/registration-processor-packet-classifier-stage/.../tagging/impl/MetaInfoTagGenerator.java`;
 * - `registration-processor-info-storage-service/.../packet/storage/utils/Utility.java` (`getApplicantAge`,
 *   `calculateAge`);
 * - `registration-processor-core/.../exception/util/PlatformErrorMessages.java` (RPR-PCM-016, RPR-SYS-011).
 * Configuration: mosip/mosip-config master `registration-processor-default.properties`
 * (`mosip.regproc.packet.classifier.tagging.*`, `registration.processor.applicant.dob.format=yyyy/MM/dd`).
 */

/** `mosip.regproc.packet.classifier.tagging.agegroup.tag-name` */
export const AGE_GROUP_TAG = 'AGE_GROUP';
/** `mosip.regproc.packet.classifier.tagging.not-available-tag-value` */
export const TAG_VALUE_NOT_AVAILABLE = '--TAG_VALUE_NOT_AVAILABLE--';
/** `mosip.regproc.packet.classifier.tagging.agegroup.ranges`; bounds are inclusive whole years. */
export const CRVS_AGE_GROUP_RANGES: Readonly<Record<string, string>> = Object.freeze({
  INFANT: '0-5',
  MINOR: '6-17',
  ADULT: '18-200',
});
/** `mosip.regproc.packet.classifier.tagging.metainfo.operationsdata.tag-name-prefix` */
export const OPERATIONS_DATA_TAG_PREFIX = 'META_INFO-OPERATIONS_DATA-';
/** `mosip.regproc.packet.classifier.tagging.metainfo.operationsdata.tag-labels` */
export const OPERATIONS_DATA_TAG_LABELS: readonly string[] = Object.freeze(['officerId', 'supervisorId']);

/** A MOSIP error the classifier stage raises; the stage fails the packet with this code. */
export class ClassifierError extends Error {
  override readonly name = 'ClassifierError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/**
 * `new SimpleDateFormat("yyyy/MM/dd").parse(dob)`: lenient, so out-of-range parts roll over (2023/02/30 is
 * 2 March) and text after the day is ignored; anything else is RPR-SYS-011.
 */
function parseLenientDob(dateOfBirth: string): CalendarDate {
  const match = /^(\d+)\/(\d+)\/(\d+)/.exec(dateOfBirth);
  if (!match) throw new ClassifierError('RPR-SYS-011', `Error while parsing date ${dateOfBirth}`);
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

function utcCalendarDate(epochMs: number): CalendarDate {
  const date = new Date(epochMs);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** `Period.between(start, end).getYears()`: whole years, truncated toward zero, a short month not counted. */
function periodYears(start: CalendarDate, end: CalendarDate): number {
  let months = end.year * 12 + end.month - (start.year * 12 + start.month);
  const days = end.day - start.day;
  if (months > 0 && days < 0) months--;
  else if (months < 0 && days > 0) months++;
  return Math.trunc(months / 12);
}

/**
 * The applicant's age as `Utility.getApplicantAge` computes it: whole years from the date of birth to the
 * UTC day of `atEpochMs` when a date of birth exists, else the `age` field, else -1. MOSIP takes
 * `LocalDate.now()`, the day the stage runs, not the packet's creation date; pass the time the stage runs to
 * match it. A child born on 29 February turns one on 1 March of a common year.
 */
export function applicantAge(
  dateOfBirth: string | null | undefined,
  age: string | number | null | undefined,
  atEpochMs: number,
): number {
  if (dateOfBirth != null) return periodYears(parseLenientDob(dateOfBirth), utcCalendarDate(atEpochMs));
  if (age == null) return -1;
  const text = String(age).trim();
  // Integer.valueOf: a plain integer or NumberFormatException (the stage fails).
  if (!/^[+-]?\d+$/.test(text)) throw new ClassifierError('RPR-SYS-011', `age is not an integer: ${text}`);
  return Number(text);
}

function parseRange(group: string, range: string): [number, number] {
  const match = /^(\d+)-(\d+)$/.exec(range);
  if (!match) throw new RangeError(`age group ${group} has range "${range}", expected "<from>-<to>"`);
  return [Number(match[1]), Number(match[2])];
}

/**
 * The AGE_GROUP tag (`AgeGroupTagGenerator`): the first group whose inclusive range holds the applicant's
 * age; `--TAG_VALUE_NOT_AVAILABLE--` when the age is -1 (no date of birth, no age); ClassifierError
 * RPR-PCM-016 when no range holds it (e.g. a date of birth more than a year in the future).
 */
export function ageGroupTag(
  dateOfBirth: string | null | undefined,
  atEpochMs: number,
  age?: string | number | null,
  ranges: Readonly<Record<string, string>> = CRVS_AGE_GROUP_RANGES,
): string {
  const years = applicantAge(dateOfBirth, age, atEpochMs);
  if (years === -1) return TAG_VALUE_NOT_AVAILABLE;
  for (const [group, range] of Object.entries(ranges)) {
    const [from, to] = parseRange(group, range);
    if (years >= from && years <= to) return group;
  }
  throw new ClassifierError(
    'RPR-PCM-016',
    `Age Group Range Map configuration does not contain age group for given age Age: ${years}`,
  );
}

/**
 * The operationsData tags (`MetaInfoTagGenerator`): `META_INFO-OPERATIONS_DATA-<label>` for each configured
 * label, with the entry's value, or `--TAG_VALUE_NOT_AVAILABLE--` when no entry has the label. A later entry
 * with the same label wins, as in MOSIP's map. MOSIP copies a null value through as null; the sandbox tags it
 * as not available instead (what MOSIP does with a null tag afterwards was not traced).
 */
export function operationsTags(
  operationsData: ReadonlyArray<{ label?: unknown; value?: unknown }>,
  labels: readonly string[] = OPERATIONS_DATA_TAG_LABELS,
): Record<string, string> {
  const values = new Map<string, unknown>();
  for (const entry of operationsData) {
    if (typeof entry?.label === 'string') values.set(entry.label, entry.value);
  }
  const tags: Record<string, string> = {};
  for (const label of labels) {
    const value = values.get(label);
    tags[OPERATIONS_DATA_TAG_PREFIX + label] =
      typeof value === 'string' ? value : value == null ? TAG_VALUE_NOT_AVAILABLE : JSON.stringify(value);
  }
  return tags;
}
