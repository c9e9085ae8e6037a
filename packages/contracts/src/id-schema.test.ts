import { describe, expect, it } from 'vitest';
import { compileMosipRegex, IdSchemaError, mandatoryAttributesFor, parseIdSchema } from './id-schema.ts';
import { loadMosipSampleIdSchema } from './sample-schema.ts';

describe('parseIdSchema', () => {
  const schema = parseIdSchema(loadMosipSampleIdSchema());

  it('reads the 29 fields of MOSIP seed schema with kinds and categories', () => {
    expect(schema.fields.size).toBe(29);
    expect(schema.fields.get('fullName')).toMatchObject({
      kind: 'simpleType',
      fieldCategory: 'pvt',
      required: true,
    });
    expect(schema.fields.get('proofOfIdentity')?.kind).toBe('documentType');
    expect(schema.fields.get('individualBiometrics')?.bioAttributes).toContain('face');
    expect(schema.fields.get('IDSchemaVersion')).toMatchObject({ kind: 'number', minimum: 0 });
    expect(schema.fields.get('dateOfBirth')?.validators[0]?.type).toBe('regex');
    expect(schema.required).toContain('individualBiometrics');
  });

  it('maps categories to subpackets as the packet manager does', () => {
    expect(schema.fields.get('UIN')?.subpackets).toEqual(['id', 'evidence', 'optional']);
    expect(schema.fields.get('parentOrGuardianName')?.subpackets).toEqual(['evidence']);
    expect(schema.fields.get('residenceStatus')?.subpackets).toEqual(['id']);
  });

  it('accepts the schemaJson string form and names what is wrong', () => {
    expect(parseIdSchema(JSON.stringify(loadMosipSampleIdSchema())).fields.size).toBe(29);
    expect(() => parseIdSchema('{"properties": ')).toThrow(IdSchemaError);
    expect(() => parseIdSchema({ properties: {} })).toThrow(/identity/);
    expect(() =>
      parseIdSchema({ properties: { identity: { properties: { x: { $ref: '#/definitions/nope' } } } } }),
    ).toThrow(/unknown \$ref/);
  });

  it('compiles Java regexes, including a leading (?i)', () => {
    expect(compileMosipRegex('(?i)^ab$').test('AB')).toBe(true);
    expect(compileMosipRegex('^[(?i)A-Z0-9]{5}$|^NA$').test('14022')).toBe(true);
    expect(compileMosipRegex('^[(?i)A-Z0-9]{5}$|^NA$').test('1402')).toBe(false);
  });

  it('knows the per-process mandatory attributes', () => {
    expect(mandatoryAttributesFor('CRVS_NEW')).toContainEqual(['dateOfBirth', 'age']);
    expect(mandatoryAttributesFor('CRVS_DEATH')).toEqual([['IDSchemaVersion'], ['UIN']]);
    expect(mandatoryAttributesFor('UNKNOWN')).toEqual([]);
  });
});
