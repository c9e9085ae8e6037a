import { Command, CommanderError, Option } from 'commander';
import type { CliIo } from '../main.ts';
import { EXIT } from '../onboarding/errors.ts';
import { runOnboard } from '../onboarding/onboard.ts';

interface OnboardFlags {
  config: string;
  keycloakUrl?: string;
  mosipUrl?: string;
  plan?: boolean;
  apply?: boolean;
  createCentre?: boolean;
  out?: string;
  showSecret?: boolean;
}

/**
 * `crvs-mosip onboard`: the prerequisites of MOSIP's CRVS integration guide in one safe, repeatable
 * command (Keycloak client, role, officer; MOSIP centre, machine, zone and centre mappings).
 */
export function onboardCommand(io: CliIo): Command {
  return new Command('onboard')
    .description(
      'Create the MOSIP prerequisites of the CRVS integration (Keycloak client, role, officer; centre, machine, mappings): plan first, then apply only what is missing',
    )
    .requiredOption(
      '-c, --config <file>',
      'onboarding configuration (JSON; see examples/onboarding.sandbox.json)',
    )
    .option(
      '--keycloak-url <url>',
      "Keycloak base URL, overrides keycloak.url (MOSIP's Keycloak lives under /auth)",
    )
    .option('--mosip-url <url>', 'MOSIP API gateway URL, overrides mosip.url')
    .addOption(
      new Option(
        '--plan',
        'show what exists, is missing or would change; change nothing (default)',
      ).conflicts('apply'),
    )
    .addOption(new Option('--apply', 'make what is missing, step by step; safe to run again'))
    .option(
      '--create-centre',
      'create the centre (centre.create fields) when no centre has the configured name',
    )
    .option(
      '-o, --out <file>',
      'write the bridge configuration for "crvs-mosip serve --config" (secrets go to files with mode 600 next to it)',
    )
    .option(
      '--show-secret',
      'print the client secret (and a generated officer password); never printed otherwise',
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 done (or nothing to change), 2 configuration invalid, 3 a prerequisite failed or needs a\n' +
        'change on the MOSIP side (the message names it, with the Keycloak/MOSIP code and the fix).\n\n' +
        'Examples:\n' +
        '  $ crvs-mosip sandbox --seed bare --port 8090 --data-dir ./mosip-bare\n' +
        '  $ crvs-mosip onboard --config examples/onboarding.sandbox.json --plan\n' +
        '  $ crvs-mosip onboard --config examples/onboarding.sandbox.json --apply --out bridge.config.json\n' +
        '  $ crvs-mosip doctor --config bridge.config.json --onboarding-config examples/onboarding.sandbox.json',
    )
    .action(async (flags: OnboardFlags) => {
      const code = await runOnboard(
        {
          config: flags.config,
          apply: flags.apply === true,
          createCentre: flags.createCentre === true,
          showSecret: flags.showSecret === true,
          ...(flags.keycloakUrl ? { keycloakUrl: flags.keycloakUrl } : {}),
          ...(flags.mosipUrl ? { mosipUrl: flags.mosipUrl } : {}),
          ...(flags.out ? { out: flags.out } : {}),
        },
        io,
      );
      if (code !== EXIT.ok) {
        throw new CommanderError(code, 'crvs-mosip.onboard', `onboarding ended with exit code ${code}`);
      }
    });
}
