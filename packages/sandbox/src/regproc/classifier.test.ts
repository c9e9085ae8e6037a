import { describe, expect, it } from 'vitest';
import {
  ageGroupTag,
  applicantAge,
  ClassifierError,
  operationsTags,
  TAG_VALUE_NOT_AVAILABLE,
} from './classifier.ts';

const at = (iso: string) => Date.parse(iso);

describe('applicantAge (Utility.calculateAge)', () => {
  it('counts whole years to the UTC day of the given time', () => {
    expect(applicantAge('2019/06/15', null, at('2025-06-14T23:59:59Z'))).toBe(5);
    expect(applicantAge('2019/06/15', null, at('2025-06-15T00:00:00Z'))).toBe(6);
  });

  it('lets a 29 February child age on 1 March in common years, like java.time.Period', () => {
    expect(applicantAge('2020/02/29', null, at('2021-02-28T12:00:00Z'))).toBe(0);
    expect(applicantAge('2020/02/29', null, at('2021-03-01T12:00:00Z'))).toBe(1);
    expect(applicantAge('2020/02/29', null, at('2024-02-28T12:00:00Z'))).toBe(3);
    expect(applicantAge('2020/02/29', null, at('2024-02-29T12:00:00Z'))).toBe(4);
  });

  it('parses leniently like SimpleDateFormat: 2019/02/30 is 2 March', () => {
    expect(applicantAge('2019/02/30', null, at('2020-03-01T00:00:00Z'))).toBe(0);
    expect(applicantAge('2019/02/30', null, at('2020-03-02T00:00:00Z'))).toBe(1);
  });

  it('falls back to the age field, then to -1', () => {
    expect(applicantAge(null, 4, 0)).toBe(4);
    expect(applicantAge(undefined, '17', 0)).toBe(17);
    expect(applicantAge('2024/01/01', 40, at('2025-01-01T00:00:00Z'))).toBe(1);
    expect(applicantAge(null, null, 0)).toBe(-1);
  });

  it('fails like MOSIP on an unparsable date or a non-integer age', () => {
    expect(() => applicantAge('2019-06-15', null, 0)).toThrow(ClassifierError);
    expect(() => applicantAge(null, '4.5', 0)).toThrow(/not an integer/);
  });
});

describe('ageGroupTag (AgeGroupTagGenerator with the CRVS ranges)', () => {
  it.each([
    ['2019/06/15', '2025-06-14T10:00:00Z', 'INFANT'], // 5 years
    ['2019/06/15', '2025-06-15T10:00:00Z', 'MINOR'], // 6 years
    ['2020/02/29', '2026-02-28T10:00:00Z', 'INFANT'],
    ['2020/02/29', '2026-03-01T10:00:00Z', 'MINOR'],
    ['2007/06/15', '2025-06-14T10:00:00Z', 'MINOR'], // 17 years
    ['2007/06/15', '2025-06-15T10:00:00Z', 'ADULT'], // 18 years
    ['2025/06/15', '2025-06-15T10:00:00Z', 'INFANT'], // born today
    ['2025/12/01', '2025-06-15T10:00:00Z', 'INFANT'], // less than a year ahead counts as 0
  ])('born %s, classified at %s: %s', (dob, when, group) => {
    expect(ageGroupTag(dob, at(when))).toBe(group);
  });

  it('uses the age field when there is no date of birth', () => {
    expect(ageGroupTag(null, 0, 3)).toBe('INFANT');
    expect(ageGroupTag(null, 0, '6')).toBe('MINOR');
  });

  it('tags not-available without date of birth and age', () => {
    expect(ageGroupTag(null, 0)).toBe(TAG_VALUE_NOT_AVAILABLE);
    expect(TAG_VALUE_NOT_AVAILABLE).toBe('--TAG_VALUE_NOT_AVAILABLE--');
  });

  it('keeps MOSIP quirks for future dates and ages outside every range', () => {
    // Period years of -1 equal MOSIP's "no age" marker; below that no range matches (RPR-PCM-016).
    expect(ageGroupTag('2027/01/01', at('2025-06-15T00:00:00Z'))).toBe(TAG_VALUE_NOT_AVAILABLE);
    expect(() => ageGroupTag('2028/01/01', at('2025-06-15T00:00:00Z'))).toThrow(/RPR-PCM-016|age group/);
    expect(() => ageGroupTag(null, 0, 201)).toThrow(expect.objectContaining({ code: 'RPR-PCM-016' }));
  });

  it('accepts other range maps, like the code default', () => {
    const ranges = { CHILD: '0-17', ADULT: '18-59', SENIOR_CITIZEN: '60-200' };
    expect(ageGroupTag(null, 0, 60, ranges)).toBe('SENIOR_CITIZEN');
    expect(() => ageGroupTag(null, 0, 1, { INFANT: '0..5' })).toThrow(RangeError);
  });
});

describe('operationsTags (MetaInfoTagGenerator)', () => {
  it('tags officer and supervisor ids', () => {
    const tags = operationsTags([
      { label: 'officerId', value: 'crvs.officer' },
      { label: 'officerPassword', value: 'true' },
      { label: 'supervisorId', value: 'crvs.supervisor' },
    ]);
    expect(tags).toEqual({
      'META_INFO-OPERATIONS_DATA-officerId': 'crvs.officer',
      'META_INFO-OPERATIONS_DATA-supervisorId': 'crvs.supervisor',
    });
  });

  it('uses the not-available value for absent labels and null values', () => {
    expect(
      operationsTags([
        { label: 'officerId', value: 'crvs.officer' },
        { label: 'supervisorId', value: null },
      ]),
    ).toEqual({
      'META_INFO-OPERATIONS_DATA-officerId': 'crvs.officer',
      'META_INFO-OPERATIONS_DATA-supervisorId': TAG_VALUE_NOT_AVAILABLE,
    });
    expect(operationsTags([])['META_INFO-OPERATIONS_DATA-officerId']).toBe(TAG_VALUE_NOT_AVAILABLE);
  });

  it('keeps the last entry of a repeated label and honours other label lists', () => {
    const data = [
      { label: 'officerId', value: 'first' },
      { label: 'officerId', value: 'second' },
    ];
    expect(operationsTags(data, ['officerId'])).toEqual({ 'META_INFO-OPERATIONS_DATA-officerId': 'second' });
  });
});
