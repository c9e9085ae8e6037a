import { describe, expect, it } from 'vitest';
import { encodeRegistration, type EncodeResult } from './encode-registration.ts';
import type { RegistrationRequest } from './registration-request.ts';
import { birthRequest, NOW_MS, sandboxSchemaWith, settingsFor } from './test-fixtures.ts';

const birth = (fields: RegistrationRequest['fields'], extra: Partial<RegistrationRequest> = {}) =>
  encodeRegistration(
    birthRequest({ fields: { ...birthRequest().fields, ...fields }, ...extra }),
    settingsFor('CRVS_NEW'),
  );

const okFields = (result: EncodeResult) => {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.errors)}`);
  return result.fields;
};
const errorsOf = (result: EncodeResult) => (result.ok ? [] : result.errors.map((e) => [e.path, e.code]));

describe('simpleType fields', () => {
  it('gives a plain string the default language', () => {
    expect(okFields(birth({ fullName: 'Baby Doe' })).fullName).toBe(
      '[{"language":"eng","value":"Baby Doe"}]',
    );
    const french = encodeRegistration(birthRequest(), settingsFor('CRVS_NEW', { defaultLanguage: 'fra' }));
    expect(okFields(french).fullName).toBe('[{"language":"fra","value":"Baby Doe"}]');
  });

  it('encodes a {lang: value} map as one entry per language', () => {
    expect(okFields(birth({ gender: { eng: 'Female', fra: 'Féminin' } })).gender).toBe(
      '[{"language":"eng","value":"Female"},{"language":"fra","value":"Féminin"}]',
    );
  });

  it('passes an array of {language, value} through', () => {
    const value = [
      { language: 'fra', value: 'Ville' },
      { language: 'eng', value: 'Town' },
    ];
    const result = birth({ city: value });
    expect(JSON.parse(okFields(result).city!)).toEqual(value);
    expect(result.ok && result.identity.city).toEqual(value);
  });

  it('rejects unknown and repeated languages, empty values and wrong JSON types', () => {
    expect(errorsOf(birth({ gender: { eng: 'Female', deu: 'Weiblich' } }))).toEqual([
      ['fields.gender.deu', 'UNKNOWN_LANGUAGE'],
    ]);
    expect(
      errorsOf(
        birth({
          fullName: [
            { language: 'eng', value: 'Baby Doe' },
            { language: 'eng', value: 'Baby Dee' },
          ],
        }),
      ),
    ).toEqual([['fields.fullName.eng', 'DUPLICATE_LANGUAGE']]);
    expect(errorsOf(birth({ city: '  ' }))).toEqual([['fields.city', 'EMPTY_VALUE']]);
    expect(errorsOf(birth({ city: { fra: '' } }))).toEqual([['fields.city.fra', 'EMPTY_VALUE']]);
    expect(errorsOf(birth({ city: [] }))).toEqual([['fields.city', 'EMPTY_VALUE']]);
    expect(errorsOf(birth({ city: 7 }))).toEqual([['fields.city', 'INVALID_TYPE']]);
    expect(errorsOf(birth({ city: true }))).toEqual([['fields.city', 'INVALID_TYPE']]);
  });

  it('applies the field validators to each language value', () => {
    // fullName: ^(?=.{3,50}$).*
    expect(errorsOf(birth({ fullName: { eng: 'Baby Doe', fra: 'Al' } }))).toEqual([
      ['fields.fullName.fra', 'PATTERN_MISMATCH'],
    ]);
    expect(errorsOf(birth({ fullName: 'Al' }))).toEqual([['fields.fullName', 'PATTERN_MISMATCH']]);
  });

  it('applies a validator with a langCode only to that language', () => {
    const schema = sandboxSchemaWith((raw) => {
      raw.properties.identity.properties.city!.validators = [
        { type: 'regex', validator: '^[A-Z][a-z]+$', arguments: [], langCode: 'eng' },
      ];
    });
    const encode = (city: RegistrationRequest['fields'][string]) =>
      encodeRegistration(
        birthRequest({ fields: { ...birthRequest().fields, city } }),
        settingsFor('CRVS_NEW', { schema }),
      );
    expect(encode({ eng: 'Capital', fra: 'ville 2' }).ok).toBe(true);
    expect(errorsOf(encode({ eng: 'capital', fra: 'Ville' }))).toEqual([
      ['fields.city.eng', 'PATTERN_MISMATCH'],
    ]);
  });
});

describe('date fields', () => {
  it('turns ISO dates into yyyy/MM/dd, leap days included', () => {
    expect(okFields(birth({ dateOfBirth: '2024-02-29' })).dateOfBirth).toBe('2024/02/29');
    expect(okFields(birth({ dateOfBirth: '2024-06-15' })).dateOfBirth).toBe('2024/06/15');
  });

  it('rejects impossible dates, other formats and a future date of birth', () => {
    for (const bad of ['2023-02-30', '2023/02/01', '2023-2-1', '01-02-2023', '2024-06-16', '2023-13-01']) {
      expect(errorsOf(birth({ dateOfBirth: bad })), bad).toEqual([['fields.dateOfBirth', 'INVALID_DATE']]);
    }
    expect(errorsOf(birth({ dateOfBirth: 20230201 }))).toEqual([['fields.dateOfBirth', 'INVALID_TYPE']]);
  });

  it('compares with the UTC day of the validation time, as MOSIP does', () => {
    const lateEvening = Date.UTC(2024, 5, 15, 23, 59, 59);
    const result = encodeRegistration(birthRequest(), settingsFor('CRVS_NEW', { nowMs: lateEvening }));
    expect(result.ok).toBe(true);
    const next = encodeRegistration(
      birthRequest({ fields: { ...birthRequest().fields, dateOfBirth: '2024-06-16' } }),
      settingsFor('CRVS_NEW', { nowMs: lateEvening }),
    );
    expect(errorsOf(next)).toEqual([['fields.dateOfBirth', 'INVALID_DATE']]);
  });

  it('checks the schema validator after conversion (the seed regex starts in 1869)', () => {
    expect(errorsOf(birth({ dateOfBirth: '1800-01-01' }))).toEqual([
      ['fields.dateOfBirth', 'PATTERN_MISMATCH'],
    ]);
  });

  it('detects a date field by its validator regex and writes the configured format', () => {
    const schema = sandboxSchemaWith((raw) => {
      raw.properties.identity.properties.dateOfMarriage = {
        type: 'string',
        fieldCategory: 'pvt',
        validators: [{ type: 'regex', validator: '^\\d{4}/\\d{2}/\\d{2}$', arguments: [] }],
      };
    });
    const result = encodeRegistration(
      birthRequest({ fields: { ...birthRequest().fields, dateOfMarriage: '2020-01-31' } }),
      settingsFor('CRVS_NEW', { schema }),
    );
    expect(okFields(result).dateOfMarriage).toBe('2020/01/31');
    // A date in the future is fine for a field that is not a birth or death date.
    const later = encodeRegistration(
      birthRequest({ fields: { ...birthRequest().fields, dateOfMarriage: '2030-01-31' } }),
      settingsFor('CRVS_NEW', { schema, dateFormat: 'yyyy/MM/dd' }),
    );
    expect(okFields(later).dateOfMarriage).toBe('2030/01/31');
  });
});

describe('string, number and boolean fields', () => {
  it('keeps valid strings and checks their validators', () => {
    const fields = okFields(birth({ phone: '+1234567890', email: 'a.b@example.org', postalCode: 'AB123' }));
    expect(fields).toMatchObject({ phone: '+1234567890', email: 'a.b@example.org', postalCode: 'AB123' });
    expect(errorsOf(birth({ phone: '123', email: 'nope', postalCode: '1234' }))).toEqual([
      ['fields.phone', 'PATTERN_MISMATCH'],
      ['fields.email', 'PATTERN_MISMATCH'],
      ['fields.postalCode', 'PATTERN_MISMATCH'],
    ]);
  });

  it('rejects numbers for string fields rather than guessing', () => {
    expect(errorsOf(birth({ phone: 1234567890 }))).toEqual([['fields.phone', 'INVALID_TYPE']]);
  });

  it('rejects strings MOSIP would drop or misread, and empty strings', () => {
    expect(errorsOf(birth({ introducerInfoToken: '{"sub":"x"}' }))).toEqual([
      ['fields.introducerInfoToken', 'UNENCODABLE_VALUE'],
    ]);
    expect(errorsOf(birth({ introducerInfoToken: '#token' }))).toEqual([
      ['fields.introducerInfoToken', 'UNENCODABLE_VALUE'],
    ]);
    expect(errorsOf(birth({ introducerInfoToken: '' }))).toEqual([
      ['fields.introducerInfoToken', 'EMPTY_VALUE'],
    ]);
    expect(okFields(birth({ introducerInfoToken: 'eyJhbGciOi.x.y' })).introducerInfoToken).toBe(
      'eyJhbGciOi.x.y',
    );
  });

  it('refuses IDSchemaVersion from the CRVS, whatever its value', () => {
    expect(errorsOf(birth({ IDSchemaVersion: 0.1 }))).toEqual([['fields.IDSchemaVersion', 'NOT_ALLOWED']]);
  });

  it('spells booleans as the string field expects', () => {
    const schema = sandboxSchemaWith((raw) => {
      raw.properties.identity.properties.isAdopted = { type: 'string', fieldCategory: 'pvt' };
      raw.properties.identity.properties.twin = {
        type: 'string',
        fieldCategory: 'pvt',
        validators: [{ type: 'regex', validator: '^(yes|no)$', arguments: [] }],
      };
      raw.properties.identity.properties.age = { type: 'number', fieldCategory: 'pvt' };
    });
    const result = encodeRegistration(
      birthRequest({ fields: { ...birthRequest().fields, isAdopted: false, twin: true } }),
      settingsFor('CRVS_NEW', { schema }),
    );
    expect(okFields(result)).toMatchObject({ isAdopted: 'false', twin: 'yes' });
    const wrong = encodeRegistration(
      birthRequest({ fields: { ...birthRequest().fields, age: '3' } }),
      settingsFor('CRVS_NEW', { schema }),
    );
    expect(errorsOf(wrong)).toEqual([['fields.age', 'INVALID_TYPE']]);
  });

  it('encodes numbers as text, which MOSIP keeps as a string and then rejects for a number field', () => {
    const schema = sandboxSchemaWith((raw) => {
      raw.properties.identity.properties.age = { type: 'number', fieldCategory: 'pvt' };
    });
    const result = encodeRegistration(
      birthRequest({ fields: { ...birthRequest().fields, age: 3 } }),
      settingsFor('CRVS_NEW', { schema }),
    );
    expect(result.ok ? [] : result.errors).toEqual([
      {
        path: 'fields.age',
        code: 'ID_OBJECT_INVALID',
        message: 'MOSIP packet validation would fail with KER-IOV-004 Invalid input parameter - identity/age',
      },
    ]);
  });
});

describe('fields MOSIP receives elsewhere', () => {
  it('refuses biometrics and documents in fields, and unknown fields', () => {
    expect(errorsOf(birth({ individualBiometrics: 'x', proofOfIdentity: 'x', nickname: 'Bee' }))).toEqual([
      ['fields.individualBiometrics', 'NOT_SUPPORTED'],
      ['fields.proofOfIdentity', 'INVALID_TYPE'],
      ['fields.nickname', 'UNKNOWN_FIELD'],
    ]);
  });

  it('is pure: the same input at the same time gives the same output', () => {
    const settings = settingsFor('CRVS_NEW', { nowMs: NOW_MS });
    expect(encodeRegistration(birthRequest(), settings)).toEqual(
      encodeRegistration(birthRequest(), settings),
    );
  });

  it('throws when the default language is not an allowed language (a configuration error)', () => {
    expect(() =>
      encodeRegistration(birthRequest(), settingsFor('CRVS_NEW', { defaultLanguage: 'ara' })),
    ).toThrow(RangeError);
  });
});
