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
  return keys;
}
