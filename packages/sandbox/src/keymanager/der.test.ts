import { describe, expect, it } from 'vitest';
import { derElement, derObjectIdentifier, derSmallInteger, derTime, derUnsignedInteger } from './der.ts';

describe('DER encoders', () => {
  it('uses the long length form from 128 bytes', () => {
    expect(derElement(0x04, Buffer.alloc(127)).subarray(0, 2)).toEqual(Buffer.from([0x04, 0x7f]));
    expect(derElement(0x04, Buffer.alloc(300)).subarray(0, 4)).toEqual(Buffer.from([0x04, 0x82, 0x01, 0x2c]));
  });

  it('encodes integers minimally and non-negative', () => {
    expect(derSmallInteger(2)).toEqual(Buffer.from([0x02, 0x01, 0x02]));
    expect(derSmallInteger(0)).toEqual(Buffer.from([0x02, 0x01, 0x00]));
    expect(derUnsignedInteger(Buffer.from([0x00, 0x00, 0x80]))).toEqual(
      Buffer.from([0x02, 0x02, 0x00, 0x80]),
    );
  });

  it('encodes object identifiers in base 128', () => {
    expect(derObjectIdentifier('1.2.840.113549.1.1.11').toString('hex')).toBe('06092a864886f70d01010b');
  });

  it('switches from UTCTime to GeneralizedTime in 2050', () => {
    expect(derTime(new Date(Date.UTC(2049, 11, 31, 23, 59, 59))).toString('latin1')).toBe(
      '\x17\x0d491231235959Z',
    );
    expect(derTime(new Date(Date.UTC(2050, 0, 1))).toString('latin1')).toBe('\x18\x0f20500101000000Z');
  });
});
