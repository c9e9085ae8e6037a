import { resolve } from 'node:path';
import { InvalidArgumentError, Option, Command } from 'commander';
import { SANDBOX_CREDENTIALS, startSandbox, type FaultSettings, type Sandbox } from '@crvs-mosip/sandbox';
import type { CliIo } from '../main.ts';
import { waitForShutdown } from '../shutdown.ts';

const int = (name: string, min: number, max: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new InvalidArgumentError(`${name} must be an integer ${min}..${max}`);
  }
  return n;
};
const rate = (value: string) => {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError('a rate is a number from 0 to 1 (0.1 = 10 %)');
  return n;
};

export interface SandboxFlags {
  port: number;
  dataDir: string;
  seed: 'demo' | 'bare';
  latency?: number;
  errorRate?: number;
  errors200Rate?: number;
  outageSeconds?: number;
  tokenLifetime?: number;
  stageDelay?: number;
  infantDedupe?: boolean;
}

/** Fault settings from CLI flags, or undefined when none was given (the data dir's saved ones apply). */
export function faultsFromFlags(flags: SandboxFlags, nowMs: number): Partial<FaultSettings> | undefined {
  const given =
    flags.latency != null ||
    flags.errorRate != null ||
    flags.errors200Rate != null ||
    flags.outageSeconds != null ||
    flags.tokenLifetime != null;
  if (!given) return undefined;
  return {
    latencyMs: flags.latency ?? 0,
    errorRate: flags.errorRate ?? 0,
    errors200Rate: flags.errors200Rate ?? 0,
    outage: flags.outageSeconds
      ? {
          from: new Date(nowMs).toISOString(),
          until: new Date(nowMs + flags.outageSeconds * 1000).toISOString(),
        }
      : null,
    tokenLifetimeSeconds: flags.tokenLifetime ?? null,
  };
}

/** Starts the sandbox from flags and prints where it listens and how to use it. */
export async function runSandbox(flags: SandboxFlags, io: CliIo): Promise<Sandbox> {
  const sandbox = await startSandbox({
    dataDir: resolve(flags.dataDir),
    port: flags.port,
    seed: flags.seed,
    ...(flags.stageDelay != null ? { stageDelayMs: flags.stageDelay } : {}),
    ...(flags.infantDedupe ? { infantDedupe: true } : {}),
    faults: faultsFromFlags(flags, Date.now()),
  });
  const c = SANDBOX_CREDENTIALS;
  io.out(`MOSIP sandbox ready at ${sandbox.url}`);
  io.out(`  data directory   ${resolve(flags.dataDir)} (seed: ${flags.seed}; kept across restarts)`);
  io.out(`  keycloak admin   ${c.keycloakAdmin.username} / ${c.keycloakAdmin.password}  (realm master)`);
  io.out(
    `  admin client     ${c.adminClient.clientId} / ${c.adminClient.secret}  (appId ${c.adminClient.appId})`,
  );
  io.out(
    `  regproc client   ${c.regprocClient.clientId} / ${c.regprocClient.secret}  (appId ${c.regprocClient.appId})`,
  );
  if (flags.seed === 'demo') {
    io.out(
      `  CRVS client      ${c.crvsClient.clientId} / ${c.crvsClient.secret}  (appId ${c.crvsClient.appId})`,
    );
    io.out(`  officer          ${c.officer.username}; centre ${c.centreId}; machine ${c.machineId}`);
  }
  io.out(
    `  faults           GET/PUT ${sandbox.url}/sandbox/admin/faults (Basic ${c.keycloakAdmin.username}:${c.keycloakAdmin.password})`,
  );
  io.out(
    `  console          ${sandbox.url}/sandbox/console (${c.keycloakAdmin.username} / ${c.keycloakAdmin.password})`,
  );
  return sandbox;
}

export function sandboxCommand(io: CliIo): Command {
  return new Command('sandbox')
    .description(
      'Run a local MOSIP (auth, Keycloak, packet manager, registration processor, WebSub; console at /sandbox/console) on 127.0.0.1',
    )
    .addOption(
      new Option('-p, --port <port>', 'port to listen on').argParser(int('port', 0, 65535)).default(18080),
    )
    .addOption(
      new Option('-d, --data-dir <dir>', 'where keys, packets and identities are kept').default(
        '.data/sandbox',
      ),
    )
    .addOption(
      new Option(
        '--seed <seed>',
        'demo: CRVS client, officer, centre 10001 and machine 10077 ready; bare: only what MOSIP installs',
      )
        .choices(['demo', 'bare'])
        .default('demo'),
    )
    .addOption(
      new Option('--latency <ms>', 'add this latency to every MOSIP endpoint').argParser(
        int('latency', 0, 120000),
      ),
    )
    .addOption(new Option('--error-rate <rate>', 'share of requests answered HTTP 500').argParser(rate))
    .addOption(
      new Option('--errors200-rate <rate>', 'share of requests answered HTTP 200 with errors[]').argParser(
        rate,
      ),
    )
    .addOption(
      new Option(
        '--outage-seconds <s>',
        'answer 503 on every MOSIP endpoint for this long after start',
      ).argParser(int('outage', 1, 86400)),
    )
    .addOption(
      new Option('--token-lifetime <s>', 'lifetime of issued access tokens').argParser(
        int('token lifetime', 1, 86400),
      ),
    )
    .addOption(
      new Option('--stage-delay <ms>', 'time each registration-processor stage takes').argParser(
        int('stage delay', 0, 60000),
      ),
    )
    .addOption(
      new Option(
        '--infant-dedupe',
        'compare infants with existing identities (registration.processor.infant.dedupe=Y; MOSIP default N)',
      ),
    )
    .addHelpText(
      'after',
      '\nFaults can also be changed while it runs: PUT /sandbox/admin/faults with a JSON body such as\n  {"latencyMs":200,"errorRate":0.1,"errors200Rate":0.05,"tokenLifetimeSeconds":30}',
    )
    .action(async (flags: SandboxFlags) => {
      const sandbox = await runSandbox(flags, io);
      await waitForShutdown(io);
      await sandbox.close();
    });
}
