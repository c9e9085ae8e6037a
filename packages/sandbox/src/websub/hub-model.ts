/**
 * Persisted state of the sandbox's WebSub hub (mosip/websub `hub/hub_service.bal`; the real hub keeps it
 * in Kafka topics, the sandbox in its DocumentStore so a restart keeps subscriptions and pending deliveries).
 */

/** Document kinds of the hub. */
export const HUB_KINDS = {
  subscription: 'hub-subscription',
  delivery: 'hub-delivery',
  topic: 'hub-topic',
  /** The log of finished deliveries (see `delivery-log.ts`). */
  finished: 'hub-finished',
} as const;

/** A verified subscription (stored only after the intent verification succeeded). */
export interface HubSubscription {
  topic: string;
  callback: string;
  /** `hub.secret`; empty when none was given (then no `X-Hub-Signature` is sent). */
  secret: string;
  leaseSeconds: number;
  /** Epoch milliseconds. */
  createdAt: number;
  expiresAt: number;
}

/** One outgoing content delivery, kept until it succeeded, was refused with 410 or ran out of attempts. */
export interface HubDelivery {
  id: string;
  topic: string;
  callback: string;
  secret: string;
  /** The exact JSON body that is sent and signed. */
  body: string;
  /** Attempts made so far. */
  attempts: number;
  /** Epoch milliseconds of the next attempt. */
  dueAt: number;
}

/** How a delivery ended: a 2xx, a 410 Gone (the subscriber unsubscribed), or no 2xx after the last retry. */
export type DeliveryOutcome = 'delivered' | 'gone' | 'gave_up';

/**
 * One finished delivery in the hub's log. The body is never kept (credential events carry encrypted
 * credentials and personal data): only the event id and RID read from it, so a demo can match a row to a
 * registration.
 */
export interface FinishedDelivery {
  id: string;
  topic: string;
  callback: string;
  outcome: DeliveryOutcome;
  /** Attempts made, the last one included. */
  attempts: number;
  /** HTTP status of the last attempt; null when it got no answer (network error, timeout). */
  lastStatus: number | null;
  /** Why the last attempt got no answer, shortened; null when it got one. */
  lastError: string | null;
  /** ISO instant, from the hub's clock. */
  finishedAt: string;
  /** `event.id` of a MOSIP `EventModel` (credential events); null for other bodies. */
  eventId: string | null;
  /** `event.data.registrationId` of a credential event or `instanceId` of a workflow-completed event. */
  rid: string | null;
}

/** Store id of a subscription: topic and callback identify it, as in the Ballerina hub. */
export const subscriptionId = (topic: string, callback: string): string => JSON.stringify([topic, callback]);

/**
 * Delivery retry settings of mosip/websub `hub/modules/config/configurations.bal` (mosip-config
 * `websub-service.toml`): interval 3 s, count 3, backoff factor 2.0, max interval 20 s.
 */
export const RETRY = { count: 3, backoffFactor: 2, maxIntervalMs: 20_000 } as const;

/** Delay before retry number `retry` (1-based): base × 2^(retry-1), capped at 20 s (scaled with the base). */
export function retryDelayMs(baseMs: number, retry: number): number {
  const cap = (RETRY.maxIntervalMs * baseMs) / 3000;
  return Math.min(baseMs * RETRY.backoffFactor ** (retry - 1), cap);
}
