import { describe, expect, it } from 'vitest';
import { MosipClient } from './mosip-client.ts';
import { MosipError } from './mosip-error.ts';
import type { MosipClientOptions } from './options.ts';
import {
  authOk,
  caught,
  CLIENT_ID,
  deferred,
  FakeMosip,
  forbidden,
  json,
  makeJwt,
  mosipErrors,
  mosipOk,
  packetInfos,
  PATHS,
  RID,
  samplePacket,
  SECRET,
  tokenClaims,
  unauthorized,
} from '../test/fake-mosip.ts';

function setup(extra: Partial<MosipClientOptions> = {}) {
  const mosip = new FakeMosip();
  mosip.on('PUT', PATHS.createPacket, () => mosipOk(packetInfos(), []));
  return { mosip, sut: new MosipClient(mosip.options(extra)) };
}

describe(`${MosipClient.name} authentication`, () => {
  it('should send the clientidsecretkey request envelope', async () => {
    const { mosip, sut } = setup();
    await sut.getToken();
    const [call] = mosip.calls('POST', PATHS.auth);
    expect(call!.headers.get('content-type')).toBe('application/json');
    expect(call!.headers.get('cookie')).toBeNull();
    expect(call!.body).toEqual({
      id: 'mosip.io.clientId.pwd',
      version: '1.0',
      requesttime: '2025-02-25T11:14:17.667Z',
      metadata: {},
      request: { clientId: CLIENT_ID, secretKey: SECRET, appId: 'regproc' },
    });
  });

  it('should read the token from the Authorization response header', async () => {
    const { mosip, sut } = setup();
    mosip.on('POST', PATHS.auth, () => authOk('header-jwt', 'header'));
    expect(await sut.getToken()).toBe('header-jwt');
  });

  it('should read the token from Set-Cookie when it contains "="', async () => {
    const { mosip, sut } = setup();
    const token = makeJwt(tokenClaims(mosip.clock.now()), true);
    expect(token).toContain('=');
    mosip.on('POST', PATHS.auth, () => authOk(token, 'cookie'));
    expect(await sut.getToken()).toBe(token);
  });

  it('should send the token as the first and only cookie, with JSON content type', async () => {
    const { mosip, sut } = setup();
    await sut.createPacket(samplePacket());
    const [call] = mosip.calls('PUT', PATHS.createPacket);
    expect(call!.headers.get('cookie')).toBe(`Authorization=${mosip.issuedTokens[0]}`);
    expect(call!.headers.get('content-type')).toBe('application/json');
    expect(call!.headers.get('authorization')).toBeNull();
  });

  it('should authenticate once for many requests while the token is valid', async () => {
    const { mosip, sut } = setup();
    for (let i = 0; i < 5; i++) await sut.createPacket(samplePacket());
    await Promise.all([sut.createPacket(samplePacket()), sut.createPacket(samplePacket())]);
    expect(mosip.authCalls).toBe(1);
    expect(mosip.calls('PUT', PATHS.createPacket)).toHaveLength(7);
  });

  it('should refresh the token one skew (60 s) before exp', async () => {
    const { mosip, sut } = setup();
    const first = await sut.getToken();
    mosip.clock.advance(239_999); // 5 min lifetime - 60 s skew - 1 ms
    expect(await sut.getToken()).toBe(first);
    expect(mosip.authCalls).toBe(1);
    mosip.clock.advance(1);
    const second = await sut.getToken();
    expect(second).not.toBe(first);
    expect(mosip.authCalls).toBe(2);
  });

  it('should honour a custom tokenRefreshSkewMs', async () => {
    const { mosip, sut } = setup({ tokenRefreshSkewMs: 10_000 });
    await sut.getToken();
    mosip.clock.advance(289_999);
    await sut.getToken();
    expect(mosip.authCalls).toBe(1);
    mosip.clock.advance(1);
    await sut.getToken();
    expect(mosip.authCalls).toBe(2);
  });

  it('should let 20 concurrent callers with an expired token share ONE auth call', async () => {
    const { mosip, sut } = setup();
    await sut.getToken();
    mosip.clock.advance(301_000);
    const gate = deferred();
    mosip.on('POST', PATHS.auth, async () => {
      await gate.promise;
      return authOk(mosip.issueToken());
    });
    const calls = Array.from({ length: 20 }, () => sut.createPacket(samplePacket()));
    gate.resolve();
    const results = await Promise.all(calls);
    expect(results).toHaveLength(20);
    expect(mosip.authCalls).toBe(2);
    const cookies = new Set(mosip.calls('PUT', PATHS.createPacket).map((c) => c.headers.get('cookie')));
    expect(cookies).toEqual(new Set([`Authorization=${mosip.issuedTokens[1]}`]));
  });

  it('should reject all waiters when the refresh fails and retry auth on the next call', async () => {
    const { mosip, sut } = setup();
    const gate = deferred();
    mosip.on(
      'POST',
      PATHS.auth,
      async () => {
        await gate.promise;
        return mosipErrors([{ errorCode: '500', message: '401 Unauthorized: invalid_client' }], 500);
      },
      () => authOk(mosip.issueToken()),
    );
    const waiters = Array.from({ length: 5 }, () => sut.createPacket(samplePacket()));
    gate.resolve();
    const results = await Promise.allSettled(waiters);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toMatchObject({ code: 'CLIENT-AUTH-FAILED' });
    }
    expect(mosip.authCalls).toBe(1);
    expect(mosip.calls('PUT', PATHS.createPacket)).toHaveLength(0);
    await expect(sut.createPacket(samplePacket())).resolves.toHaveLength(3);
    expect(mosip.authCalls).toBe(2);
  });

  it('should re-authenticate once on HTTP 401 and retry with the new token', async () => {
    const { mosip, sut } = setup();
    mosip.on('PUT', PATHS.createPacket, unauthorized, () => mosipOk(packetInfos(), []));
    await expect(sut.createPacket(samplePacket())).resolves.toHaveLength(3);
    expect(mosip.authCalls).toBe(2);
    const cookies = mosip.calls('PUT', PATHS.createPacket).map((c) => c.headers.get('cookie'));
    expect(cookies).toEqual(mosip.issuedTokens.map((t) => `Authorization=${t}`));
  });

  it('should fail with a permanent KER-ATH-401 after a second 401, with exactly 2 auth calls', async () => {
    const { mosip, sut } = setup();
    mosip.on('PUT', PATHS.createPacket, unauthorized);
    const error = await caught(() => sut.createPacket(samplePacket()));
    expect(error).toBeInstanceOf(MosipError);
    expect(error).toMatchObject({
      code: 'KER-ATH-401',
      httpStatus: 401,
      retryable: false,
      operation: 'createPacket',
    });
    expect((error as MosipError).message).toMatch(/freshly issued token/);
    expect((error as MosipError).errors).toEqual([
      { errorCode: 'KER-ATH-401', message: 'Authentication Failed' },
    ]);
    expect(mosip.authCalls).toBe(2);
    expect(mosip.calls('PUT', PATHS.createPacket)).toHaveLength(2);
  });

  it('should treat KER-ATH-402 in an HTTP 200 body as a rejected token', async () => {
    const { mosip, sut } = setup();
    mosip.on(
      'POST',
      PATHS.workflow,
      () => mosipErrors([{ errorCode: 'KER-ATH-402', message: 'Token expired' }]),
      () => mosipOk({ workflowInstanceId: 'wf-1' }),
    );
    const result = await sut.createWorkflowInstance({
      registrationId: RID,
      process: 'CRVS_NEW',
      source: 'CRVS1',
    });
    expect(result).toEqual({ status: 'created', workflowInstanceId: 'wf-1' });
    expect(mosip.authCalls).toBe(2);
  });

  it('should not re-authenticate twice when concurrent callers all get 401 for the same token', async () => {
    const { mosip, sut } = setup();
    await sut.getToken();
    const stale = `Authorization=${mosip.issuedTokens[0]}`;
    mosip.on('PUT', PATHS.createPacket, (request) =>
      request.headers.get('cookie') === stale ? unauthorized() : mosipOk(packetInfos(), []),
    );
    await Promise.all(Array.from({ length: 5 }, () => sut.createPacket(samplePacket())));
    expect(mosip.authCalls).toBe(2);
  });

  it('should surface KER-ATH-026 (unknown appId, HTTP 200) as a permanent MOSIP error', async () => {
    const { mosip, sut } = setup({ appId: 'nosuchapp' });
    mosip.on('POST', PATHS.auth, () =>
      mosipErrors([{ errorCode: 'KER-ATH-026', message: 'Realm not found:: nosuchapp' }]),
    );
    const error = await caught(() => sut.getToken());
    expect(error).toMatchObject({
      code: 'KER-ATH-026',
      httpStatus: 200,
      retryable: false,
      operation: 'authenticate',
      errors: [{ errorCode: 'KER-ATH-026', message: 'Realm not found:: nosuchapp' }],
    });
  });

  it('should map a bad secret (HTTP 500 errorCode "500") to a permanent CLIENT-AUTH-FAILED', async () => {
    const { mosip, sut } = setup();
    mosip.on('POST', PATHS.auth, () =>
      mosipErrors(
        [
          {
            errorCode: '500',
            message:
              '401 Unauthorized: {"error":"unauthorized_client","error_description":"Invalid client secret"}',
          },
        ],
        500,
      ),
    );
    const error = await caught(() => sut.getToken());
    expect(error).toMatchObject({ code: 'CLIENT-AUTH-FAILED', httpStatus: 500, retryable: false });
    expect((error as MosipError).message).toMatch(/refused the client credentials/);
  });

  it('should map a 5xx that is not an auth-manager envelope (gateway) to a retryable CLIENT-HTTP-5XX', async () => {
    const { mosip, sut } = setup();
    mosip.on('POST', PATHS.auth, () => new Response('<html>502 Bad Gateway</html>', { status: 502 }));
    expect(await caught(() => sut.getToken())).toMatchObject({
      code: 'CLIENT-HTTP-5XX',
      httpStatus: 502,
      retryable: true,
    });
  });

  it('should treat "Keycloak unreachable" behind errorCode "500" as retryable', async () => {
    const { mosip, sut } = setup();
    mosip.on('POST', PATHS.auth, () =>
      mosipErrors(
        [{ errorCode: '500', message: 'I/O error on POST request for "http://keycloak/auth"' }],
        500,
      ),
    );
    expect(await caught(() => sut.getToken())).toMatchObject({ code: 'CLIENT-HTTP-5XX', retryable: true });
  });

  it('should fail with CLIENT-AUTH-FAILED when a 200 carries no token', async () => {
    const { mosip, sut } = setup();
    mosip.on('POST', PATHS.auth, () => mosipOk({ status: 'Success' }));
    expect(await caught(() => sut.getToken())).toMatchObject({
      code: 'CLIENT-AUTH-FAILED',
      retryable: false,
    });
  });

  it('should fail with CLIENT-BAD-RESPONSE when the auth body is not JSON', async () => {
    const { mosip, sut } = setup();
    mosip.on('POST', PATHS.auth, () => new Response('<html>login</html>', { status: 200 }));
    expect(await caught(() => sut.getToken())).toMatchObject({
      code: 'CLIENT-BAD-RESPONSE',
      retryable: true,
    });
  });

  it('should not cache a token without a readable exp', async () => {
    const { mosip, sut } = setup();
    mosip.on('POST', PATHS.auth, () => authOk('opaque-token'));
    await sut.getToken();
    await sut.getToken();
    expect(mosip.authCalls).toBe(2);
  });
});

