import { describe, expect, it } from 'vitest';
import { base64UrlDecode, base64UrlEncode, decodeMosipBase64 } from './base64url.ts';

describe('base64url', () => {
  it('encodes URL-safe without padding', () => {
    expect(base64UrlEncode(Buffer.from([0xfb, 0xff]))).toBe('-_8');
    expect(base64UrlEncode(new Uint8Array([1, 2, 3, 4]))).toBe('AQIDBA');
  });

  it('decodes with or without padding, like Java', () => {
    expect(base64UrlDecode('-_8')).toEqual(Buffer.from([0xfb, 0xff]));
    expect(base64UrlDecode('-_8=')).toEqual(Buffer.from([0xfb, 0xff]));
    expect(base64UrlDecode('')).toEqual(Buffer.alloc(0));
  });

  it("rejects what Java's URL decoder rejects", () => {
    expect(() => base64UrlDecode('+/8')).toThrow(TypeError);
    expect(() => base64UrlDecode('A')).toThrow(TypeError);
    expect(() => base64UrlDecode('AQ=')).toThrow(TypeError);
    expect(() => base64UrlDecode('A Q')).toThrow(TypeError);
  });

  it('decodeMosipBase64 falls back to plain base64, else KER-CRY-003', () => {
    expect(decodeMosipBase64('+/8=')).toEqual(Buffer.from([0xfb, 0xff]));
    expect(decodeMosipBase64('-_8')).toEqual(Buffer.from([0xfb, 0xff]));
    expect(() => decodeMosipBase64('*')).toThrow(
      expect.objectContaining({ code: 'KER-CRY-003', message: ' input data is not base64 encoded' }),
    );
  });
});
