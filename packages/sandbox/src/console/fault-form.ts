import { ENDPOINTS, faultSettingsSchema, type FaultSettings } from '../faults/faults.ts';

/** Field names of the fault form; the page and the parser share them so they cannot drift apart. */
export const FAULT_FIELDS = {
  latencyMs: 'latencyMs',
  latencyFor: (endpoint: string) => `latency.${endpoint}`,
  errorRate: 'errorRate',
  errors200Rate: 'errors200Rate',
  errorEndpoints: 'errorEndpoints',
  outageFrom: 'outageFrom',
  outageUntil: 'outageUntil',
  tokenLifetimeSeconds: 'tokenLifetimeSeconds',
  outageMinutes: 'minutes',
} as const;

/** A rejected field, as the error page lists it. */
export interface FormIssue {
  field: string;
  message: string;
}

/** An empty field means "the default"; anything else must be a number (NaN is left for zod to report). */
function numberField(form: URLSearchParams, name: string): number | undefined {
  const text = form.get(name)?.trim() ?? '';
  return text === '' ? undefined : Number(text);
}

/**
 * The whole fault form → settings, validated by the same schema as `PUT /sandbox/admin/faults` so the
 * console can never store settings the JSON API would refuse. Unknown fields are ignored.
 */
export function faultsFromForm(
  form: URLSearchParams,
): { ok: true; settings: FaultSettings } | { ok: false; issues: FormIssue[] } {
  const latencyByEndpoint: Record<string, number> = {};
  for (const endpoint of ENDPOINTS) {
    const value = numberField(form, FAULT_FIELDS.latencyFor(endpoint));
    if (value !== undefined) latencyByEndpoint[endpoint] = value;
  }
  const from = form.get(FAULT_FIELDS.outageFrom)?.trim() ?? '';
  const until = form.get(FAULT_FIELDS.outageUntil)?.trim() ?? '';
  const candidate = {
    latencyMs: numberField(form, FAULT_FIELDS.latencyMs),
    latencyByEndpoint,
    errorRate: numberField(form, FAULT_FIELDS.errorRate),
    errors200Rate: numberField(form, FAULT_FIELDS.errors200Rate),
    errorEndpoints: form.getAll(FAULT_FIELDS.errorEndpoints),
    // Both empty = no outage; one empty is passed on so the schema says which instant is missing.
    outage: from === '' && until === '' ? null : { from, until },
    tokenLifetimeSeconds: numberField(form, FAULT_FIELDS.tokenLifetimeSeconds) ?? null,
  };
  const parsed = faultSettingsSchema.safeParse(candidate);
  if (parsed.success) return { ok: true, settings: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(form)', message: i.message })),
  };
}

export const DEFAULT_OUTAGE_MINUTES = 15;

/** "Outage on" button: an outage window from now, for the minutes asked (1 min .. 1 day). */
export function outageFrom(
  nowMs: number,
  minutesText: string | null,
): { from: string; until: string } | null {
  const minutes =
    minutesText == null || minutesText.trim() === '' ? DEFAULT_OUTAGE_MINUTES : Number(minutesText);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440) return null;
  return { from: new Date(nowMs).toISOString(), until: new Date(nowMs + minutes * 60_000).toISOString() };
}
