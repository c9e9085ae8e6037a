import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge } from '../../src/index.ts';
import { birth, startStack, testConfig, type Stack } from './stack.ts';

/**
 * The CRVS's own identity provider issues the JWTs; here the sandbox's Keycloak-compatible realm plays
 * that part (JWKS, issuer, audience), with the bridge's scopes carried as realm roles.
 */
describe('bearer JWTs verified against a JWKS', () => {
  let stack: Stack;
  const token = async (clientId: string, secret: string) => {
    const res = await fetch(`${stack.sandbox.url}/auth/realms/mosip/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: secret,
      }).toString(),
    });
    return ((await res.json()) as { access_token: string }).access_token;
  };

  beforeAll(async () => {
    stack = await startStack();
    await stack.bridge.close();
    const issuer = `${stack.sandbox.url}/auth/realms/mosip`;
    stack.bridge = await startBridge(
      testConfig(stack.sandbox.url, stack.dir, {
        ENCRYPTION_KEY: stack.config.ENCRYPTION_KEY,
        JWT_JWKS_URL: `${issuer}/protocol/openid-connect/certs`,
        JWT_ISSUER: issuer,
        JWT_AUDIENCE: 'account',
        JWT_SCOPE_CLAIM: 'realm_access.roles',
      }),
    );
    for (const [clientId, roles] of [
      ['crvs-submitter', ['submit', 'read']],
      ['crvs-reader', ['read']],
    ] as const) {
      stack.sandbox.ctx.iam.saveClient({
        id: randomUUID(),
        realm: 'mosip',
        clientId,
        secret: `${clientId}-secret`,
        enabled: true,
        serviceAccountsEnabled: true,
        roles: [...roles],
      });
    }
  });
  afterAll(async () => stack.close());

  it('accepts a JWT with the submit scope and refuses one without it', async () => {
    const submitter = await token('crvs-submitter', 'crvs-submitter-secret');
    const ok = await stack.api('POST', '/v1/registrations', birth(), {
      authorization: `Bearer ${submitter}`,
    });
    expect(ok.status).toBe(202);
    const reader = await token('crvs-reader', 'crvs-reader-secret');
    const refused = await stack.api('POST', '/v1/registrations', birth(), {
      authorization: `Bearer ${reader}`,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FORBIDDEN_SCOPE');
    expect(
      (
        await stack.api('GET', `/v1/registrations/${ok.body.id}`, undefined, {
          authorization: `Bearer ${reader}`,
        })
      ).status,
    ).toBe(200);
  });

  it('refuses a tampered or foreign JWT with 401', async () => {
    const submitter = await token('crvs-submitter', 'crvs-submitter-secret');
    const [h, p, sig] = submitter.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, realm_access: { roles: ['submit', 'operate'] } })).toString('base64url')}.${sig}`;
    const res = await stack.api('POST', '/v1/registrations', birth(), { authorization: `Bearer ${forged}` });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('INVALID_CREDENTIALS');
  });
});
