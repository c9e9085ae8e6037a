/**
 * Failures of `crvs-mosip onboard` and `crvs-mosip doctor`, and their exit codes. Every failure names the
 * prerequisite that failed, the code Keycloak or MOSIP answered, and what to do about it.
 */

/** Exit codes, distinct so that scripts can tell a bad config file from a MOSIP that is not ready. */
export const EXIT = {
  ok: 0,
  /** Something unexpected (a bug, or a service answering outside its contract). */
  unexpected: 1,
  /** The configuration file is missing, unreadable or invalid. */
  config: 2,
  /** A prerequisite on the Keycloak or MOSIP side failed or needs a manual change. */
  prerequisite: 3,
  /** `doctor`: nothing failed, but some rows could not be checked (admin credentials not given). */
  incomplete: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A prerequisite that failed: what, the service's code (when it gave one), why, and the fix. */
export class PrerequisiteError extends Error {
  override readonly name = 'PrerequisiteError';
  constructor(
    /** The prerequisite, e.g. "Keycloak admin login". */
    readonly prerequisite: string,
    /** Keycloak's `error` or MOSIP's `errorCode` (or an HTTP status), null when there was none. */
    readonly code: string | null,
    /** What happened, without secrets. */
    readonly detail: string,
    /** What the operator should do. */
    readonly fix: string,
  ) {
    super(`${prerequisite} failed${code ? ` (${code})` : ''}: ${detail}`);
  }

  /** Lines for the terminal. */
  lines(): string[] {
    return [
      `✗ ${this.prerequisite} failed`,
      ...(this.code ? [`  code: ${this.code}`] : []),
      `  why:  ${this.detail}`,
      `  fix:  ${this.fix}`,
    ];
  }
}

/** An invalid configuration file, with every problem found. */
export class OnboardingConfigError extends Error {
  override readonly name = 'OnboardingConfigError';
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`Invalid configuration ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** The message of anything thrown, for wrapping into a {@link PrerequisiteError}. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
