import { z } from 'zod';

/**
 * Fault injection, switchable at run time through `PUT /sandbox/admin/faults` or CLI flags: added
 * latency, error rates (HTTP 500, and HTTP 200 carrying `errors[]` as MOSIP does for business errors),
 * an outage window (the gateway answers 503 as Istio does when the service is down) and the token lifetime.
 */
export const ENDPOINTS = [
  'auth',
  'token',
  'createPacket',
  'workflowInstance',
  'registrationStatus',
  'registrationTransaction',
  'idschema',
] as const;
export type EndpointName = (typeof ENDPOINTS)[number];

export const faultSettingsSchema = z
  .object({
    /** Added to every MOSIP endpoint. */
    latencyMs: z.number().int().min(0).max(120_000).default(0),
    /** Added per endpoint, on top of `latencyMs`. */
    latencyByEndpoint: z.partialRecord(z.enum(ENDPOINTS), z.number().int().min(0).max(120_000)).default({}),
    /** Share of requests answered HTTP 500 (0..1). */
    errorRate: z.number().min(0).max(1).default(0),
    /** Share of requests answered HTTP 200 with a retryable MOSIP error in `errors[]` (0..1). */
    errors200Rate: z.number().min(0).max(1).default(0),
    /** Endpoints the error rates apply to; empty = all. */
    errorEndpoints: z.array(z.enum(ENDPOINTS)).default([]),
    /** Outage window (ISO instants); inside it every MOSIP endpoint answers 503. */
    outage: z.object({ from: z.iso.datetime(), until: z.iso.datetime() }).nullable().default(null),
    /** Lifetime of newly issued access tokens; null = the configured default. */
    tokenLifetimeSeconds: z.number().int().min(1).max(86_400).nullable().default(null),
  })
  .strict();
export type FaultSettings = z.infer<typeof faultSettingsSchema>;

export const NO_FAULTS: FaultSettings = faultSettingsSchema.parse({});

export type FaultDecision =
  | { kind: 'none'; delayMs: number }
  | { kind: 'outage'; delayMs: number }
  | { kind: 'http500'; delayMs: number }
  | { kind: 'errors200'; delayMs: number };

/** Decides what happens to one request, given the settings, the time and a random draw in [0, 1). */
export function decideFault(
  settings: FaultSettings,
  endpoint: EndpointName,
  nowMs: number,
  random: () => number,
): FaultDecision {
  const delayMs = settings.latencyMs + (settings.latencyByEndpoint[endpoint] ?? 0);
  if (settings.outage) {
    const from = Date.parse(settings.outage.from);
    const until = Date.parse(settings.outage.until);
    if (nowMs >= from && nowMs < until) return { kind: 'outage', delayMs };
  }
  const applies = settings.errorEndpoints.length === 0 || settings.errorEndpoints.includes(endpoint);
  if (applies && (settings.errorRate > 0 || settings.errors200Rate > 0)) {
    const draw = random();
    if (draw < settings.errorRate) return { kind: 'http500', delayMs };
    if (draw < settings.errorRate + settings.errors200Rate) return { kind: 'errors200', delayMs };
  }
  return { kind: 'none', delayMs };
}

/** The retryable MOSIP error each endpoint answers for an injected HTTP-200 failure. */
export const INJECTED_BUSINESS_ERRORS: Record<EndpointName, { errorCode: string; message: string }> = {
  auth: { errorCode: 'KER-ATH-025', message: 'Rest exception' },
  token: { errorCode: 'KER-ATH-025', message: 'Rest exception' },
  createPacket: { errorCode: 'KER-PUT-005', message: 'API not accessible' },
  workflowInstance: { errorCode: 'RPR-WIS-000', message: 'Unknown Exception' },
  registrationStatus: { errorCode: 'RPR-RGS-018', message: 'Unknown Exception' },
  registrationTransaction: { errorCode: 'RPR-RTS-002', message: 'Unknown Exception Occured' },
  idschema: { errorCode: 'KER-MSD-500', message: 'Internal server error' },
};
