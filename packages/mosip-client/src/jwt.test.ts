import { describe, expect, it } from 'vitest';
import {
  decodeJwtClaims,
  localExpiryMs,
  parseSetCookie,
  setCookieLines,
  tokenFromAuthResponse,
} from './jwt.ts';
import { makeJwt } from '../test/fake-mosip.ts';

describe('parseSetCookie', () => {
  it('should keep every "=" after the first one in the value', () => {
    expect(parseSetCookie('Authorization=eyJh.eyJi==.c2ln==; Max-Age=6000000; Path=/; HttpOnly')).toEqual({
      name: 'Authorization',
      value: 'eyJh.eyJi==.c2ln==',
    });
  });

  it('should read a cookie without attributes and strip quotes', () => {
    expect(parseSetCookie('a=b')).toEqual({ name: 'a', value: 'b' });
    expect(parseSetCookie('a="b=c"; Path=/')).toEqual({ name: 'a', value: 'b=c' });
  });

  it('should reject lines without a name or "="', () => {
    expect(parseSetCookie('garbage')).toBeNull();
    expect(parseSetCookie('=value; Path=/')).toBeNull();
  });
});

describe('tokenFromAuthResponse', () => {
  it('should prefer the Authorization header', () => {
    const headers = new Headers({ Authorization: 'header-token' });
    headers.append('Set-Cookie', 'Authorization=cookie-token; Path=/');
    expect(tokenFromAuthResponse(headers)).toBe('header-token');
  });

  it('should strip a Bearer prefix from the header', () => {
    expect(tokenFromAuthResponse(new Headers({ Authorization: 'Bearer abc' }))).toBe('abc');
  });

  it('should find the Authorization cookie among several Set-Cookie headers', () => {
    const headers = new Headers();
    headers.append('Set-Cookie', 'XSRF-TOKEN=x=y; Path=/');
    headers.append('Set-Cookie', 'Authorization=tok.en==; Max-Age=6000000; Path=/; HttpOnly');
    expect(tokenFromAuthResponse(headers)).toBe('tok.en==');
  });

  it('should split a combined set-cookie value when getSetCookie is unavailable', () => {
    const combined =
      'a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Path=/, Authorization=tok=en; Path=/; HttpOnly';
    const headers = {
      get: (name: string) => (name === 'set-cookie' ? combined : null),
    } as unknown as Headers;
    expect(setCookieLines(headers)).toEqual([
      'a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Path=/',
      'Authorization=tok=en; Path=/; HttpOnly',
    ]);
    expect(tokenFromAuthResponse(headers)).toBe('tok=en');
  });

  it('should return null when neither header nor cookie carries a token', () => {
    const headers = new Headers();
    headers.append('Set-Cookie', 'Authorization=; Path=/');
    expect(tokenFromAuthResponse(headers)).toBeNull();
  });
});

describe('decodeJwtClaims', () => {
  it('should read exp, iat, azp and realm roles, also from padded segments', () => {
    const token = makeJwt({ exp: 200, iat: 100, azp: 'c', realm_access: { roles: ['A', 'B'] } }, true);
    expect(token).toContain('=');
    expect(decodeJwtClaims(token)).toEqual({ exp: 200, iat: 100, azp: 'c', roles: ['A', 'B'] });
  });

  it('should fall back to a flat roles claim like ValidateTokenHelper', () => {
    expect(decodeJwtClaims(makeJwt({ roles: ['R'] }))?.roles).toEqual(['R']);
  });

  it('should return null for opaque or malformed tokens', () => {
    expect(decodeJwtClaims('opaque-token')).toBeNull();
    expect(decodeJwtClaims('a.%%%.c')).toBeNull();
    expect(decodeJwtClaims(`a.${Buffer.from('[1]').toString('base64url')}.c`)).toBeNull();
  });
});

describe('localExpiryMs', () => {
  it('should add the token lifetime (exp - iat) to the local receipt time', () => {
    // Keycloak's clock is 10 minutes behind ours: the lifetime still counts from receipt.
    expect(localExpiryMs({ exp: 1300, iat: 1000, roles: [] }, 2_000_000)).toBe(2_300_000);
  });

  it('should use exp as is without iat, and null without exp', () => {
    expect(localExpiryMs({ exp: 1300, roles: [] }, 0)).toBe(1_300_000);
    expect(localExpiryMs({ roles: [] }, 0)).toBeNull();
    expect(localExpiryMs(null, 0)).toBeNull();
  });
});
