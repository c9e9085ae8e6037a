import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '@crvs-mosip/sandbox';
import { main, type CliIo } from '../src/main.ts';

/** The example onboarding configuration shipped in the repository. */
export const EXAMPLE = new URL('../../../examples/onboarding.sandbox.json', import.meta.url).pathname;

/** A bare sandbox (only what MOSIP installs) on a free port, with a fast pipeline. */
export function startBareSandbox(dir: string): Promise<Sandbox> {
  return startSandbox({
    seed: 'bare',
    dataDir: join(dir, 'sandbox'),
    port: 0,
    stageDelayMs: 10,
    pipelineIntervalMs: 20,
  });
}

/** Runs the CLI in-process; everything it prints is collected. */
export async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const io: CliIo = { out: (l) => lines.push(l), err: (l) => lines.push(l) };
  const code = await main(args, io);
  return { code, out: lines.join('\n') };
}

type Json = Record<string, unknown>;

function merge(base: Json, patch: Json): Json {
  const result: Json = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = result[key];
    result[key] =
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      typeof current === 'object' &&
      current !== null
        ? merge(current as Json, value as Json)
        : value;
  }
  return result;
}

/** A copy of the example pointing at `sandbox`, with `patch` merged in; returns its path. */
export function onboardingConfig(dir: string, sandbox: Sandbox, name: string, patch: Json = {}): string {
  const example = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Json;
  const urls = { keycloak: { url: `${sandbox.url}/auth` }, mosip: { url: sandbox.url } };
  const config = merge(merge(example, urls), patch);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}

/** A birth the sandbox's ID schema and CRVS_NEW mandatory attributes accept. */
export function birth(tag: string) {
  const day = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10);
  return {
    requestId: `onboarding-birth-${tag}-${Date.now()}`,
    type: 'birth',
    fields: {
      fullName: { eng: `Onboarded Child ${tag}` },
      dateOfBirth: day,
      gender: 'Female',
      addressLine1: '1 Main Road',
      addressLine2: 'Ben Mansour',
      addressLine3: 'Kenitra North',
      region: 'Rabat Sale Kenitra',
      province: 'Kenitra',
      city: 'Kenitra',
      zone: 'Ben Mansour',
      postalCode: '14022',
    },
    notification: { name: 'Parent', email: 'parent@example.org' },
  };
}
