import { Command, CommanderError } from 'commander';
import { sandboxCommand } from './commands/sandbox.ts';
import { configCommand } from './commands/config.ts';
import { doctorCommand } from './commands/doctor.ts';
import { keysCommand } from './commands/keys.ts';
import { onboardCommand } from './commands/onboard.ts';
import { serveCommand } from './commands/serve.ts';
import { statusCommand } from './commands/status.ts';
import { submitCommand } from './commands/submit.ts';
import { upCommand } from './commands/up.ts';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const defaultIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Builds the `crvs-mosip` program. Exported for tests, which pass their own io. */
export function buildProgram(io: CliIo = defaultIo): Command {
  const program = new Command('crvs-mosip')
    .description(
      'Connects a civil registration system (CRVS) to MOSIP: births become identities with a national ID (UIN),\n' +
        'deaths mark identities deceased, corrections update them.',
    )
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride()
    .showHelpAfterError('(run with --help to see the options)');
  for (const command of [
    upCommand(io),
    serveCommand(io),
    sandboxCommand(io),
    onboardCommand(io),
    doctorCommand(io),
    keysCommand(io),
    submitCommand(io),
    statusCommand(io),
    configCommand(io),
  ]) {
    // addCommand does not pass settings down: every sub-command reports through io and never exits the process.
    program.addCommand(
      command
        .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
        .exitOverride()
        .showHelpAfterError('(run with --help to see the options)'),
    );
  }
  program.addHelpText(
    'after',
    '\nExamples:\n' +
      '  $ crvs-mosip up                                   start sandbox + bridge on the embedded defaults\n' +
      '  $ crvs-mosip submit --sample birth                send a sample birth to the running bridge\n' +
      '  $ crvs-mosip status <id|rid|requestId> --watch    follow it to its national ID\n' +
      '  $ crvs-mosip keys create --scopes submit,read     an API key for your CRVS\n' +
      '  $ crvs-mosip sandbox --port 18080 --data-dir ./mosip-data\n' +
      '  $ crvs-mosip sandbox --seed bare --latency 200 --error-rate 0.1\n' +
      '  $ crvs-mosip onboard --config onboarding.json --apply --out bridge.config.json\n' +
      '  $ crvs-mosip doctor --config bridge.config.json',
  );
  return program;
}

/** Runs the CLI and resolves with the process exit code. Long-running commands resolve when stopped. */
export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    io.err(`crvs-mosip: ${(error as Error).message}`);
    return 1;
  }
}
