import { messageOf, PrerequisiteError } from './errors.ts';
import type { ProbeResult } from './probes.ts';

/** One row of `crvs-mosip doctor`: ✓ pass, ✗ fail (with the code and the remedy), – not checked. */
export type RowStatus = 'pass' | 'fail' | 'skip';

export interface DoctorRow {
  check: string;
  status: RowStatus;
  detail: string;
  code?: string;
  fix?: string;
}

export const pass = (check: string, detail: string): DoctorRow => ({ check, status: 'pass', detail });
export const skip = (check: string, detail: string): DoctorRow => ({ check, status: 'skip', detail });
export const fail = (check: string, detail: string, fix: string, code?: string): DoctorRow => ({
  check,
  status: 'fail',
  detail,
  fix,
  ...(code ? { code } : {}),
});

export const fromProbe = (check: string, result: ProbeResult): DoctorRow =>
  result.ok ? pass(check, result.detail) : fail(check, result.detail, result.fix, result.code);

export const NEEDS_ADMIN = 'not checked (needs admin credentials: --onboarding-config <file>)';

/** Runs one check; an unexpected exception becomes a failed row instead of ending the report. */
export async function row(check: string, work: () => Promise<DoctorRow>): Promise<DoctorRow> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof PrerequisiteError) {
      return fail(check, error.detail, error.fix, error.code ?? undefined);
    }
    return fail(check, messageOf(error), 'check that MOSIP is reachable at the configured URL and run again');
  }
}
