import { Command, CommanderError } from 'commander';
import type { CliIo } from '../main.ts';
import { runDoctor } from '../onboarding/doctor-report.ts';
import { EXIT } from '../onboarding/errors.ts';

interface DoctorFlags {
  config: string;
  onboardingConfig?: string;
  json?: boolean;
}

/** `crvs-mosip doctor`: checks a live deployment end to end and names what is missing. */
export function doctorCommand(io: CliIo): Command {
  return new Command('doctor')
    .description(
      'Check a deployment against MOSIP: token, role, audience, centre, machine, officer, ID schema, packet writers',
    )
    .option(
      '-c, --config <file>',
      'bridge configuration, as for "crvs-mosip serve --config"',
      'bridge.config.json',
    )
    .option(
      '--onboarding-config <file>',
      'onboarding configuration with the Keycloak and MOSIP admin credentials, for the officer, centre and machine checks',
    )
    .option('--json', 'print the checks as JSON')
    .addHelpText(
      'after',
      '\nAudience and packet-writer checks are safe probes that MOSIP refuses after accepting the token, so nothing\n' +
        'is written: createPacket with an unknown source (KER-PUT-006), workflowinstance with an invalid version\n' +
        '(RPR-WIN-001), and createPacket without any data for each source/process (provider found: "response": null,\n' +
        '"errors": [] before anything is built; none: KER-PUT-006).\n\n' +
        'Exit codes: 0 every check passed, 3 a check failed, 4 some checks were not run (no admin credentials),\n' +
        '2 a configuration file is invalid.',
    )
    .action(async (flags: DoctorFlags) => {
      const code = await runDoctor(
        {
          config: flags.config,
          json: flags.json === true,
          ...(flags.onboardingConfig ? { onboardingConfig: flags.onboardingConfig } : {}),
        },
        io,
      );
      if (code !== EXIT.ok) {
        throw new CommanderError(code, 'crvs-mosip.doctor', `doctor ended with exit code ${code}`);
      }
    });
}
