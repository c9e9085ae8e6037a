/**
 * Demographic dedupe keys and the rule for when MOSIP runs demo dedupe at all.
 *
 * Sources (mosip/registration master ebf7ee8e6f, under `registration-processor/`):
 * - `registration-processor-info-storage-service/.../packet/storage/service/impl/PacketInfoManagerImpl.java`
 *   (`getIdentityKeysAndFetchValuesFromJSON`: name fields from identity-mapping `name`, plus dob and gender);
 * - `registration-processor-info-storage-service/.../packet/storage/mapper/PacketInfoMapper.java`
 *   (`converDemographicDedupeDtoToEntity`: one row per language, normalisation, hashing);
 * - `registration-processor-info-storage-service/.../packet/storage/dao/PacketInfoDao.java`
 *   (`getAllDemographicEntities`: equality on name, gender, dob and language);
 * - `core-processor/registration-processor-demo-dedupe-stage/.../demodedupe/DemoDedupe.java` (only matches whose
 *   RID already has a UIN count) and `DemodedupeProcessor.java` (the age rule in `demoDedupeRuns`).
 * Configuration: mosip/mosip-config master `identity-mapping.json` (`name` → fullName, `gender`, `dob` →
 * dateOfBirth), `registration-processor-default.properties`, `application-default.properties`.
 *
 * What MOSIP compares, per language: the name (the values of all name fields in that language concatenated,
 * then trimmed and upper-cased), the gender value in that language exactly as written (case matters), and
 * the date of birth string exactly as written. Inner whitespace of a name matters. Two packets are duplicates
 * when any language row matches and the earlier packet's RID has a UIN.
 */

export interface DemographicKeyOptions {
  /** identity-mapping `name` value split on commas. */
  nameFields?: readonly string[];
  /** identity-mapping `gender` value. */
  genderField?: string;
  /** identity-mapping `dob` value. */
  dobField?: string;
  /** `mosip.regproc.demo.dedupe.trim-whitespaces.simpleType-value` (false in mosip-config). */
  trimValues?: boolean;
}

/** The demo-dedupe switches of mosip-config and the age limit they depend on. */
export interface DemoDedupeSettings {
  /** `mosip.kernel.applicant.type.age.limit` (application-default: 5). */
  applicantTypeAgeLimit: number;
  /** `registration.processor.infant.dedupe` = Y (mosip-config: N). */
  infantDedupe: boolean;
  /** `mosip.registration.processor.demographic.deduplication.enable` (mosip-config: true). */
  demographicDeduplicationEnabled: boolean;
}

export const DEMO_DEDUPE_SETTINGS: Readonly<DemoDedupeSettings> = Object.freeze({
  applicantTypeAgeLimit: 5,
  infantDedupe: false,
  demographicDeduplicationEnabled: true,
});

/**
 * Whether `DemodedupeProcessor` compares demographics for an applicant of this age (see `applicantAge` in
 * classifier.ts): below the age limit only with infant dedupe on, otherwise when demo dedupe is enabled.
 * With mosip-config's values a CRVS_NEW infant aged 0–4 is never deduplicated; one aged 5 is.
 */
export function demoDedupeRuns(age: number, settings: DemoDedupeSettings = DEMO_DEDUPE_SETTINGS): boolean {
  return age < settings.applicantTypeAgeLimit
    ? settings.infantDedupe
    : settings.demographicDeduplicationEnabled;
}

interface LanguageValue {
  language: string;
  value: string;
}

/** Java `String.trim()`: removes leading and trailing characters up to U+0020 only (not U+00A0). */
function javaTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start++;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--;
  return text.slice(start, end);
}

function languageValues(field: unknown): LanguageValue[] {
  if (!Array.isArray(field)) return [];
  return field.filter(
    (entry): entry is LanguageValue =>
      typeof entry === 'object' &&
      entry !== null &&
      typeof (entry as LanguageValue).language === 'string' &&
      typeof (entry as LanguageValue).value === 'string',
  );
}

/** `PacketInfoMapper.getJsonValues`: the last entry in that language wins; null when none. */
function valueIn(entries: LanguageValue[], language: string, trim: boolean): string | null {
  let found: string | null = null;
  for (const entry of entries) {
    if (entry.language === language) found = trim ? javaTrim(entry.value) : entry.value;
  }
  return found;
}

/**
 * One dedupe key per language of the packet (languages in order of first appearance in the name fields,
 * then gender), in the form `["eng","JOHN DOE","Male","2024/01/31"]`. A language whose row lacks a gender
 * value or the packet lacks a date of birth gets no key: MOSIP would query with that attribute unconstrained,
 * which a key cannot express. As in MOSIP, a name field without a value in a language contributes the text
 * "null" to that language's name (`StringBuilder.append(null)`).
 */
export function demographicKeys(
  identity: Record<string, unknown>,
  options: DemographicKeyOptions = {},
): string[] {
  // Only name fields present in the packet take part (`getIdentityKeysAndFetchValuesFromJSON`).
  const nameFields = (options.nameFields ?? ['fullName'])
    .map((field) => languageValues(identity[field]))
    .filter((entries) => entries.length > 0);
  const gender = languageValues(identity[options.genderField ?? 'gender']);
  const dob = identity[options.dobField ?? 'dateOfBirth'];
  const trim = options.trimValues ?? false;
  if (typeof dob !== 'string') return [];
  const languages = [...new Set([...nameFields.flat(), ...gender].map((entry) => entry.language))];
  const keys: string[] = [];
  for (const language of languages) {
    const name = nameFields.map((entries) => valueIn(entries, language, trim) ?? 'null').join('');
    const normalisedName = javaTrim(name).toUpperCase();
    const genderValue = valueIn(gender, language, trim);
    if (normalisedName === '' || genderValue === null) continue;
    keys.push(JSON.stringify([language, normalisedName, genderValue, dob]));
  }
  return keys;
}

/**
 * The sandbox's single dedupe key: the key of the packet's first language (`demographicKeys`), or null when
 * the name, gender or date of birth is absent. Equal to MOSIP's comparison for single-language packets; for
 * several languages compare `demographicKeys` sets instead.
 */
export function demographicKey(
  identity: Record<string, unknown>,
  options: DemographicKeyOptions = {},
): string | null {
  return demographicKeys(identity, options)[0] ?? null;
}
