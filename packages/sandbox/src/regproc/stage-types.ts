import type { SandboxContext } from '../context.ts';
import type { RegistrationRecord } from '../state/models.ts';

/** How a stage ends, mapped to MOSIP's routing flags (mosip-config camel routes, section "failure routing"). */
export type StageOutcome =
  /** `commit` writes the stage's results; it runs in the same transaction that advances the registration. */
  | { kind: 'success'; comment: string; commit?: () => void }
  /** isValid=false, internalError=false → complete-as-failed (or as-rejected for demo-dedupe). */
  | { kind: 'failed'; comment: string; subStatusCode?: string }
  | { kind: 'rejected'; comment: string; subStatusCode?: string }
  /** isValid=true, internalError=true → mark-as-reprocess: the same stage runs again later. */
  | { kind: 'reprocess'; comment: string };

export interface StageDefinition {
  name: string;
  transactionType: string;
  run(ctx: SandboxContext, registration: RegistrationRecord): Promise<StageOutcome>;
}

/** Label/value pairs of metaData and operationsData. */
export type LabelValues = { label: string; value: unknown }[];

export function labelValue(list: unknown, label: string): string | null {
  if (!Array.isArray(list)) return null;
  const entry = (list as LabelValues).find((e) => e?.label === label);
  if (entry?.value == null) return null;
  return typeof entry.value === 'string' ? entry.value : JSON.stringify(entry.value);
}
