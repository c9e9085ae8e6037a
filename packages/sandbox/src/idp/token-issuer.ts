import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  type KeyObject,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';

/** Claims of a sandbox access token: what Keycloak puts in a client-credentials or password-grant token. */
export interface AccessTokenClaims extends JWTPayload {
  iss: string;
  exp: number;
  azp: string;
  preferred_username: string;
  realm_access: { roles: string[] };
  typ: string;
  scope: string;
}

export interface TokenSubject {
  realm: string;
  subject: string;
  clientId: string;
  username: string;
  roles: string[];
  email?: string;
}

/**
 * RS256 token issuer for the sandbox's Keycloak-compatible realms. The signing key is persisted in the
 * data directory, so tokens and the JWKS survive a restart, as Keycloak's realm keys do.
 */
export class TokenIssuer {
  private constructor(
    private readonly privateKey: KeyObject,
    private readonly publicKey: KeyObject,
    private readonly jwk: JWK,
    readonly kid: string,
  ) {}

  static async open(keyFile: string): Promise<TokenIssuer> {
    let privateKey: KeyObject;
    if (existsSync(keyFile)) {
      privateKey = createPrivateKey(readFileSync(keyFile, 'utf8'));
    } else {
      mkdirSync(dirname(keyFile), { recursive: true });
      privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
      const tmp = join(dirname(keyFile), `.${randomUUID()}.tmp`);
      writeFileSync(tmp, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
      renameSync(tmp, keyFile);
    }
    const publicKey = createPublicKey(privateKey);
    const jwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(jwk);
    return new TokenIssuer(privateKey, publicKey, { ...jwk, kid, use: 'sig', alg: 'RS256' }, kid);
  }

  /** The realm's JWKS (`/protocol/openid-connect/certs`). */
  jwks(): { keys: JWK[] } {
    return { keys: [this.jwk] };
  }

  /** Issues an access token valid for `lifetimeSeconds` from `nowMs`. */
  async issue(issuer: string, who: TokenSubject, nowMs: number, lifetimeSeconds: number): Promise<string> {
    const iat = Math.floor(nowMs / 1000);
    return (
      new SignJWT({
        typ: 'Bearer',
        azp: who.clientId,
        preferred_username: who.username,
        realm_access: { roles: who.roles },
        resource_access: {},
        scope: 'profile email',
        ...(who.email ? { email: who.email } : {}),
      })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.kid })
        .setIssuer(issuer)
        .setSubject(who.subject)
        // Keycloak puts "account" in aud; MOSIP's audience check also accepts azp (the client id).
        .setAudience('account')
        .setIssuedAt(iat)
        .setExpirationTime(iat + lifetimeSeconds)
        .setJti(randomUUID())
        .sign(this.privateKey)
    );
  }

  /**
   * Verifies signature and expiry against `nowMs`. Returns the claims or a reason; never throws.
   */
  async verify(
    token: string,
    nowMs: number,
  ): Promise<{ ok: true; claims: AccessTokenClaims } | { ok: false; reason: string }> {
    try {
      const { payload } = await jwtVerify(token, this.publicKey, {
        algorithms: ['RS256', 'RS384', 'RS512'],
        currentDate: new Date(nowMs),
      });
      return { ok: true, claims: payload as AccessTokenClaims };
    } catch (e) {
      return { ok: false, reason: (e as Error).name };
    }
  }
}
