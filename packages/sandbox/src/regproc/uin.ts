/**
 * MOSIP UIN rules: the kernel generator's filters, the kernel validator and the Verhoeff check digit.
 *
 * Sources (mosip/commons master c30080f162):
 * - `kernel/kernel-idgenerator-service/src/main/java/io/mosip/kernel/uingenerator/util/UinFilterUtil.java`
 *   (the filters a generated UIN must pass);
 * - `kernel/kernel-idgenerator-service/src/main/java/io/mosip/kernel/uingenerator/generator/UinGeneratorImpl.java`
 *   (length-1 random digits, Verhoeff digit appended, filters applied to the whole UIN, pool lookup);
 * - `kernel/kernel-idvalidator-uin/src/main/java/io/mosip/kernel/idvalidator/uin/impl/UinValidatorImpl.java` and
 *   `.../constant/UinExceptionConstant.java` (validator checks, order, codes, messages);
 * - `kernel/kernel-core/src/main/java/io/mosip/kernel/core/util/ChecksumUtils.java` (Verhoeff).
 * Defaults: mosip/mosip-config master `application-default.properties`, section `## UIN`.
 *
 * The generator is stricter than the validator, so every generated UIN validates but not every valid UIN
 * could have been generated: the validator's sequence check does not wrap (9-0-1), its repeating check only
 * rejects runs of `repeatingLimit + 1` equal digits (`111`, not `11` or `1x1`), it hard-codes the 0/1
 * first-digit rule and it has no cyclic-number check.
 */

/** UIN rule settings, named after their MOSIP configuration properties. */
export interface UinRules {
  /** `mosip.kernel.uin.length`: digits including the Verhoeff digit. */
  length: number;
  /** `mosip.kernel.uin.length.sequence-limit`: a run of this many ascending or descending digits is rejected. */
  sequenceLimit: number;
  /** `mosip.kernel.uin.length.repeating-limit`: see `uinFilterRejection` and `validateUin` for the two readings. */
  repeatingLimit: number;
  /** `mosip.kernel.uin.length.repeating-block-limit`: a block of this many digits may not occur twice. */
  repeatingBlockLimit: number;
  /** `mosip.kernel.uin.length.conjugative-even-digits-limit`: this many adjacent digits from 2,4,6,8 are rejected. */
  conjugativeEvenDigitsLimit: number;
  /** `mosip.kernel.uin.length.digits-limit`: the first N digits may not equal the last N. */
  digitsGroupLimit: number;
  /** `mosip.kernel.uin.length.reverse-digits-limit`: the first N digits may not equal the last N reversed. */
  reverseDigitsGroupLimit: number;
  /** `mosip.kernel.uin.restricted-numbers`: substrings a UIN may not contain. */
  restrictedNumbers: readonly string[];
  /** `mosip.kernel.uin.not-start-with`: generator only; the validator hard-codes 0 and 1. */
  notStartWith: readonly string[];
}

/** MOSIP's default UIN rules (mosip/mosip-config master, `application-default.properties`). */
export const UIN_RULES: Readonly<UinRules> = Object.freeze({
  length: 10,
  sequenceLimit: 3,
  repeatingLimit: 2,
  repeatingBlockLimit: 2,
  conjugativeEvenDigitsLimit: 3,
  digitsGroupLimit: 5,
  reverseDigitsGroupLimit: 5,
  restrictedNumbers: Object.freeze(['786', '666']),
  notStartWith: Object.freeze(['0', '1']),
});

/** `UinFilterUtil.CYCLIC_NUM`: only those not longer than the UIN can match, i.e. 142857 for 10 digits. */
export const UIN_CYCLIC_NUMBERS: readonly string[] = Object.freeze([
  '142857',
  '0588235294117647',
  '052631578947368421',
  '0434782608695652173913',
  '0344827586206896551724137931',
  '0212765957446808510638297872340425531914893617',
  '0169491525423728813559322033898305084745762711864406779661',
  '016393442622950819672131147540983606557377049180327868852459',
  '010309278350515463917525773195876288659793814432989690721649484536082474226804123711340206185567',
]);

