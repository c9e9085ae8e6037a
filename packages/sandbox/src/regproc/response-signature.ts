import type { KeyStore } from '../keymanager/key-store.ts';

/**
 * The registration processor's `Response-Signature` header: the response body signed by the keymanager
 * (JWS, RS256, detached payload). Signed with the keymanager's signing key, whose public part
 * `POST /v1/keymanager/tpmsigning/publickey` publishes.
 */
export function signResponse(keyStore: KeyStore, body: string): string {
  const header = Buffer.from(JSON.stringify({ alg: 'RS256' })).toString('base64url');
  const payload = Buffer.from(body, 'utf8').toString('base64url');
  const signature = keyStore.csSign(Buffer.from(`${header}.${payload}`, 'utf8'));
  return `${header}..${signature.toString('base64url')}`;
}
