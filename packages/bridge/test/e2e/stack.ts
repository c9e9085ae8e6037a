import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SANDBOX_CREDENTIALS, startSandbox, type Sandbox, type SandboxOptions } from '@crvs-mosip/sandbox';
import {
  configSchema,
  createApiKey,
  startBridge,
  type Bridge,
  type BridgeConfig,
  type BridgeOptions,
} from '../../src/index.ts';

export interface Stack {
  sandbox: Sandbox;
  bridge: Bridge;
  config: BridgeConfig;
  key: string;
  dir: string;
  /** Calls the bridge API with the stack's key (or another Authorization value). */
  api(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/** Bridge settings for fast tests: short polls and backoffs, quiet logs. */
export function testConfig(
  sandboxUrl: string,
  dir: string,
  overrides: Record<string, unknown> = {},
): BridgeConfig {
  const c = SANDBOX_CREDENTIALS;
  const parsed = configSchema.parse({
    DATA_DIR: dir,
    PORT: 0,
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    MOSIP_BASE_URL: sandboxUrl,
    MOSIP_CLIENT_SECRET: c.crvsClient.secret,
    MOSIP_READ_CLIENT_SECRET: c.regprocClient.secret,
    WORKER_POLL_MS: 30,
    TRACKER_INTERVAL_MS: 100,
    BACKOFF_BASE_MS: 50,
    BACKOFF_MAX_MS: 400,
    LEASE_MS: 5_000,
    LOG_LEVEL: 'silent',
    ...overrides,
  });
  return { ...parsed, databaseUrl: (overrides.DATABASE_URL as string | undefined) ?? join(dir, 'bridge.db') };
}

export async function startStack(
  options: {
    sandbox?: Partial<SandboxOptions>;
    bridge?: Record<string, unknown>;
    bridgeOptions?: BridgeOptions;
    sandboxInstance?: Sandbox;
  } = {},
): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'crvs-mosip-e2e-'));
  const sandbox =
    options.sandboxInstance ??
    (await startSandbox({
      dataDir: join(dir, 'sandbox'),
      stageDelayMs: 10,
      pipelineIntervalMs: 20,
      ...options.sandbox,
    }));
  const config = testConfig(sandbox.url, dir, options.bridge);
  const bridge = await startBridge(config, options.bridgeOptions);
  const { key } = await createApiKey(config.databaseUrl, {
    name: 'test',
    scopes: ['submit', 'read', 'operate'],
  });
  const api: Stack['api'] = async (method, path, body, headers = {}) => {
    const res = await fetch(`${stack.bridge.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: any;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed };
  };
  const stack: Stack = {
    sandbox,
    bridge,
    config,
    key,
    dir,
    api,
    close: async () => {
      await stack.bridge.close();
      if (!options.sandboxInstance) await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return stack;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
let counter = 0;

/** A valid birth request for an infant; `name` makes the person distinct. */
export function birth(overrides: Record<string, unknown> = {}, fields: Record<string, unknown> = {}) {
  counter += 1;
  return {
    requestId: `birth-${Date.now()}-${counter}-${Math.random().toString(36).slice(2, 8)}`,
    type: 'birth',
    fields: {
      fullName: { eng: `Test Child ${counter} ${Math.random().toString(36).slice(2, 7)}` },
      dateOfBirth: isoDay(Date.now() - 40 * 86_400_000),
      gender: 'Male',
      addressLine1: '1 Main Road',
      addressLine2: 'Ben Mansour',
      addressLine3: 'Kenitra North',
      region: 'Rabat Sale Kenitra',
      province: 'Kenitra',
      city: 'Kenitra',
      zone: 'Ben Mansour',
      postalCode: '14022',
      ...fields,
    },
    notification: { name: 'Parent', email: 'parent@example.org' },
    ...overrides,
  };
}

export function death(uin: string, overrides: Record<string, unknown> = {}) {
  counter += 1;
  return {
    requestId: `death-${Date.now()}-${counter}`,
    type: 'death',
    fields: { UIN: uin, deceasedDeclarationDate: isoDay(Date.now()), typeOfDeath: 'Natural' },
    ...overrides,
  };
}

export function update(uin: string) {
  counter += 1;
  return {
    requestId: `update-${Date.now()}-${counter}`,
    type: 'update',
    fields: { UIN: uin, addressLine1: '99 New Road' },
  };
}

/** Polls the registration until `predicate` holds (or times out). */
export async function waitForStatus(stack: Stack, id: string, statuses: string[], timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await stack.api('GET', `/v1/registrations/${id}`);
    if (statuses.includes(res.body.status)) return res.body;
    if (Date.now() > deadline) {
      throw new Error(
        `registration ${id} is ${res.body.status}, expected ${statuses.join('|')}: ${JSON.stringify(res.body.timeline)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The UIN the sandbox generated for a RID (the credential channel that carries it comes later). */
export async function sandboxUin(sandbox: Sandbox, rid: string): Promise<string> {
  const basic = `Basic ${Buffer.from('admin:admin').toString('base64')}`;
  const res = await fetch(`${sandbox.url}/sandbox/admin/registrations/${rid}`, {
    headers: { authorization: basic },
  });
  const body = (await res.json()) as { uin: string | null };
  if (!body.uin) throw new Error(`no UIN for ${rid}`);
  return body.uin;
}
