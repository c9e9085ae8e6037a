import { describe, expect, it } from 'vitest';
import { encodeRegistration, type EncodeResult } from './encode-registration.ts';
import { VALIDATION_ISSUE_CODES } from './issues.ts';
import { parseRegistrationRequest, type RegistrationRequest } from './registration-request.ts';
import { birthRequest, deathRequest, sandboxSchemaWith, settingsFor } from './test-fixtures.ts';

const errorsOf = (result: EncodeResult) => (result.ok ? [] : result.errors.map((e) => [e.path, e.code]));
const settings = settingsFor('CRVS_NEW');
const withRaw = (rawFields: Record<string, string>, fields = birthRequest().fields) =>
  encodeRegistration(birthRequest({ fields, rawFields }), settings);
const { zone: _zone, dateOfBirth: _dob, ...withoutZoneAndDob } = birthRequest().fields;
const { city: _city, ...withoutCity } = withoutZoneAndDob;

/** The sandbox schema with `refNumber` (string or null) allowed in documentType, as some country schemas have. */
function schemaWithRefNumber() {
  return sandboxSchemaWith((raw) => {
    raw.definitions.documentType!.properties.refNumber = { type: ['string', 'null'] };
  });
}

/** MOSIP's seed documentType: no refNumber, additionalProperties false. */
function schemaWithoutRefNumber() {
  return sandboxSchemaWith((raw) => {
    delete raw.definitions.documentType!.properties.refNumber;
  });
}

describe('rawFields', () => {
  it('passes ready-made MOSIP strings through unchanged', () => {
    const zone = '[ {\n  "language" : "eng",\n  "value" : "Ben Mansour"\n}]';
    const result = withRaw({ zone, dateOfBirth: '2023/12/30' }, withoutZoneAndDob);
    expect(result.ok && result.fields).toMatchObject({ zone, dateOfBirth: '2023/12/30' });
    expect(result.ok && result.identity.zone).toEqual([{ language: 'eng', value: 'Ben Mansour' }]);
  });

  it('checks keys, simpleType shape, languages, dates and validators', () => {
    expect(
      errorsOf(
        withRaw(
          {
            zone: 'Ben Mansour',
            dateOfBirth: '2023-12-30',
            nickname: 'x',
            phone: '123',
            city: '[{"language":"deu","value":"Stadt"}]',
            email: '',
            IDSchemaVersion: '0.1',
          },
          withoutCity,
        ),
      ),
    ).toEqual([
      ['rawFields.zone', 'INVALID_TYPE'],
      ['rawFields.dateOfBirth', 'INVALID_DATE'],
      ['rawFields.nickname', 'UNKNOWN_FIELD'],
      ['rawFields.phone', 'PATTERN_MISMATCH'],
      ['rawFields.city.deu', 'UNKNOWN_LANGUAGE'],
      ['rawFields.email', 'EMPTY_VALUE'],
      ['rawFields.IDSchemaVersion', 'NOT_ALLOWED'],
    ]);
  });

  it('refuses a field sent in both fields and rawFields', () => {
    expect(errorsOf(withRaw({ zone: '[{"language":"eng","value":"Zone 2"}]' }))).toEqual([
      ['rawFields.zone', 'DUPLICATE_FIELD'],
    ]);
  });

  it('refuses simpleType entries with extra keys and future raw dates of birth', () => {
    expect(
      errorsOf(
        withRaw(
          { zone: '[{"language":"eng","value":"Z","extra":1}]', dateOfBirth: '2024/06/16' },
          withoutZoneAndDob,
        ),
      ),
    ).toEqual([
      ['rawFields.zone', 'INVALID_TYPE'],
      ['rawFields.dateOfBirth', 'INVALID_DATE'],
    ]);
  });

  it('lets a raw UIN and declaredAsDeceased satisfy a death', () => {
    const request: RegistrationRequest = {
      ...deathRequest(),
      fields: {},
      rawFields: { UIN: '4918251037', declaredAsDeceased: 'Y' },
    };
    const result = encodeRegistration(request, settingsFor('CRVS_DEATH'));
    expect(result.ok && result.fields).toEqual({ UIN: '4918251037', declaredAsDeceased: 'Y' });
  });
});

