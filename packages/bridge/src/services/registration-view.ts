import type { RegistrationEvent } from '../store/event.repository.ts';
import type { Registration } from '../store/registration.repository.ts';
import type { WebhookAttempt } from '../store/webhook-attempt.repository.ts';

/** What the API shows of a registration: never the personal data, only its processing state. */
export interface RegistrationView {
  id: string;
  requestId: string;
  type: string;
  process: string;
  rid: string;
  status: string;
  uin: string | null;
  attempts: number;
  lastCode: string | null;
  lastMessage: string | null;
  createdAt: string;
  updatedAt: string;
  links: { self: string; retry: string };
  timeline?: {
    at: string;
    fromStatus: string | null;
    toStatus: string;
    actor: string;
    code: string | null;
    message: string | null;
  }[];
  /**
   * A birth `processed` (UIN generated) for longer than CREDENTIAL_WAIT_MS without its credential: since
   * when (epoch ms and ISO) and for how long (ms). The tracker keeps checking MOSIP meanwhile.
   */
  waitingForCredential?: { since: string; sinceMs: number; elapsedMs: number };
  /** Webhook attempts to the CRVS, one row per try. */
  deliveries?: {
    at: string;
    event: string;
    deliveryId: string;
    subscriber: string;
    attempt: number;
    statusCode: number | null;
    error: string | null;
  }[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The fallback of issue 5, section 4: a birth whose credential has not arrived `waitMs` after it became
 * `processed` (the last `→ processed` event) is shown as waiting, with the elapsed time; otherwise undefined.
 */
export function waitingForCredential(
  r: Registration,
  events: RegistrationEvent[],
  now: number,
  waitMs: number,
): RegistrationView['waitingForCredential'] {
  if (r.type !== 'birth' || r.status !== 'processed') return undefined;
  const since = events.filter((e) => e.toStatus === 'processed').at(-1)?.at ?? r.updatedAt;
  const elapsedMs = now - since;
  return elapsedMs > waitMs ? { since: iso(since), sinceMs: since, elapsedMs } : undefined;
}

export function toView(
  r: Registration,
  events?: RegistrationEvent[],
  deliveries?: WebhookAttempt[],
): RegistrationView {
  return {
    id: r.id,
    requestId: r.requestId,
    type: r.type,
    process: r.process,
    rid: r.rid,
    status: r.status,
    uin: r.uin,
    attempts: r.attempts,
    lastCode: r.lastCode,
    lastMessage: r.lastMessage,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
    links: { self: `/v1/registrations/${r.id}`, retry: `/v1/registrations/${r.id}/retry` },
    ...(events
      ? {
          timeline: events.map((e) => ({
            at: iso(e.at),
            fromStatus: e.fromStatus,
            toStatus: e.toStatus,
            actor: e.actor,
            code: e.code,
            message: e.message,
          })),
        }
      : {}),
    ...(deliveries
      ? {
          deliveries: deliveries.map((d) => ({
            at: iso(d.at),
            event: d.event,
            deliveryId: d.deliveryId,
            subscriber: d.subscriber,
            attempt: d.attempt,
            statusCode: d.statusCode,
            error: d.error,
          })),
        }
      : {}),
  };
}
