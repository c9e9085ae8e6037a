import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MosipClient } from './mosip-client.ts';
import { MosipError } from './mosip-error.ts';
import type { MosipTimeouts } from './options.ts';
import {
  APP_ID,
  BASE_URL,
  caught,
  CLIENT_ID,
  fakeClock,
  makeJwt,
  packetInfos,
  PATHS,
  RID,
  samplePacket,
  SECRET,
  tokenClaims,
} from '../test/fake-mosip.ts';

const JSON_HEADERS = { 'content-type': 'application/json' };

describe(`${MosipClient.name} with an undici MockAgent dispatcher`, () => {
  let agent: MockAgent;
  const clock = fakeClock();
  const token = makeJwt(tokenClaims(clock.now()), true);

  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
  });
  afterEach(async () => {
    await agent.close();
  });

  function client(timeouts: Partial<MosipTimeouts> = {}) {
    return new MosipClient({
      baseUrl: BASE_URL,
      clientId: CLIENT_ID,
      secretKey: SECRET,
      appId: APP_ID,
      dispatcher: agent,
      clock,
      timeouts,
    });
  }

  function interceptAuth(times = 1) {
    const bodies: unknown[] = [];
    agent
      .get(BASE_URL)
      .intercept({ path: PATHS.auth, method: 'POST' })
      .reply((options) => {
        bodies.push(JSON.parse(typeof options.body === 'string' ? options.body : '{}'));
        return {
          statusCode: 200,
          data: JSON.stringify({ response: { status: 'Success' }, errors: null }),
          responseOptions: {
            headers: {
              ...JSON_HEADERS,
              'set-cookie': [
                `XSRF-TOKEN=x=y; Path=/`,
                `Authorization=${token}; Max-Age=6000000; Path=/; HttpOnly`,
              ],
            },
          },
        };
      })
      .times(times);
    return bodies;
  }

  it('should authenticate from Set-Cookie (JWT with "=") and create a packet with the cookie first', async () => {
    const authBodies = interceptAuth();
    const seen: Array<Record<string, string>> = [];
    agent
      .get(BASE_URL)
      .intercept({ path: PATHS.createPacket, method: 'PUT' })
      .reply((options) => {
        seen.push(options.headers as Record<string, string>);
        return {
          statusCode: 200,
          data: JSON.stringify({ response: packetInfos(), errors: [] }),
          responseOptions: { headers: JSON_HEADERS },
        };
      });
    const sut = client();
    await expect(sut.createPacket(samplePacket())).resolves.toHaveLength(3);
    expect(authBodies).toHaveLength(1);
    expect(authBodies[0]).toMatchObject({ request: { clientId: CLIENT_ID, appId: APP_ID } });
    const headers = Object.fromEntries(Object.entries(seen[0]!).map(([k, v]) => [k.toLowerCase(), v]));
    expect(headers['cookie']).toBe(`Authorization=${token}`);
    expect(headers['content-type']).toBe('application/json');
  });

  it('should map RPR-WIS-001 to already-present', async () => {
    interceptAuth();
    agent
      .get(BASE_URL)
      .intercept({ path: PATHS.workflow, method: 'POST' })
      .reply(
        200,
        JSON.stringify({
          response: null,
          errors: [{ errorCode: 'RPR-WIS-001', message: 'WorkflowInstance already present' }],
        }),
        { headers: JSON_HEADERS },
      );
    expect(
      await client().createWorkflowInstance({ registrationId: RID, process: 'CRVS_NEW', source: 'CRVS1' }),
    ).toEqual({
      status: 'already-present',
    });
  });

  it('should re-authenticate once after a 401', async () => {
    interceptAuth(2);
    const pool = agent.get(BASE_URL);
    pool
      .intercept({ path: PATHS.status, method: 'POST' })
      .reply(
        401,
        JSON.stringify({ errors: [{ errorCode: 'KER-ATH-401', message: 'Authentication Failed' }] }),
      );
    pool
      .intercept({ path: PATHS.status, method: 'POST' })
      .reply(
        200,
        JSON.stringify({ response: [{ registrationId: RID, statusCode: 'PROCESSED' }], errors: [] }),
      );
    expect(await client().searchRegistrationStatus([RID])).toEqual({
      statuses: [{ registrationId: RID, statusCode: 'PROCESSED' }],
      errors: [],
    });
    agent.assertNoPendingInterceptors();
  });

  it('should map a connection error to CLIENT-NETWORK', async () => {
    interceptAuth();
    const failure = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' });
    agent
      .get(BASE_URL)
      .intercept({ path: PATHS.transactions(RID), method: 'GET' })
      .replyWithError(failure);
    const error = await caught(() => client().getRegistrationTransactions(RID));
    expect(error).toBeInstanceOf(MosipError);
    expect(error).toMatchObject({ code: 'CLIENT-NETWORK', retryable: true });
  });

  it('should map a reply slower than the timeout to CLIENT-TIMEOUT', async () => {
    interceptAuth();
    agent
      .get(BASE_URL)
      .intercept({ path: PATHS.createPacket, method: 'PUT' })
      .reply(200, JSON.stringify({ response: packetInfos(), errors: [] }))
      .delay(500);
    expect(await caught(() => client({ createPacketMs: 30 }).createPacket(samplePacket()))).toMatchObject({
      code: 'CLIENT-TIMEOUT',
      retryable: true,
    });
  });

  it('should map a 502 from the gateway to CLIENT-HTTP-5XX', async () => {
    interceptAuth();
    agent.get(BASE_URL).intercept({ path: PATHS.createPacket, method: 'PUT' }).reply(502, 'Bad Gateway');
    expect(await caught(() => client().createPacket(samplePacket()))).toMatchObject({
      code: 'CLIENT-HTTP-5XX',
      httpStatus: 502,
      retryable: true,
    });
  });
});
