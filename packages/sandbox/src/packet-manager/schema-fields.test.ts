import { describe, expect, it } from 'vitest';
import { JAVA_NULL_POINTER } from './packet-errors.ts';
import { loadSchemaFields } from './schema-fields.ts';
import { SAMPLE_SCHEMA_JSON } from './test-fixtures.ts';

const schemaWith = (properties: Record<string, unknown>) =>
  JSON.stringify({ properties: { identity: { properties } } });

describe('loadSchemaFields (PacketWriterImpl)', () => {
  it('maps the MOSIP sample schema to evidence, optional, id', () => {
    const fields = loadSchemaFields(SAMPLE_SCHEMA_JSON);
    expect([...fields.keys()]).toEqual(['evidence', 'optional', 'id']);
    expect(fields.get('optional')!.map((f) => f.id)).toEqual(['IDSchemaVersion', 'UIN']);
    expect(
      fields
        .get('evidence')!
        .map((f) => f.id)
        .sort(),
    ).toEqual([
      'IDSchemaVersion',
      'UIN',
      'parentOrGuardianName',
      'parentOrGuardianRID',
      'parentOrGuardianUIN',
      'proofOfException',
      'proofOfException-1',
    ]);
    const id = fields.get('id')!;
    expect(id.find((f) => f.id === 'residenceStatus')).toEqual({
      id: 'residenceStatus',
      type: '#/definitions/simpleType',
    });
    expect(id.find((f) => f.id === 'postalCode')).toEqual({ id: 'postalCode', type: 'string' });
    expect(id.some((f) => f.id === 'proofOfException')).toBe(false);
  });

  it('iterates fields in the order of org.json’s HashMap, not the document', () => {
    const fields = loadSchemaFields(
      schemaWith({ zone: { type: 'string' }, city: { type: 'string' }, gender: { type: 'string' } }),
    );
    expect(fields.get('id')!.map((f) => f.id)).toEqual(['gender', 'zone', 'city']);
  });

  it('reads fieldCategory case-insensitively and only creates subpackets that get a field', () => {
    const fields = loadSchemaFields(schemaWith({ a: { type: 'string', fieldCategory: 'PVT' } }));
    expect([...fields.keys()]).toEqual(['id']);
  });

  it('fails with KER-KPM-002 on what org.json rejects', () => {
    const cases = [
      '',
      '[]',
      '{"properties":{}}',
      '{"properties":{"identity":{"properties":[]}}}',
      schemaWith({ a: 'string' }),
      schemaWith({ a: {} }),
      schemaWith({ a: { type: ['string', 'null'] } }),
      schemaWith({ a: { type: 'string', fieldCategory: 1 } }),
      '{"properties":{"identity":{"properties":{"a":{"type":"string"}}}},"properties":{}}',
    ];
    for (const schema of cases) {
      expect(() => loadSchemaFields(schema), schema).toThrow(
        expect.objectContaining({ code: 'KER-KPM-002' }),
      );
    }
  });

  it('throws a NullPointerException for a null schema, no fields or an unknown category', () => {
    for (const schema of [
      null,
      schemaWith({}),
      schemaWith({ a: { type: 'string', fieldCategory: 'constructor' } }),
    ]) {
      expect(() => loadSchemaFields(schema)).toThrow(expect.objectContaining({ code: JAVA_NULL_POINTER }));
    }
  });
});
