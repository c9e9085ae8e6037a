import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { OnboardContext } from './context.ts';
import type { Step, StepState } from './runner.ts';

/**
 * The last onboarding step with `--out`: the bridge configuration that `crvs-mosip serve --config` reads
 * (keys of packages/bridge/src/config.ts without the `CRVS_MOSIP_` prefix), and its secrets in separate
 * files with mode 600, referenced as `<KEY>_FILE` relative to the configuration file. Keys the operator
 * added to an existing file are kept; an existing encryption key is never replaced (stored data would
 * become unreadable).
 */

/** File names next to `--out` (`bridge.config.json` → `bridge.config.client-secret`, …). */
export function secretPaths(out: string) {
  const base = join(dirname(out), basename(out).replace(/\.json$/i, ''));
  return {
    clientSecret: `${base}.client-secret`,
    readClientSecret: `${base}.read-client-secret`,
    encryptionKey: `${base}.encryption-key`,
    officerPassword: `${base}.officer-password`,
  };
}

interface Planned {
  config: Record<string, unknown>;
  /** Secret files: path → content; `createOnly` files are written only when absent. */
  files: { path: string; content: string; createOnly: boolean }[];
}

function readJson(path: string): Record<string, unknown> {
  if (!existsSync(path)) return {};
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : {};
}

/** What the files should hold, or the reason it cannot be known yet (in a plan). */
function planned(ctx: OnboardContext, out: string): Planned | string {
  const c = ctx.config;
  if (!ctx.secrets.crvs || !ctx.secrets.read) return 'the client secrets are known after the steps above';
  if (!ctx.centre || !ctx.machine) return 'the centre and machine ids are known after the steps above';
  const paths = secretPaths(out);
  const existing = readJson(out);
  const files: Planned['files'] = [
    { path: paths.clientSecret, content: ctx.secrets.crvs, createOnly: false },
    { path: paths.readClientSecret, content: ctx.secrets.read, createOnly: false },
  ];
  const keyGiven = existing.ENCRYPTION_KEY !== undefined || existing.ENCRYPTION_KEY_FILE !== undefined;
  if (!keyGiven) {
    files.push({ path: paths.encryptionKey, content: randomBytes(32).toString('base64'), createOnly: true });
  }
  if (ctx.officerPassword?.generated) {
    files.push({ path: paths.officerPassword, content: ctx.officerPassword.value, createOnly: true });
  }
  const { MOSIP_CLIENT_SECRET: _a, MOSIP_READ_CLIENT_SECRET: _b, ...kept } = existing;
  const config: Record<string, unknown> = {
    ...kept,
    MOSIP_BASE_URL: c.mosip.url,
    MOSIP_CLIENT_ID: c.crvsClientId,
    MOSIP_CLIENT_SECRET_FILE: basename(paths.clientSecret),
    MOSIP_APP_ID: c.crvsAppId,
    MOSIP_READ_CLIENT_ID: c.readClient.clientId,
    MOSIP_READ_CLIENT_SECRET_FILE: basename(paths.readClientSecret),
    MOSIP_READ_APP_ID: c.readClient.appId,
    ...(keyGiven ? {} : { ENCRYPTION_KEY_FILE: basename(paths.encryptionKey) }),
    CENTRE_ID: ctx.centre.id,
    MACHINE_ID: ctx.machine.id,
    OFFICER_ID: c.officer.username,
    MOSIP_SOURCE: c.source,
    PROCESS_BIRTH: c.processes.birth,
    PROCESS_DEATH: c.processes.death,
    PROCESS_UPDATE: c.processes.update,
  };
  return { config, files };
}

const serialise = (config: Record<string, unknown>) => `${JSON.stringify(config, null, 2)}\n`;

/** Differences between the files on disk and the planned ones (secret contents are never shown). */
function differences(out: string, plan: Planned): string[] {
  const found: string[] = [];
  const existing = existsSync(out) ? readFileSync(out, 'utf8') : null;
  if (existing === null) found.push(`${basename(out)} (new)`);
  else if (existing !== serialise(plan.config)) {
    const old = readJson(out);
    const keys = Object.keys(plan.config).filter(
      (k) => JSON.stringify(old[k]) !== JSON.stringify(plan.config[k]),
    );
    found.push(`${basename(out)}: ${keys.join(', ')}`);
  }
  for (const file of plan.files) {
    if (!existsSync(file.path)) found.push(`${basename(file.path)} (new, mode 600)`);
    else if (!file.createOnly && readFileSync(file.path, 'utf8').trim() !== file.content) {
      found.push(`${basename(file.path)} (secret changed)`);
    } else if ((statSync(file.path).mode & 0o077) !== 0) found.push(`${basename(file.path)} (mode → 600)`);
  }
  return found;
}

export const bridgeConfigStep: Step<OnboardContext> = {
  name: 'bridge configuration (--out)',
  check(ctx): Promise<StepState> {
    const out = ctx.out;
    if (!out) return Promise.resolve({ status: 'exists', detail: 'not requested' });
    const plan = planned(ctx, out);
    if (typeof plan === 'string') return Promise.resolve({ status: 'missing', detail: `${out}: ${plan}` });
    const found = differences(out, plan);
    if (found.length === 0) return Promise.resolve({ status: 'exists', detail: `${out} is up to date` });
    return Promise.resolve({
      status: existsSync(out) ? 'differs' : 'missing',
      detail: `will write ${found.join('; ')}`,
    });
  },
  apply(ctx): Promise<string> {
    const out = ctx.out;
    if (!out) throw new Error('bridge configuration cannot be written: no --out');
    const plan = planned(ctx, out);
    if (typeof plan === 'string') throw new Error(`bridge configuration cannot be written: ${plan}`);
    mkdirSync(dirname(out), { recursive: true });
    for (const file of plan.files) {
      if (file.createOnly && existsSync(file.path)) {
        chmodSync(file.path, 0o600);
        continue;
      }
      writeFileSync(file.path, `${file.content}\n`, { mode: 0o600 });
      chmodSync(file.path, 0o600);
      ctx.written.push(file.path);
    }
    writeFileSync(out, serialise(plan.config));
    ctx.written.push(out);
    return Promise.resolve(`${out} written; secrets in ${plan.files.length} file(s) with mode 600`);
  },
};
