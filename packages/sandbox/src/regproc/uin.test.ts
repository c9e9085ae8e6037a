import { describe, expect, it } from 'vitest';
import {
  generateUin,
  UIN_RULES,
  UinGenerationError,
  uinFilterRejection,
  validateUin,
  verhoeffCheckDigit,
  verhoeffValidate,
} from './uin.ts';

/** mulberry32: a small seeded generator so the generation tests are reproducible. */
function seededDigits(seed: number): (count: number) => string {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (count) => Array.from({ length: count }, () => String(Math.floor(next() * 10))).join('');
}

describe('Verhoeff', () => {
  it.each([
    ['236', '3'],
    ['12345', '1'],
    ['142857', '0'],
  ])('check digit of %s is %s', (digits, check) => {
    expect(verhoeffCheckDigit(digits)).toBe(check);
    expect(verhoeffValidate(digits + check)).toBe(true);
  });

  it('detects a changed digit and an adjacent transposition', () => {
    expect(verhoeffValidate('2364')).toBe(false);
    expect(verhoeffValidate('3263')).toBe(false);
  });

  it('rejects non-digits', () => {
    expect(() => verhoeffCheckDigit('12a')).toThrow(RangeError);
    expect(verhoeffValidate('')).toBe(false);
    expect(verhoeffValidate('23 63')).toBe(false);
  });
});

describe('validateUin (UinValidatorImpl)', () => {
  it('accepts the valid UINs of MOSIP own tests', () => {
    // kernel-idvalidator-uin test properties and kernel-idgenerator-service test properties.
    expect(validateUin('2013023805')).toEqual({ valid: true });
    expect(validateUin('3029384756')).toEqual({ valid: true });
  });

  it.each([
    [null, 'KER-IDV-201'],
    ['', 'KER-IDV-201'],
    ['201302380', 'KER-IDV-203'],
    ['20130238051', 'KER-IDV-203'],
    ['2A13023805', 'KER-IDV-204'],
    ['1013023805', 'KER-IDV-206'],
    ['0013023805', 'KER-IDV-206'],
    ['2013013805', 'KER-IDV-202'], // repeated block 01
    ['4567890123', 'KER-IDV-202'], // ascending run
    ['6543210987', 'KER-IDV-202'], // descending run
    ['3434343434', 'KER-IDV-202'],
    ['2013564809', 'KER-IDV-202'], // 648: three adjacent even digits
    ['2078603579', 'KER-IDV-202'], // restricted 786
    ['2013023800', 'KER-IDV-205'],
    ['2013003102', 'KER-IDV-207'], // 20130 is 20130 reversed from the end
  ])('rejects %s with %s (MOSIP test data where available)', (uin, code) => {
    const result = validateUin(uin);
    expect(result.valid).toBe(false);
    if (!result.valid) expect(result.code).toBe(code);
  });

  it('reports KER-IDV-208 when a wider repeating-block limit lets an equal first/last group through', () => {
    const result = validateUin('2001320013', { ...UIN_RULES, repeatingBlockLimit: 6 });
    expect(result).toMatchObject({
      valid: false,
      code: 'KER-IDV-208',
      message: 'UIN First configured no.of digits should be different from the last configured no.of digits',
    });
  });

  it('is more lenient than the generator, as MOSIP is', () => {
    // 2013003102 has "00": the generator filter rejects it, the validator only rejects three equal digits.
    expect(uinFilterRejection('2013003102')).toBe('repeating');
    expect(validateUin('2013003102')).toMatchObject({ code: 'KER-IDV-207' });
  });
});

describe('uinFilterRejection (UinFilterUtil)', () => {
  it.each([
    ['2901357924', 'sequence'], // 901 wraps around
    ['2925735914', 'repeating'], // 2x2
    ['2935702935', 'repeatingBlock'],
    ['3024815793', 'conjugativeEvenDigits'], // 248
    ['3078613579', 'restrictedNumber'],
    ['1302957394', 'notStartWith'],
    ['302913579', 'length'],
  ])('rejects %s by the %s filter', (uin, filter) => {
    expect(uinFilterRejection(uin)).toBe(filter);
  });

  it('reaches the filters that earlier default filters shadow when the rules are widened', () => {
    // With the defaults, an equal or mirrored 5-digit group always contains a repeated block or "xx",
    // and 142857 always contains 428, so these filters only fire under other settings.
    expect(uinFilterRejection('2013820138', { ...UIN_RULES, repeatingBlockLimit: 6 })).toBe('digitsGroup');
    expect(uinFilterRejection('2953793592', { ...UIN_RULES, reverseDigitsGroupLimit: 4 })).toBe(
      'reverseDigitsGroup',
    );
    expect(uinFilterRejection('3029142857', { ...UIN_RULES, conjugativeEvenDigitsLimit: 4 })).toBe(
      'cyclicNumber',
    );
  });

  it('passes the valid UIN of MOSIP filter test', () => {
    expect(uinFilterRejection('3029384756')).toBeNull();
  });
});

describe('generateUin', () => {
  it('generates 1000 distinct UINs from a seeded source that all validate and pass the filters', () => {
    const issued = new Set<string>();
    const randomDigits = seededDigits(20240229);
    for (let i = 0; i < 1000; i++) {
      const uin = generateUin({ randomDigits, isTaken: (candidate) => issued.has(candidate) });
      expect(uin).toMatch(/^[2-9][0-9]{9}$/);
      expect(validateUin(uin)).toEqual({ valid: true });
      expect(uinFilterRejection(uin)).toBeNull();
      issued.add(uin);
    }
    expect(issued.size).toBe(1000);
  });

  it('is deterministic for a given seed', () => {
    const first = generateUin({ randomDigits: seededDigits(7), isTaken: () => false });
    const second = generateUin({ randomDigits: seededDigits(7), isTaken: () => false });
    expect(first).toBe(second);
  });

  it('skips taken UINs and gives up after the attempt limit', () => {
    const body = '302938475';
    const uin = body + verhoeffCheckDigit(body);
    expect(uin).toBe('3029384756');
    expect(() => generateUin({ randomDigits: () => body, isTaken: () => true, maxAttempts: 5 })).toThrow(
      UinGenerationError,
    );
    expect(generateUin({ randomDigits: () => body, isTaken: () => false })).toBe(uin);
  });

  it('refuses a random source that returns the wrong number of digits', () => {
    expect(() => generateUin({ randomDigits: () => '12', isTaken: () => false })).toThrow(RangeError);
  });
});
