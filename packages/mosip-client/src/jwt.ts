/**
 * Reading the access token out of the auth manager's response and its claims out of the JWT.
 *
 * `AuthController.clientIdSecretKey` (mosip/mosip-openid-bridge,
 * `kernel/kernel-auth-service/src/main/java/io/mosip/kernel/auth/controller/AuthController.java`)
 * returns the Keycloak access token twice: as the raw `Authorization` response header (no `Bearer`)
 * and as `Set-Cookie: Authorization=<jwt>; Max-Age=6000000; Path=/; HttpOnly`. The cookie's Max-Age
 * is `auth.jwt.expiry`, not the token lifetime; only the JWT `exp` claim tells when it expires.
 */

/** Name of the header and of the cookie carrying the token (`auth.token.header=Authorization`). */
export const AUTH_COOKIE_NAME = 'Authorization';

/** Claims the client reads; the signature is not verified (MOSIP verifies it, the client only needs timing and diagnostics). */
export interface TokenClaims {
  /** Expiry, seconds since the epoch. */
  exp?: number;
  /** Issue time, seconds since the epoch. */
  iat?: number;
  /** Authorised party: the Keycloak client id. */
  azp?: string;
  /** Realm roles (`realm_access.roles`, or the flat `roles` claim MOSIP falls back to). */
  roles: string[];
}

/** One `Set-Cookie` line split into name and value. */
export interface SetCookiePair {
  name: string;
  value: string;
}

/**
 * Parses the `name=value` part of a `Set-Cookie` line (RFC 6265 section 5.2): the value is everything
 * after the FIRST `=` up to the first `;`, so a value containing `=` (padded base64) survives.
 * The prior art (opencrvs/mosip, `packages/mosip-api/src/mosip-api.ts`) split on every `=` and lost it.
 * @returns the pair, or null when the line has no `=` or an empty name
 */
export function parseSetCookie(line: string): SetCookiePair | null {
  const semicolon = line.indexOf(';');
  const pair = semicolon === -1 ? line : line.slice(0, semicolon);
  const eq = pair.indexOf('=');
  if (eq <= 0) return null;
  const name = pair.slice(0, eq).trim();
  let value = pair.slice(eq + 1).trim();
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  return name === '' ? null : { name, value };
}

/**
 * Splits a combined `set-cookie` header value (the lines joined with `, `) where `getSetCookie()` is
 * unavailable. A comma starts a new cookie only when a `name=` follows, so `Expires=Wed, 21 Oct …` stays whole.
 */
function splitCombinedSetCookie(combined: string): string[] {
  return combined.split(/,(?=\s*[^;,=\s]+=)/).map((line) => line.trim());
}

/** All `Set-Cookie` lines of a response. */
export function setCookieLines(headers: Headers): string[] {
  if (typeof headers.getSetCookie === 'function') return headers.getSetCookie();
  const combined = headers.get('set-cookie');
  return combined == null ? [] : splitCombinedSetCookie(combined);
}

/**
 * The token of an auth-manager response: the `Authorization` header if present, else the
 * `Authorization` cookie.
 * @returns the raw JWT, or null when neither carries one
 */
export function tokenFromAuthResponse(headers: Headers): string | null {
  const header = headers.get(AUTH_COOKIE_NAME)?.trim();
  if (header) {
    const token = header.replace(/^Bearer\s+/i, '').trim();
    if (token !== '') return token;
  }
  for (const line of setCookieLines(headers)) {
    const cookie = parseSetCookie(line);
    if (cookie?.name === AUTH_COOKIE_NAME && cookie.value !== '') return cookie.value;
  }
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

/**
 * Decodes a JWT payload without verifying it. Roles follow `ValidateTokenHelper.buildMosipUser`
 * (mosip/mosip-openid-bridge, kernel-auth-adapter): `realm_access.roles`, else a flat `roles` claim.
 * @returns the claims, or null when the token is not a JWT with a JSON object payload
 */
export function decodeJwtClaims(token: string): TokenClaims | null {
  const segment = token.split('.')[1];
  if (segment === undefined || segment === '') return null;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!isRecord(payload)) return null;
  const realmAccess = payload['realm_access'];
  const roles =
    (isRecord(realmAccess) ? stringList(realmAccess['roles']) : undefined) ??
    stringList(payload['roles']) ??
    [];
  const claims: TokenClaims = { roles };
  if (typeof payload['exp'] === 'number') claims.exp = payload['exp'];
  if (typeof payload['iat'] === 'number') claims.iat = payload['iat'];
  if (typeof payload['azp'] === 'string') claims.azp = payload['azp'];
  return claims;
}

/**
 * When the token expires, in this host's clock. With `iat` the token's lifetime (`exp - iat`, both
 * stamped by Keycloak) is added to the local receipt time, so a skewed local clock cannot make a fresh
 * token look expired (or an expired one fresh); without `iat`, `exp` is used as is.
 * @param claims - decoded claims, or null for an opaque token
 * @param receivedAtMs - local time the token was received
 * @returns epoch ms, or null when the token carries no usable `exp`
 */
export function localExpiryMs(claims: TokenClaims | null, receivedAtMs: number): number | null {
  if (claims?.exp === undefined) return null;
  if (claims.iat !== undefined && claims.exp > claims.iat) {
    return receivedAtMs + (claims.exp - claims.iat) * 1000;
  }
  return claims.exp * 1000;
}
