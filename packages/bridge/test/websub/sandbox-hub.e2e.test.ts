/**
 * End to end over loopback with the sandbox's WebSub hub and credential issuance: the bridge subscribes
 * with the partner client, the sandbox issues a credential encrypted to the partner certificate, and the
 * birth reaches `uin_issued` with the UIN the sandbox created; after the hub forgets its subscriptions
 * the bridge re-subscribes and later credentials still arrive.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  certificateToPem,
  createSelfSignedCertificate,
  SANDBOX_CREDENTIALS,
  startSandbox,
  type Sandbox,
} from '@crvs-mosip/sandbox';
import { birth, sandboxUin, startStack, waitForStatus, type Stack } from '../e2e/stack.ts';
import { eventually } from './fake-hub.ts';

const ADMIN = `Basic ${Buffer.from('admin:admin').toString('base64')}`;

describe('WebSub with the sandbox hub', () => {
  let dir: string;
  let stack: Stack;
  let sandbox: Sandbox;
  /** The bridge's clock runs this far ahead, to reach the lease renewal without waiting 12 hours. */
  let ahead = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crvs-mosip-websub-e2e-'));
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(join(dir, 'partner.pem'), keys.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const certificate = certificateToPem(
      createSelfSignedCertificate({
        subject: [['CN', 'crvs-partner']],
        serialNumber: Buffer.from([7]),
        notBefore: new Date(Date.UTC(2024, 0, 1)),
        notAfter: new Date(Date.UTC(2034, 0, 1)),
        publicKey: keys.publicKey,
        privateKey: keys.privateKey,
      }),
    );
    const p = SANDBOX_CREDENTIALS.partnerClient;
    // Credential proofs are checked against the sandbox keymanager's signing key, as tpmsigning/publickey serves it.
    sandbox = await startSandbox({ dataDir: join(dir, 'sandbox'), stageDelayMs: 10, pipelineIntervalMs: 20 });
    writeFileSync(join(dir, 'issuer.b64'), sandbox.ctx.keyStore.signingPublicKeyBase64Url());
    stack = await startStack({
      sandboxInstance: sandbox,
      bridge: {
        CREDENTIAL_ISSUER_KEY_FILE: join(dir, 'issuer.b64'),
        WEBSUB_SECRET: 'sandbox-hub-secret-0123456789',
        PARTNER_ID: 'crvs-partner',
        PARTNER_CLIENT_ID: p.clientId,
        PARTNER_CLIENT_SECRET: p.secret,
        PARTNER_APP_ID: p.appId,
        PARTNER_KEY_FILE: join(dir, 'partner.pem'),
      },
      bridgeOptions: { websubCheckMs: 200, clock: () => Date.now() + ahead },
    });
    const put = await fetch(`${stack.sandbox.url}/sandbox/admin/partners/crvs-partner`, {
      method: 'PUT',
      headers: { authorization: ADMIN, 'content-type': 'application/json' },
      body: JSON.stringify({ certificate }),
    });
    expect(put.status).toBe(200);
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ready = () =>
    eventually(async () => {
      const body = (await stack.api('GET', '/v1/websub')).body as { ready: boolean };
      return body.ready ? body : undefined;
    }, 20_000);

  it('subscribes, and a birth reaches uin_issued with the UIN the sandbox created', async () => {
    await ready();
    const created = (await stack.api('POST', '/v1/registrations', birth())).body;
    const issued = await waitForStatus(stack, created.id, ['uin_issued'], 30_000);
    expect(issued.uin).toBe(await sandboxUin(stack.sandbox, created.rid));
    expect(issued.timeline.at(-1)).toMatchObject({ toStatus: 'uin_issued', actor: 'websub' });
  });

  it('re-subscribes after the hub forgets, and later credentials arrive', async () => {
    const forget = await fetch(`${stack.sandbox.url}/sandbox/admin/hub/forget`, {
      method: 'POST',
      headers: { authorization: ADMIN },
    });
    expect(forget.status).toBe(200);
    const subscribes = async () =>
      (
        (await (
          await fetch(`${stack.sandbox.url}/sandbox/admin/hub/subscriptions`, {
            headers: { authorization: ADMIN },
          })
        ).json()) as unknown[]
      ).length;
    expect(await subscribes()).toBe(0);
    // The hub does not tell; the bridge renews at half the lease (86 400 s) and so comes back.
    ahead = 43_200_001;
    await eventually(async () => (await subscribes()) >= 2, 20_000);
    await ready();
    const created = (await stack.api('POST', '/v1/registrations', birth())).body;
    const issued = await waitForStatus(stack, created.id, ['uin_issued'], 30_000);
    expect(issued.uin).toBe(await sandboxUin(stack.sandbox, created.rid));
  });
});
