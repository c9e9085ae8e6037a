import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SANDBOX_CREDENTIALS } from '@crvs-mosip/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { birth, death, startStack, waitForStatus, type Stack } from '../e2e/stack.ts';
import {
  credentialIssuedEvent,
  encryptCredential,
  hubSignature,
  partnerKeyPair,
  verifiableCredential,
} from './credential-fixtures.ts';
import { eventually, startFakeHub } from './fake-hub.ts';

const HUB_SECRET = 'websub-hub-secret-0123456789';
const WEBHOOK_SECRET = 'test-webhook-secret-0123456789';
const CREDENTIAL_TOPIC = 'crvs-partner/CREDENTIAL_ISSUED';
const WORKFLOW_TOPIC = 'REGISTRATION_PROCESSOR_WORKFLOW_COMPLETED_EVENT';

/** A CRVS webhook receiver that records every event body. */
async function crvsReceiver() {
  const received: { event: string; registration: { id: string; uin?: string; mosipCode?: string } }[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      received.push(JSON.parse(raw) as (typeof received)[number]);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/crvs`;
  return { url, received, close: () => new Promise((r) => server.close(r)) };
}

describe('WebSub: subscription and the signed callback', () => {
  const partner = partnerKeyPair();
  const stranger = partnerKeyPair();
  let dir: string;
  let hub: Awaited<ReturnType<typeof startFakeHub>>;
  let crvs: Awaited<ReturnType<typeof crvsReceiver>>;
  let stack: Stack;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crvs-mosip-websub-'));
    writeFileSync(join(dir, 'partner.pem'), partner.privatePem);
    hub = await startFakeHub();
    crvs = await crvsReceiver();
    const c = SANDBOX_CREDENTIALS.crvsClient;
    stack = await startStack({
      bridge: {
        WEBSUB_HUB_URL: hub.url,
        WEBSUB_SECRET: HUB_SECRET,
        PARTNER_CLIENT_ID: c.clientId,
        PARTNER_CLIENT_SECRET: c.secret,
        PARTNER_APP_ID: c.appId,
        PARTNER_KEY_FILE: join(dir, 'partner.pem'),
        // No polling: every outcome here must come through the callback.
        TRACKER_INTERVAL_MS: 3_600_000,
        WEBHOOK_URL: crvs.url,
        WEBHOOK_SECRET,
      },
      bridgeOptions: { websubCheckMs: 200 },
    });
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
    await hub?.close();
    await crvs?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const deliver = (body: string, signature?: string, path = '/websub/callback') =>
    fetch(`${stack.bridge.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(signature ? { 'x-hub-signature': signature } : {}) },
      body,
    });
  const signed = (value: unknown, path?: string) => {
    const body = JSON.stringify(value);
    return deliver(body, hubSignature(HUB_SECRET, body), path);
  };
  const processingBirth = async () => {
    const created = (await stack.api('POST', '/v1/registrations', birth())).body;
    return waitForStatus(stack, created.id, ['processing']);
  };
  const credentialFor = (rid: string, uin: string, key = partner.publicKey) =>
    credentialIssuedEvent(rid, encryptCredential(verifiableCredential(uin), key));

  it('subscribes both topics with the token cookie and a lease, and answers the verification', async () => {
    await eventually(() => hub.verifications.length >= 2);
    const topics = hub.subscribes.map((s) => s.form.get('hub.topic'));
    expect(topics).toEqual(expect.arrayContaining([CREDENTIAL_TOPIC, WORKFLOW_TOPIC]));
    for (const s of hub.subscribes) {
      expect(s.cookie).toMatch(/^Authorization=.+/);
      expect(s.form.get('hub.secret')).toBe(HUB_SECRET);
      expect(s.form.get('hub.lease_seconds')).toBe('86400');
      expect(s.form.get('hub.callback')).toBe(`${stack.bridge.url}/websub/callback`);
    }
    expect(hub.verifications.every((v) => v.status === 200 && v.echoed)).toBe(true);
    const status = await stack.api('GET', '/v1/websub');
    expect(status.body).toMatchObject({ enabled: true, ready: true });
    expect(status.body.topics.map((t: { state: string }) => t.state)).toEqual(['verified', 'verified']);
    const ready = (await (await fetch(`${stack.bridge.url}/readyz`)).json()) as { websub: unknown };
    expect(ready.websub).toMatchObject({
      ready: true,
      topics: [{ topic: CREDENTIAL_TOPIC, state: 'verified' }, {}],
    });
  });

  it('refuses verifications for foreign topics or modes, and re-subscribes after a denial', async () => {
    const get = (query: string) => fetch(`${stack.bridge.url}/websub/callback/?${query}`);
    expect((await get('hub.mode=subscribe&hub.topic=other/CREDENTIAL_ISSUED&hub.challenge=x')).status).toBe(
      404,
    );
    expect((await get(`hub.mode=unsubscribe&hub.topic=${CREDENTIAL_TOPIC}&hub.challenge=x`)).status).toBe(
      404,
    );
    const ok = await get(
      `hub.mode=subscribe&hub.topic=${CREDENTIAL_TOPIC}&hub.challenge=abc-123&hub.lease_seconds=60`,
    );
    expect(await ok.text()).toBe('abc-123');
    const before = hub.subscribes.length;
    await get(`hub.mode=denied&hub.topic=${WORKFLOW_TOPIC}&hub.reason=hub%20restarted`);
    const denied = (await stack.api('GET', '/v1/websub')).body.topics[1];
    expect(denied).toMatchObject({ topic: WORKFLOW_TOPIC, state: 'denied', detail: 'hub restarted' });
    await eventually(() => hub.subscribes.length > before);
    await eventually(() => hub.verifications.filter((v) => v.topic === WORKFLOW_TOPIC).length >= 2);
    const topics = (await stack.api('GET', '/v1/websub')).body.topics as { state: string }[];
    expect(topics[1]?.state).toBe('verified');
  });

  it('refuses a missing, wrong or other-body signature with 401 and changes nothing', async () => {
    const registration = await processingBirth();
    const body = JSON.stringify(credentialFor(registration.rid, '1111111111'));
    expect((await deliver(body)).status).toBe(401);
    expect((await deliver(body, hubSignature('another-secret-0123456789', body))).status).toBe(401);
    expect((await deliver(body, hubSignature(HUB_SECRET, `${body} `))).status).toBe(401);
    expect((await deliver(body, hubSignature(HUB_SECRET, body).slice(0, -2))).status).toBe(401);
    const after = (await stack.api('GET', `/v1/registrations/${registration.id}`)).body;
    expect(after).toMatchObject({ status: 'processing', uin: null });
    expect(after.timeline).toHaveLength(registration.timeline.length);
  });

  it('stores the UIN of a credential, tells the CRVS once, and acknowledges a repeat', async () => {
    const registration = await processingBirth();
    const event = credentialFor(registration.rid, '7418529630');
    const res = await signed(event);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      publisher: 'CREDENTIAL_SERVICE',
      topic: CREDENTIAL_TOPIC,
      event: { id: event.event.id, requestId: event.event.transactionId, status: 'RECEIVED', url: '' },
    });
    const issued = (await stack.api('GET', `/v1/registrations/${registration.id}`)).body;
    expect(issued).toMatchObject({ status: 'uin_issued', uin: '7418529630' });
    expect(issued.timeline.slice(-2).map((e: { toStatus: string }) => e.toStatus)).toEqual([
      'processed',
      'uin_issued',
    ]);
    const uinEvent = await eventually(() =>
      crvs.received.find(
        (r) => r.registration.id === registration.id && r.event === 'registration.uin_issued',
      ),
    );
    expect(uinEvent.registration.uin).toBe('7418529630');
    // The webhook job keeps no UIN in clear: the sender reads it from the (encrypted) registration.
    const jobs = await stack.bridge.store.executor
      .selectFrom('outbox_jobs')
      .select('payload')
      .where('registration_id', '=', registration.id)
      .execute();
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.map((j) => j.payload ?? '').join('\n')).not.toContain('7418529630');

    const repeat = await signed(event, '/websub/callback/');
    expect(repeat.status).toBe(200);
    expect(((await repeat.json()) as { event: { status: string } }).event.status).toBe('RECEIVED');
    await new Promise((r) => setTimeout(r, 300));
    const mine = crvs.received.filter((r) => r.registration.id === registration.id);
    expect(mine.filter((r) => r.event === 'registration.uin_issued')).toHaveLength(1);
    const again = (await stack.api('GET', `/v1/registrations/${registration.id}`)).body;
    expect(again.timeline).toHaveLength(issued.timeline.length);
  });

  it('acknowledges a credential for an unknown RID and changes nothing', async () => {
    const res = await signed(credentialFor('10001100770000120260101000000', '9999999999'));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { event: { status: string } }).event.status).toBe('RECEIVED');
    expect((await stack.api('GET', '/v1/registrations?status=uin_issued')).body.items).not.toContainEqual(
      expect.objectContaining({ uin: '9999999999' }),
    );
  });

  it('answers ERROR for a credential it cannot decrypt; the birth stays processed, the error visible', async () => {
    const registration = await processingBirth();
    await signed({
      instanceId: registration.rid,
      resultCode: 'PROCESSED',
      workflowType: 'CRVS_NEW',
      errorCode: null,
    });
    const res = await signed(credentialFor(registration.rid, '1231231231', stranger.publicKey));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { event: { status: string } }).event.status).toBe('ERROR');
    const after = (await stack.api('GET', `/v1/registrations/${registration.id}`)).body;
    expect(after).toMatchObject({ status: 'processed', uin: null, lastCode: 'CREDENTIAL_UNREADABLE' });
    expect(after.lastMessage).toMatch(/partner key/);
  });

  it('moves processing registrations on the workflow-completed event', async () => {
    const processed = await processingBirth();
    const rejected = await processingBirth();
    const deathCreated = (await stack.api('POST', '/v1/registrations', death('2345678901'))).body;
    const deathReg = await waitForStatus(stack, deathCreated.id, ['processing']);

    await signed({
      instanceId: processed.rid,
      resultCode: 'PROCESSED',
      workflowType: 'CRVS_NEW',
      errorCode: null,
    });
    await signed({
      instanceId: rejected.rid,
      resultCode: 'REJECTED',
      workflowType: 'CRVS_NEW',
      errorCode: 'PACKET_REJECTED',
    });
    const res = await signed({
      instanceId: deathReg.rid,
      resultCode: 'PROCESSED',
      workflowType: 'CRVS_DEATH',
      errorCode: null,
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { event: { status: string } }).event.status).toBe('RECEIVED');

    const status = async (id: string) => (await stack.api('GET', `/v1/registrations/${id}`)).body;
    expect(await status(processed.id)).toMatchObject({ status: 'processed', lastCode: 'WORKFLOW_PROCESSED' });
    expect(await status(rejected.id)).toMatchObject({ status: 'rejected', lastCode: 'PACKET_REJECTED' });
    expect(await status(deathReg.id)).toMatchObject({ status: 'completed' });
    // A second completion for a registration that already moved changes nothing.
    await signed({
      instanceId: rejected.rid,
      resultCode: 'PROCESSED',
      workflowType: 'CRVS_NEW',
      errorCode: null,
    });
    expect(await status(rejected.id)).toMatchObject({ status: 'rejected' });
  });
});
