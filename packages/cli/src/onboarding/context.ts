import type { OnboardingConfig } from './config.ts';
import type { ClientRepresentation, KeycloakAdmin } from './keycloak.ts';
import type { Centre, Machine, MosipAdmin } from './mosip-admin.ts';
import type { IssuedToken } from './mosip-http.ts';
import type { StepState } from './runner.ts';

/** What the onboarding steps learn and share while they run (one object per run). */
export interface OnboardContext {
  config: OnboardingConfig;
  mode: 'plan' | 'apply';
  /** `--create-centre`: create the centre when no centre has the configured name. */
  createCentre: boolean;
  /** `--out`: where the bridge configuration goes (absolute), if anywhere. */
  out?: string;
  keycloak?: KeycloakAdmin;
  /** The CRVS client as Keycloak has it (with its internal `id`). */
  client?: ClientRepresentation;
  /** Set in a plan when a Keycloak step would change something, so later verifications wait for it. */
  keycloakPending: boolean;
  secrets: { crvs?: string; read?: string };
  crvsToken?: IssuedToken;
  /** The officer's password: from `officer.passwordFile`, or generated when the user is created. */
  officerPassword?: { value: string; generated: boolean };
  admin?: MosipAdmin;
  centre?: Centre;
  /** The keymanager's TPM signing public key (base64url). */
  tpmKey?: string;
  machine?: Machine;
  /** Files written by the output step, for the closing summary. */
  written: string[];
}

export function newContext(
  config: OnboardingConfig,
  options: { mode: 'plan' | 'apply'; createCentre: boolean; out?: string },
): OnboardContext {
  return {
    config,
    mode: options.mode,
    createCentre: options.createCentre,
    ...(options.out ? { out: options.out } : {}),
    keycloakPending: false,
    secrets: {},
    written: [],
  };
}

/** A state that says "will be done" and, in a plan, marks the Keycloak side as pending. */
export function pending(ctx: OnboardContext, status: 'missing' | 'differs', detail: string): StepState {
  ctx.keycloakPending = true;
  return { status, detail };
}

/** A verification that cannot run yet because an earlier step still has to make something. */
export function notYet(detail: string): StepState {
  return { status: 'missing', detail: `${detail} (after the changes above)` };
}
