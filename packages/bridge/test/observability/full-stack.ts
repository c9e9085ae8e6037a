/**
 * The whole flow over loopback for observability tests: the sandbox (with its WebSub hub and credential
 * issuance), a bridge subscribed with the partner client, and a CRVS webhook receiver on 127.0.0.1.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  certificateToPem,
  createSelfSignedCertificate,
  SANDBOX_CREDENTIALS,
  startSandbox,
  type Sandbox,
} from '@crvs-mosip/sandbox';
import type { BridgeOptions } from '../../src/index.ts';
import { startStack, type Stack } from '../e2e/stack.ts';
import { eventually } from '../websub/fake-hub.ts';

const ADMIN = `Basic ${Buffer.from('admin:admin').toString('base64')}`;
export const WEBHOOK_SECRET = 'observability-webhook-secret-0123';
export const WEBSUB_SECRET = 'observability-hub-secret-0123456';

/** A CRVS endpoint that accepts every webhook and keeps the parsed bodies. */
async function webhookReceiver() {
  const received: { event: string; registration: { id: string; uin?: string } }[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      received.push(JSON.parse(raw) as (typeof received)[number]);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/crvs/events`;
  return { url, received, close: () => new Promise((r) => server.close(r)) };
}

export interface FullStack {
  stack: Stack;
  sandbox: Sandbox;
  webhooks: Awaited<ReturnType<typeof webhookReceiver>>;
  close(): Promise<void>;
}

/** Starts sandbox, bridge (WebSub + webhooks on) and receiver; resolves once the subscriptions are verified. */
export async function startFullStack(
  options: { bridge?: Record<string, unknown>; bridgeOptions?: BridgeOptions } = {},
): Promise<FullStack> {
  const dir = mkdtempSync(join(tmpdir(), 'crvs-mosip-observability-'));
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(join(dir, 'partner.pem'), keys.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const certificate = certificateToPem(
    createSelfSignedCertificate({
      subject: [['CN', 'crvs-partner']],
      serialNumber: Buffer.from([9]),
      notBefore: new Date(Date.UTC(2024, 0, 1)),
      notAfter: new Date(Date.UTC(2034, 0, 1)),
      publicKey: keys.publicKey,
      privateKey: keys.privateKey,
    }),
  );
  const sandbox = await startSandbox({
    dataDir: join(dir, 'sandbox'),
    stageDelayMs: 10,
    pipelineIntervalMs: 20,
  });
  writeFileSync(join(dir, 'issuer.b64'), sandbox.ctx.keyStore.signingPublicKeyBase64Url());
  const put = await fetch(`${sandbox.url}/sandbox/admin/partners/crvs-partner`, {
    method: 'PUT',
    headers: { authorization: ADMIN, 'content-type': 'application/json' },
    body: JSON.stringify({ certificate }),
  });
  if (put.status !== 200) throw new Error(`partner certificate not accepted: ${put.status}`);
  const webhooks = await webhookReceiver();
  const p = SANDBOX_CREDENTIALS.partnerClient;
  const stack = await startStack({
    sandboxInstance: sandbox,
    bridge: {
      CREDENTIAL_ISSUER_KEY_FILE: join(dir, 'issuer.b64'),
      WEBSUB_SECRET,
      PARTNER_ID: 'crvs-partner',
      PARTNER_CLIENT_ID: p.clientId,
      PARTNER_CLIENT_SECRET: p.secret,
      PARTNER_APP_ID: p.appId,
      PARTNER_KEY_FILE: join(dir, 'partner.pem'),
      WEBHOOK_URL: webhooks.url,
      WEBHOOK_SECRET,
      ...options.bridge,
    },
    bridgeOptions: { websubCheckMs: 200, ...options.bridgeOptions },
  });
  await eventually(async () => {
    const body = (await stack.api('GET', '/v1/websub')).body as { ready: boolean };
    return body.ready ? body : undefined;
  }, 20_000);
  return {
    stack,
    sandbox,
    webhooks,
    close: async () => {
      await stack.close();
      await sandbox.close();
      await webhooks.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until the receiver got `event` for the registration. */
export function webhookFor(full: FullStack, id: string, event: string) {
  return eventually(
    () => Promise.resolve(full.webhooks.received.find((w) => w.registration.id === id && w.event === event)),
    20_000,
  );
}
