import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { MosipClient, type MosipError } from '@crvs-mosip/mosip-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  birthFields,
  CRVS,
  nextRid,
  packetBody,
  REGPROC,
  startTestSandbox,
  waitFor,
  type TestSandbox,
} from './helpers.ts';

/** A fetch that counts authentication calls, so token sharing and re-authentication can be checked. */
function countingFetch() {
  const counts = { auth: 0, other: 0 };
  const fn: typeof fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.includes('/authenticate/clientidsecretkey')) counts.auth += 1;
    else counts.other += 1;
    return fetch(input, init);
  };
  return { fn, counts };
}

async function failure(promise: Promise<unknown>): Promise<MosipError> {
  try {
    await promise;
  } catch (e) {
    return e as MosipError;
  }
  throw new Error('expected a MosipError');
}

describe('MosipClient against the sandbox over HTTP', () => {
  let sb: TestSandbox;
  let offsetMs = 0;
  const client = (who = CRVS, extra: Partial<ConstructorParameters<typeof MosipClient>[0]> = {}) =>
    new MosipClient({
      baseUrl: sb.url,
      clientId: who.clientId,
      secretKey: who.secret,
      appId: who.appId,
      ...extra,
    });
  const setFaults = (faults: object) =>
    sb.ctx.faults.set({
      ...sb.ctx.faults.get(),
      latencyMs: 0,
      latencyByEndpoint: {},
      errorRate: 0,
      errors200Rate: 0,
      errorEndpoints: [],
      outage: null,
      tokenLifetimeSeconds: null,
      ...faults,
    });

  beforeAll(async () => {
    sb = await startTestSandbox({ clock: () => Date.now() + offsetMs });
    // MOSIP installs a resident client; its RESIDENT role may read registration statuses.
    sb.ctx.iam.saveClient({
      id: randomUUID(),
      realm: 'mosip',
      clientId: 'mosip-resident-client',
      secret: 'resident-secret',
      enabled: true,
      serviceAccountsEnabled: true,
      roles: ['RESIDENT'],
    });
  });
  afterAll(async () => sb.dispose());

  it('runs a birth end to end: packet, workflow, duplicate trigger, transactions and status', async () => {
    const crvs = client();
    const rid = nextRid();
    const infos = await crvs.createPacket(packetBody(rid, 'CRVS_NEW', birthFields()).request);
    expect(infos.map((i) => i.packetName)).toEqual([`${rid}_evidence`, `${rid}_optional`, `${rid}_id`]);
    const created = await crvs.createWorkflowInstance({
      registrationId: rid,
      process: 'CRVS_NEW',
      source: 'CRVS1',
    });
    expect(created.status).toBe('created');
    expect(
      await crvs.createWorkflowInstance({ registrationId: rid, process: 'CRVS_NEW', source: 'CRVS1' }),
    ).toEqual({ status: 'already-present' });
    const regproc = client(REGPROC);
    const transactions = await waitFor(async () => {
      const list = await regproc.getRegistrationTransactions(rid);
      return list.some((t) => t.transactionTypeCode === 'FINALIZATION') ? list : undefined;
    });
    expect(transactions.find((t) => t.transactionTypeCode === 'UIN_GENERATOR')?.statusCode).toBe('SUCCESS');
    const resident = client({
      clientId: 'mosip-resident-client',
      secret: 'resident-secret',
      appId: 'resident',
    });
    const status = await resident.searchRegistrationStatus([rid, nextRid()]);
    expect(status.statuses).toEqual([
      { registrationId: rid, statusCode: 'PROCESSED', additionalInfoReqId: null },
    ]);
    expect(status.errors[0]?.errorCode).toBe('RPR-RGS-031');
  });

  it('shares one token among concurrent callers and refreshes it before expiry', async () => {
    setFaults({ tokenLifetimeSeconds: 3 });
    const { fn, counts } = countingFetch();
    const regproc = client(REGPROC, { fetch: fn, tokenRefreshSkewMs: 1_000 });
    await Promise.all(
      Array.from({ length: 12 }, () => regproc.getRegistrationTransactions(nextRid()).catch(() => null)),
    );
    expect(counts.auth).toBe(1);
    await new Promise((r) => setTimeout(r, 2_200));
    await regproc.getRegistrationTransactions(nextRid()).catch(() => null);
    expect(counts.auth).toBe(2);
    setFaults({});
  });

  it('re-authenticates once when MOSIP answers 401, then succeeds', async () => {
    const { fn, counts } = countingFetch();
    const crvs = client(CRVS, { fetch: fn });
    await crvs.getToken();
    offsetMs = 10 * 60_000; // the cached token is now expired for the sandbox but not for the client's clock
    try {
      const infos = await crvs.createPacket(packetBody(nextRid(), 'CRVS_NEW', birthFields()).request);
      expect(infos).toHaveLength(3);
      expect(counts.auth).toBe(2);
    } finally {
      offsetMs = 0;
    }
  });

  it('turns every failure into a typed MosipError with the right retryability', async () => {
    const crvs = client(CRVS, { timeouts: { createPacketMs: 300 } });
    const packet = () => packetBody(nextRid(), 'CRVS_NEW', birthFields()).request;

    setFaults({ latencyByEndpoint: { createPacket: 1_500 } });
    expect(await failure(crvs.createPacket(packet()))).toMatchObject({
      code: 'CLIENT-TIMEOUT',
      retryable: true,
    });

    setFaults({ errorRate: 1, errorEndpoints: ['createPacket'] });
    expect(await failure(crvs.createPacket(packet()))).toMatchObject({ httpStatus: 500, retryable: true });

    setFaults({ errors200Rate: 1, errorEndpoints: ['createPacket'] });
    expect(await failure(crvs.createPacket(packet()))).toMatchObject({
      code: 'KER-PUT-005',
      httpStatus: 200,
      retryable: true,
    });

    const now = Date.now();
    setFaults({
      outage: { from: new Date(now - 1_000).toISOString(), until: new Date(now + 60_000).toISOString() },
    });
    expect(await failure(crvs.createPacket(packet()))).toMatchObject({ httpStatus: 503, retryable: true });
    setFaults({});

    const unknownSource = { ...packet(), source: 'ELSEWHERE' };
    expect(await failure(crvs.createPacket(unknownSource))).toMatchObject({
      code: 'KER-PUT-006',
      retryable: false,
    });
    expect(await failure(crvs.createPacket({ ...packet(), audits: [] }))).toMatchObject({
      code: 'CLIENT-EMPTY-RESPONSE',
      retryable: true,
    });

    const admin = client(ADMIN);
    expect(await failure(admin.createPacket(packet()))).toMatchObject({
      code: 'KER-ATH-403',
      httpStatus: 403,
      retryable: false,
    });

    const wrongSecret = client({ ...CRVS, secret: 'not-the-secret' });
    const authError = await failure(wrongSecret.createPacket(packet()));
    expect(authError).toMatchObject({ code: 'CLIENT-AUTH-FAILED', retryable: false });
    expect(authError.message).not.toContain('not-the-secret');

    const unknownApp = client({ ...CRVS, appId: 'nowhere' });
    expect(await failure(unknownApp.getToken())).toMatchObject({ code: 'KER-ATH-026', retryable: false });

    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const p = (server.address() as { port: number }).port;
        server.close(() => resolve(p));
      });
    });
    const down = new MosipClient({
      baseUrl: `http://127.0.0.1:${port}`,
      ...{ clientId: CRVS.clientId, secretKey: CRVS.secret, appId: CRVS.appId },
    });
    expect(await failure(down.createPacket(packet()))).toMatchObject({
      code: 'CLIENT-NETWORK',
      retryable: true,
    });
  });
});
