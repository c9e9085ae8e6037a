import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { configSchema, createApiKey, startBridge } from '@crvs-mosip/bridge';
import { SANDBOX_CREDENTIALS } from '@crvs-mosip/sandbox';
import type { CliIo } from '../main.ts';
import { loadOnboardingConfig } from '../onboarding/config.ts';
import { diagnose } from '../onboarding/doctor.ts';
import { waitForShutdown } from '../shutdown.ts';
import { registerPartner, writePartnerKeys } from './keys.ts';
import { sampleRegistration } from './samples.ts';
import { runSandbox } from './sandbox.ts';

const port = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new InvalidArgumentError('a port is an integer 0..65535');
  }
  return n;
};

/** Reads a generated secret file, or creates it (mode 600) on first start. */
function secretFile(path: string, make: () => string): { value: string; created: boolean } {
  if (existsSync(path)) return { value: readFileSync(path, 'utf8').trim(), created: false };
  const value = make();
  writeFileSync(path, `${value}\n`, { mode: 0o600 });
  return { value, created: true };
}

/**
 * The onboarding configuration of the demo seed (what `crvs-mosip onboard` would be given for it), with the
 * sandbox's admin credentials; written mode 600 to `<dataDir>/onboarding.json`. Returns its path.
 */
function writeSandboxOnboarding(dataDir: string, sandboxUrl: string): string {
  const c = SANDBOX_CREDENTIALS;
  const path = join(dataDir, 'onboarding.json');
  const onboarding = {
    keycloak: {
      url: `${sandboxUrl}/auth`,
      adminUsername: c.keycloakAdmin.username,
      adminPassword: c.keycloakAdmin.password,
    },
    mosip: {
      url: sandboxUrl,
      adminClientId: c.adminClient.clientId,
      adminSecret: c.adminClient.secret,
      adminAppId: c.adminClient.appId,
    },
    crvsClientId: c.crvsClient.clientId,
    crvsAppId: c.crvsClient.appId,
    readClient: { clientId: c.regprocClient.clientId, appId: c.regprocClient.appId },
    officer: { username: c.officer.username, firstName: 'CRVS', lastName: 'Officer' },
    zoneCode: 'KTA',
    centre: { id: c.centreId },
    machine: { name: `crvs-bridge-${c.machineId}`, machineSpecId: '1001', ipAddress: '127.0.0.1' },
  };
  writeFileSync(path, `${JSON.stringify(onboarding, null, 2)}\n`, { mode: 0o600 });
  return path;
}

/**
 * `crvs-mosip up`: everything on the embedded defaults — the MOSIP sandbox with the demo seed and the bridge
 * on SQLite wired to it, an encryption key and a demo API key generated on first start.
 */
