import { Command, Option } from 'commander';
import type { CliIo } from '../main.ts';
import { waitForShutdown } from '../shutdown.ts';
import { runSandbox } from './sandbox.ts';

/**
 * `crvs-mosip up`: everything on the embedded defaults. Today that is the MOSIP sandbox with the demo seed;
 * the bridge, its SQLite store and the dashboard join it here as they land.
 */
export function upCommand(io: CliIo): Command {
  return new Command('up')
    .description('Start the stack on embedded defaults (MOSIP sandbox with demo data, kept in .data/)')
    .addOption(new Option('-d, --data-dir <dir>', 'root of all local state').default('.data'))
    .addOption(new Option('--sandbox-port <port>', 'port of the MOSIP sandbox').default('18080'))
    .action(async (flags: { dataDir: string; sandboxPort: string }) => {
      const sandbox = await runSandbox(
        { port: Number(flags.sandboxPort), dataDir: `${flags.dataDir}/sandbox`, seed: 'demo' },
        io,
      );
      io.out('Press Ctrl+C to stop.');
      await waitForShutdown(io);
      await sandbox.close();
    });
}
