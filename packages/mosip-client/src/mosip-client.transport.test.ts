import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { MosipClient } from './mosip-client.ts';
import { MosipError } from './mosip-error.ts';
import {
  APP_ID,
  caught,
  CLIENT_ID,
  FakeMosip,
  hang,
  json,
  makeJwt,
  mosipErrors,
  mosipOk,
  packetInfos,
  PATHS,
  refused,
  RID,
  samplePacket,
  SECRET,
  tokenClaims,
} from '../test/fake-mosip.ts';
import type { MosipClientOptions } from './options.ts';

function setup(extra: Partial<MosipClientOptions> = {}) {
  const mosip = new FakeMosip();
  return { mosip, sut: new MosipClient(mosip.options(extra)) };
}

const workflowInput = { registrationId: RID, process: 'CRVS_NEW', source: 'CRVS1' };

describe(`${MosipClient.name} transport failures`, () => {
  it('should turn a request that never answers into a retryable CLIENT-TIMEOUT', async () => {
    const { mosip, sut } = setup({ timeouts: { createPacketMs: 30 } });
    mosip.on('PUT', PATHS.createPacket, hang);
    const error = await caught(() => sut.createPacket(samplePacket()));
    expect(error).toBeInstanceOf(MosipError);
    expect(error).toMatchObject({
      code: 'CLIENT-TIMEOUT',
      retryable: true,
      httpStatus: null,
      operation: 'createPacket',
    });
    expect((error as MosipError).message).toContain('30 ms');
    expect(mosip.calls('PUT', PATHS.createPacket)[0]!.signal?.aborted).toBe(true);
  });

  it('should apply the auth timeout to the auth call', async () => {
    const { mosip, sut } = setup({ timeouts: { authMs: 20 } });
    mosip.on('POST', PATHS.auth, hang);
    expect(await caught(() => sut.getToken())).toMatchObject({
      code: 'CLIENT-TIMEOUT',
      operation: 'authenticate',
    });
  });

  it('should use each operation its own timeout', async () => {
    const { mosip, sut } = setup({ timeouts: { workflowMs: 20, statusMs: 20, createPacketMs: 5_000 } });
    mosip.on('POST', PATHS.workflow, hang);
    mosip.on('POST', PATHS.status, hang);
    mosip.on('GET', PATHS.transactions(RID), hang);
    const started = Date.now();
    for (const call of [
      () => sut.createWorkflowInstance(workflowInput),
      () => sut.searchRegistrationStatus([RID]),
      () => sut.getRegistrationTransactions(RID),
    ]) {
      expect(await caught(call)).toMatchObject({ code: 'CLIENT-TIMEOUT' });
    }
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('should turn ECONNREFUSED into a retryable CLIENT-NETWORK naming the cause', async () => {
    const { mosip, sut } = setup();
    mosip.on('PUT', PATHS.createPacket, refused);
    const error = await caught(() => sut.createPacket(samplePacket()));
    expect(error).toMatchObject({ code: 'CLIENT-NETWORK', retryable: true, httpStatus: null });
    expect((error as MosipError).message).toContain('ECONNREFUSED');
    expect((error as MosipError).cause).toBeInstanceOf(TypeError);
  });

  it('should make a gateway 500 a retryable CLIENT-HTTP-5XX', async () => {
    const { mosip, sut } = setup();
    mosip.on(
      'PUT',
      PATHS.createPacket,
      () => new Response('<html>Internal Server Error</html>', { status: 500 }),
    );
    expect(await caught(() => sut.createPacket(samplePacket()))).toMatchObject({
      code: 'CLIENT-HTTP-5XX',
      httpStatus: 500,
      retryable: true,
    });
  });

  it('should let the catalogue decide a 5xx MOSIP envelope with a known code', async () => {
    const { mosip, sut } = setup();
    mosip.on('PUT', PATHS.createPacket, () =>
      mosipErrors([{ errorCode: 'KER-PUT-013', message: 'No Object store adapter found.' }], 500),
    );
    expect(await caught(() => sut.createPacket(samplePacket()))).toMatchObject({
      code: 'KER-PUT-013',
      httpStatus: 500,
      retryable: false,
    });
  });

  it('should keep an unknown code in a 5xx envelope as a retryable CLIENT-HTTP-5XX with the details', async () => {
    const { mosip, sut } = setup();
    mosip.on('POST', PATHS.workflow, () => mosipErrors([{ errorCode: 'KER-RIG-500', message: 'boom' }], 503));
    const error = await caught(() => sut.createWorkflowInstance(workflowInput));
    expect(error).toMatchObject({ code: 'CLIENT-HTTP-5XX', httpStatus: 503, retryable: true });
    expect((error as MosipError).errors).toEqual([{ errorCode: 'KER-RIG-500', message: 'boom' }]);
  });

  it('should make other 4xx a permanent CLIENT-HTTP-4XX', async () => {
    const { mosip, sut } = setup();
    mosip.on('POST', PATHS.status, () => json(404, { error: 'Not Found' }));
    expect(await caught(() => sut.searchRegistrationStatus([RID]))).toMatchObject({
      code: 'CLIENT-HTTP-4XX',
      httpStatus: 404,
      retryable: false,
    });
  });

  it('should not follow redirects (the token cookie must not travel) and report them as CLIENT-HTTP-4XX', async () => {
    const { mosip, sut } = setup();
    mosip.on(
      'PUT',
      PATHS.createPacket,
      () => new Response(null, { status: 301, headers: { location: 'https://elsewhere.test/x' } }),
    );
    const error = await caught(() => sut.createPacket(samplePacket()));
    expect(error).toMatchObject({ code: 'CLIENT-HTTP-4XX', httpStatus: 301, retryable: false });
    expect((error as MosipError).message).toContain('redirect');
    expect(mosip.calls('PUT', PATHS.createPacket)).toHaveLength(1);
  });

  it('should make an unparseable 200 body a retryable CLIENT-BAD-RESPONSE', async () => {
    const { mosip, sut } = setup();
    mosip.on('PUT', PATHS.createPacket, () => new Response('{"response": [', { status: 200 }));
    expect(await caught(() => sut.createPacket(samplePacket()))).toMatchObject({
      code: 'CLIENT-BAD-RESPONSE',
      httpStatus: 200,
      retryable: true,
    });
  });
});

describe(`${MosipClient.name} configuration`, () => {
  it('should combine serviceUrls and paths overrides per service', async () => {
    const mosip = new FakeMosip();
    const sut = new MosipClient(
      mosip.options({
        serviceUrls: {
          packetManager: 'https://pm.example.test/',
          registrationProcessor: 'https://rp.example.test/gw',
        },
        paths: { auth: '/auth/' },
      }),
    );
    mosip.on('POST', '/auth/authenticate/clientidsecretkey', () => {
      const token = makeJwt(tokenClaims(mosip.clock.now()));
      return json(200, { response: { status: 'Success' }, errors: null }, { Authorization: token });
    });
    mosip.on('PUT', PATHS.createPacket, () => mosipOk(packetInfos(), []));
    mosip.on('POST', `/gw${PATHS.workflow}`, () => mosipOk({ workflowInstanceId: 'w' }));
    await sut.createPacket(samplePacket());
    await sut.createWorkflowInstance(workflowInput);
    expect(mosip.requests.map((r) => `${r.url.origin}${r.path}`)).toEqual([
      'https://mosip.example.test/auth/authenticate/clientidsecretkey',
      `https://pm.example.test${PATHS.createPacket}`,
      `https://rp.example.test/gw${PATHS.workflow}`,
    ]);
  });

  it('should pass the dispatcher to an injected fetch when both are given', async () => {
    const mosip = new FakeMosip();
    const dispatcher = new Agent();
    const inits: unknown[] = [];
    const fetchSpy: typeof fetch = (input, init) => {
      inits.push(init);
      return mosip.fetch(input, init);
    };
    mosip.on('POST', PATHS.workflow, () => mosipOk({ workflowInstanceId: 'w' }));
    const sut = new MosipClient(mosip.options({ fetch: fetchSpy, dispatcher }));
    await sut.createWorkflowInstance(workflowInput);
    expect(inits).toHaveLength(2);
    for (const init of inits) expect(init).toMatchObject({ dispatcher, redirect: 'manual' });
    await dispatcher.close();
  });

  it('should reject unusable options without echoing their values', () => {
    const base = { baseUrl: 'https://mosip.test', clientId: CLIENT_ID, secretKey: SECRET, appId: APP_ID };
    const cases: Array<[Partial<MosipClientOptions>, RegExp]> = [
      [{ baseUrl: 'not a url' }, /baseUrl/],
      [{ baseUrl: 'ftp://mosip.test' }, /http/],
      [{ baseUrl: 'https://user:pw@mosip.test' }, /credentials/],
      [{ secretKey: '' }, /secretKey/],
      [{ clientId: '  ' }, /clientId/],
      [{ timeouts: { authMs: 0 } }, /timeouts.authMs/],
      [{ tokenRefreshSkewMs: -1 }, /tokenRefreshSkewMs/],
      [{ serviceUrls: { auth: 'nope' } }, /serviceUrls.auth/],
    ];
    for (const [override, message] of cases) {
      expect(() => new MosipClient({ ...base, ...override })).toThrow(message);
    }
    try {
      new MosipClient({ ...base, baseUrl: `https://x.test/${SECRET}`, clientId: '' });
    } catch (error) {
      expect(String(error)).not.toContain(SECRET);
    }
  });
});

describe(`${MosipClient.name} over real HTTP with the default fetch`, () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()!();
  });

  async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
    const server = createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('should authenticate from Set-Cookie and send the cookie first on a real socket', async () => {
    const token = makeJwt(tokenClaims(Date.now()), true);
    const seen: Array<{ url: string; cookie: string | undefined; contentType: string | undefined }> = [];
    const baseUrl = await listen((req, res) => {
      seen.push({ url: req.url ?? '', cookie: req.headers.cookie, contentType: req.headers['content-type'] });
      res.setHeader('content-type', 'application/json');
      if (req.url === PATHS.auth) {
        res.setHeader('set-cookie', [
          'XSRF=1; Path=/',
          `Authorization=${token}; Max-Age=6000000; Path=/; HttpOnly`,
        ]);
        res.end(JSON.stringify({ response: { status: 'Success' }, errors: null }));
      } else {
        res.end(JSON.stringify({ response: { workflowInstanceId: 'real' }, errors: null }));
      }
    });
    const sut = new MosipClient({ baseUrl, clientId: CLIENT_ID, secretKey: SECRET, appId: APP_ID });
    expect(await sut.createWorkflowInstance(workflowInput)).toEqual({
      status: 'created',
      workflowInstanceId: 'real',
    });
    expect(seen).toEqual([
      { url: PATHS.auth, cookie: undefined, contentType: 'application/json' },
      { url: PATHS.workflow, cookie: `Authorization=${token}`, contentType: 'application/json' },
    ]);
  });

  it('should report a closed port as CLIENT-NETWORK with ECONNREFUSED', async () => {
    const baseUrl = await listen(() => undefined);
    await cleanups.pop()!();
    const sut = new MosipClient({ baseUrl, clientId: CLIENT_ID, secretKey: SECRET, appId: APP_ID });
    const error = await caught(() => sut.getToken());
    expect(error).toMatchObject({ code: 'CLIENT-NETWORK', retryable: true, operation: 'authenticate' });
    expect((error as MosipError).message).toContain('ECONNREFUSED');
  });
});
