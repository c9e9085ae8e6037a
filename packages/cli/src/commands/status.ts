import { setTimeout as sleep } from 'node:timers/promises';
import { Command } from 'commander';
import type { CliIo } from '../main.ts';
import { callBridge, resolveTarget, text } from './bridge-client.ts';

interface StatusFlags {
  watch?: boolean;
  until: string;
  timeout: string;
  url?: string;
  key?: string;
  keyFile?: string;
  dataDir?: string;
}

interface EventView {
  at: string;
  toStatus: string;
  actor: string;
  code: string | null;
  message: string | null;
}

export function statusCommand(io: CliIo): Command {
  return new Command('status')
    .description('Show a registration: status, RID, attempts, last MOSIP code and its timeline')
    .argument('<ref>', 'registration id, RID or the CRVS requestId')
    .option('-w, --watch', 'keep polling until MOSIP has an outcome (processed, completed, rejected, failed)')
    .option(
      '--until <statuses>',
      'with --watch: stop at any of these statuses',
      'processed,uin_issued,completed,rejected,failed',
    )
    .option('--timeout <seconds>', 'give up watching after this long', '120')
    .option('--url <url>', 'bridge URL (default http://127.0.0.1:8080)')
    .option('--key <key>', 'API key with the read scope')
    .option('--key-file <file>', 'file holding the API key (default <data-dir>/demo-api-key)')
    .option('-d, --data-dir <dir>', 'data directory of "crvs-mosip up"', '.crvs-mosip')
    .action(async (ref: string, flags: StatusFlags) => {
      const target = resolveTarget(flags);
      const until = new Set([...flags.until.split(',').map((x) => x.trim()), 'rejected', 'failed']);
      const deadline = Date.now() + Number(flags.timeout) * 1000;
      let shown = 0;
      for (;;) {
        const res = await callBridge(target, 'GET', `/v1/registrations/${encodeURIComponent(ref)}`);
        if (res.status !== 200) {
          throw new Error(`HTTP ${res.status} ${text(res.body.code)}: ${text(res.body.message)}`);
        }
        const r = res.body;
        if (shown === 0) {
          io.out(`${text(r.type)} ${text(r.id)}  RID ${text(r.rid)}  requestId ${text(r.requestId)}`);
        }
        const timeline = (r.timeline as EventView[] | undefined) ?? [];
        for (const e of timeline.slice(shown)) {
          io.out(
            `  ${e.at}  ${e.toStatus.padEnd(15)} ${e.actor.padEnd(8)} ${e.code ?? ''} ${e.message ?? ''}`.trimEnd(),
          );
        }
        shown = timeline.length;
        const status = text(r.status);
        if (!flags.watch || until.has(status)) {
          io.out(
            `status: ${status}  attempts: ${text(r.attempts)}${r.lastCode ? `  last MOSIP code: ${text(r.lastCode)}` : ''}${r.uin ? `  UIN: ${text(r.uin)}` : ''}`,
          );
          return;
        }
        if (Date.now() > deadline) throw new Error(`still ${status} after ${flags.timeout} s`);
        await sleep(1000);
      }
    });
}
