import { resolve } from 'node:path';
import { ConfigError, loadConfig, type BridgeConfig } from '@crvs-mosip/bridge';
import type { CliIo } from '../main.ts';
import { loadOnboardingConfig, type OnboardingConfig } from './config.ts';
import { diagnose, type DoctorRow } from './doctor.ts';
import { EXIT, OnboardingConfigError, type ExitCode } from './errors.ts';

/**
 * `crvs-mosip doctor`: loads the bridge configuration exactly as `crvs-mosip serve --config` does (the file
 * only: the CLI reads no environment variables), runs the checks and prints a table or JSON.
 *
 * Exit codes: 0 every row passed; 3 a row failed; 4 nothing failed but some rows were not checked (the
 * officer, centre and machine rows need `--onboarding-config` for admin access); 2 a configuration file is
 * invalid.
 */
export interface DoctorOptions {
  config: string;
  onboardingConfig?: string;
  json: boolean;
}

const MARK = { pass: '✓', fail: '✗', skip: '–' } as const;

export function exitCodeOf(rows: readonly DoctorRow[]): ExitCode {
  if (rows.some((r) => r.status === 'fail')) return EXIT.prerequisite;
  if (rows.some((r) => r.status === 'skip')) return EXIT.incomplete;
  return EXIT.ok;
}

/** The table for a terminal: one line per check, the code and the remedy under each ✗. */
export function renderTable(rows: readonly DoctorRow[]): string[] {
  const width = Math.max(...rows.map((r) => r.check.length));
  const lines: string[] = [];
  for (const r of rows) {
    lines.push(`  ${MARK[r.status]} ${r.check.padEnd(width)}  ${r.detail}`);
    if (r.status === 'fail') {
      if (r.code) lines.push(`      code: ${r.code}`);
      if (r.fix) lines.push(`      fix:  ${r.fix}`);
    }
  }
  const count = (s: DoctorRow['status']) => rows.filter((r) => r.status === s).length;
  lines.push(`${count('pass')} passed, ${count('fail')} failed, ${count('skip')} not checked.`);
  return lines;
}

function loadBridgeConfig(path: string, io: CliIo): BridgeConfig | null {
  try {
    return loadConfig({}, resolve(path));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.err(`crvs-mosip doctor: ${path}: ${error.message}`);
    io.err('  (doctor reads the file only; secrets may be given as <KEY>_FILE relative to it)');
    return null;
  }
}

export async function runDoctor(options: DoctorOptions, io: CliIo): Promise<ExitCode> {
  const config = loadBridgeConfig(options.config, io);
  if (!config) return EXIT.config;
  let onboarding: OnboardingConfig | undefined;
  if (options.onboardingConfig) {
    try {
      onboarding = loadOnboardingConfig(options.onboardingConfig);
    } catch (error) {
      if (!(error instanceof OnboardingConfigError)) throw error;
      io.err(error.message);
      return EXIT.config;
    }
  }
  const rows = await diagnose(config, onboarding);
  const exitCode = exitCodeOf(rows);
  if (options.json) {
    io.out(
      JSON.stringify(
        {
          ok: exitCode === EXIT.ok,
          exitCode,
          mosip: config.MOSIP_BASE_URL,
          clientId: config.MOSIP_CLIENT_ID,
          checks: rows,
        },
        null,
        2,
      ),
    );
    return exitCode;
  }
  io.out(`crvs-mosip doctor: MOSIP ${config.MOSIP_BASE_URL}, client ${config.MOSIP_CLIENT_ID}`);
  for (const line of renderTable(rows)) io.out(line);
  if (exitCode === EXIT.incomplete) {
    io.out('Nothing failed, but not every row was checked: give --onboarding-config for the admin checks.');
  }
  return exitCode;
}
