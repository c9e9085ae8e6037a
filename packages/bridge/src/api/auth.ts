import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { AppError } from '../errors.ts';

export const SCOPES = ['submit', 'read', 'operate'] as const;
export type Scope = (typeof SCOPES)[number];

export interface Principal {
  kind: 'api-key' | 'jwt';
  id: string;
  scopes: Scope[];
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** API keys look like `cmk_<id>_<secret>`; only a SHA-256 of the 32-byte random secret is stored. */
const KEY_PATTERN = /^cmk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export function hashKeySecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Generates a new API key; the caller stores `{id, hash}` and shows `key` once. */
export function generateApiKey(random: (n: number) => Buffer = randomBytes): {
  id: string;
  key: string;
  hash: string;
} {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const id = [...random(12)].map((b) => alphabet[b % alphabet.length]).join('');
  const secret = random(32).toString('base64url');
  return { id, key: `cmk_${id}_${secret}`, hash: hashKeySecret(secret) };
}

export interface ApiKeyLookup {
  find(id: string): Promise<{ hash: string; scopes: string[]; revokedAt: number | null } | undefined>;
  touch?(id: string): Promise<void>;
}

export interface JwtSettings {
  jwksUrl: string;
  issuer?: string;
  audience?: string;
  scopeClaim: string;
}

function scopesFrom(value: unknown): Scope[] {
  const raw = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/\s+/) : [];
  return raw.filter((s): s is Scope => (SCOPES as readonly string[]).includes(s));
}

/** Reads a claim by name or dotted path (`realm_access.roles` for Keycloak realm roles). */
function claimAt(payload: Record<string, unknown>, path: string): unknown {
  if (path in payload) return payload[path];
  let value: unknown = payload;
  for (const part of path.split('.')) {
    value =
      typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  }
  return value;
}

/**
 * Names the caller (API key id or JWT subject, never a secret) on the request's remaining log lines,
 * "request completed" included, so the log says who called what.
 */
export function logAs(request: FastifyRequest, reply: FastifyReply, principalId: string): void {
  request.log = request.log.child({ principal: principalId });
  reply.log = request.log;
}

/** Verifies API keys and (when configured) bearer JWTs against the CRVS identity provider's JWKS. */
export class Authenticator {
  private readonly jwks: JWTVerifyGetKey | null;

  constructor(
    private readonly keys: ApiKeyLookup,
    private readonly jwt: JwtSettings | null,
  ) {
    this.jwks = jwt ? createRemoteJWKSet(new URL(jwt.jwksUrl)) : null;
  }

  async authenticate(authorization: string | undefined): Promise<Principal> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match?.[1]) throw new AppError('UNAUTHORIZED');
    const token = match[1];
    const key = KEY_PATTERN.exec(token);
    if (key) {
      const [, id, secret] = key as unknown as [string, string, string];
      const stored = await this.keys.find(id);
      const expected = stored ? Buffer.from(stored.hash, 'hex') : Buffer.alloc(32);
      const actual = Buffer.from(hashKeySecret(secret), 'hex');
      if (!stored || stored.revokedAt != null || !timingSafeEqual(expected, actual)) {
        throw new AppError('INVALID_CREDENTIALS');
      }
      await this.keys.touch?.(id);
      return { kind: 'api-key', id, scopes: scopesFrom(stored.scopes) };
    }
    if (!this.jwks || !this.jwt) throw new AppError('INVALID_CREDENTIALS');
    try {
      const { payload } = await jwtVerify(token, this.jwks, {
        ...(this.jwt.issuer ? { issuer: this.jwt.issuer } : {}),
        ...(this.jwt.audience ? { audience: this.jwt.audience } : {}),
      });
      const subject =
        typeof payload.sub === 'string' ? payload.sub : typeof payload.azp === 'string' ? payload.azp : 'jwt';
      return {
        kind: 'jwt',
        id: subject,
        scopes: scopesFrom(claimAt(payload, this.jwt.scopeClaim)),
      };
    } catch {
      throw new AppError('INVALID_CREDENTIALS');
    }
  }

  /** A Fastify preHandler requiring `scope`. */
  require(scope: Scope) {
    return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
      const principal = await this.authenticate(request.headers.authorization);
      if (!principal.scopes.includes(scope)) {
        throw new AppError(
          'FORBIDDEN_SCOPE',
          `This call needs the "${scope}" scope; the credentials have: ${principal.scopes.join(', ') || 'none'}.`,
        );
      }
      request.principal = principal;
      logAs(request, reply, principal.id);
    };
  }
}
