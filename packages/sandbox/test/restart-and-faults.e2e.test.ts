import { afterEach, describe, expect, it } from 'vitest';
import { IdentityRepository } from '../src/regproc/identity-repository.ts';
import {
  authenticate,
  birthFields,
  call,
  completedTransactions,
  CRVS,
  nextRid,
  packetBody,
  REGPROC,
  startTestSandbox,
  workflowBody,
  type TestSandbox,
} from './helpers.ts';

const CREATE_PACKET = '/commons/v1/packetmanager/createPacket';
const WORKFLOW = '/registrationprocessor/v1/workflowmanager/workflowinstance';
const basic = `Basic ${Buffer.from('admin:admin').toString('base64')}`;

async function setFaults(url: string, faults: unknown) {
  return fetch(`${url}/sandbox/admin/faults`, {
    method: 'PUT',
    headers: { authorization: basic, 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
}

describe('sandbox state and faults', () => {
  const open: TestSandbox[] = [];
  afterEach(async () => {
    for (const sb of open.splice(0)) await sb.dispose();
  });

  it('keeps keys, packets, identities and statuses across a restart, and resumes a half-done workflow', async () => {
    const first = await startTestSandbox();
    const crvs = await authenticate(first.url, CRVS);
    const done = nextRid();
    await call(first.url, CREATE_PACKET, crvs, 'PUT', packetBody(done, 'CRVS_NEW', birthFields()));
    await call(first.url, WORKFLOW, crvs, 'POST', workflowBody(done, 'CRVS_NEW'));
    await completedTransactions(first.url, await authenticate(first.url, REGPROC), done);
    // A second workflow is accepted but the sandbox stops before its pipeline runs.
    await first.pipeline.stop();
    const pending = nextRid();
    await call(first.url, CREATE_PACKET, crvs, 'PUT', packetBody(pending, 'CRVS_NEW', birthFields()));
    await call(first.url, WORKFLOW, crvs, 'POST', workflowBody(pending, 'CRVS_NEW'));
    const jwks = await (await fetch(`${first.url}/auth/realms/mosip/protocol/openid-connect/certs`)).json();
    await first.close();

    const second = await startTestSandbox({ dataDir: first.dataDir });
    open.push(second);
    expect(
      await (await fetch(`${second.url}/auth/realms/mosip/protocol/openid-connect/certs`)).json(),
    ).toEqual(jwks);
    const regproc = await authenticate(second.url, REGPROC);
    const doneTx = await call(
      second.url,
      `/registrationprocessor/v1/registrationtransaction/search/${done}`,
      regproc,
      'GET',
    );
    expect((doneTx.body.response as { transactionTypeCode: string }[]).at(-1)?.transactionTypeCode).toBe(
      'PRINT_SERVICE',
    );
    expect(new IdentityRepository(second.ctx.store).count()).toBeGreaterThanOrEqual(1);
    expect(second.ctx.packetStore.getObject(done, 'CRVS1', 'CRVS_NEW', `${done}_id`)).toBeTruthy();
    const pendingTx = await completedTransactions(second.url, regproc, pending);
    expect(pendingTx.at(-1)).toMatchObject({ transactionTypeCode: 'PRINT_SERVICE', statusCode: 'SUCCESS' });
    const again = await call(
      second.url,
      WORKFLOW,
      await authenticate(second.url, CRVS),
      'POST',
      workflowBody(done, 'CRVS_NEW'),
    );
    expect(again.body.errors[0].errorCode).toBe('RPR-WIS-001');
  });

  it('injects HTTP 500, HTTP 200 errors[], outages and latency at run time, behind admin credentials', async () => {
    const sb = await startTestSandbox();
    open.push(sb);
    const crvs = await authenticate(sb.url, CRVS);
    const packet = () => packetBody(nextRid(), 'CRVS_NEW', birthFields());

    expect((await fetch(`${sb.url}/sandbox/admin/faults`)).status).toBe(401);
    expect((await setFaults(sb.url, { errorRate: 5 })).status).toBe(400);

    expect((await setFaults(sb.url, { errorRate: 1, errorEndpoints: ['createPacket'] })).status).toBe(200);
    const r500 = await call(sb.url, CREATE_PACKET, crvs, 'PUT', packet());
    expect(r500.status).toBe(500);
    expect((await call(sb.url, WORKFLOW, crvs, 'POST', workflowBody(nextRid(), 'CRVS_NEW'))).status).toBe(
      200,
    );

    await setFaults(sb.url, { errors200Rate: 1 });
    const r200 = await call(sb.url, CREATE_PACKET, crvs, 'PUT', packet());
    expect(r200.status).toBe(200);
    expect(r200.body.errors[0].errorCode).toBe('KER-PUT-005');

    const now = Date.now();
    await setFaults(sb.url, {
      outage: { from: new Date(now - 1000).toISOString(), until: new Date(now + 60_000).toISOString() },
    });
    const down = await call(sb.url, '/v1/authmanager/authenticate/clientidsecretkey', null, 'POST', {
      request: {},
    });
    expect(down.status).toBe(503);

    await setFaults(sb.url, { latencyByEndpoint: { createPacket: 300 }, tokenLifetimeSeconds: 42 });
    const started = Date.now();
    expect((await call(sb.url, CREATE_PACKET, crvs, 'PUT', packet())).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    const token = await authenticate(sb.url, CRVS);
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    expect(claims.exp - claims.iat).toBe(42);
    expect(
      await (await fetch(`${sb.url}/sandbox/admin/faults`, { headers: { authorization: basic } })).json(),
    ).toMatchObject({ tokenLifetimeSeconds: 42 });
  });

  it('starts bare with only what MOSIP installs', async () => {
    const sb = await startTestSandbox({ seed: 'bare' });
    open.push(sb);
    const res = await call(sb.url, '/v1/authmanager/authenticate/clientidsecretkey', null, 'POST', {
      request: { clientId: CRVS.clientId, secretKey: CRVS.secret, appId: 'regproc' },
    });
    expect(res.status).toBe(500);
    expect(await authenticate(sb.url, REGPROC)).toMatch(/^ey/);
  });
});
