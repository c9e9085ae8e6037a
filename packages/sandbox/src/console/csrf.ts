import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/**
 * CSRF protection of the console's forms. HTTP Basic credentials are resent by the browser on every
 * request, including a form another site makes it post, so a valid login alone proves nothing: each form
 * carries a token only a page read from this sandbox can know, and cross-site requests are refused outright.
 */
export class CsrfTokens {
  /**
   * Random per sandbox process, never persisted: a restart invalidates pages left open, which is harmless
   * (reload) and means no token can be derived from the data directory.
   */
  private readonly secret = randomBytes(32);

  /** HMAC-SHA256 of the subject (the Basic user name), so a token shown to one admin is useless to another. */
  token(subject: string): string {
    return createHmac('sha256', this.secret)
      .update(`sandbox-console\0${subject}`, 'utf8')
      .digest('base64url');
  }

  /** Constant-time comparison: the check must not tell an attacker how many leading characters matched. */
  verify(subject: string, candidate: string | null): boolean {
    if (!candidate) return false;
    const expected = Buffer.from(this.token(subject), 'utf8');
    const given = Buffer.from(candidate, 'utf8');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

/**
 * Why a state-changing request looks cross-site, or null. Browsers send `Sec-Fetch-Site` and `Origin` with
 * form posts; tools such as curl send neither and are let through to the token check.
 */
export function crossSiteReason(request: FastifyRequest): string | null {
  if (request.headers['sec-fetch-site'] === 'cross-site') return 'the request came from another site';
  const origin = request.headers.origin;
  if (origin === undefined) return null;
  let originUrl: URL;
  try {
    // `Origin: null` (sandboxed frames, some redirects) does not parse and is refused with the rest.
    originUrl = new URL(origin);
  } catch {
    return 'the request has an opaque origin';
  }
  // Normalise the Host header through the same URL parser so default ports compare equal (`:80` vs none).
  return originUrl.host === normalisedHost(originUrl.protocol, request.headers.host)
    ? null
    : 'the request came from another origin';
}

/** `host[:port]` as the URL parser writes it, or null for a missing or malformed Host header. */
function normalisedHost(protocol: string, host: string | undefined): string | null {
  if (!host) return null;
  try {
    return new URL(`${protocol}//${host}`).host;
  } catch {
    return null;
  }
}

/** The user name of the Basic credentials the admin guard already accepted (binds the CSRF token). */
export function basicUser(request: FastifyRequest): string {
  const header = request.headers.authorization ?? '';
  if (!header.startsWith('Basic ')) return '';
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? decoded.slice(0, colon) : '';
}
