import { describe, expect, it } from 'vitest';
import { DEMO_DEDUPE_SETTINGS, demoDedupeRuns, demographicKey, demographicKeys } from './demo-dedupe.ts';

const inLanguage = (language: string, value: string) => [{ language, value }];
const person = (fullName: string, gender = 'Female', dateOfBirth: string | null = '2024/01/31') => ({
  IDSchemaVersion: 0.1,
  fullName: inLanguage('eng', fullName),
  gender: inLanguage('eng', gender),
  ...(dateOfBirth === null ? {} : { dateOfBirth }),
});

describe('demographicKey', () => {
  it('is equal across name case and surrounding whitespace', () => {
    const key = demographicKey(person('Baby Doe'));
    expect(key).not.toBeNull();
    expect(demographicKey(person('  baby DOE\t'))).toBe(key);
    expect(demographicKey(person('BABY DOE'))).toBe(key);
  });

  it('differs when MOSIP compares differently: inner spaces, gender case, date, name', () => {
    const key = demographicKey(person('Baby Doe'));
    expect(demographicKey(person('Baby  Doe'))).not.toBe(key);
    expect(demographicKey(person('Baby Doe', 'female'))).not.toBe(key);
    expect(demographicKey(person('Baby Doe', 'Female', '2024/01/30'))).not.toBe(key);
    expect(demographicKey(person('Baby Roe'))).not.toBe(key);
  });

  it('trims like Java, which keeps a no-break space', () => {
    expect(demographicKey(person('\u00a0Baby Doe'))).not.toBe(demographicKey(person('Baby Doe')));
  });

  it('is null when the name, gender or date of birth is absent', () => {
    expect(demographicKey(person('Baby Doe', 'Female', null))).toBeNull();
    expect(demographicKey({ fullName: inLanguage('eng', 'Baby Doe'), dateOfBirth: '2024/01/31' })).toBeNull();
    expect(demographicKey({ gender: inLanguage('eng', 'Female'), dateOfBirth: '2024/01/31' })).toBeNull();
    expect(demographicKey({})).toBeNull();
  });
});

describe('demographicKeys', () => {
  it('gives one key per language, the first language first', () => {
    const identity = {
      fullName: [
        { language: 'eng', value: 'Baby Doe' },
        { language: 'fra', value: 'Bébé Doe' },
      ],
      gender: [
        { language: 'eng', value: 'Female' },
        { language: 'fra', value: 'Féminin' },
      ],
      dateOfBirth: '2024/01/31',
    };
    const keys = demographicKeys(identity);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(demographicKey(person('Baby Doe')));
    expect(JSON.parse(keys[1]!)).toEqual(['fra', 'BÉBÉ DOE', 'Féminin', '2024/01/31']);
  });

  it('uses the text "null" for a name missing in a language, as MOSIP StringBuilder does', () => {
    const identity = {
      fullName: inLanguage('eng', 'Baby Doe'),
      gender: [
        { language: 'eng', value: 'Female' },
        { language: 'fra', value: 'Féminin' },
      ],
      dateOfBirth: '2024/01/31',
    };
    expect(JSON.parse(demographicKeys(identity)[1]!)).toEqual(['fra', 'NULL', 'Féminin', '2024/01/31']);
  });

  it('concatenates several name fields without a separator, trimming values only when configured', () => {
    const identity = {
      firstName: inLanguage('eng', 'Baby '),
      lastName: inLanguage('eng', ' Doe'),
      gender: inLanguage('eng', 'Female'),
      dateOfBirth: '2024/01/31',
    };
    const nameFields = ['firstName', 'lastName'];
    expect(JSON.parse(demographicKey(identity, { nameFields })!)[1]).toBe('BABY  DOE');
    expect(JSON.parse(demographicKey(identity, { nameFields, trimValues: true })!)[1]).toBe('BABYDOE');
  });
});

describe('demoDedupeRuns (DemodedupeProcessor)', () => {
  it('skips infants below the applicant age limit with mosip-config values', () => {
    expect(DEMO_DEDUPE_SETTINGS).toEqual({
      applicantTypeAgeLimit: 5,
      infantDedupe: false,
      demographicDeduplicationEnabled: true,
    });
    expect(demoDedupeRuns(0)).toBe(false);
    expect(demoDedupeRuns(4)).toBe(false);
    expect(demoDedupeRuns(5)).toBe(true);
    expect(demoDedupeRuns(-1)).toBe(false);
  });

  it('follows the infant and enable switches', () => {
    expect(demoDedupeRuns(2, { ...DEMO_DEDUPE_SETTINGS, infantDedupe: true })).toBe(true);
    expect(demoDedupeRuns(30, { ...DEMO_DEDUPE_SETTINGS, demographicDeduplicationEnabled: false })).toBe(
      false,
    );
  });
});
