import {
  constants,
  createDecipheriv,
  createHmac,
  generateKeyPairSync,
  privateDecrypt,
  verify,
} from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateToPem, createSelfSignedCertificate } from '../src/keymanager/self-signed-certificate.ts';
import { IdentityRepository } from '../src/regproc/identity-repository.ts';
import {
  authenticate,
  birthFields,
  call,
  CRVS,
  mosipDate,
  nextRid,
  packetBody,
  REGPROC,
  startTestSandbox,
  waitFor,
  workflowBody,
  type TestSandbox,
} from './helpers.ts';
import { TestSubscriber } from './websub-subscriber.ts';

const PARTNER = { clientId: 'crvs-partner', secret: 'sandbox-partner-secret', appId: 'regproc' };
const CREDENTIAL_TOPIC = 'crvs-partner/CREDENTIAL_ISSUED';
const COMPLETED_TOPIC = 'REGISTRATION_PROCESSOR_WORKFLOW_COMPLETED_EVENT';
const ADMIN_AUTH = `Basic ${Buffer.from('admin:admin').toString('base64')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const b64url = (s: string) => Buffer.from(s, 'base64url');

/** Decrypts MOSIP's `/encrypt` default layout (contracts 4.3) with the partner's private key. */
function decryptCredential(encrypted: string, privateKey: Parameters<typeof privateDecrypt>[0]): string {
  const bytes = b64url(encrypted);
  const at = bytes.indexOf(Buffer.from('#KEY_SPLITTER#'));
  const keyBlock = bytes.subarray(0, at);
  const dataBlock = bytes.subarray(at + '#KEY_SPLITTER#'.length);
  expect(keyBlock.subarray(0, 6).toString('ascii')).toBe('VER_R2');
  const key = privateDecrypt(
    { key: privateKey as never, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    keyBlock.subarray(6 + 32),
  );
  const aad = dataBlock.subarray(0, 32);
  const decipher = createDecipheriv('aes-256-gcm', key, aad.subarray(0, 12));
  decipher.setAAD(aad);
  decipher.setAuthTag(dataBlock.subarray(dataBlock.length - 16));
  return Buffer.concat([decipher.update(dataBlock.subarray(32, -16)), decipher.final()]).toString('utf8');
}

describe('WebSub hub and credential issuance over HTTP', () => {
  let sb: TestSandbox;
  let subscriber: TestSubscriber;
  let partnerToken: string;
  let offsetMs = 0;
  const partnerKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });

  beforeAll(async () => {
    sb = await startTestSandbox({ hubRetryBaseMs: 40, clock: () => Date.now() + offsetMs });
    subscriber = new TestSubscriber();
    await subscriber.start();
    partnerToken = await authenticate(sb.url, PARTNER);
  });
  afterAll(async () => {
    await sb.dispose();
    await subscriber.stop();
  });

  const hubPost = (form: Record<string, string>, cookie: string | null = `Authorization=${partnerToken}`) =>
    fetch(`${sb.url}/hub`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(cookie ? { cookie } : {}),
      },
      body: new URLSearchParams(form).toString(),
    });
  const subscribe = (path: string, topic: string, extra: Record<string, string> = {}) =>
    hubPost({
      'hub.mode': 'subscribe',
      'hub.topic': topic,
      'hub.callback': `${subscriber.url}${path}`,
      'hub.secret': `secret-${path}`,
      ...extra,
    });
  const isStored = (path: string, topic: string) =>
    sb.ctx.hub.subscriptions(topic).some((s) => s.callback === `${subscriber.url}${path}`);
  async function subscribed(path: string, topic: string, extra: Record<string, string> = {}) {
    const res = await subscribe(path, topic, extra);
    expect(res.status).toBe(202);
    await waitFor(() => (isStored(path, topic) ? true : undefined));
  }
  const publishCompleted = async (payload: unknown) => {
    const regproc = await authenticate(sb.url, REGPROC);
    const res = await fetch(`${sb.url}/hub?hub.mode=publish&hub.topic=${COMPLETED_TOPIC}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `Authorization=${regproc}` },
      body: JSON.stringify(payload),
    });
    expect(res.status).toBe(200);
  };
  async function submit(rid: string, process: 'CRVS_NEW' | 'CRVS_DEATH', fields: Record<string, string>) {
    const crvs = await authenticate(sb.url, CRVS);
    await call(
      sb.url,
      '/commons/v1/packetmanager/createPacket',
      crvs,
      'PUT',
      packetBody(rid, process, fields),
    );
    await call(
      sb.url,
      '/registrationprocessor/v1/workflowmanager/workflowinstance',
      crvs,
      'POST',
      workflowBody(rid, process),
    );
  }

  it('verifies the intent (challenge echoed) after a 202 and stores the subscription', async () => {
    const res = await subscribe('/cb/ok', COMPLETED_TOPIC);
    expect(res.status).toBe(202);
    expect(await res.text()).toBe('hub.mode=accepted');
    await waitFor(() => (isStored('/cb/ok', COMPLETED_TOPIC) ? true : undefined));
    const get = subscriber.log('/cb/ok').gets[0]!;
    expect(get.get('hub.mode')).toBe('subscribe');
    expect(get.get('hub.topic')).toBe(COMPLETED_TOPIC);
    expect(get.get('hub.challenge')).toMatch(/^[0-9a-f-]{36}$/);
    expect(get.get('hub.lease_seconds')).toBe('86400');
  });

  it('does not store a subscription whose callback answers a wrong challenge', async () => {
    subscriber.behaviour.set('/cb/wrong', { echo: 'wrong' });
    expect((await subscribe('/cb/wrong', COMPLETED_TOPIC)).status).toBe(202);
    await waitFor(() => (subscriber.log('/cb/wrong').gets.length > 0 ? true : undefined));
    await sleep(100);
    expect(isStored('/cb/wrong', COMPLETED_TOPIC)).toBe(false);
  });

  it('refuses topics the caller is not authorized for, as MOSIP hub security does (HTTP 500)', async () => {
    const other = await subscribe('/cb/x', 'other-partner/CREDENTIAL_ISSUED');
    expect(other.status).toBe(500);
    expect(decodeURIComponent(await other.text())).toContain('Subscriber is not authorized');
    const crvs = await authenticate(sb.url, CRVS);
    const noRole = await hubPost(
      { 'hub.mode': 'subscribe', 'hub.topic': COMPLETED_TOPIC, 'hub.callback': `${subscriber.url}/cb/x` },
      `Authorization=${crvs}`,
    );
    expect(noRole.status).toBe(500);
    const noCookie = await hubPost(
      { 'hub.mode': 'subscribe', 'hub.topic': COMPLETED_TOPIC, 'hub.callback': `${subscriber.url}/cb/x` },
      null,
    );
    expect(decodeURIComponent(await noCookie.text())).toContain('Authorization token cannot be found');
    expect(subscriber.log('/cb/x').gets).toHaveLength(0);
  });

  it('denies a duplicate subscription with a GET hub.mode=denied', async () => {
    await subscribed('/cb/dup', COMPLETED_TOPIC);
    expect((await subscribe('/cb/dup', COMPLETED_TOPIC)).status).toBe(202);
    const denied = await waitFor(() =>
      subscriber.log('/cb/dup').gets.find((g) => g.get('hub.mode') === 'denied'),
    );
    expect(denied.get('hub.topic')).toBe(COMPLETED_TOPIC);
    expect(denied.get('hub.reason')).toBe('Subscriber has already registered with the Hub');
  });

  it('issues an encrypted, signed credential carrying the UIN and publishes workflow-completed events', async () => {
    const der = createSelfSignedCertificate({
      subject: [['CN', 'crvs-partner']],
      serialNumber: Buffer.from([1, 2, 3]),
      notBefore: new Date(Date.UTC(2024, 0, 1)),
      notAfter: new Date(Date.UTC(2034, 0, 1)),
      publicKey: partnerKeys.publicKey,
      privateKey: partnerKeys.privateKey,
    });
    const put = await fetch(`${sb.url}/sandbox/admin/partners/crvs-partner`, {
      method: 'PUT',
      headers: { authorization: ADMIN_AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({ certificate: certificateToPem(der) }),
    });
    expect(put.status).toBe(200);
    await subscribed('/cb/credential', CREDENTIAL_TOPIC);
    await subscribed('/cb/completed', COMPLETED_TOPIC);

    const rid = nextRid();
    await submit(rid, 'CRVS_NEW', birthFields());
    const delivery = await waitFor(() => subscriber.log('/cb/credential').posts[0]);
    expect(delivery.headers['x-hub-signature']).toBe(
      `sha256=${createHmac('sha256', 'secret-/cb/credential').update(delivery.body).digest('hex')}`,
    );
    expect(delivery.headers.link).toContain(`<${CREDENTIAL_TOPIC}>; rel="self"`);
    const event = JSON.parse(delivery.body);
    expect(event).toMatchObject({
      publisher: 'CREDENTIAL_SERVICE',
      topic: CREDENTIAL_TOPIC,
      event: { type: { namespace: 'mosip', name: 'mosip' }, dataShareUri: null },
    });
    expect(event.event.data).toMatchObject({ registrationId: rid, credentialType: 'vercred' });
    const vcJson = decryptCredential(event.event.data.credential, partnerKeys.privateKey);
    const vc = JSON.parse(vcJson);
    const uin = sb.ctx.store.listByRef<{ uin: string }>('registration', rid)[0]!.uin;
    expect(new IdentityRepository(sb.ctx.store).exists(uin)).toBe(true);
    expect(vc.credentialSubject.UIN).toBe(uin);
    expect(vc.credentialSubject.VID).toMatch(/^[1-9]\d{15}$/);
    expect(vc.credentialSubject.id).toMatch(/^http:\/\/credential\.idrepo\/credentials\/[0-9a-f-]{36}$/);
    const [header, empty, signature] = (event.event.data.proof.signature as string).split('.');
    expect(empty).toBe('');
    expect(JSON.parse(b64url(header!).toString()).alg).toBe('RS256');
    const input = `${header}.${Buffer.from(vcJson).toString('base64url')}`;
    const spki = { key: sb.ctx.keyStore.signingPublicKey(), format: 'der', type: 'spki' } as const;
    expect(verify('sha256', Buffer.from(input), spki, b64url(signature!))).toBe(true);

    const completed = await waitFor(() =>
      subscriber
        .log('/cb/completed')
        .posts.map((p) => JSON.parse(p.body))
        .find((b) => b.instanceId === rid),
    );
    expect(completed).toEqual({
      instanceId: rid,
      resultCode: 'PROCESSED',
      workflowType: 'CRVS_NEW',
      errorCode: null,
    });

    const deathRid = nextRid();
    await submit(deathRid, 'CRVS_DEATH', {
      UIN: uin,
      declaredAsDeceased: 'Y',
      deceasedDeclarationDate: mosipDate(Date.now()),
      typeOfDeath: JSON.stringify([{ language: 'eng', value: 'Natural' }]),
    });
    const death = await waitFor(() =>
      subscriber
        .log('/cb/completed')
        .posts.map((p) => JSON.parse(p.body))
        .find((b) => b.instanceId === deathRid),
    );
    expect(death).toEqual({
      instanceId: deathRid,
      resultCode: 'PROCESSED',
      workflowType: 'CRVS_DEATH',
      errorCode: null,
    });
    expect(subscriber.log('/cb/credential').posts).toHaveLength(1);
  });

  it('retries a delivery answered with 500 until the subscriber accepts it', async () => {
    subscriber.behaviour.set('/cb/flaky', { postStatuses: [500, 500, 200] });
    await subscribed('/cb/flaky', COMPLETED_TOPIC);
    await publishCompleted({ instanceId: 'retry-test' });
    await waitFor(() => (subscriber.log('/cb/flaky').posts.length === 3 ? true : undefined));
    expect(new Set(subscriber.log('/cb/flaky').posts.map((p) => p.body))).toEqual(
      new Set([JSON.stringify({ instanceId: 'retry-test' })]),
    );
    await sleep(300);
    expect(subscriber.log('/cb/flaky').posts).toHaveLength(3);
  });

  it('unsubscribes a subscriber that answers 410 Gone', async () => {
    subscriber.behaviour.set('/cb/gone', { postStatuses: [410] });
    await subscribed('/cb/gone', COMPLETED_TOPIC);
    await publishCompleted({ instanceId: 'gone-test' });
    await waitFor(() => (isStored('/cb/gone', COMPLETED_TOPIC) ? undefined : true));
    await publishCompleted({ instanceId: 'after-gone' });
    await sleep(200);
    expect(subscriber.log('/cb/gone').posts).toHaveLength(1);
  });

  it('lets leases expire', async () => {
    await subscribed('/cb/lease', COMPLETED_TOPIC, { 'hub.lease_seconds': '60' });
    expect(subscriber.log('/cb/lease').gets[0]!.get('hub.lease_seconds')).toBe('60');
    offsetMs += 61_000;
    expect(isStored('/cb/lease', COMPLETED_TOPIC)).toBe(false);
    await publishCompleted({ instanceId: 'after-lease' });
    await sleep(200);
    expect(subscriber.log('/cb/lease').posts).toHaveLength(0);
    expect(isStored('/cb/ok', COMPLETED_TOPIC)).toBe(true);
  });

  it('forgets every subscription on the admin call, and then delivers nothing', async () => {
    const before = subscriber.log('/cb/ok').posts.length;
    const res = await fetch(`${sb.url}/sandbox/admin/hub/forget`, {
      method: 'POST',
      headers: { authorization: ADMIN_AUTH },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { forgotten: number }).forgotten).toBeGreaterThan(0);
    expect(sb.ctx.hub.subscriptions()).toEqual([]);
    await publishCompleted({ instanceId: 'after-forget' });
    await sleep(200);
    expect(subscriber.log('/cb/ok').posts).toHaveLength(before);
  });
});
