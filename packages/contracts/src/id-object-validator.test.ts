import { describe, expect, it } from 'vitest';
import { identityForValidatePacket, validateIdObject } from './id-object-validator.ts';
import { SchemaEvaluationError } from './id-schema-evaluator.ts';
import { parseIdSchema } from './id-schema.ts';
import { loadMosipSampleIdSchema } from './sample-schema.ts';

const seed = parseIdSchema(loadMosipSampleIdSchema());
const eng = (value: string) => [{ language: 'eng', value }];

/** A CRVS_NEW birth as the bridge sends it: the mandatory attributes, no UIN yet. */
const birth = (): Record<string, unknown> => ({
  IDSchemaVersion: 0.1,
  fullName: eng('Baby Doe'),
  dateOfBirth: '2024/01/31',
  gender: eng('Female'),
  addressLine1: eng('1 Main Street'),
  region: eng('Central'),
  province: eng('North'),
  city: eng('Capital'),
  zone: eng('Zone 1'),
  postalCode: '12345',
});

/** The parts of the schema JSON the tests change. */
interface RawSchema {
  definitions: Record<string, { items: { properties: Record<string, unknown>; [key: string]: unknown } }>;
  properties: {
    identity: {
      required: string[];
      properties: Record<string, { validators?: unknown[]; [key: string]: unknown }>;
    };
  };
}
const rawCopy = () => structuredClone(loadMosipSampleIdSchema()) as unknown as RawSchema;
const parseRaw = (raw: RawSchema) => parseIdSchema(raw as unknown as Record<string, unknown>);

/** The seed schema plus a death field and a required UIN, as a country CRVS schema could be. */
function crvsSchema(): ReturnType<typeof parseIdSchema> {
  const raw = rawCopy();
  raw.properties.identity.required.push('UIN');
  raw.properties.identity.properties.declaredAsDeceased = { type: 'string', fieldCategory: 'pvt' };
  return parseRaw(raw);
}

const paths = (errors: { path: string }[]) => errors.map((e) => e.path);

describe('validateIdObject: mandatory attributes', () => {
  it('accepts a CRVS_NEW birth without a UIN, because the schema does not require UIN', () => {
    expect(validateIdObject(birth(), seed, 'CRVS_NEW')).toEqual([]);
  });

  it('reports missing mandatory fields with KER-IOV-005 and MOSIP message', () => {
    const identity = birth();
    delete identity.fullName;
    delete identity.gender;
    delete identity.zone;
    expect(validateIdObject(identity, seed, 'CRVS_NEW')).toEqual([
      {
        code: 'KER-IOV-005',
        message: 'Missing input parameter - identity/fullName',
        path: 'identity/fullName',
      },
      { code: 'KER-IOV-005', message: 'Missing input parameter - identity/gender', path: 'identity/gender' },
      { code: 'KER-IOV-005', message: 'Missing input parameter - identity/zone', path: 'identity/zone' },
    ]);
  });

  it('ignores schema-required fields outside the process list (phone, email, documents, biometrics)', () => {
    const identity = birth();
    delete identity.postalCode;
    expect(validateIdObject(identity, seed, 'CRVS_NEW')).toEqual([]);
  });

  it('still reports a schema-required dateOfBirth when only its alternative age is present', () => {
    const identity: Record<string, unknown> = { ...birth(), age: 0 };
    delete identity.dateOfBirth;
    const raw = rawCopy();
    raw.properties.identity.properties.age = { type: 'number', fieldCategory: 'pvt' };
    const schemaWithAge = parseRaw(raw);
    expect(paths(validateIdObject(identity, schemaWithAge, 'CRVS_NEW'))).toEqual(['identity/dateOfBirth']);
  });

  it('reports a missing UIN or IDSchemaVersion for CRVS_DEATH when the schema requires them', () => {
    const schema = crvsSchema();
    expect(
      validateIdObject(
        { IDSchemaVersion: 0.1, UIN: '3029384756', declaredAsDeceased: 'Y' },
        schema,
        'CRVS_DEATH',
      ),
    ).toEqual([]);
    expect(paths(validateIdObject({ declaredAsDeceased: 'Y' }, schema, 'CRVS_DEATH'))).toEqual([
      'identity/IDSchemaVersion',
      'identity/UIN',
    ]);
    // The list also names UIN for CRVS_NEW, so such a schema would reject every birth.
    expect(paths(validateIdObject(birth(), schema, 'CRVS_NEW'))).toEqual(['identity/UIN']);
  });

  it('does not require UIN for CRVS_DEATH under the seed schema, as MOSIP does not', () => {
    expect(validateIdObject({ IDSchemaVersion: 0.1 }, seed, 'CRVS_DEATH')).toEqual([]);
    expect(paths(validateIdObject({ UIN: '3029384756' }, seed, 'CRVS_DEATH'))).toEqual([
      'identity/IDSchemaVersion',
    ]);
  });

  it('uses a caller-supplied list, and reports every missing required field without one', () => {
    const identity = { IDSchemaVersion: 0.1 };
    expect(
      paths(validateIdObject(identity, seed, 'LOST', { mandatoryAttributes: [['IDSchemaVersion']] })),
    ).toEqual([]);
    expect(validateIdObject(identity, seed, 'UNKNOWN_PROCESS')).toHaveLength(seed.required.length - 1);
  });
});

