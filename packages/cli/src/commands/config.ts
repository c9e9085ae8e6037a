import { Command } from 'commander';
import { ConfigError, loadConfig, renderEnvExample, SECRET_KEYS } from '@crvs-mosip/bridge';
import type { CliIo } from '../main.ts';

export function configCommand(io: CliIo): Command {
  const config = new Command('config').description('Inspect the bridge configuration');
  config
    .command('example')
    .description('Print every setting with its description and default (the content of .env.example)')
    .action(() => io.out(renderEnvExample()));
  config
    .command('check')
    .description(
      'Parse the configuration from CRVS_MOSIP_* variables (and --config) and list every problem; secrets are never printed',
    )
    .option('-c, --config <file>', 'JSON configuration file')
    .action((flags: { config?: string }) => {
      try {
        const parsed = loadConfig(undefined, flags.config) as unknown as Record<string, unknown>;
        for (const [key, value] of Object.entries(parsed)) {
          const shown = (SECRET_KEYS as readonly string[]).includes(key)
            ? '(set, hidden)'
            : JSON.stringify(value);
          io.out(`${key.padEnd(26)} ${shown}`);
        }
        io.out('configuration is valid');
      } catch (error) {
        if (error instanceof ConfigError) throw new Error(error.message, { cause: error });
        throw error;
      }
    });
  return config;
}
