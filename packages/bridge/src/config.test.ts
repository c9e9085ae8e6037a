import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeBackoff } from './store/backoff.ts';
import { ConfigError, loadConfig, renderEnvExample, webhookSubscriptions } from './config.ts';

const KEY = Buffer.alloc(32, 7).toString('base64');
const base = {
  CRVS_MOSIP_ENCRYPTION_KEY: KEY,
  CRVS_MOSIP_MOSIP_BASE_URL: 'http://127.0.0.1:8081',
  CRVS_MOSIP_MOSIP_CLIENT_SECRET: 's1',
  CRVS_MOSIP_MOSIP_READ_CLIENT_SECRET: 's2',
};

describe('loadConfig', () => {
  it('parses variables with defaults and derives the SQLite path', () => {
    const config = loadConfig({ ...base, CRVS_MOSIP_PORT: '9090', CRVS_MOSIP_LANGUAGES: 'eng, fra' });
    expect(config.PORT).toBe(9090);
    expect(config.LANGUAGES).toEqual(['eng', 'fra']);
    expect(config.databaseUrl).toBe(join('.crvs-mosip', 'bridge.db'));
    expect(config.PROCESS_BIRTH).toBe('CRVS_NEW');
  });

  it('has WebSub off by default and asks for the partner client, key and hub secret together', () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({ WEBSUB_LEASE_SECONDS: 86_400, PARTNER_ID: 'crvs-partner' });
    expect(config.PARTNER_KEY_FILE).toBeUndefined();
    expect(() => loadConfig({ ...base, CRVS_MOSIP_PARTNER_CLIENT_ID: 'crvs-partner' })).toThrow(
      /PARTNER_KEY_FILE, CRVS_MOSIP_WEBSUB_SECRET go together/,
    );
    const full = loadConfig({
      ...base,
      CRVS_MOSIP_PARTNER_CLIENT_ID: 'crvs-partner',
      CRVS_MOSIP_PARTNER_CLIENT_SECRET: 'p',
      CRVS_MOSIP_PARTNER_KEY_FILE: 'partner.pem',
      CRVS_MOSIP_WEBSUB_SECRET: 'a-hub-secret-of-16+',
    });
    expect(full.PARTNER_CLIENT_ID).toBe('crvs-partner');
  });

  it('lists every invalid key at once and never echoes a secret', () => {
    try {
      loadConfig({
        CRVS_MOSIP_PORT: 'abc',
        CRVS_MOSIP_CENTRE_ID: '12',
        CRVS_MOSIP_ENCRYPTION_KEY: 'too-short-secret-value',
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      for (const key of [
        'PORT',
        'CENTRE_ID',
        'ENCRYPTION_KEY',
        'MOSIP_BASE_URL',
        'MOSIP_CLIENT_SECRET',
        'MOSIP_READ_CLIENT_SECRET',
      ]) {
        expect(problems).toContain(`CRVS_MOSIP_${key}`);
      }
      expect(problems).not.toContain('too-short-secret-value');
    }
  });

  it('reads secrets from *_FILE and settings from a JSON file, variables winning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crvs-mosip-config-'));
    writeFileSync(join(dir, 'secret'), 'from-file\n');
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ PORT: 7000, OFFICER_ID: 'officer-from-file' }));
    const { CRVS_MOSIP_MOSIP_CLIENT_SECRET: _omit, ...rest } = base;
    const config = loadConfig(
      { ...rest, CRVS_MOSIP_MOSIP_CLIENT_SECRET_FILE: join(dir, 'secret'), CRVS_MOSIP_PORT: '7001' },
      join(dir, 'config.json'),
    );
    expect(config.MOSIP_CLIENT_SECRET).toBe('from-file');
    expect(config.PORT).toBe(7001);
    expect(config.OFFICER_ID).toBe('officer-from-file');
  });

  it('resolves <KEY>_FILE in a JSON config file against its directory; variables still win', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crvs-mosip-config-'));
    mkdirSync(join(dir, 'secrets'));
    writeFileSync(join(dir, 'secrets', 'client'), 'client-secret\n', { mode: 0o600 });
    writeFileSync(join(dir, 'read'), 'read-secret');
    writeFileSync(
      join(dir, 'bridge.json'),
      JSON.stringify({
        ENCRYPTION_KEY: KEY,
        MOSIP_BASE_URL: 'http://127.0.0.1:8081',
        MOSIP_CLIENT_SECRET_FILE: 'secrets/client',
        MOSIP_READ_CLIENT_SECRET_FILE: join(dir, 'read'),
      }),
    );
    const config = loadConfig({}, join(dir, 'bridge.json'));
    expect(config.MOSIP_CLIENT_SECRET).toBe('client-secret');
    expect(config.MOSIP_READ_CLIENT_SECRET).toBe('read-secret');
    expect(config).not.toHaveProperty('MOSIP_CLIENT_SECRET_FILE');
    const overridden = loadConfig(
      { CRVS_MOSIP_MOSIP_CLIENT_SECRET: 'from-variable' },
      join(dir, 'bridge.json'),
    );
    expect(overridden.MOSIP_CLIENT_SECRET).toBe('from-variable');
  });

  it('lists an unreadable or doubled <KEY>_FILE in a JSON config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crvs-mosip-config-'));
    writeFileSync(
      join(dir, 'bridge.json'),
      JSON.stringify({
        ENCRYPTION_KEY_FILE: 'missing.key',
        MOSIP_BASE_URL: 'http://127.0.0.1:8081',
        MOSIP_CLIENT_SECRET: 'direct',
        MOSIP_CLIENT_SECRET_FILE: 'also.secret',
        MOSIP_READ_CLIENT_SECRET: 'r',
      }),
    );
    try {
      loadConfig({}, join(dir, 'bridge.json'));
      expect.unreachable();
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toContain(`ENCRYPTION_KEY_FILE: cannot read ${join(dir, 'missing.key')} (ENOENT)`);
      expect(problems).toContain('give either MOSIP_CLIENT_SECRET or MOSIP_CLIENT_SECRET_FILE, not both');
      expect(problems).not.toContain('direct');
    }
  });

  it('keeps .env.example in step with the schema (npm run env:example)', () => {
    const committed = readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8');
    expect(committed.trimEnd()).toBe(renderEnvExample().trimEnd());
    expect(committed).toMatch(/^CRVS_MOSIP_ENCRYPTION_KEY=$/m);
  });

  it('reads extra webhook subscribers from WEBHOOKS and names what is wrong in it', () => {
    const subs = JSON.stringify([
      {
        name: 'registry',
        url: 'http://127.0.0.1:9/x',
        secret: 'a-secret-of-16-chars',
        events: ['registration.uin_issued'],
      },
    ]);
    const config = loadConfig({
      ...base,
      CRVS_MOSIP_WEBHOOK_URL: 'http://127.0.0.1:9/y',
      CRVS_MOSIP_WEBHOOK_SECRET: 'another-secret-16c',
      CRVS_MOSIP_WEBHOOKS: subs,
    });
    expect(webhookSubscriptions(config).map((s) => s.name)).toEqual(['crvs', 'registry']);
    try {
      loadConfig({
        ...base,
        CRVS_MOSIP_WEBHOOKS: JSON.stringify([
          { name: 'x', url: 'not a url', secret: 'short', events: ['nope'] },
        ]),
      });
      expect.unreachable();
    } catch (error) {
      const text = (error as ConfigError).problems.join('\n');
      expect(text).toContain('CRVS_MOSIP_WEBHOOKS');
      expect(text).toContain('0.url');
      expect(text).not.toContain('short');
    }
  });

  it('retries a webhook for at least 24 hours by default, even with the shortest jitter', () => {
    const config = loadConfig(base);
    let total = 0;
    for (let attempt = 1; attempt < config.WEBHOOK_MAX_ATTEMPTS; attempt += 1) {
      total += computeBackoff(attempt, () => 0, {
        baseMs: config.BACKOFF_BASE_MS,
        maxMs: config.WEBHOOK_BACKOFF_MAX_MS,
      });
    }
    expect(total).toBeGreaterThanOrEqual(24 * 3_600_000);
  });
});
