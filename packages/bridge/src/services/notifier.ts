import type { RegistrationStatus } from '../store/schema.ts';
import type { StoreRepositories } from '../store/store.ts';

/** The events a CRVS can subscribe to, by the status that raises them. */
export const EVENT_FOR_STATUS: Partial<Record<RegistrationStatus, string>> = {
  accepted: 'registration.accepted',
  processed: 'registration.processed',
  uin_issued: 'registration.uin_issued',
  completed: 'registration.completed',
  rejected: 'registration.rejected',
  failed: 'registration.failed',
};

export const WEBHOOK_EVENTS = Object.values(EVENT_FOR_STATUS);

export interface WebhookSubscription {
  name: string;
  url: string;
  secret: string;
  /** Events sent to it; null = all. */
  events: string[] | null;
}

/** The body a subscriber receives; signed as the exact bytes sent. */
export interface WebhookBody {
  event: string;
  deliveryId: string;
  occurredAt: string;
  registration: {
    id: string;
    requestId: string;
    rid: string;
    type: string;
    status: RegistrationStatus;
    uin?: string;
    mosipCode?: string;
  };
}

/** Outbox payload of a `notify` job: which subscriber, and the body to send (no personal data but the UIN). */
export interface NotifyPayload {
  subscriber: string;
  /** The body as sent, except the UIN: job parameters are stored in clear, the UIN only encrypted. */
  body: WebhookBody;
  /** Add the registration's UIN (decrypted from its row) to `body.registration` when sending. */
  withUin?: true;
}

export interface RegistrationSnapshot {
  id: string;
  requestId: string;
  rid: string;
  type: string;
  uin: string | null;
}

/**
 * Decides at event time, delivers in the job: every status change that means something to the CRVS
 * enqueues one `notify` job per subscriber, in the same transaction as the change, so an event is never
 * lost and never sent for a change that did not happen.
 */
export class Notifier {
  constructor(
    private readonly subscriptions: WebhookSubscription[],
    private readonly uuid: () => string,
    private readonly maxAttempts: number,
  ) {}

  get enabled(): boolean {
    return this.subscriptions.length > 0;
  }

  async enqueue(
    tx: StoreRepositories,
    registration: RegistrationSnapshot,
    status: RegistrationStatus,
    code: string | null,
    now: number,
  ): Promise<void> {
    const event = EVENT_FOR_STATUS[status];
    if (!event) return;
    for (const sub of this.subscriptions) {
      if (sub.events && !sub.events.includes(event)) continue;
      const deliveryId = this.uuid();
      const body: WebhookBody = {
        event,
        deliveryId,
        occurredAt: new Date(now).toISOString(),
        registration: {
          id: registration.id,
          requestId: registration.requestId,
          rid: registration.rid,
          type: registration.type,
          status,
          ...(code ? { mosipCode: code } : {}),
        },
      };
      // The national ID travels only in the event that announces it, and is added at send time.
      const withUin = status === 'uin_issued' && registration.uin !== null;
      const payload: NotifyPayload = { subscriber: sub.name, body, ...(withUin ? { withUin: true } : {}) };
      await tx.outbox.enqueue(
        {
          jobKey: `notify:${sub.name}:${deliveryId}`,
          kind: 'notify',
          registrationId: registration.id,
          payload,
          maxAttempts: this.maxAttempts,
          runAt: now,
        },
        now,
      );
    }
  }
}
