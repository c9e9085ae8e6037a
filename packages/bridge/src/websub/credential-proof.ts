import { verify, type KeyObject } from 'node:crypto';

const ALGORITHMS: Record<string, string> = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512' };

/**
 * Verifies the detached JWS of a credential (`data.proof.signature` = `<header>..<signature>`): the signed
 * input is `<header>.<base64url(credential bytes)>`, as MOSIP's keymanager `jwsSign` with detached payload
 * produces (mosip/keymanager, signature service). Returns a reason when it does not verify, null when it does.
 */
export function credentialProofProblem(
  signature: unknown,
  credential: string,
  issuerKey: KeyObject,
): string | null {
  if (typeof signature !== 'string') return 'the credential carries no proof.signature';
  const parts = signature.split('.');
  if (parts.length !== 3 || parts[1] !== '') {
    return 'proof.signature is not a detached JWS (header..signature)';
  }
  const [header, , sig] = parts as [string, string, string];
  let alg: unknown;
  try {
    alg = (JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown }).alg;
  } catch {
    return 'the proof header is not JSON';
  }
  const hash = typeof alg === 'string' ? ALGORITHMS[alg] : undefined;
  if (!hash) return `unsupported proof algorithm ${String(alg)}`;
  const input = Buffer.from(`${header}.${Buffer.from(credential, 'utf8').toString('base64url')}`, 'utf8');
  return verify(hash, input, issuerKey, Buffer.from(sig, 'base64url'))
    ? null
    : 'the credential proof does not verify with the issuer key';
}
