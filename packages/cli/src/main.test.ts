import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultsFromFlags } from './commands/sandbox.ts';
import { main, type CliIo } from './main.ts';

function capture(): CliIo & { text: () => string } {
  const lines: string[] = [];
  return { out: (l) => lines.push(l), err: (l) => lines.push(l), text: () => lines.join('\n') };
}

describe('crvs-mosip CLI', () => {
  it('teaches its commands with --help', async () => {
    const io = capture();
    expect(await main(['--help'], io)).toBe(0);
    expect(io.text()).toContain('sandbox');
    expect(io.text()).toContain('Examples:');
    const sub = capture();
    await main(['sandbox', '--help'], sub);
    expect(sub.text()).toContain('--data-dir');
    expect(sub.text()).toContain('/sandbox/admin/faults');
  });

  it('refuses bad flags with a clear message and a non-zero exit code', async () => {
    const io = capture();
    expect(await main(['sandbox', '--port', 'abc'], io)).not.toBe(0);
    expect(io.text()).toContain('port must be an integer');
    const seed = capture();
    expect(await main(['sandbox', '--seed', 'nope'], seed)).not.toBe(0);
    expect(seed.text()).toContain('demo');
  });

  it('turns fault flags into settings, and none into undefined', () => {
    expect(faultsFromFlags({ port: 0, dataDir: 'x', seed: 'demo' }, 0)).toBeUndefined();
    expect(
      faultsFromFlags({ port: 0, dataDir: 'x', seed: 'demo', latency: 200, outageSeconds: 60 }, 0),
    ).toMatchObject({
      latencyMs: 200,
      outage: { from: '1970-01-01T00:00:00.000Z', until: '1970-01-01T00:01:00.000Z' },
    });
  });

  it('starts the sandbox from the installed binary and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crvs-mosip-cli-'));
    const bin = new URL('../bin/crvs-mosip.js', import.meta.url).pathname;
    const child = spawn(process.execPath, [bin, 'sandbox', '--port', '0', '--data-dir', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ready line: ${output}`)), 20_000);
        child.stdout.on('data', () => {
          const m = /ready at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
      });
      const res = await fetch(`${url}/auth/realms/mosip/.well-known/openid-configuration`);
      expect(res.status).toBe(200);
      const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('crvs-mosip keys partner', () => {
  it('writes a partner key (mode 600) and a certificate whose public key matches it', async () => {
    const { X509Certificate, createPrivateKey, createPublicKey } = await import('node:crypto');
    const { statSync, readFileSync } = await import('node:fs');
    const { writePartnerKeys } = await import('./commands/keys.ts');
    const dir = mkdtempSync(join(tmpdir(), 'crvs-mosip-partner-'));
    try {
      const files = writePartnerKeys('crvs-partner', dir, Date.UTC(2026, 0, 1));
      expect(statSync(files.keyFile).mode & 0o777).toBe(0o600);
      const cert = new X509Certificate(readFileSync(files.certFile));
      expect(cert.subject).toContain('CN=crvs-partner');
      const fromKey = createPublicKey(createPrivateKey(readFileSync(files.keyFile))).export({
        type: 'spki',
        format: 'der',
      });
      expect(cert.publicKey.export({ type: 'spki', format: 'der' }).equals(fromKey)).toBe(true);
      const { loadPartnerKey } = await import('@crvs-mosip/bridge');
      const fromP12 = loadPartnerKey(files.p12File, readFileSync(files.passwordFile, 'utf8').trim());
      expect(createPublicKey(fromP12).export({ type: 'spki', format: 'der' }).equals(fromKey)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