describe('validateIdObject: types, regexes and unknown fields', () => {
  it.each(['2024-01-31', '31/01/2024', '2024/1/31', '1850/01/01'])(
    'rejects dateOfBirth %s (yyyy/MM/dd)',
    (dob) => {
      expect(validateIdObject({ ...birth(), dateOfBirth: dob }, seed, 'CRVS_NEW')).toEqual([
        {
          code: 'KER-IOV-004',
          message: 'Invalid input parameter - identity/dateOfBirth',
          path: 'identity/dateOfBirth',
        },
      ]);
    },
  );

  it.each([
    ['postalCode', 'ABC', 'identity/postalCode'],
    ['phone', '12345', 'identity/phone'],
    ['email', 'not-an-email', 'identity/email'],
  ])('rejects %s %s by its validator', (field, value, path) => {
    expect(paths(validateIdObject({ ...birth(), [field]: value }, seed, 'CRVS_NEW'))).toEqual([path]);
  });

  it('reports type errors at the JSON pointer of the value', () => {
    const identity = {
      ...birth(),
      IDSchemaVersion: '0.1',
      fullName: 'Baby Doe',
      gender: [{ language: 'eng', value: 2 }],
      proofOfIdentity: 'passport.pdf',
    };
    expect(paths(validateIdObject(identity, seed, 'CRVS_NEW'))).toEqual([
      'identity/IDSchemaVersion',
      'identity/fullName',
      'identity/gender/0/value',
      'identity/proofOfIdentity',
    ]);
  });

  it('checks simpleType entries: missing language, extra keys', () => {
    const identity = { ...birth(), fullName: [{ value: 'Baby Doe', script: 'latin' }] };
    expect(validateIdObject(identity, seed, 'CRVS_NEW')).toEqual([
      {
        code: 'KER-IOV-005',
        message: 'Missing input parameter - identity/fullName/0/language',
        path: 'identity/fullName/0/language',
      },
      {
        code: 'KER-IOV-004',
        message: 'Invalid input parameter - identity/fullName/0/script',
        path: 'identity/fullName/0/script',
      },
    ]);
  });

  it('rejects unknown fields, and document keys the schema does not define', () => {
    const document = { value: 'POI', type: 'DOC001', format: 'pdf', refNumber: null };
    const identity = { ...birth(), nickname: eng('Bee'), proofOfIdentity: document };
    expect(paths(validateIdObject(identity, seed, 'CRVS_NEW'))).toEqual([
      'identity/proofOfIdentity/refNumber',
      'identity/nickname',
    ]);
  });

  it('ignores keywords MOSIP does not report (minimum) and validators beside a $ref', () => {
    const identity = { ...birth(), IDSchemaVersion: -1, fullName: eng('Al') };
    expect(validateIdObject(identity, seed, 'CRVS_NEW')).toEqual([]);
  });

  it('applies simpleType field validators per language only when asked', () => {
    const raw = rawCopy();
    raw.properties.identity.properties.fullName?.validators?.push({
      type: 'regex',
      validator: '^[\\u0600-\\u06FF ]+$',
      arguments: [],
      langCode: 'ara',
    });
    const schema = parseRaw(raw);
    const fullName = [
      { language: 'eng', value: 'Al' },
      { language: 'ara', value: 'Latin' },
      { language: 'fra', value: 'Bébé Doe' },
    ];
    const options = { fieldValidatorsOnSimpleTypes: true };
    expect(paths(validateIdObject({ ...birth(), fullName }, schema, 'CRVS_NEW', options))).toEqual([
      'identity/fullName/0/value',
      'identity/fullName/1/value',
    ]);
  });

  it('applies validators placed inside a definition, as MOSIP kernel test expects', () => {
    const raw = rawCopy();
    raw.definitions.simpleType!.items.properties.value = {
      type: 'string',
      validators: [{ type: 'regex', validator: '^(?=.{0,50}$).*', arguments: [] }],
    };
    const identity = { ...birth(), fullName: eng('x'.repeat(51)) };
    expect(paths(validateIdObject(identity, parseRaw(raw), 'CRVS_NEW'))).toEqual([
      'identity/fullName/0/value',
    ]);
  });

  it('throws when the schema has a dangling $ref', () => {
    const raw = rawCopy();
    raw.definitions.simpleType!.items = { $ref: '#/definitions/nothing', properties: {} };
    expect(() => validateIdObject(birth(), parseRaw(raw), 'CRVS_NEW')).toThrow(SchemaEvaluationError);
  });
});