export function upCommand(io: CliIo): Command {
  return new Command('up')
    .description(
      'Start the MOSIP sandbox (demo seed, with its console) and the bridge on SQLite (API, dashboard, metrics), wired together, on 127.0.0.1',
    )
    .addOption(
      new Option('-d, --data-dir <dir>', 'root of all local state (database, keys, sandbox)').default(
        '.crvs-mosip',
      ),
    )
    .addOption(new Option('-p, --port <port>', 'port of the bridge API').argParser(port).default(8080))
    .addOption(new Option('--sandbox-port <port>', 'port of the MOSIP sandbox').argParser(port).default(8081))
    .option(
      '--webhook-url <url>',
      'send signed events to this CRVS endpoint (try examples/webhook-receiver.mjs)',
    )
    .option('--webhook-secret <secret>', 'HMAC key for the X-Signature header (at least 16 characters)')
    .action(
      async (flags: {
        dataDir: string;
        port: number;
        sandboxPort: number;
        webhookUrl?: string;
        webhookSecret?: string;
      }) => {
        if (Boolean(flags.webhookUrl) !== Boolean(flags.webhookSecret)) {
          throw new Error('--webhook-url and --webhook-secret go together: webhooks are always signed');
        }
        const dataDir = resolve(flags.dataDir);
        mkdirSync(dataDir, { recursive: true, mode: 0o700 });
        const sandbox = await runSandbox(
          { port: flags.sandboxPort, dataDir: join(dataDir, 'sandbox'), seed: 'demo' },
          io,
        );
        const encryptionKey = secretFile(join(dataDir, 'encryption.key'), () =>
          randomBytes(32).toString('base64'),
        ).value;
        const c = SANDBOX_CREDENTIALS;
        // The bridge receives national IDs as MOSIP credentials: a partner key whose certificate the sandbox
        // encrypts credentials to, and a WebSub secret for the hub's signatures. Both made once, kept in dataDir.
        const partner = join(dataDir, 'partner', 'crvs-partner.key.pem');
        const certificatePem = existsSync(partner)
          ? readFileSync(join(dataDir, 'partner', 'crvs-partner.cert.pem'), 'utf8')
          : writePartnerKeys('crvs-partner', join(dataDir, 'partner'), Date.now()).certificatePem;
        await registerPartner(sandbox.url, 'crvs-partner', certificatePem);
        // Credential proofs are verified with the key MOSIP's keymanager signs with (tpmsigning/publickey).
        const issuerKeyFile = join(dataDir, 'partner', 'credential-issuer.key');
        writeFileSync(issuerKeyFile, `${sandbox.ctx.keyStore.signingPublicKeyBase64Url()}\n`);
        const websubSecret = secretFile(join(dataDir, 'websub.secret'), () =>
          randomBytes(24).toString('base64url'),
        ).value;
        const config = {
          ...configSchema.parse({
            DATA_DIR: dataDir,
            PORT: flags.port,
            ENCRYPTION_KEY: encryptionKey,
            MOSIP_BASE_URL: sandbox.url,
            MOSIP_CLIENT_ID: c.crvsClient.clientId,
            MOSIP_CLIENT_SECRET: c.crvsClient.secret,
            MOSIP_APP_ID: c.crvsClient.appId,
            MOSIP_READ_CLIENT_ID: c.regprocClient.clientId,
            MOSIP_READ_CLIENT_SECRET: c.regprocClient.secret,
            MOSIP_READ_APP_ID: c.regprocClient.appId,
            CENTRE_ID: c.centreId,
            MACHINE_ID: c.machineId,
            OFFICER_ID: c.officer.username,
            TRACKER_INTERVAL_MS: 1000,
            PARTNER_CLIENT_ID: c.partnerClient.clientId,
            PARTNER_CLIENT_SECRET: c.partnerClient.secret,
            PARTNER_APP_ID: c.partnerClient.appId,
            PARTNER_KEY_FILE: partner,
            CREDENTIAL_ISSUER_KEY_FILE: issuerKeyFile,
            WEBSUB_SECRET: websubSecret,
            ...(flags.webhookUrl ? { WEBHOOK_URL: flags.webhookUrl } : {}),
            ...(flags.webhookSecret ? { WEBHOOK_SECRET: flags.webhookSecret } : {}),
            LOG_LEVEL: 'warn',
          }),
          databaseUrl: join(dataDir, 'bridge.db'),
        };
        // The sandbox's admin credentials are known, so the dashboard's health page runs all doctor checks.
        const onboarding = loadOnboardingConfig(writeSandboxOnboarding(dataDir, sandbox.url));
        const bridge = await startBridge(config, { healthChecks: () => diagnose(config, onboarding) });
        const keyPath = join(dataDir, 'demo-api-key');
        const demoKey = existsSync(keyPath)
          ? { value: readFileSync(keyPath, 'utf8').trim(), created: false }
          : await createApiKey(config.databaseUrl, {
              name: 'demo',
              scopes: ['submit', 'read', 'operate'],
            }).then((k) => {
              writeFileSync(keyPath, `${k.key}\n`, { mode: 0o600 });
              return { value: k.key, created: true };
            });
        const samplePath = join(dataDir, 'sample-birth.json');
        writeFileSync(samplePath, `${JSON.stringify(sampleRegistration('birth', Date.now()), null, 2)}\n`);
        io.out('');
        io.out(
          `crvs-mosip bridge ready at ${bridge.url}   (API docs ${bridge.url}/docs, health ${bridge.url}/readyz)`,
        );
        io.out(`  dashboard: ${bridge.url}/   (sign in with the demo API key below)`);
        io.out(
          demoKey.created
            ? `  demo API key (scopes submit,read,operate; shown once, saved in ${keyPath}, mode 600):\n  ${demoKey.value}`
            : `  demo API key: in ${keyPath}`,
        );
        io.out('  register a birth:');
        io.out(
          `  curl -s -X POST ${bridge.url}/v1/registrations -H "Authorization: Bearer $(cat ${keyPath})" \\`,
        );
        io.out(`       -H 'content-type: application/json' --data @${samplePath}`);
        io.out(
          '  then follow it:   npx crvs-mosip status <id> --watch --until uin_issued   (or: npx crvs-mosip submit --sample birth)',
        );
        io.out('Press Ctrl+C to stop.');
        await waitForShutdown(io);
        await bridge.close();
        await sandbox.close();
      },
    );
}
