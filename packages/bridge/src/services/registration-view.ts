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
