import forge from 'node-forge';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { certificateToPem, createSelfSignedCertificate } from '@crvs-mosip/sandbox';
import { Command, InvalidArgumentError } from 'commander';
import { createApiKey, loadDatabaseUrl } from '@crvs-mosip/bridge';
import type { CliIo } from '../main.ts';

const SCOPES = ['submit', 'read', 'operate'];

function scopes(value: string): string[] {
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = list.filter((s) => !SCOPES.includes(s));
  if (list.length === 0 || bad.length > 0) {
    throw new InvalidArgumentError(`scopes are a comma-separated subset of ${SCOPES.join(',')}`);
  }
  return list;
}

export function keysCommand(io: CliIo): Command {
  const keys = new Command('keys').description('Manage API keys of the bridge (stored hashed; shown once)');
  keys
    .command('create')
    .description('Create an API key and print it once')
    .requiredOption(
      '--scopes <list>',
      'submit (POST registrations), read (GET), operate (retry); e.g. submit,read',
      scopes,
    )
    .option('--name <name>', 'who the key is for, e.g. "opencrvs-production"', 'api-key')
    .option('-c, --config <file>', 'bridge configuration file (for the database location)')
    .action(async (flags: { scopes: string[]; name: string; config?: string }) => {
      const created = await createApiKey(loadDatabaseUrl(undefined, flags.config), {
        name: flags.name,
        scopes: flags.scopes,
      });
      io.out(`API key ${created.id} (${flags.scopes.join(',')}) — store it now, it is not shown again:`);
      io.out(created.key);
    });
  keys
    .command('partner')
    .description('Create a credential-partner key pair and certificate (PEM) for receiving MOSIP credentials')
    .option(
      '--partner-id <id>',
      'the partner id (= the Keycloak client name that subscribes)',
      'crvs-partner',
    )
    .option(
      '--out-dir <dir>',
      'where to write <id>.key.pem (mode 600) and <id>.cert.pem',
      '.crvs-mosip/partner',
    )
    .option(
      '--register-with <sandboxUrl>',
      'register the certificate with a crvs-mosip sandbox (admin admin/admin)',
    )
    .addHelpText(
      'after',
      '\nOn a real MOSIP, upload the certificate through the partner management portal instead.',
    )
    .action(async (flags: { partnerId: string; outDir: string; registerWith?: string }) => {
      const files = writePartnerKeys(flags.partnerId, flags.outDir, Date.now());
      io.out(`private key  ${files.keyFile} (mode 600; point CRVS_MOSIP_PARTNER_KEY_FILE at it)`);
      io.out(`certificate  ${files.certFile}`);
      io.out(`PKCS#12      ${files.p12File} (password in ${files.passwordFile}, mode 600)`);
      if (flags.registerWith) {
        await registerPartner(flags.registerWith, flags.partnerId, files.certificatePem);
        io.out(`registered with the sandbox at ${flags.registerWith} as partner ${flags.partnerId}`);
      }
    });
  return keys;
}

/** Registers a partner certificate with a crvs-mosip sandbox (its admin call, master admin credentials). */
export async function registerPartner(
  sandboxUrl: string,
  partnerId: string,
  certificatePem: string,
): Promise<void> {
  const res = await fetch(
    `${sandboxUrl.replace(/\/$/, '')}/sandbox/admin/partners/${encodeURIComponent(partnerId)}`,
    {
      method: 'PUT',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}`,
      },
      body: JSON.stringify({ certificate: certificatePem }),
    },
  );
  if (!res.ok) throw new Error(`the sandbox refused the certificate: HTTP ${res.status} ${await res.text()}`);
}

/** Generates an RSA-2048 partner key pair and a self-signed certificate; returns the file names and the PEM. */
export function writePartnerKeys(partnerId: string, outDir: string, nowMs: number) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const certificatePem = certificateToPem(
    createSelfSignedCertificate({
      subject: [
        ['O', 'crvs-mosip'],
        ['CN', partnerId],
      ],
      serialNumber: randomBytes(16),
      notBefore: new Date(nowMs),
      notAfter: new Date(nowMs + 3 * 365 * 86_400_000),
      publicKey,
      privateKey,
    }),
  );
  mkdirSync(outDir, { recursive: true, mode: 0o700 });
  const keyFile = join(outDir, `${partnerId}.key.pem`);
  const certFile = join(outDir, `${partnerId}.cert.pem`);
  writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(certFile, certificatePem);
  // The same key and certificate as a PKCS#12 keystore, the form MOSIP's partner onboarding uses.
  const password = randomBytes(18).toString('base64url');
  const p12 = forge.pkcs12.toPkcs12Asn1(
    forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string),
    [forge.pki.certificateFromPem(certificatePem)],
    password,
    { algorithm: 'aes256', friendlyName: partnerId },
  );
  const p12File = join(outDir, `${partnerId}.p12`);
  const passwordFile = join(outDir, `${partnerId}.p12.password`);
  writeFileSync(p12File, Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary'), { mode: 0o600 });
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  return { keyFile, certFile, p12File, passwordFile, certificatePem };
}
