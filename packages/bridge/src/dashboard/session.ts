import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Scope } from '../api/auth.ts';

/**
 * Dashboard sessions as signed cookies, so no session table is needed and replicas share sessions: the
 * cookie holds the API key id, its scopes at sign-in, the expiry and a random nonce, signed with HMAC-SHA256
 * under a key derived (HKDF) from the bridge's ENCRYPTION_KEY. The key itself is checked again on every
 * request, so revoking it ends its sessions. The CSRF token is a second HMAC over the nonce: a page can
 * only carry it when it was rendered for this session.
 */

export const SESSION_COOKIE = 'crvs_mosip_session';
/** Holds a random nonce before sign-in, so the sign-in form itself cannot be posted from another site. */
export const LOGIN_COOKIE = 'crvs_mosip_login';

export interface Session {
  /** API key id. */
  keyId: string;
  scopes: Scope[];
  issuedAt: number;
  expiresAt: number;
  nonce: string;
}

const b64 = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export class SessionCodec {
  readonly #key: Buffer;

  /**
   * @param secret - the bridge's encryption key (any length); only a derived key is used
   * @param ttlMs - how long a session lasts after sign-in
   */
  constructor(
    secret: string,
    readonly ttlMs: number,
    private readonly random: (n: number) => Buffer = randomBytes,
  ) {
    this.#key = Buffer.from(hkdfSync('sha256', secret, 'crvs-mosip', 'dashboard session v1', 32));
  }

  #mac(label: string, value: string): string {
    return createHmac('sha256', this.#key).update(`${label}\n${value}`).digest('base64url');
  }

  #verifyMac(label: string, value: string, mac: string): boolean {
    const expected = Buffer.from(this.#mac(label, value));
    const actual = Buffer.from(mac);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }

  /** A new session for an API key, and its cookie value. */
  issue(keyId: string, scopes: Scope[], now: number): { session: Session; cookie: string } {
    const session: Session = {
      keyId,
      scopes,
      issuedAt: now,
      expiresAt: now + this.ttlMs,
      nonce: b64(this.random(18)),
    };
    const body = b64(JSON.stringify(session));
    return { session, cookie: `${body}.${this.#mac('session', body)}` };
  }

  /** The session in a cookie value, or null when it is missing, forged, malformed or expired. */
  read(cookie: string | undefined, now: number): Session | null {
    const [body, mac, extra] = (cookie ?? '').split('.');
    if (!body || !mac || extra !== undefined || !this.#verifyMac('session', body, mac)) return null;
    try {
      const session = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Session;
      return typeof session.expiresAt === 'number' && session.expiresAt > now ? session : null;
    } catch {
      return null;
    }
  }

  /** The CSRF token forms of this session carry. */
  csrfToken(session: Session): string {
    return this.#mac('csrf', session.nonce);
  }

  /** Whether `token` is this session's CSRF token (constant time). */
  checkCsrf(session: Session, token: unknown): boolean {
    return typeof token === 'string' && this.#verifyMac('csrf', session.nonce, token);
  }

  /** A nonce for the sign-in cookie, and the token the sign-in form carries for it. */
  loginNonce(): { nonce: string; token: string } {
    const nonce = b64(this.random(18));
    return { nonce, token: this.#mac('login', nonce) };
  }

  /** Whether the sign-in form's token matches the nonce in its cookie. */
  checkLogin(nonce: string | undefined, token: unknown): boolean {
    return typeof nonce === 'string' && typeof token === 'string' && this.#verifyMac('login', nonce, token);
  }
}

/** Parses a Cookie header into name → value (first occurrence wins, as browsers send the most specific first). */
export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index < 1) continue;
    const name = part.slice(0, index).trim();
    if (!(name in cookies)) cookies[name] = part.slice(index + 1).trim();
  }
  return cookies;
}

/** A Set-Cookie value: HttpOnly, SameSite=Strict, Path=/, Secure when served over HTTPS. */
export function cookieHeader(
  name: string,
  value: string,
  options: { maxAgeS: number; secure: boolean },
): string {
  return [
    `${name}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${options.maxAgeS}`,
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}