describe('documents', () => {
  const document = { format: 'pdf', type: 'DOC001', value: 'JVBERi0xLjQK', refNumber: 'R-1' };

  it('become packet-manager Documents named by their field', () => {
    const result = encodeRegistration(
      birthRequest({ documents: { proofOfIdentity: document } }),
      settingsFor('CRVS_NEW', { schema: schemaWithRefNumber() }),
    );
    expect(result.ok && result.documents).toEqual({
      proofOfIdentity: {
        document: 'JVBERi0xLjQK',
        value: 'proofOfIdentity',
        type: 'DOC001',
        format: 'pdf',
        refNumber: 'R-1',
      },
    });
    expect(result.ok && result.identity.proofOfIdentity).toEqual({
      value: 'proofOfIdentity',
      type: 'DOC001',
      format: 'pdf',
      refNumber: 'R-1',
    });
  });

  it('are refused for unknown, biometric and non-document fields', () => {
    const result = encodeRegistration(
      birthRequest({ documents: { passport: document, individualBiometrics: document, fullName: document } }),
      settings,
    );
    expect(errorsOf(result)).toEqual([
      ['documents.passport', 'UNKNOWN_FIELD'],
      ['documents.individualBiometrics', 'NOT_SUPPORTED'],
      ['documents.fullName', 'INVALID_TYPE'],
    ]);
  });

  it('fail MOSIP validation when the schema documentType has no refNumber, because MOSIP writes one', () => {
    // PacketWriterImpl writes {"value","type","format","refNumber"} into ID.json; the seed schema's documentType
    // has additionalProperties false and no refNumber, so /validatePacket answers KER-IOV-004.
    const { refNumber: _r, ...withoutRef } = document;
    const result = encodeRegistration(
      birthRequest({ documents: { proofOfIdentity: withoutRef } }),
      settingsFor('CRVS_NEW', { schema: schemaWithoutRefNumber() }),
    );
    expect(result.ok ? [] : result.errors).toEqual([
      {
        path: 'documents.proofOfIdentity',
        code: 'ID_OBJECT_INVALID',
        message:
          'MOSIP packet validation would fail with KER-IOV-004 Invalid input parameter - identity/proofOfIdentity/refNumber',
      },
    ]);
  });
});

describe('VALIDATION_ISSUE_CODES', () => {
  it('has a one-line meaning for every code, and every code is produced', () => {
    const produced = new Set<string>();
    const record = (result: EncodeResult | ReturnType<typeof parseRegistrationRequest>) => {
      if (!result.ok) for (const e of result.errors) produced.add(e.code);
    };
    record(parseRegistrationRequest({ ...birthRequest(), extra: 1 }));
    record(
      encodeRegistration(
        birthRequest({
          fields: {
            fullName: 'Al',
            dateOfBirth: '2023-02-30',
            gender: { deu: 'W' },
            addressLine1: [
              { language: 'eng', value: 'a' },
              { language: 'eng', value: 'b' },
            ],
            region: '',
            province: 3,
            nickname: 'x',
            individualBiometrics: 'x',
            introducerInfoToken: '[1]',
            UIN: '4918251037',
          },
          rawFields: { fullName: '[]' },
          documents: { proofOfIdentity: { format: 'pdf', type: 'DOC001', value: 'aGVsbG8=' } },
        }),
        settingsFor('CRVS_NEW', { schema: schemaWithoutRefNumber() }),
      ),
    );
    record(encodeRegistration(deathRequest({ UIN: '123' }), settingsFor('CRVS_DEATH')));
    for (const [code, meaning] of Object.entries(VALIDATION_ISSUE_CODES)) {
      expect(meaning.length, code).toBeGreaterThan(10);
      expect(meaning, code).not.toContain('\n');
    }
    expect([...produced].sort()).toEqual(Object.keys(VALIDATION_ISSUE_CODES).sort());
  });
});
