import { Command } from 'commander';
import { loadConfig, startBridge } from '@crvs-mosip/bridge';
import type { CliIo } from '../main.ts';
import { loadOnboardingConfig } from '../onboarding/config.ts';
import { diagnose } from '../onboarding/doctor.ts';
import { waitForShutdown } from '../shutdown.ts';

export function serveCommand(io: CliIo): Command {
  return new Command('serve')
    .description(
      'Run the bridge: API, dashboard, metrics, delivery worker and outcome tracker (configuration from CRVS_MOSIP_* variables)',
    )
    .option('-c, --config <file>', 'JSON file with the same keys as the variables (variables win)')
    .option(
      '--onboarding-config <file>',
      "onboarding configuration with admin credentials, so the dashboard's health page also checks officer, centre and machine",
    )
    .addHelpText(
      'after',
      '\nEvery setting is listed, with its default, in .env.example. Secrets may be given as CRVS_MOSIP_<KEY>_FILE.',
    )
    .action(async (flags: { config?: string; onboardingConfig?: string }) => {
      const config = loadConfig(undefined, flags.config);
      const onboarding = flags.onboardingConfig ? loadOnboardingConfig(flags.onboardingConfig) : undefined;
      // The dashboard's settings page runs the same checks as `crvs-mosip doctor`.
      const bridge = await startBridge(config, { healthChecks: () => diagnose(config, onboarding) });
      io.out(
        `crvs-mosip bridge listening at ${bridge.url} (dashboard ${bridge.url}/, API docs ${bridge.url}/docs)`,
      );
      await waitForShutdown(io);
      await bridge.close();
    });
}
