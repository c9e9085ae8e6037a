import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS, type Sandbox } from '@crvs-mosip/sandbox';
import { cli, onboardingConfig, startBareSandbox } from './onboarding-harness.ts';

/** Each failure names the prerequisite, Keycloak's or MOSIP's code, and the fix. */
describe('crvs-mosip onboard: failures name the prerequisite, the code and the fix', () => {
  let dir: string;
  let sandbox: Sandbox;
  let centreId: string;

  const plan = (name: string, patch: Record<string, unknown>, ...flags: string[]) =>
    cli(['onboard', '--config', onboardingConfig(dir, sandbox, name, patch), '--plan', ...flags]);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crvs-mosip-onboard-errors-'));
    sandbox = await startBareSandbox(dir);
    const out = join(dir, 'base', 'bridge.config.json');
    const base = onboardingConfig(dir, sandbox, 'base');
    const applied = await cli(['onboard', '--config', base, '--apply', '--create-centre', '--out', out]);
    if (applied.code !== 0) throw new Error(applied.out);
    centreId = (JSON.parse(readFileSync(out, 'utf8')) as { CENTRE_ID: string }).CENTRE_ID;
  });
  afterAll(async () => {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists every problem of an invalid configuration (exit 2)', async () => {
    const path = join(dir, 'broken.json');
    writeFileSync(
      path,
      JSON.stringify({ keycloak: { url: 'not a url', adminUsername: 'admin' }, mosip: {}, officer: {} }),
    );
    const { code, out } = await cli(['onboard', '--config', path, '--plan']);
    expect(code).toBe(2);
    for (const problem of [
      'keycloak.url',
      'mosip.url',
      'officer.username',
      'zoneCode',
      'machine',
      'centre',
    ]) {
      expect(out).toContain(problem);
    }
  });

  it('wrong Keycloak admin password', async () => {
    const { code, out } = await plan('wrong-kc', { keycloak: { adminPassword: 'not-the-password' } });
    expect(out).toContain('✗ Keycloak admin login failed');
    expect(out).toContain('code: invalid_grant');
    expect(out).toContain('Invalid user credentials');
    expect(out).toContain(
      'fix:  check keycloak.adminUsername (admin) and keycloak.adminPassword/adminPasswordFile',
    );
    expect(out).not.toContain('not-the-password');
    expect(code).toBe(3);
  });

  it('wrong MOSIP admin secret', async () => {
    const { code, out } = await plan('wrong-admin', { mosip: { adminSecret: 'wrong-admin-secret' } });
    expect(out).toContain('✗ MOSIP admin token failed');
    expect(out).toMatch(/code: CLIENT-AUTH-FAILED \(MOSIP 500\)/);
    expect(out).toContain('fix:  check mosip.adminSecret/adminSecretFile');
    expect(out).not.toContain('wrong-admin-secret');
    expect(code).toBe(3);
  });

  it('zone not found', async () => {
    const { code, out } = await plan('no-zone', { zoneCode: 'KTX' });
    expect(out).toContain('✗ zones — blocked: zone KTX not found among the zones mosip-admin-client manages');
    expect(out).toContain('MOR (Morocco)');
    expect(out).toContain('(close: KTA)');
    expect(code).toBe(3);
  });

  it('centre name not found: close matches are listed', async () => {
    const { code, out } = await plan('no-centre', { centre: { name: 'CRVS Centre Kenitre' } });
    expect(out).toContain('✗ registration centre — blocked: no centre "CRVS Centre Kenitre"');
    expect(out).toContain('close matches: "CRVS Centre Kenitra"');
    expect(out).toContain('--create-centre');
    expect(code).toBe(3);
  });

  it('machine name already used with another key', async () => {
    const auth = await fetch(`${sandbox.url}/v1/authmanager/authenticate/clientidsecretkey`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'x',
        version: '1.0',
        requesttime: new Date().toISOString(),
        request: {
          clientId: SANDBOX_CREDENTIALS.adminClient.clientId,
          secretKey: SANDBOX_CREDENTIALS.adminClient.secret,
          appId: 'admin',
        },
      }),
    });
    const token = auth.headers.get('authorization') ?? '';
    const key = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .publicKey.export({ type: 'spki', format: 'der' })
      .toString('base64url');
    const created = await fetch(`${sandbox.url}/v1/masterdata/machines`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `Authorization=${token}` },
      body: JSON.stringify({
        id: 'x',
        version: '1.0',
        requesttime: new Date().toISOString(),
        request: {
          name: 'legacy-machine',
          ipAddress: '10.0.0.2',
          machineSpecId: '1001',
          isActive: true,
          zoneCode: 'KTA',
          regCenterId: centreId,
          langCode: 'eng',
          publicKey: key,
          signPublicKey: key,
        },
      }),
    });
    expect(((await created.json()) as { errors: unknown }).errors).toBeNull();
    const { code, out } = await plan('other-key', { machine: { name: 'legacy-machine' } });
    expect(out).toMatch(/machine "legacy-machine" \(id \d{5}\) exists with another public key/);
    expect(out).toContain('choose another machine.name');
    expect(code).toBe(3);
  });

  it('client id outside the audience allow-list: onboard prints the property, doctor shows ✗ with it', async () => {
    const out = join(dir, 'other', 'bridge.config.json');
    const config = onboardingConfig(dir, sandbox, 'other-client', { crvsClientId: 'crvs-other-client' });
    const applied = await cli(['onboard', '--config', config, '--apply', '--out', out]);
    expect(applied.out).toContain('auth.server.admin.allowed.audience');
    expect(applied.out).toContain('packet-manager-default.properties');
    expect(applied.out).toContain('registration-processor-default.properties');
    expect(applied.out).toContain('"crvs-other-client"');
    expect(applied.code).toBe(3);
    const doctor = await cli(['doctor', '--config', out, '--onboarding-config', config]);
    expect(doctor.out).toMatch(/✗ packet manager accepts the client \(audience\)/);
    expect(doctor.out).toContain(
      'add "crvs-other-client" to auth.server.admin.allowed.audience in packet-manager-default.properties',
    );
    expect(doctor.out).toContain('code: KER-ATH-403');
    expect(doctor.code).toBe(3);
  });
});