describe('validateIdObject: reference validator', () => {
  it('rejects a date that passes the regex but is not a calendar day', () => {
    expect(paths(validateIdObject({ ...birth(), dateOfBirth: '2023/02/29' }, seed, 'CRVS_NEW'))).toEqual([
      'identity/dateOfBirth',
    ]);
    expect(validateIdObject({ ...birth(), dateOfBirth: '2024/02/29' }, seed, 'CRVS_NEW')).toEqual([]);
  });

  it('rejects a date of birth after the validation day (UTC)', () => {
    const atEpochMs = Date.UTC(2024, 0, 31, 23, 59);
    expect(validateIdObject(birth(), seed, 'CRVS_NEW', { atEpochMs })).toEqual([]);
    const tomorrow = { ...birth(), dateOfBirth: '2024/02/01' };
    expect(paths(validateIdObject(tomorrow, seed, 'CRVS_NEW', { atEpochMs }))).toEqual([
      'identity/dateOfBirth',
    ]);
  });

  it('rejects languages outside the configured ones', () => {
    const identity = { ...birth(), fullName: [...eng('Baby Doe'), { language: 'deu', value: 'Baby Doe' }] };
    const options = { languages: ['eng', 'fra', 'ara'] };
    expect(validateIdObject(identity, seed, 'CRVS_NEW', options)).toEqual([
      {
        code: 'KER-IOV-004',
        message: 'Invalid input parameter - identity/fullName/1/language',
        path: 'identity/fullName/1/language',
      },
    ]);
    expect(validateIdObject(identity, seed, 'CRVS_NEW')).toEqual([]);
  });

  it('only runs after the schema validator passed', () => {
    const identity = {
      ...birth(),
      dateOfBirth: '2023/02/29',
      gender: 'F',
      fullName: [{ language: 'deu', value: 'X' }],
    };
    expect(paths(validateIdObject(identity, seed, 'CRVS_NEW', { languages: ['eng'] }))).toEqual([
      'identity/gender',
    ]);
  });
});

describe('identityForValidatePacket', () => {
  it('keeps the id-subpacket schema fields, drops the rest and nulls, and makes IDSchemaVersion a number', () => {
    const packet = {
      ...birth(),
      IDSchemaVersion: '0.1',
      nickname: eng('Bee'),
      parentOrGuardianName: eng('Jane Doe'),
      email: null,
    };
    const selected = identityForValidatePacket(packet, seed);
    expect(selected).toEqual({ ...birth(), IDSchemaVersion: 0.1 });
    expect(validateIdObject(selected, seed, 'CRVS_NEW')).toEqual([]);
  });
});