describe(`${MosipClient.name} HTTP 403`, () => {
  it('should name the missing role when the token holds none of the endpoint roles', async () => {
    const { mosip, sut } = setup();
    mosip.on('POST', PATHS.auth, () => authOk(mosip.issueToken(300, ['ONLINE_REGISTRATION_CLIENT'])));
    mosip.on('POST', PATHS.status, forbidden);
    const error = await caught(() => sut.searchRegistrationStatus([RID]));
    expect(error).toMatchObject({ code: 'KER-ATH-403', httpStatus: 403, retryable: false });
    const { message } = error as MosipError;
    expect(message).toMatch(/role misconfiguration/);
    expect(message).toContain('REGISTRATION_ADMIN, REGISTRATION_OFFICER, REGISTRATION_SUPERVISOR, RESIDENT');
    expect(message).toContain(CLIENT_ID);
    expect(mosip.authCalls).toBe(1);
  });

  it('should point at the audience allow-list when the token has a required role', async () => {
    const { mosip, sut } = setup();
    mosip.on('PUT', PATHS.createPacket, forbidden);
    const { message } = (await caught(() => sut.createPacket(samplePacket()))) as MosipError;
    expect(message).toMatch(/audience misconfiguration/);
    expect(message).toContain('auth.server.admin.allowed.audience in packet-manager-default.properties');
  });

  it('should treat KER-ATH-403 inside an HTTP 200 envelope the same way', async () => {
    const { mosip, sut } = setup();
    mosip.on('GET', PATHS.transactions(RID), () =>
      mosipErrors([{ errorCode: 'KER-ATH-403', message: 'Forbidden' }]),
    );
    expect(await caught(() => sut.getRegistrationTransactions(RID))).toMatchObject({
      code: 'KER-ATH-403',
      httpStatus: 200,
      retryable: false,
    });
  });

  it('should still explain a 403 when the token cannot be decoded', async () => {
    const { mosip, sut } = setup();
    mosip.on('POST', PATHS.auth, () => authOk('opaque-token'));
    mosip.on('PUT', PATHS.createPacket, () => json(403, {}));
    const { message } = (await caught(() => sut.createPacket(samplePacket()))) as MosipError;
    expect(message).toMatch(/could not be decoded/);
  });
});