/** `UinExceptionConstant`: codes and messages as MOSIP writes them (typos included). */
export const UIN_VALIDATION_ERRORS = Object.freeze({
  empty: { code: 'KER-IDV-201', message: 'UIN should not be Empty or Null.' },
  sequenceOrRepetition: {
    code: 'KER-IDV-202',
    message:
      'UIN should not contain any sequential and repeated block of number as per configured or more than that digits and Admin ristricted numbers',
  },
  length: { code: 'KER-IDV-203', message: 'UIN length should be as per configured digit.' },
  nonDigits: { code: 'KER-IDV-204', message: 'UIN should not contain any alphanumeric characters.' },
  checksum: { code: 'KER-IDV-205', message: 'UIN should match checksum.' },
  startsWithZeroOrOne: {
    code: 'KER-IDV-206',
    message: 'UIN should not contain start with as per configured.',
  },
  reverseGroup: {
    code: 'KER-IDV-207',
    message:
      'UIN First configured no.of digits should be different from the reverse of last configured no. of digits',
  },
  equalGroup: {
    code: 'KER-IDV-208',
    message: 'UIN First configured no.of digits should be different from the last configured no.of digits',
  },
} as const);

export type UinValidation = { valid: true } | { valid: false; code: string; message: string };

/** The generator filter that rejected a candidate, in `UinFilterUtil.isValidId` order. */
export type UinFilterName =
  | 'sequence'
  | 'repeating'
  | 'repeatingBlock'
  | 'conjugativeEvenDigits'
  | 'digitsGroup'
  | 'reverseDigitsGroup'
  | 'restrictedNumber'
  | 'notStartWith'
  | 'length'
  | 'cyclicNumber';

// Verhoeff tables (dihedral group D5 multiplication, position permutation, inverse), as in ChecksumUtils.
const MULTIPLICATION = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
] as const;
const PERMUTATION = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
] as const;
const INVERSE = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9] as const;

const DIGITS = /^[0-9]+$/;

/** Runs the Verhoeff accumulator over the digits right to left; `offset` is 1 when computing a check digit. */
function verhoeffAccumulate(digits: string, offset: 0 | 1): number {
  let checksum = 0;
  for (let i = 0; i < digits.length; i++) {
    const digit = Number(digits[digits.length - 1 - i]);
    const permuted = PERMUTATION[(i + offset) % 8]?.[digit] ?? 0;
    checksum = MULTIPLICATION[checksum]?.[permuted] ?? 0;
  }
  return checksum;
}

/** The Verhoeff check digit for a digit string (`ChecksumUtils.generateChecksumDigit`). Throws on non-digits. */
export function verhoeffCheckDigit(digits: string): string {
  if (!DIGITS.test(digits)) throw new RangeError(`Verhoeff input must be digits, got "${digits}"`);
  return String(INVERSE[verhoeffAccumulate(digits, 1)]);
}

/** Whether a digit string ends in its Verhoeff check digit (`ChecksumUtils.validateChecksum`); false for non-digits. */
export function verhoeffValidate(num: string): boolean {
  return DIGITS.test(num) && verhoeffAccumulate(num, 0) === 0;
}

function containsSequence(uin: string, limit: number, ascending: string, descending: string): boolean {
  for (let i = 0; i + limit <= uin.length; i++) {
    const run = uin.slice(i, i + limit);
    if (ascending.includes(run) || descending.includes(run)) return true;
  }
  return false;
}

const firstEqualsLast = (uin: string, n: number) => uin.slice(0, n) === uin.slice(uin.length - n);
const firstEqualsLastReversed = (uin: string, n: number) =>
  uin.slice(0, n) === [...uin.slice(uin.length - n)].reverse().join('');
const containsRestricted = (uin: string, rules: UinRules) =>
  rules.restrictedNumbers.some((restricted) => uin.includes(restricted));
const repeatingBlock = (rules: UinRules) => new RegExp(`(\\d{${rules.repeatingBlockLimit},}).*?\\1`);
const conjugativeEven = (rules: UinRules) => new RegExp(`[2468]{${rules.conjugativeEvenDigitsLimit}}`);

/**
 * The first generator filter (`UinFilterUtil.isValidId`) that rejects a full UIN, or null when it passes.
 * Here the sequence check wraps around (`SEQ_ASC = "01234567890123456789"`) and the repeating check rejects a
 * digit that recurs within `repeatingLimit` places (`(\d)\d{0,limit-1}\1`: `11` and `1x1` for the default 2).
 * With the default rules the digits-group, reverse-group and cyclic-number filters never decide: a UIN they
 * would reject always fails an earlier filter (a repeated block, `xx`, or the `428` inside 142857).
 */
