import { NetworkError } from '@keycloak/keycloak-admin-client';
import type { CliIo } from '../main.ts';
import { EXIT, messageOf, PrerequisiteError, type ExitCode } from './errors.ts';
import { keycloakError } from './keycloak.ts';
import { MosipCallError } from './mosip-admin.ts';

/**
 * The step engine of `crvs-mosip onboard`. Every step reads the current state (`check`) and, when
 * something is missing or differs, makes exactly that (`apply`). `--plan` only checks; `--apply` checks
 * and applies step by step, printing one line per step, so a second run finds everything in place.
 */

/**
 * - `exists`: in place (or, for a verification, verified);
 * - `missing` / `differs`: apply would create / change it;
 * - `blocked`: cannot be done by onboarding (apply stops here);
 * - `manual`: needs a change on the MOSIP side that no API can make (apply goes on, exit code 3).
 */
export type StepStatus = 'exists' | 'missing' | 'differs' | 'blocked' | 'manual';

export interface StepState {
  status: StepStatus;
  /** What was found, or what would be done. Never a secret. */
  detail: string;
  /** Keycloak's or MOSIP's code, for blocked and manual states. */
  code?: string;
  fix?: string;
}

export interface Step<C> {
  name: string;
  check(ctx: C): Promise<StepState>;
  /** Makes what is missing or different; returns what it did. Verification steps have none. */
  apply?(ctx: C, state: StepState): Promise<string>;
  /** Turns a MOSIP business error of this step into a precise failure (codes such as KER-MSD-414). */
  explain?(ctx: C, error: MosipCallError): PrerequisiteError | undefined;
}

export interface RunResult {
  exitCode: ExitCode;
  /** Steps created or changed (apply) or that would be (plan). */
  changes: number;
}

const MARK: Record<StepStatus, string> = {
  exists: '✓',
  missing: '✗',
  differs: '~',
  blocked: '✗',
  manual: '✗',
};

function failureOf<C>(step: Step<C>, ctx: C, error: unknown): PrerequisiteError {
  if (error instanceof PrerequisiteError) return error;
  if (error instanceof MosipCallError) {
    return (
      step.explain?.(ctx, error) ??
      new PrerequisiteError(
        step.name,
        error.code,
        `MOSIP answered ${error.message}`,
        'see the code in MOSIP’s error catalogue; fix the configuration value it names and run again',
      )
    );
  }
  if (error instanceof NetworkError) {
    return keycloakError(
      step.name,
      error,
      'check the Keycloak admin user’s rights on the realm and run again',
    );
  }
  return new PrerequisiteError(step.name, null, messageOf(error), 'run again; if it persists, report it');
}

function stateLines(prefix: string, step: { name: string }, state: StepState, verb: string): string[] {
  const lines = [`${prefix}${MARK[state.status]} ${step.name} — ${verb}${state.detail}`];
  if (state.code) lines.push(`      code: ${state.code}`);
  if (state.fix) lines.push(`      fix:  ${state.fix}`);
  return lines;
}

const PLAN_VERB: Record<StepStatus, string> = {
  exists: '',
  missing: 'missing: ',
  differs: 'would change: ',
  blocked: 'blocked: ',
  manual: 'needs a change on the MOSIP side: ',
};

/** `--plan`: checks every step, prints what exists, is missing or would change; changes nothing. */
export async function planSteps<C>(steps: Step<C>[], ctx: C, io: CliIo): Promise<RunResult> {
  const counts = { exists: 0, missing: 0, differs: 0, blocked: 0, manual: 0 };
  for (const step of steps) {
    let state: StepState;
    try {
      state = await step.check(ctx);
    } catch (error) {
      for (const line of failureOf(step, ctx, error).lines()) io.err(`  ${line}`);
      io.err('Plan stopped: the prerequisite above must be fixed first.');
      return { exitCode: EXIT.prerequisite, changes: counts.missing + counts.differs };
    }
    counts[state.status] += 1;
    for (const line of stateLines('  ', step, state, PLAN_VERB[state.status])) io.out(line);
  }
  const changes = counts.missing + counts.differs;
  const problems = counts.blocked + counts.manual;
  io.out(
    changes === 0 && problems === 0
      ? `Plan: nothing to change — all ${counts.exists} steps are in place.`
      : `Plan: ${counts.missing} to create, ${counts.differs} to change, ${counts.exists} in place` +
          (problems > 0 ? `, ${problems} blocked (see fix)` : '') +
          '. Nothing was changed; run with --apply to make the changes.',
  );
  return { exitCode: problems > 0 ? EXIT.prerequisite : EXIT.ok, changes };
}

/** `--apply`: per step, check then apply what is missing, one progress line each; stops at a blocked step. */
export async function applySteps<C>(steps: Step<C>[], ctx: C, io: CliIo): Promise<RunResult> {
  let changes = 0;
  let manual = 0;
  const width = String(steps.length).length;
  for (const [index, step] of steps.entries()) {
    const prefix = `[${String(index + 1).padStart(width)}/${steps.length}] `;
    try {
      const state = await step.check(ctx);
      if (state.status === 'exists') {
        io.out(`${prefix}✓ ${step.name} — ${state.detail}`);
        continue;
      }
      if (state.status === 'manual') {
        manual += 1;
        for (const line of stateLines(prefix, step, state, PLAN_VERB.manual)) io.err(line);
        continue;
      }
      if (state.status === 'blocked' || !step.apply) {
        throw new PrerequisiteError(
          step.name,
          state.code ?? null,
          state.detail,
          state.fix ?? 'fix the prerequisite above and run again',
        );
      }
      const done = await step.apply(ctx, state);
      changes += 1;
      io.out(`${prefix}${state.status === 'missing' ? '+' : '~'} ${step.name} — ${done}`);
    } catch (error) {
      for (const line of failureOf(step, ctx, error).lines()) io.err(`${prefix}${line}`);
      io.err(
        `Stopped at step ${index + 1} of ${steps.length}; ${changes} change(s) were made before it. ` +
          'Fix the prerequisite and run --apply again: steps already done are skipped.',
      );
      return { exitCode: EXIT.prerequisite, changes };
    }
  }
  if (manual > 0) {
    io.err(
      `Applied ${changes} change(s); ${manual} prerequisite(s) need a change on the MOSIP side (see fix above), then run again.`,
    );
    return { exitCode: EXIT.prerequisite, changes };
  }
  io.out(
    changes === 0
      ? 'Nothing to change: every prerequisite was already in place.'
      : `Applied ${changes} change(s); ${steps.length - changes} step(s) were already in place.`,
  );
  return { exitCode: EXIT.ok, changes };
}
