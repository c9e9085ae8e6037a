import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliIo } from '../main.ts';
import { loadOnboardingConfig, type UrlOverrides } from './config.ts';
import { newContext, type OnboardContext } from './context.ts';
import { EXIT, OnboardingConfigError, type ExitCode } from './errors.ts';
import { bridgeConfigStep, secretPaths } from './output.ts';
import { applySteps, planSteps, type Step } from './runner.ts';
import { keycloakSteps } from './steps-keycloak.ts';
import { mosipSteps } from './steps-mosip.ts';

/** Options of `crvs-mosip onboard` (see commands/onboard.ts). */
export interface OnboardOptions extends UrlOverrides {
  config: string;
  apply: boolean;
  createCentre: boolean;
  out?: string;
  showSecret: boolean;
}

/** Every step, in the integration guide's order; the bridge configuration last when `--out` is given. */
export function onboardingSteps(withOutput: boolean): Step<OnboardContext>[] {
  return [...keycloakSteps, ...mosipSteps, ...(withOutput ? [bridgeConfigStep] : [])];
}

function closing(ctx: OnboardContext, options: OnboardOptions, io: CliIo): void {
  const c = ctx.config;
  if (ctx.centre && ctx.machine) {
    io.out(
      `Ids: centre ${ctx.centre.id}, machine ${ctx.machine.id}, officer ${c.officer.username}, client ${c.crvsClientId}.`,
    );
  }
  if (ctx.out && existsSync(ctx.out) && options.apply) {
    const paths = secretPaths(ctx.out);
    io.out(`Bridge configuration: ${ctx.out} (client secret in ${paths.clientSecret}, mode 600).`);
    io.out(`  start it with: crvs-mosip serve --config ${ctx.out}`);
    io.out(`  check it with: crvs-mosip doctor --config ${ctx.out} --onboarding-config ${c.file}`);
  } else if (options.apply) {
    io.out(
      'No --out given: the bridge configuration was not written (run again with --out bridge.config.json).',
    );
  }
  if (ctx.officerPassword?.generated) {
    if (options.showSecret) io.out(`Officer ${c.officer.username} password: ${ctx.officerPassword.value}`);
    else if (ctx.out) {
      io.out(`Officer password generated into ${secretPaths(ctx.out).officerPassword} (mode 600).`);
    } else {
      io.out(
        'Officer password generated and not kept (--show-secret prints it; officer.passwordFile sets it).',
      );
    }
  }
  if (options.showSecret && ctx.secrets.crvs) io.out(`${c.crvsClientId} secret: ${ctx.secrets.crvs}`);
}

/**
 * `crvs-mosip onboard`: loads the configuration, then plans or applies the steps.
 * @returns the exit code (0 done, 2 configuration invalid, 3 a prerequisite failed or needs a manual change)
 */
export async function runOnboard(options: OnboardOptions, io: CliIo): Promise<ExitCode> {
  let ctx: OnboardContext;
  try {
    const config = loadOnboardingConfig(options.config, options);
    ctx = newContext(config, {
      mode: options.apply ? 'apply' : 'plan',
      createCentre: options.createCentre,
      ...(options.out ? { out: resolve(options.out) } : {}),
    });
  } catch (error) {
    if (!(error instanceof OnboardingConfigError)) throw error;
    io.err(error.message);
    return EXIT.config;
  }
  const c = ctx.config;
  io.out(
    `crvs-mosip onboard ${options.apply ? '--apply' : '--plan'}: MOSIP ${c.mosip.url}, Keycloak ${c.keycloak.url} (realm ${c.keycloak.realm})` +
      (options.apply ? '' : ' — nothing will be changed'),
  );
  const steps = onboardingSteps(ctx.out !== undefined);
  const result = options.apply ? await applySteps(steps, ctx, io) : await planSteps(steps, ctx, io);
  closing(ctx, options, io);
  return result.exitCode;
}
