import { describe, expect, it } from 'vitest';
import { javaHashMapOrder, javaStringHashCode } from './java-hash-map.ts';
import { javaDoubleToString, javaParseDouble, JavaNumberFormatError } from './java-number.ts';
import { javaInstantToString, mosipUtcDateTime, zipDateTime } from './java-time.ts';

/** Expected values were produced with OpenJDK 25 (`new HashMap<>()`, `Double.valueOf`, `Double.toString`). */

describe('String.hashCode', () => {
  it('matches Java', () => {
    expect(javaStringHashCode('hello')).toBe(99162322);
    expect(javaStringHashCode('Aa')).toBe(2112);
    expect(javaStringHashCode('BB')).toBe(2112);
    expect(javaStringHashCode('été')).toBe(227742);
    expect(javaStringHashCode('')).toBe(0);
  });
});

describe('HashMap iteration order', () => {
  it('subpacket names: evidence, optional, id', () => {
    expect(javaHashMapOrder(['id', 'evidence', 'optional'])).toEqual(['evidence', 'optional', 'id']);
  });

  it('an ID.json identity (15 keys, after one resize)', () => {
    const keys = ['IDSchemaVersion', 'fullName', 'dateOfBirth', 'gender', 'addressLine1', 'addressLine2'];
    keys.push('addressLine3', 'region', 'province', 'city', 'zone', 'postalCode', 'phone', 'email', 'UIN');
    expect(javaHashMapOrder(keys).join(',')).toBe(
      'gender,city,postalCode,fullName,dateOfBirth,IDSchemaVersion,province,zone,phone,' +
        'addressLine1,addressLine2,addressLine3,UIN,region,email',
    );
  });

  it('packet meta info keys', () => {
    const keys = [
      'metaData',
      'registrationId',
      'operationsData',
      'capturedRegisteredDevices',
      'creationDate',
    ];
    expect(javaHashMapOrder([...keys, 'hashSequence1', 'hashSequence2']).join(',')).toBe(
      'metaData,registrationId,capturedRegisteredDevices,operationsData,creationDate,hashSequence2,hashSequence1',
    );
  });

  it('resizes early when ten keys collide in a small table', () => {
    // "Aa" and "BB" share a hash code, so all these keys fall into one bucket.
    const tenColliding = ['AaAaAaAa', 'AaAaAaBB', 'AaAaBBAa', 'AaAaBBBB', 'AaBBAaAa'];
    tenColliding.push('AaBBAaBB', 'AaBBBBAa', 'AaBBBBBB', 'BBAaAaAa', 'BBAaAaBB');
    const others = Array.from({ length: 20 }, (_, i) => `k${i}`);
    expect(javaHashMapOrder([...tenColliding, ...others]).join(',')).toBe(
      `${tenColliding.join(',')},k11,k10,k13,k12,k15,k14,k17,k16,k19,k18,k0,k1,k2,k3,k4,k5,k6,k7,k8,k9`,
    );
  });

  it('keeps the first position of a repeated key', () => {
    expect(javaHashMapOrder(['b', 'a', 'b'])).toEqual(['a', 'b']);
  });
});

describe('Double.valueOf / Double.toString', () => {
  const cases: [string, string][] = [
    ['0.100', '0.1'],
    ['1', '1.0'],
    ['1e7', '1.0E7'],
    ['0.001', '0.001'],
    ['1.0E-4', '1.0E-4'],
    ['123456789.5', '1.234567895E8'],
    [' 2.5d ', '2.5'],
    ['0x1p3', '8.0'],
    ['-0', '-0.0'],
    ['NaN', 'NaN'],
    ['1e22', '1.0E22'],
    ['1e23', '1.0E23'],
    ['3.141592653589793', '3.141592653589793'],
    ['100', '100.0'],
  ];
  it.each(cases)('%j → %s', (input, expected) => {
    expect(javaDoubleToString(javaParseDouble(input))).toBe(expected);
  });

  it('throws NumberFormatException for what Java rejects, and on null', () => {
    for (const bad of ['', 'v1', '1.0.0', 'NaNd', '0x1', '1e']) {
      expect(() => javaParseDouble(bad)).toThrow(JavaNumberFormatError);
    }
    expect(() => javaParseDouble(null)).toThrow(TypeError);
  });
});

describe('timestamps', () => {
  const ms = Date.UTC(2025, 3, 7, 13, 38, 7, 769);
  it('formats Instant.toString, the MOSIP UTC pattern and the zip pattern', () => {
    expect(javaInstantToString(ms)).toBe('2025-04-07T13:38:07.769Z');
    expect(javaInstantToString(ms - 769)).toBe('2025-04-07T13:38:07Z');
    expect(mosipUtcDateTime(ms - 769)).toBe('2025-04-07T13:38:07.000Z');
    expect(zipDateTime(ms)).toBe('20250407133807');
  });
});
