import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InvalidPayloadKey, PayloadCipher, PayloadDecryptionError } from '../../src/store/index.ts';

const TEXT = JSON.stringify({
  fullName: 'Amara Okonkwo-Lindqvist',
  dateOfBirth: '2025/02/27',
  note: 'ünïcødé ✓',
});

describe(PayloadCipher.name, () => {
  const key = PayloadCipher.generateKey();
  const sut = new PayloadCipher(key);

  it('should round-trip text as a v1 token of base64url parts', () => {
    const token = sut.encrypt(TEXT, 'reg-1');
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(token).not.toContain('Amara');
    expect(sut.decrypt(token, 'reg-1')).toBe(TEXT);
    expect(sut.decrypt(sut.encrypt(''), '')).toBe('');
  });

  it('should use a fresh IV for every encryption', () => {
    expect(sut.encrypt(TEXT)).not.toBe(sut.encrypt(TEXT));
  });

  it('should fail with another key', () => {
    const token = sut.encrypt(TEXT);
    expect(() => new PayloadCipher(PayloadCipher.generateKey()).decrypt(token)).toThrow(
      PayloadDecryptionError,
    );
  });

  it('should fail when any part of the token was altered', () => {
    const token = sut.encrypt(TEXT, 'reg-1');
    const parts = token.split('.');
    for (const index of [1, 2, 3]) {
      const altered = [...parts];
      const bytes = Buffer.from(altered[index]!, 'base64url');
      bytes[0] = bytes[0]! ^ 0x01;
      altered[index] = bytes.toString('base64url');
      expect(() => sut.decrypt(altered.join('.'), 'reg-1')).toThrow(PayloadDecryptionError);
    }
    expect(() => sut.decrypt(`v2.${parts.slice(1).join('.')}`, 'reg-1')).toThrow(PayloadDecryptionError);
    expect(() => sut.decrypt(parts.slice(0, 3).join('.'), 'reg-1')).toThrow(PayloadDecryptionError);
    expect(() => sut.decrypt(`${token}.extra`, 'reg-1')).toThrow(PayloadDecryptionError);
    expect(() => sut.decrypt('{"fullName":"plain text"}')).toThrow(PayloadDecryptionError);
  });

  it('should fail when the token is read as another row’s payload', () => {
    const token = sut.encrypt(TEXT, 'reg-1');
    expect(() => sut.decrypt(token, 'reg-2')).toThrow(PayloadDecryptionError);
    expect(() => sut.decrypt(token)).toThrow(PayloadDecryptionError);
  });

  it('should decrypt old tokens after a rotation while encrypting with the new key', () => {
    const oldToken = sut.encrypt(TEXT);
    const rotated = new PayloadCipher([
      { id: '2025-06', key: PayloadCipher.generateKey() },
      { id: '2025-01', key },
    ]);
    expect(rotated.currentKeyId).toBe('2025-06');
    expect(rotated.decrypt(oldToken)).toBe(TEXT);
    expect(() => sut.decrypt(rotated.encrypt(TEXT))).toThrow(PayloadDecryptionError);
  });

  it('should accept base64url keys and name the keys it tried without revealing them', () => {
    const bytes = randomBytes(32);
    const cipher = new PayloadCipher([{ id: 'k-url', key: bytes.toString('base64url') }]);
    expect(new PayloadCipher(bytes.toString('base64')).decrypt(cipher.encrypt(TEXT))).toBe(TEXT);
    const error = (() => {
      try {
        cipher.decrypt(sut.encrypt(TEXT));
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toContain('k-url');
    expect(error?.message).not.toContain(bytes.toString('base64url'));
  });

  it('should refuse keys that are not 32 bytes of base64', () => {
    expect(() => new PayloadCipher(randomBytes(16).toString('base64'))).toThrow(InvalidPayloadKey);
    expect(() => new PayloadCipher(randomBytes(33).toString('base64'))).toThrow(InvalidPayloadKey);
    expect(() => new PayloadCipher('not base64 at all, but long enough to be 32 bytes!!')).toThrow(
      InvalidPayloadKey,
    );
    expect(() => new PayloadCipher([])).toThrow(InvalidPayloadKey);
  });

  it('should give a deterministic keyed lookup hash that does not reveal the value', () => {
    const hash = sut.lookupHash('7392018465');
    expect(hash).toMatch(/^h1\.[A-Za-z0-9_-]{43}$/);
    expect(hash).not.toContain('7392018465');
    expect(sut.lookupHash('7392018465')).toBe(hash);
    expect(new PayloadCipher(key).lookupHash('7392018465')).toBe(hash);
    expect(sut.lookupHash('7392018466')).not.toBe(hash);
    expect(new PayloadCipher(PayloadCipher.generateKey()).lookupHash('7392018465')).not.toBe(hash);
  });

  it('should give the lookup hashes of every key, current first, so rotated rows are still found', () => {
    const rotated = new PayloadCipher([
      { id: 'new', key: PayloadCipher.generateKey() },
      { id: 'old', key },
    ]);
    const hashes = rotated.lookupHashes('7392018465');
    expect(hashes).toEqual([rotated.lookupHash('7392018465'), sut.lookupHash('7392018465')]);
    expect(sut.lookupHashes('7392018465')).toEqual([sut.lookupHash('7392018465')]);
  });
});
