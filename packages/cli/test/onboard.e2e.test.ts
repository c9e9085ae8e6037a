import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import KcAdminClient from '@keycloak/keycloak-admin-client';
import { createApiKey, loadConfig, startBridge, type Bridge } from '@crvs-mosip/bridge';
import { SANDBOX_CREDENTIALS } from '@crvs-mosip/sandbox';
import type { Sandbox } from '@crvs-mosip/sandbox';
import { birth, cli, EXAMPLE, onboardingConfig, startBareSandbox } from './onboarding-harness.ts';

/**
 * The "must show", over HTTP on 127.0.0.1: a bare sandbox, `onboard --plan` (everything missing),
 * `--apply` twice (the second changes nothing), `doctor` all green, then the bridge started from the
 * written configuration delivers a birth to `processed`.
 */
describe('crvs-mosip onboard and doctor against a bare sandbox', () => {
  let dir: string;
  let sandbox: Sandbox;
  let out: string;
  let onboardArgs: string[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crvs-mosip-onboard-'));
    sandbox = await startBareSandbox(dir);
    out = join(dir, 'deploy', 'bridge.config.json');
    onboardArgs = [
      'onboard',
      '--config',
      EXAMPLE,
      '--keycloak-url',
      `${sandbox.url}/auth`,
      '--mosip-url',
      sandbox.url,
      '--create-centre',
      '--out',
      out,
    ];
  });
  afterAll(async () => {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('plans every step as missing and changes nothing', async () => {
    const { code, out: text } = await cli([...onboardArgs, '--plan']);
    expect(text).toContain('nothing will be changed');
    for (const step of [
      'CRVS client in Keycloak — missing',
      'realm role ONLINE_REGISTRATION_CLIENT — missing',
      "mapped to the client's service account — missing",
      'client secrets — missing',
      'MOSIP token of the client carries ONLINE_REGISTRATION_CLIENT — missing',
      '(audience) — missing',
      'officer user with REGISTRATION_OFFICER — missing',
      'registration centre — missing',
      'machine with the keymanager TPM signing key — missing',
      'officer mapped to the zone and active — missing',
      'officer mapped to the centre and active — missing',
      'bridge configuration (--out) — missing',
    ]) {
      expect(text).toContain(step);
    }
    expect(text).toMatch(/Plan: \d+ to create, 0 to change/);
    expect(code).toBe(0);
    expect(existsSync(out)).toBe(false);
  });

  it('applies every step, one progress line each, and writes the bridge configuration', async () => {
    const { code, out: text } = await cli([...onboardArgs, '--apply']);
    expect(text, text).toContain('[ 2/15] + CRVS client in Keycloak — mosip-crvs1-client created');
    expect(text).toMatch(/\[ 6\/15\] ✓ MOSIP token of the client carries ONLINE_REGISTRATION_CLIENT/);
    expect(text).toMatch(/\[ 7\/15\] ✓ packet manager and registration processor accept the client/);
    expect(text).toMatch(/\+ registration centre — "CRVS Centre Kenitra" created with id \d{5}/);
    expect(text).toMatch(
      /\+ machine with the keymanager TPM signing key — "crvs-bridge-01" created with id \d{5}/,
    );
    expect(text).toContain('crvs-officer → KTA mapped and activated');
    expect(text).toMatch(/crvs-officer → centre \d{5} mapped and activated/);
    expect(code).toBe(0);
    const written = JSON.parse(readFileSync(out, 'utf8'));
    expect(written).toMatchObject({
      MOSIP_BASE_URL: sandbox.url,
      MOSIP_CLIENT_ID: 'mosip-crvs1-client',
      MOSIP_CLIENT_SECRET_FILE: 'bridge.config.client-secret',
      MOSIP_READ_CLIENT_ID: 'mosip-regproc-client',
      OFFICER_ID: 'crvs-officer',
      MOSIP_SOURCE: 'CRVS1',
      PROCESS_BIRTH: 'CRVS_NEW',
    });
    expect(written.CENTRE_ID).toMatch(/^\d{5}$/);
    expect(written.MACHINE_ID).toMatch(/^\d{5}$/);
    expect(written).not.toHaveProperty('MOSIP_CLIENT_SECRET');
    const secretFile = join(dir, 'deploy', 'bridge.config.client-secret');
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
    const secret = readFileSync(secretFile, 'utf8').trim();
    expect(secret.length).toBeGreaterThan(10);
    expect(text).not.toContain(secret);
    expect(statSync(join(dir, 'deploy', 'bridge.config.officer-password')).mode & 0o777).toBe(0o600);
  });

  it('changes nothing on a second --apply and says so', async () => {
    const before = readFileSync(out, 'utf8');
    const { code, out: text } = await cli([...onboardArgs, '--apply']);
    expect(text).toContain('Nothing to change: every prerequisite was already in place.');
    expect(text).not.toMatch(/\] [+~] /);
    expect(code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(before);
    const plan = await cli([...onboardArgs, '--plan']);
    expect(plan.out).toContain('Plan: nothing to change');
  });

  it('prints the secret only with --show-secret', async () => {
    const secret = readFileSync(join(dir, 'deploy', 'bridge.config.client-secret'), 'utf8').trim();
    const { out: text } = await cli([...onboardArgs, '--plan', '--show-secret']);
    expect(text).toContain(`mosip-crvs1-client secret: ${secret}`);
  });

  it('doctor is all green with the admin credentials (exit 0), and says which probes it used', async () => {
    const admin = onboardingConfig(dir, sandbox, 'onboarding');
    const { code, out: text } = await cli(['doctor', '--config', out, '--onboarding-config', admin]);
    expect(text, text).toMatch(/\d+ passed, 0 failed, 0 not checked\./);
    expect(text).toContain('KER-PUT-006');
    expect(text).toContain('RPR-WIN-001');
    expect(text).toContain('packet writer for CRVS1/CRVS_NEW');
    expect(code).toBe(0);
    const json = await cli(['doctor', '--config', out, '--onboarding-config', admin, '--json']);
    const report = JSON.parse(json.out);
    expect(report.ok).toBe(true);
    expect(report.checks.every((c: { status: string }) => c.status === 'pass')).toBe(true);
  });

  it('doctor without admin credentials reports the admin rows as not checked (exit 4)', async () => {
    const { code, out: text } = await cli(['doctor', '--config', out]);
    expect(text).toContain('not checked (needs admin credentials: --onboarding-config <file>)');
    expect(text).toMatch(/0 failed/);
    expect(code).toBe(4);
  });

  it('the bridge started from the written configuration delivers a birth to processed', async () => {
    const config = loadConfig(
      {
        CRVS_MOSIP_PORT: '0',
        CRVS_MOSIP_DATA_DIR: join(dir, 'bridge'),
        CRVS_MOSIP_LOG_LEVEL: 'silent',
        CRVS_MOSIP_WORKER_POLL_MS: '30',
        CRVS_MOSIP_TRACKER_INTERVAL_MS: '100',
      },
      out,
    );
    let bridge: Bridge | undefined;
    try {
      bridge = await startBridge(config);
      const { key } = await createApiKey(config.databaseUrl, { name: 'test', scopes: ['submit', 'read'] });
      const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
      const accepted = await fetch(`${bridge.url}/v1/registrations`, {
        method: 'POST',
        headers,
        body: JSON.stringify(birth('e2e')),
      });
      const body = (await accepted.json()) as { id: string; rid: string };
      expect(accepted.status).toBe(202);
      expect(body.rid.startsWith(`${config.CENTRE_ID}${config.MACHINE_ID}`)).toBe(true);
      let status = '';
      let last: unknown;
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline && !['processed', 'rejected', 'failed'].includes(status)) {
        await sleep(100);
        const res = await fetch(`${bridge.url}/v1/registrations/${body.id}`, { headers });
        last = await res.json();
        status = (last as { status: string }).status;
      }
      expect(status, JSON.stringify(last)).toBe('processed');
    } finally {
      await bridge?.close();
    }
  });

  it('puts drift back: a disabled officer and an inactive machine show as ~ and are changed back', async () => {
    const kc = new KcAdminClient({ baseUrl: `${sandbox.url}/auth`, realmName: 'master' });
    await kc.auth({ grantType: 'password', clientId: 'admin-cli', ...SANDBOX_CREDENTIALS.keycloakAdmin });
    kc.setConfig({ realmName: 'mosip' });
    const [officer] = await kc.users.find({ username: 'crvs-officer', exact: true });
    await kc.users.update({ id: officer!.id! }, { ...officer, enabled: false });
    const { MACHINE_ID } = JSON.parse(readFileSync(out, 'utf8')) as { MACHINE_ID: string };
    const admin = await fetch(`${sandbox.url}/v1/authmanager/authenticate/clientidsecretkey`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        request: {
          clientId: SANDBOX_CREDENTIALS.adminClient.clientId,
          secretKey: SANDBOX_CREDENTIALS.adminClient.secret,
          appId: 'admin',
        },
      }),
    });
    await fetch(`${sandbox.url}/v1/masterdata/machines?id=${MACHINE_ID}&isActive=false`, {
      method: 'PATCH',
      headers: { cookie: `Authorization=${admin.headers.get('authorization') ?? ''}` },
    });
    const plan = await cli([...onboardArgs, '--plan']);
    expect(plan.out).toContain(
      '~ officer user with REGISTRATION_OFFICER — would change: crvs-officer: enable it',
    );
    expect(plan.out).toContain(
      `~ machine with the keymanager TPM signing key — would change: "crvs-bridge-01" is ${MACHINE_ID}, inactive`,
    );
    expect(plan.out).toContain('Plan: 0 to create, 2 to change');
    const applied = await cli([...onboardArgs, '--apply']);
    expect(applied.out).toContain(
      '~ officer user with REGISTRATION_OFFICER — crvs-officer updated (enable it)',
    );
    expect(applied.out).toContain(`~ machine with the keymanager TPM signing key — ${MACHINE_ID} activated`);
    expect(applied.code).toBe(0);
    expect((await cli([...onboardArgs, '--apply'])).out).toContain('Nothing to change');
  });
});
