import { describe, expect, it } from 'vitest';
import { encodeRegistration, type EncodeResult } from './encode-registration.ts';
import type { RegistrationRequest } from './registration-request.ts';
import { birthRequest, deathRequest, sandboxSchemaWith, settingsFor } from './test-fixtures.ts';

const errorsOf = (result: EncodeResult) => (result.ok ? [] : result.errors.map((e) => [e.path, e.code]));
const okFields = (result: EncodeResult) => {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.errors)}`);
  return result.fields;
};

describe('birth (CRVS_NEW)', () => {
  const settings = settingsFor('CRVS_NEW');
  const without = (...names: string[]) =>
    birthRequest({
      fields: Object.fromEntries(Object.entries(birthRequest().fields).filter(([k]) => !names.includes(k))),
    });

  it('requires the crvs_new mandatory attributes except UIN and IDSchemaVersion', () => {
    const empty = encodeRegistration(birthRequest({ fields: {} }), settings);
    expect(errorsOf(empty)).toEqual(
      ['fullName', 'dateOfBirth', 'gender', 'addressLine1', 'region', 'province', 'city', 'zone'].map((f) => [
        `fields.${f}`,
        'REQUIRED',
      ]),
    );
    expect(empty.ok ? '' : empty.errors[1]!.message).toBe('dateOfBirth is required for a birth');
  });

  it('accepts a birth with only the mandatory attributes, and an introducerInfoToken', () => {
    expect(encodeRegistration(birthRequest(), settings).ok).toBe(true);
    const withToken = birthRequest({ fields: { ...birthRequest().fields, introducerInfoToken: 'eyJ.a.b' } });
    expect(okFields(encodeRegistration(withToken, settings)).introducerInfoToken).toBe('eyJ.a.b');
  });

  it('refuses a UIN and the death fields', () => {
    const request = birthRequest({
      fields: { ...birthRequest().fields, UIN: '4918251037', declaredAsDeceased: true },
    });
    expect(errorsOf(encodeRegistration(request, settings))).toEqual([
      ['fields.UIN', 'NOT_ALLOWED'],
      ['fields.declaredAsDeceased', 'NOT_ALLOWED'],
    ]);
  });

  it('reports a refused field once, even when its value is also wrong', () => {
    const request = birthRequest({ fields: { ...birthRequest().fields, UIN: 4918251037 } });
    expect(errorsOf(encodeRegistration(request, settings))).toEqual([['fields.UIN', 'NOT_ALLOWED']]);
  });

  it('names all problems at once: six problems, six issues', () => {
    const request: RegistrationRequest = {
      requestId: 'crvs-event-6',
      type: 'birth',
      fields: {
        fullName: 'Al',
        dateOfBirth: '2023/02/01',
        gender: { deu: 'Weiblich' },
        addressLine1: '1 Main Street',
        region: 'Central',
        province: 'North',
        city: 'Capital',
        nickname: 'Bee',
        UIN: '4918251037',
      },
    };
    expect(errorsOf(encodeRegistration(request, settings))).toEqual([
      ['fields.fullName', 'PATTERN_MISMATCH'],
      ['fields.dateOfBirth', 'INVALID_DATE'],
      ['fields.gender.deu', 'UNKNOWN_LANGUAGE'],
      ['fields.nickname', 'UNKNOWN_FIELD'],
      ['fields.UIN', 'NOT_ALLOWED'],
      ['fields.zone', 'REQUIRED'],
    ]);
  });

  it('uses MOSIP crvs_new mandatory attributes when the configured process name has no list', () => {
    const custom = settingsFor('COUNTRY_BIRTH');
    expect(errorsOf(encodeRegistration(without('zone'), custom))).toEqual([['fields.zone', 'REQUIRED']]);
    expect(encodeRegistration(birthRequest(), custom).ok).toBe(true);
  });

  it('accepts age for dateOfBirth|age, but MOSIP still reports a schema-required dateOfBirth', () => {
    const schema = sandboxSchemaWith((raw) => {
      raw.properties.identity.properties.age = { type: 'number', fieldCategory: 'pvt' };
    });
    const withAge = settingsFor('CRVS_NEW', { schema });
    const neither = encodeRegistration(without('dateOfBirth'), withAge);
    expect(neither.ok ? [] : neither.errors.map((e) => e.message)).toEqual([
      'dateOfBirth or age is required for a birth',
    ]);
    const ageOnly = without('dateOfBirth');
    ageOnly.fields.age = 0;
    expect(errorsOf(encodeRegistration(ageOnly, withAge))).toEqual([
      ['fields.dateOfBirth', 'REQUIRED'],
      ['fields.age', 'ID_OBJECT_INVALID'],
    ]);
  });
});

describe('death (CRVS_DEATH)', () => {
  const settings = settingsFor('CRVS_DEATH');

  it('defaults declaredAsDeceased to Y', () => {
    const result = encodeRegistration(deathRequest(), settings);
    expect(okFields(result)).toEqual({ UIN: '4918251037', declaredAsDeceased: 'Y' });
    expect(result.ok && result.identity).toEqual({ UIN: '4918251037', declaredAsDeceased: 'Y' });
  });

  it('encodes the death fields', () => {
    const result = encodeRegistration(
      deathRequest({
        declaredAsDeceased: false,
        deceasedDeclarationDate: '2024-06-14',
        typeOfDeath: { eng: 'Natural', fra: 'Naturelle' },
        deceasedInformer: 'eyJ.informer.token',
      }),
      settings,
    );
    expect(okFields(result)).toEqual({
      UIN: '4918251037',
      declaredAsDeceased: 'N',
      deceasedDeclarationDate: '2024/06/14',
      typeOfDeath: '[{"language":"eng","value":"Natural"},{"language":"fra","value":"Naturelle"}]',
      deceasedInformer: 'eyJ.informer.token',
    });
  });

  it('requires a plausible UIN and only death fields', () => {
    expect(errorsOf(encodeRegistration({ ...deathRequest(), fields: {} }, settings))).toEqual([
      ['fields.UIN', 'REQUIRED'],
    ]);
    expect(errorsOf(encodeRegistration(deathRequest({ UIN: '12345' }), settings))).toEqual([
      ['fields.UIN', 'INVALID_UIN'],
    ]);
    expect(errorsOf(encodeRegistration(deathRequest({ UIN: 4918251037 }), settings))).toEqual([
      ['fields.UIN', 'INVALID_TYPE'],
    ]);
    expect(errorsOf(encodeRegistration(deathRequest({ fullName: 'John Doe' }), settings))).toEqual([
      ['fields.fullName', 'NOT_ALLOWED'],
    ]);
  });

  it('refuses a declaration date in the future and a bad Y/N', () => {
    expect(
      errorsOf(encodeRegistration(deathRequest({ deceasedDeclarationDate: '2024-06-16' }), settings)),
    ).toEqual([['fields.deceasedDeclarationDate', 'INVALID_DATE']]);
    expect(errorsOf(encodeRegistration(deathRequest({ declaredAsDeceased: 'yes' }), settings))).toEqual([
      ['fields.declaredAsDeceased', 'PATTERN_MISMATCH'],
    ]);
  });

  it('cannot declare a death when the schema has no declaredAsDeceased field', () => {
    const schema = settings.schema;
    const fields = new Map(schema.fields);
    fields.delete('declaredAsDeceased');
    const result = encodeRegistration(deathRequest(), { ...settings, schema: { ...schema, fields } });
    expect(errorsOf(result)).toEqual([['fields.declaredAsDeceased', 'NOT_SUPPORTED']]);
  });
});

describe('update (CRVS_UPDATE)', () => {
  const settings = settingsFor('CRVS_UPDATE');
  const update = (fields: RegistrationRequest['fields']): RegistrationRequest => ({
    requestId: 'crvs-update-1',
    type: 'update',
    fields,
  });

  it('needs the UIN and at least one change', () => {
    expect(
      okFields(encodeRegistration(update({ UIN: '4918251037', phone: '+1234567890' }), settings)),
    ).toEqual({
      UIN: '4918251037',
      phone: '+1234567890',
    });
    expect(errorsOf(encodeRegistration(update({ UIN: '4918251037' }), settings))).toEqual([
      ['fields', 'REQUIRED'],
    ]);
    expect(errorsOf(encodeRegistration(update({ phone: '+1234567890' }), settings))).toEqual([
      ['fields.UIN', 'REQUIRED'],
    ]);
  });

  it('counts a raw field or a document as a change, and refuses death fields', () => {
    const raw = { ...update({ UIN: '4918251037' }), rawFields: { email: 'a@example.org' } };
    expect(encodeRegistration(raw, settings).ok).toBe(true);
    expect(
      errorsOf(encodeRegistration(update({ UIN: '4918251037', declaredAsDeceased: true }), settings)),
    ).toEqual([['fields.declaredAsDeceased', 'NOT_ALLOWED']]);
  });
});
