import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import type { CliIo } from '../main.ts';
import { callBridge, resolveTarget, text } from './bridge-client.ts';
import { sampleRegistration } from './samples.ts';

interface SubmitFlags {
  file?: string;
  sample?: 'birth' | 'death' | 'update';
  uin?: string;
  url?: string;
  key?: string;
  keyFile?: string;
  dataDir?: string;
}

export function submitCommand(io: CliIo): Command {
  return new Command('submit')
    .description('Send one registration to a running bridge and print its id and RID')
    .addOption(
      new Option('-f, --file <file>', 'registration JSON (see /docs for the shape)').conflicts('sample'),
    )
    .addOption(
      new Option('-s, --sample <kind>', 'send a sample registration').choices(['birth', 'death', 'update']),
    )
    .option('--uin <uin>', 'UIN of the person, for a death or update sample')
    .option('--url <url>', 'bridge URL (default http://127.0.0.1:8080)')
    .option('--key <key>', 'API key with the submit scope')
    .option('--key-file <file>', 'file holding the API key (default <data-dir>/demo-api-key)')
    .option('-d, --data-dir <dir>', 'data directory of "crvs-mosip up"', '.crvs-mosip')
    .addHelpText(
      'after',
      '\nExamples:\n  $ crvs-mosip submit --sample birth\n  $ crvs-mosip submit --sample death --uin 2345678901\n  $ crvs-mosip submit --file reg.json --url https://bridge.example --key-file ./key',
    )
    .action(async (flags: SubmitFlags) => {
      if (!flags.file && !flags.sample) throw new Error('pass --file <file> or --sample birth|death|update');
      const body = flags.file
        ? (JSON.parse(readFileSync(flags.file, 'utf8')) as unknown)
        : sampleRegistration(flags.sample!, Date.now(), flags.uin);
      const res = await callBridge(resolveTarget(flags), 'POST', '/v1/registrations', body);
      if (res.status === 202 || res.status === 200) {
        io.out(
          `${res.status === 202 ? 'accepted' : 'already accepted'}: id ${text(res.body.id)}  RID ${text(res.body.rid)}  status ${text(res.body.status)}`,
        );
        io.out(
          `follow it: crvs-mosip status ${text(res.body.id)} --watch --until ${res.body.type === 'birth' ? 'uin_issued' : 'completed'}`,
        );
        return;
      }
      io.err(`refused (HTTP ${res.status}) ${text(res.body.code)}: ${text(res.body.message)}`);
      for (const e of (res.body.errors as { path: string; code: string; message: string }[] | undefined) ??
        []) {
        io.err(`  ${e.path}  ${e.code}  ${e.message}`);
      }
      throw new Error('registration refused');
    });
}
