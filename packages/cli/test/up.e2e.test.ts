import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `npm start` as a user runs it: `crvs-mosip up` in its own process on free ports. A birth posted with the
 * demo key reaches uin_issued; the dashboard, signed in with the demo key, shows its timeline to
 * uin_issued and every doctor check passing; /metrics answers; SIGTERM stops both servers cleanly.
 */
const BIN = new URL('../bin/crvs-mosip.js', import.meta.url).pathname;

describe('crvs-mosip up (npm start)', () => {
  let child: ChildProcess;
  let output = '';
  let dir: string;
  let bridgeUrl: string;
  let key: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crvs-mosip-up-'));
    child = spawn(process.execPath, [BIN, 'up', '-d', dir, '-p', '0', '--sandbox-port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const deadline = Date.now() + 60_000;
    while (!output.includes('Press Ctrl+C to stop.')) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`up did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    bridgeUrl = /dashboard: (http:\/\/127\.0\.0\.1:\d+)\//.exec(output)![1]!;
    key = readFileSync(join(dir, 'demo-api-key'), 'utf8').trim();
  }, 90_000);

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('should print the dashboard URL and keep the demo key and onboarding file private', () => {
    expect(output).toMatch(
      /dashboard: http:\/\/127\.0\.0\.1:\d+\/ {3}\(sign in with the demo API key below\)/,
    );
    expect(output).toContain('/sandbox/console (admin / admin)');
    expect(statSync(join(dir, 'demo-api-key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'onboarding.json')).mode & 0o777).toBe(0o600);
  });

  it('should take a birth to uin_issued and show it on the dashboard signed in with the demo key', async () => {
    const sample = readFileSync(join(dir, 'sample-birth.json'), 'utf8');
    const accepted = await fetch(`${bridgeUrl}/v1/registrations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: sample,
    });
    expect(accepted.status).toBe(202);
    const { id } = (await accepted.json()) as { id: string };

    // Sign in as a browser would: the form's token, then the session cookie.
    const form = await fetch(`${bridgeUrl}/login`);
    const loginCookie = form.headers.getSetCookie()[0]!.split(';')[0]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
    const signIn = await fetch(`${bridgeUrl}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: loginCookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, key, next: '/' }).toString(),
    });
    expect(signIn.status).toBe(303);
    const session = signIn.headers
      .getSetCookie()
      .find((c) => c.startsWith('crvs_mosip_session='))!
      .split(';')[0]!;

    const deadline = Date.now() + 30_000;
    let page = '';
    while (!/data-testid="status"><span class="badge uin_issued">/.test(page)) {
      if (Date.now() > deadline) throw new Error(`not uin_issued in time:\n${page}`);
      await new Promise((r) => setTimeout(r, 300));
      page = await (await fetch(`${bridgeUrl}/registrations/${id}`, { headers: { cookie: session } })).text();
    }
    const timeline = /data-testid="timeline">([\s\S]*?)<\/table>/.exec(page)![1]!;
    for (const status of ['accepted', 'packet_created', 'processing', 'processed', 'uin_issued']) {
      expect(timeline).toContain(`class="badge ${status}"`);
    }
    expect(page).toMatch(/data-testid="uin"><code>\d{10}<\/code>/);

    const settings = await (await fetch(`${bridgeUrl}/settings`, { headers: { cookie: session } })).text();
    expect(settings.replace(/\s+/g, ' ')).toContain('16 passed, 0 failed, 0 not checked');

    const metrics = await fetch(`${bridgeUrl}/metrics`, { headers: { authorization: `Bearer ${key}` } });
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('crvs_mosip_registrations{type="birth",status="uin_issued"} 1');
  });

  it('should stop cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await expect(fetch(`${bridgeUrl}/healthz`)).rejects.toThrow();
  });
});
