import { MockAgent } from 'undici';
import { describe, expect, it } from 'vitest';
import {
  APP_ID,
  authOk,
  BASE_URL,
  caught,
  CLIENT_ID,
  FakeMosip,
  fakeClock,
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
  unauthorized,
} from '../test/fake-mosip.ts';
import { MosipClient } from './mosip-client.ts';
import type { MosipCallObservation, MosipTokenRefreshObservation } from './options.ts';

/** A client on `mosip` that records every observation. */
function observed(mosip: FakeMosip) {
  const calls: MosipCallObservation[] = [];
  const refreshes: MosipTokenRefreshObservation[] = [];
  const sut = new MosipClient(
    mosip.options({ onCall: (c) => calls.push(c), onTokenRefresh: (r) => refreshes.push(r) }),
  );
  return { sut, calls, refreshes };
}

const outcomes = (calls: MosipCallObservation[]) => calls.map((c) => `${c.operation}:${c.outcome}`);

describe(`${MosipClient.name} observers (onCall, onTokenRefresh)`, () => {
  it('should report each HTTP request once, with its duration, through an undici MockAgent', async () => {
    const clock = fakeClock();
    const token = makeJwt(tokenClaims(clock.now()), true);
    const agent = new MockAgent();
    agent.disableNetConnect();
    const pool = agent.get(BASE_URL);
    pool.intercept({ path: PATHS.auth, method: 'POST' }).reply(() => {
      clock.advance(40);
      return {
        statusCode: 200,
        data: JSON.stringify({ response: { status: 'Success' }, errors: null }),
        responseOptions: { headers: { authorization: token, 'content-type': 'application/json' } },
      };
    });
    pool.intercept({ path: PATHS.createPacket, method: 'PUT' }).reply(() => {
      clock.advance(250);
      return { statusCode: 200, data: JSON.stringify({ response: packetInfos(), errors: [] }) };
    });
    const calls: MosipCallObservation[] = [];
    const refreshes: MosipTokenRefreshObservation[] = [];
    const sut = new MosipClient({
      baseUrl: BASE_URL,
      clientId: CLIENT_ID,
      secretKey: SECRET,
      appId: APP_ID,
      dispatcher: agent,
      clock,
      onCall: (c) => calls.push(c),
      onTokenRefresh: (r) => refreshes.push(r),
    });
    await sut.createPacket(samplePacket());
    await agent.close();
    expect(calls).toEqual([
      { operation: 'authenticate', outcome: 'ok', durationMs: 40 },
      { operation: 'createPacket', outcome: 'ok', durationMs: 250 },
    ]);
    expect(refreshes).toEqual([{ outcome: 'ok' }]);
  });

  it('should label a request with the MOSIP or CLIENT code it failed with', async () => {
    const mosip = new FakeMosip()
      .on('PUT', PATHS.createPacket, () => mosipErrors([{ errorCode: 'KER-PUT-006', message: 'no writer' }]))
      .on('POST', PATHS.workflow, refused)
      .on('GET', PATHS.transactions(RID), () => json(502, 'Bad Gateway'));
    const { sut, calls } = observed(mosip);
    await caught(() => sut.createPacket(samplePacket()));
    await caught(() =>
      sut.createWorkflowInstance({ registrationId: RID, process: 'CRVS_NEW', source: 'CRVS1' }),
    );
    await caught(() => sut.getRegistrationTransactions(RID));
    expect(outcomes(calls)).toEqual([
      'authenticate:ok',
      'createPacket:KER-PUT-006',
      'createWorkflowInstance:CLIENT-NETWORK',
      'getRegistrationTransactions:CLIENT-HTTP-5XX',
    ]);
  });

  it('should count an empty createPacket answer and a contract mismatch as failures, not ok', async () => {
    const mosip = new FakeMosip()
      .on('PUT', PATHS.createPacket, () => mosipOk(null, []))
      .on('GET', PATHS.transactions(RID), () => mosipOk('not a list'));
    const { sut, calls } = observed(mosip);
    await caught(() => sut.createPacket(samplePacket()));
    await caught(() => sut.getRegistrationTransactions(RID));
    expect(outcomes(calls).slice(1)).toEqual([
      'createPacket:CLIENT-EMPTY-RESPONSE',
      'getRegistrationTransactions:CLIENT-BAD-RESPONSE',
    ]);
  });

  it('should report the rejected request, the new token and the retry separately', async () => {
    const mosip = new FakeMosip().on('POST', PATHS.status, unauthorized, () =>
      mosipOk([{ registrationId: RID, statusCode: 'PROCESSED' }]),
    );
    const { sut, calls, refreshes } = observed(mosip);
    await sut.searchRegistrationStatus([RID]);
    expect(outcomes(calls)).toEqual([
      'authenticate:ok',
      'searchRegistrationStatus:KER-ATH-401',
      'authenticate:ok',
      'searchRegistrationStatus:ok',
    ]);
    expect(refreshes).toEqual([{ outcome: 'ok' }, { outcome: 'ok' }]);
  });

  it('should report one request per status-search batch', async () => {
    const mosip = new FakeMosip().on('POST', PATHS.status, () => mosipOk([]));
    const { sut, calls } = observed(mosip);
    const rids = Array.from({ length: 130 }, (_, i) => `${RID.slice(0, -3)}${String(i).padStart(3, '0')}`);
    await sut.searchRegistrationStatus(rids);
    const searches = calls.filter((c) => c.operation === 'searchRegistrationStatus');
    expect(searches.length).toBe(mosip.calls('POST', PATHS.status).length);
    expect(searches.length).toBeGreaterThan(1);
    expect(searches.every((c) => c.outcome === 'ok')).toBe(true);
  });

  it('should report a failed token request, never with a secret, and survive a throwing observer', async () => {
    const mosip = new FakeMosip().on('POST', PATHS.auth, () =>
      json(500, { errors: [{ errorCode: '500', message: `401 Unauthorized: bad secret ${SECRET}` }] }),
    );
    const seen: unknown[] = [];
    const sut = new MosipClient(
      mosip.options({
        onCall: (c) => {
          seen.push(c);
          throw new Error('observer bug');
        },
        onTokenRefresh: (r) => seen.push(r),
      }),
    );
    expect(await caught(() => sut.getToken())).toMatchObject({ code: 'CLIENT-AUTH-FAILED' });
    expect(seen).toEqual([
      { operation: 'authenticate', outcome: 'CLIENT-AUTH-FAILED', durationMs: 0 },
      { outcome: 'CLIENT-AUTH-FAILED' },
    ]);
    expect(JSON.stringify(seen)).not.toContain(SECRET);
    // A working auth afterwards: the observer's exception changed nothing.
    mosip.on('POST', PATHS.auth, () => authOk(mosip.issueToken()));
    await expect(sut.getToken()).resolves.toMatch(/^eyJ/);
  });
});
