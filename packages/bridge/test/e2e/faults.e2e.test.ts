import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { startBridge } from '../../src/index.ts';
import { birth, startStack, testConfig, waitForStatus, type Stack } from './stack.ts';

const NO_FAULTS = {
  latencyMs: 0,
  latencyByEndpoint: {},
  errorRate: 0,
  errors200Rate: 0,
  errorEndpoints: [],
  outage: null,
  tokenLifetimeSeconds: null,
};

async function submitMany(stack: Stack, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const res = await stack.api('POST', '/v1/registrations', birth());
    expect(res.status).toBe(202);
    ids.push(res.body.id as string);
  }
  return ids;
}

describe('delivery under MOSIP faults', () => {
  let stack: Stack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  it('keeps registrations while MOSIP is down and delivers them after the outage', async () => {
    stack = await startStack();
    const now = Date.now();
    stack.sandbox.ctx.faults.set({
      ...NO_FAULTS,
      outage: { from: new Date(now - 1000).toISOString(), until: new Date(now + 2500).toISOString() },
    });
    const ids = await submitMany(stack, 5);
    await new Promise((r) => setTimeout(r, 1500));
    for (const id of ids) {
      expect((await stack.api('GET', `/v1/registrations/${id}`)).body.status).toBe('accepted');
    }
    for (const id of ids) await waitForStatus(stack, id, ['processed'], 30_000);
    const views = await Promise.all(
      ids.map(async (id) => (await stack!.api('GET', `/v1/registrations/${id}`)).body),
    );
    expect(views.some((v) => v.attempts > 1)).toBe(true);
  });

  it('delivers everything while tokens expire every 2 seconds', async () => {
    stack = await startStack();
    stack.sandbox.ctx.faults.set({ ...NO_FAULTS, tokenLifetimeSeconds: 2 });
    const ids: string[] = [];
    for (let round = 0; round < 4; round += 1) {
      ids.push(...(await submitMany(stack, 3)));
      await new Promise((r) => setTimeout(r, 1200));
    }
    for (const id of ids) {
      const done = await waitForStatus(stack, id, ['processed', 'failed', 'rejected'], 30_000);
      expect(done.status).toBe('processed');
    }
  });

  it('delivers everything with 20 % HTTP 500 and 20 % HTTP 200 errors[] on the packet and workflow calls', async () => {
    stack = await startStack();
    stack.sandbox.ctx.faults.set({
      ...NO_FAULTS,
      errorRate: 0.2,
      errors200Rate: 0.2,
      errorEndpoints: ['createPacket', 'workflowInstance'],
    });
    const ids = await submitMany(stack, 20);
    for (const id of ids) {
      const done = await waitForStatus(stack, id, ['processed', 'failed', 'rejected'], 45_000);
      expect(done.status).toBe('processed');
    }
    const views = await Promise.all(
      ids.map(async (id) => (await stack!.api('GET', `/v1/registrations/${id}`)).body),
    );
    expect(views.reduce((n, v) => n + v.attempts, 0)).toBeGreaterThan(ids.length);
  });

  it('resumes at the workflow call, with one packet, one workflow and the same RID, after the worker is killed between the two', async () => {
    stack = await startStack();
    const sandbox = stack.sandbox;
    // The workflow call hangs, so the first bridge process is killed after createPacket and before the workflow.
    sandbox.ctx.faults.set({ ...NO_FAULTS, latencyByEndpoint: { workflowInstance: 60_000 } });
    await stack.bridge.close();
    const cfg = stack.config;
    const env: Record<string, string> = {
      ...Object.fromEntries(
        Object.entries(process.env).filter(([k]) => !k.startsWith('CRVS_MOSIP_')) as [string, string][],
      ),
      CRVS_MOSIP_DATA_DIR: cfg.DATA_DIR,
      CRVS_MOSIP_PORT: '0',
      CRVS_MOSIP_ENCRYPTION_KEY: cfg.ENCRYPTION_KEY,
      CRVS_MOSIP_MOSIP_BASE_URL: cfg.MOSIP_BASE_URL,
      CRVS_MOSIP_MOSIP_CLIENT_SECRET: cfg.MOSIP_CLIENT_SECRET,
      CRVS_MOSIP_MOSIP_READ_CLIENT_SECRET: cfg.MOSIP_READ_CLIENT_SECRET,
      CRVS_MOSIP_WORKER_POLL_MS: '30',
      CRVS_MOSIP_LOG_LEVEL: 'silent',
    };
    const bin = new URL('../../../cli/bin/crvs-mosip.js', import.meta.url).pathname;
    const child = spawn(process.execPath, [bin, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`bridge did not start: ${out}`)), 20_000);
      child.stdout.on('data', () => {
        const m = /listening at (http:\/\/\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
    const submitted = await fetch(`${url}/v1/registrations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.key}`, 'content-type': 'application/json' },
      body: JSON.stringify(birth()),
    });
    const { id, rid } = (await submitted.json()) as { id: string; rid: string };
    const deadline = Date.now() + 15_000;
    for (;;) {
      const view = (await (
        await fetch(`${url}/v1/registrations/${id}`, { headers: { authorization: `Bearer ${stack.key}` } })
      ).json()) as { status: string };
      if (view.status === 'packet_created') break;
      if (Date.now() > deadline) throw new Error(`never reached packet_created: ${view.status}`);
      await new Promise((r) => setTimeout(r, 30));
    }
    const exited = new Promise((r) => child.on('exit', r));
    child.kill('SIGKILL');
    await exited;

    sandbox.ctx.faults.set(NO_FAULTS);
    const restarted = await startBridge(
      testConfig(sandbox.url, stack.dir, { ENCRYPTION_KEY: cfg.ENCRYPTION_KEY, LEASE_MS: 1_000 }),
    );
    stack.bridge = restarted;
    const done = await waitForStatus(stack, id, ['processed'], 30_000);
    expect(done.rid).toBe(rid);
    expect(done.timeline.filter((e: { toStatus: string }) => e.toStatus === 'packet_created')).toHaveLength(
      1,
    );
    expect(sandbox.ctx.store.listByRef('registration', rid)).toHaveLength(1);
    expect(sandbox.ctx.packetStore.list(rid)?.filter((o) => !o.objectName.includes('Tags'))).toHaveLength(3);
  });
});
