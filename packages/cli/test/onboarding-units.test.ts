import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOnboardingConfig } from '../src/onboarding/config.ts';
import { exitCodeOf, renderTable } from '../src/onboarding/doctor-report.ts';
import { OnboardingConfigError } from '../src/onboarding/errors.ts';
import { closeMatches, editDistance } from '../src/onboarding/similar.ts';
import { EXAMPLE } from './onboarding-harness.ts';

describe('close matches', () => {
  it('measures edits and ranks containment and small typos first', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    const names = ['CRVS Centre Kenitra', 'Rabat Centre', 'Kenitra', 'Unrelated Place'];
    expect(closeMatches('CRVS Centre Kenitre', names)).toEqual(['CRVS Centre Kenitra']);
    expect(closeMatches('kenitra', names)).toEqual(['Kenitra', 'CRVS Centre Kenitra']);
    expect(closeMatches('Nowhere at all', names)).toEqual([]);
  });
});

describe('onboarding configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crvs-mosip-onboarding-config-'));
  const example = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, Record<string, unknown>>;

  it('parses the example with defaults, and lets flags override the URLs', () => {
    const config = loadOnboardingConfig(EXAMPLE, { mosipUrl: 'http://127.0.0.1:9999/' });
    expect(config.mosip.url).toBe('http://127.0.0.1:9999');
    expect(config.keycloak).toMatchObject({ realm: 'mosip', adminPassword: 'admin' });
    expect(config.crvsClientId).toBe('mosip-crvs1-client');
    expect(config.readClient).toEqual({ clientId: 'mosip-regproc-client', appId: 'regproc' });
    expect(config.processes.birth).toBe('CRVS_NEW');
  });

  it('reads secrets from files relative to the configuration file', () => {
    writeFileSync(join(dir, 'kc-password'), 'from-file\n');
    writeFileSync(join(dir, 'officer-password'), 'officer-secret');
    const { adminPassword: _drop, ...keycloak } = example.keycloak!;
    const path = join(dir, 'with-files.json');
    writeFileSync(
      path,
      JSON.stringify({
        ...example,
        keycloak: { ...keycloak, adminPasswordFile: 'kc-password' },
        officer: { ...example.officer, passwordFile: 'officer-password' },
      }),
    );
    const config = loadOnboardingConfig(path);
    expect(config.keycloak.adminPassword).toBe('from-file');
    expect(config.officer.password).toBe('officer-secret');
  });

  it('lists every problem at once, secrets and URLs included', () => {
    const path = join(dir, 'bad.json');
    writeFileSync(
      path,
      JSON.stringify({
        ...example,
        keycloak: { ...example.keycloak, adminPasswordFile: 'missing-file' },
        mosip: { ...example.mosip, adminSecret: undefined },
        centre: {},
        typo: true,
      }),
    );
    try {
      loadOnboardingConfig(path, { keycloakUrl: 'nope' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(OnboardingConfigError);
      const problems = (error as OnboardingConfigError).problems.join('\n');
      expect(problems).toContain('--keycloak-url: not a URL');
      expect(problems).toContain('centre: give the centre name or id');
      expect(problems).toContain('Unrecognized key: "typo"');
    }
  });
});

describe('doctor report', () => {
  it('exits 0 only when every row passes; 3 on a failure; 4 when rows were not checked', () => {
    const ok = { check: 'a', status: 'pass', detail: 'fine' } as const;
    const bad = { check: 'b', status: 'fail', detail: 'broken', code: 'KER-ATH-403', fix: 'do x' } as const;
    const skipped = { check: 'c', status: 'skip', detail: 'not checked' } as const;
    expect(exitCodeOf([ok])).toBe(0);
    expect(exitCodeOf([ok, skipped])).toBe(4);
    expect(exitCodeOf([ok, skipped, bad])).toBe(3);
    const table = renderTable([ok, bad, skipped]).join('\n');
    expect(table).toContain('✗ b  broken');
    expect(table).toContain('code: KER-ATH-403');
    expect(table).toContain('fix:  do x');
    expect(table).toContain('1 passed, 1 failed, 1 not checked.');
  });
});