export function uinFilterRejection(uin: string, rules: UinRules = UIN_RULES): UinFilterName | null {
  if (containsSequence(uin, rules.sequenceLimit, '01234567890123456789', '98765432109876543210')) {
    return 'sequence';
  }
  if (new RegExp(`(\\d)\\d{0,${rules.repeatingLimit - 1}}\\1`).test(uin)) return 'repeating';
  if (repeatingBlock(rules).test(uin)) return 'repeatingBlock';
  if (conjugativeEven(rules).test(uin)) return 'conjugativeEvenDigits';
  if (firstEqualsLast(uin, rules.digitsGroupLimit)) return 'digitsGroup';
  if (firstEqualsLastReversed(uin, rules.reverseDigitsGroupLimit)) return 'reverseDigitsGroup';
  if (containsRestricted(uin, rules)) return 'restrictedNumber';
  if (rules.notStartWith.some((prefix) => uin.startsWith(prefix))) return 'notStartWith';
  if (uin.length !== rules.length) return 'length';
  if (UIN_CYCLIC_NUMBERS.some((cyclic) => cyclic.length <= uin.length && uin.includes(cyclic))) {
    return 'cyclicNumber';
  }
  return null;
}

const invalid = (error: { code: string; message: string }): UinValidation => ({ valid: false, ...error });

/**
 * Validates a UIN as `UinValidatorImpl.validateId` does, in its order: empty, length, digits, first digit
 * 0/1, sequence/repetition/block/even-digits/restricted (one code), checksum, reversed group, equal group.
 */
export function validateUin(uin: string | null | undefined, rules: UinRules = UIN_RULES): UinValidation {
  const errors = UIN_VALIDATION_ERRORS;
  if (uin == null || uin === '') return invalid(errors.empty);
  if (uin.length !== rules.length) return invalid(errors.length);
  if (!DIGITS.test(uin)) return invalid(errors.nonDigits);
  if (uin.startsWith('0') || uin.startsWith('1')) return invalid(errors.startsWithZeroOrOne);
  const rejected =
    containsSequence(uin, rules.sequenceLimit, '0123456789', '9876543210') ||
    new RegExp(`([0-9])\\1{${rules.repeatingLimit}}`).test(uin) ||
    repeatingBlock(rules).test(uin) ||
    conjugativeEven(rules).test(uin) ||
    containsRestricted(uin, rules);
  if (rejected) return invalid(errors.sequenceOrRepetition);
  if (!verhoeffValidate(uin)) return invalid(errors.checksum);
  if (firstEqualsLastReversed(uin, rules.reverseDigitsGroupLimit)) return invalid(errors.reverseGroup);
  if (firstEqualsLast(uin, rules.digitsGroupLimit)) return invalid(errors.equalGroup);
  return { valid: true };
}

export interface GenerateUinOptions {
  /** Returns `count` random decimal digits. Injected so tests and replays are deterministic. */
  randomDigits: (count: number) => string;
  /** Whether the UIN is already in the pool or issued (`UinService.uinExist`). */
  isTaken: (uin: string) => boolean;
  rules?: UinRules;
  /** Candidates to draw before giving up. About one random body in seventeen passes the default filters. */
  maxAttempts?: number;
}

export class UinGenerationError extends Error {
  override readonly name = 'UinGenerationError';
}

/**
 * Draws UINs the way `UinGeneratorImpl.generateId` does: `length - 1` random digits, the Verhoeff digit
 * appended, the whole UIN passed through the generator filters and the taken-check; retries until one passes.
 * Throws UinGenerationError after `maxAttempts` candidates, RangeError when `randomDigits` misbehaves.
 */
export function generateUin(options: GenerateUinOptions): string {
  const rules = options.rules ?? UIN_RULES;
  const maxAttempts = options.maxAttempts ?? 10_000;
  const bodyLength = rules.length - 1;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const body = options.randomDigits(bodyLength);
    if (body.length !== bodyLength || !DIGITS.test(body)) {
      throw new RangeError(`randomDigits(${bodyLength}) returned "${body}"`);
    }
    const uin = body + verhoeffCheckDigit(body);
    if (uinFilterRejection(uin, rules) === null && !options.isTaken(uin)) return uin;
  }
  throw new UinGenerationError(`no acceptable UIN after ${maxAttempts} candidates`);
}
