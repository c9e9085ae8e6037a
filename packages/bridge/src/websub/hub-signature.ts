import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Checks `X-Hub-Signature: sha256=<lowercase hex HMAC-SHA256(key = hub.secret, message = body)>` as MOSIP's
 * hub sends it (mosip-contracts 12.1; `AuthenticatedContentVerifier` in mosip/commons) over the exact
 * bytes received, in constant time. The prior art accepted unsigned deliveries; a missing header fails.
 */
export function verifyHubSignature(secret: string, body: Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const separator = header.indexOf('=');
  if (separator < 0 || header.slice(0, separator).toLowerCase() !== 'sha256') return false;
  const given = Buffer.from(header.slice(separator + 1).toLowerCase(), 'utf8');
  const expected = Buffer.from(createHmac('sha256', secret).update(body).digest('hex'), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
