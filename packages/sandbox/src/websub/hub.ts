import { createHmac } from 'node:crypto';
import type { DocumentStore } from '../state/document-store.ts';
import { DeliveryLog, errorText, eventReference } from './delivery-log.ts';
import {
  HUB_KINDS,
  RETRY,
  retryDelayMs,
  subscriptionId,
  type DeliveryOutcome,
  type FinishedDelivery,
  type HubDelivery,
  type HubSubscription,
} from './hub-model.ts';

/** `DEFAULT_HUB_LEASE_SECONDS` of mosip/websub `hub/modules/config/configurations.bal`. */
export const DEFAULT_LEASE_SECONDS = 86_400;
/** `MESSAGE_DELIVERY_TIMEOUT` (seconds) of the same file. */
const DELIVERY_TIMEOUT_MS = 60_000;
/** What the Ballerina websubhub library answers a duplicate subscription with (`onSubscriptionValidation`). */
export const ALREADY_REGISTERED = 'Subscriber has already registered with the Hub';

export interface HubOptions {
  store: DocumentStore;
  clock: () => number;
  uuid: () => string;
  /** Base retry interval (MOSIP: 3000 ms); tests make it small. */
  retryBaseMs: number;
  /** The hub's own URL, for the `Link` header. */
  hubUrl: () => string;
}

/** A subscribe or unsubscribe request that passed authorization. */
export interface SubscriptionRequest {
  mode: 'subscribe' | 'unsubscribe';
  topic: string;
  callback: string;
  secret: string;
  leaseSeconds: number;
}

/** A queued delivery as the admin API shows it: no body (encrypted credentials, personal data), no secret. */
export interface PendingDeliverySummary extends Pick<FinishedDelivery, 'eventId' | 'rid'> {
  id: string;
  topic: string;
  callback: string;
  /** Attempts made so far. */
  attempts: number;
  /** ISO instant of the next attempt. */
  dueAt: string;
}

/** How the last attempt of a delivery went: an HTTP status, or the error that kept it from getting one. */
interface LastAttempt {
  status: number | null;
  error: string | null;
}

/** `<callback>?a=b&…`: values appended as the hub does (mosip/websub uses the library's intent verification). */
function withQuery(callback: string, params: Record<string, string>): string {
  const query = Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  return `${callback}${callback.includes('?') ? '&' : '?'}${query}`;
}

/** `sha256=<lowercase hex HMAC-SHA256(secret, body)>` (websubhub library `commons.bal`). */
export function hubSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', Buffer.from(secret, 'utf8')).update(body, 'utf8').digest('hex')}`;
}

/**
 * The WebSub hub of mosip/websub (`hub/hub_service.bal` with the Ballerina websubhub library): intent
 * verification after the 202, duplicate subscriptions denied, leases, signed content delivery with retries
 * and backoff, 410 Gone → unsubscribed. Subscriptions and the outgoing queue live in the DocumentStore.
 */
export class Hub {
  private timer: NodeJS.Timeout | null = null;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly verifications = new Set<Promise<void>>();
  private readonly log: DeliveryLog;

  constructor(private readonly options: HubOptions) {
    this.log = new DeliveryLog(options.store);
  }

  /** Starts the delivery worker (deliveries persisted before a restart are picked up again). */
  start(pollMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), pollMs);
    this.timer.unref();
  }

  /** Stops the worker and waits for running verifications and deliveries. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.verifications, ...this.inFlight.values()]);
  }

  /** Active subscriptions (expired leases are dropped on the way). */
  subscriptions(topic?: string): HubSubscription[] {
    const now = this.options.clock();
    const active: HubSubscription[] = [];
    for (const { id, value } of this.options.store.listWithIds<HubSubscription>(HUB_KINDS.subscription)) {
      if (value.expiresAt <= now) this.options.store.delete(HUB_KINDS.subscription, id);
      else if (topic === undefined || value.topic === topic) active.push(value);
    }
    return active;
  }

  /** `hub.mode=register`: topics are also created on first subscription, as MOSIP's hub does. */
  registerTopic(topic: string): void {
    this.options.store.put(HUB_KINDS.topic, topic, { topic });
  }

  /** Runs the asynchronous intent verification of an accepted (202) request. */
  verifyIntent(request: SubscriptionRequest): void {
    const run = this.runVerification(request).catch(() => undefined);
    this.verifications.add(run);
    void run.finally(() => this.verifications.delete(run));
  }

  private async runVerification(request: SubscriptionRequest): Promise<void> {
    const { topic, callback } = request;
    const id = subscriptionId(topic, callback);
    if (request.mode === 'subscribe' && this.subscriptions(topic).some((s) => s.callback === callback)) {
      await fetch(
        withQuery(callback, { 'hub.mode': 'denied', 'hub.topic': topic, 'hub.reason': ALREADY_REGISTERED }),
      );
      return;
    }
    const challenge = this.options.uuid();
    const res = await fetch(
      withQuery(callback, {
        'hub.mode': request.mode,
        'hub.topic': topic,
        'hub.challenge': challenge,
        ...(request.mode === 'subscribe' ? { 'hub.lease_seconds': String(request.leaseSeconds) } : {}),
      }),
      { signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS) },
    );
    const echoed = res.ok && (await res.text()) === challenge;
    if (!echoed) return;
    if (request.mode === 'unsubscribe') {
      this.options.store.delete(HUB_KINDS.subscription, id);
      return;
    }
    const now = this.options.clock();
    this.registerTopic(topic);
    this.options.store.put<HubSubscription>(HUB_KINDS.subscription, id, {
      topic,
      callback,
      secret: request.secret,
      leaseSeconds: request.leaseSeconds,
      createdAt: now,
      expiresAt: now + request.leaseSeconds * 1000,
    });
  }

  /** Queues `payload` for every active subscriber of `topic` (persisted before anything is sent). */
  publish(topic: string, payload: unknown): number {
    const body = JSON.stringify(payload);
    const now = this.options.clock();
    const subscribers = this.subscriptions(topic);
    this.registerTopic(topic);
    for (const s of subscribers) {
      const delivery: HubDelivery = {
        id: this.options.uuid(),
        topic,
        callback: s.callback,
        secret: s.secret,
        body,
        attempts: 0,
        dueAt: now,
      };
      this.options.store.put(HUB_KINDS.delivery, delivery.id, delivery, subscriptionId(topic, s.callback));
    }
    return subscribers.length;
  }

  /** Drops every subscription and pending delivery ("the hub forgot"); returns how many subscriptions. */
  forget(): number {
    return this.options.store.transaction(() => {
      const subs = this.options.store.listWithIds(HUB_KINDS.subscription);
      for (const { id } of subs) this.options.store.delete(HUB_KINDS.subscription, id);
      for (const { id } of this.options.store.listWithIds(HUB_KINDS.delivery)) {
        this.options.store.delete(HUB_KINDS.delivery, id);
      }
      return subs.length;
    });
  }

  /** Pending deliveries and the log of finished ones, both newest first; no bodies, no secrets. */
  deliveries(): { pending: PendingDeliverySummary[]; recent: FinishedDelivery[] } {
    const pending = this.options.store
      .list<HubDelivery>(HUB_KINDS.delivery)
      .reverse()
      .map((d) => ({
        id: d.id,
        topic: d.topic,
        callback: d.callback,
        attempts: d.attempts,
        dueAt: new Date(d.dueAt).toISOString(),
        ...eventReference(d.body),
      }));
    return { pending, recent: this.log.recent() };
  }

  /** Sends every due delivery that is not already being sent. */
  tick(): void {
    const now = this.options.clock();
    for (const d of this.options.store.list<HubDelivery>(HUB_KINDS.delivery)) {
      if (d.dueAt > now || this.inFlight.has(d.id)) continue;
      const run = this.deliver(d)
        .catch((error: unknown) => this.failed(d, { status: null, error: errorText(error) }))
        .finally(() => this.inFlight.delete(d.id));
      this.inFlight.set(d.id, run);
    }
  }

  private async deliver(d: HubDelivery): Promise<void> {
    const { store } = this.options;
    const subId = subscriptionId(d.topic, d.callback);
    const active = this.subscriptions(d.topic).some((s) => s.callback === d.callback);
    if (!active) {
      store.delete(HUB_KINDS.delivery, d.id);
      return;
    }
    const res = await fetch(d.callback, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        link: `<${this.options.hubUrl()}>; rel="hub", <${d.topic}>; rel="self"`,
        ...(d.secret ? { 'x-hub-signature': hubSignature(d.secret, d.body) } : {}),
      },
      body: d.body,
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    await res.arrayBuffer().catch(() => undefined);
    const last: LastAttempt = { status: res.status, error: null };
    if (res.ok) {
      store.transaction(() => {
        store.delete(HUB_KINDS.delivery, d.id);
        this.finish(d, 'delivered', last);
      });
    } else if (res.status === 410) {
      // websubhub `SubscriptionDeletedError`: the subscriber asked to be removed. Its other queued deliveries
      // are dropped unsent, so only this one is logged.
      store.transaction(() => {
        store.delete(HUB_KINDS.subscription, subId);
        for (const { id, value } of store.listWithIds<HubDelivery>(HUB_KINDS.delivery)) {
          if (subscriptionId(value.topic, value.callback) === subId) store.delete(HUB_KINDS.delivery, id);
        }
        this.finish(d, 'gone', last);
      });
    } else {
      this.failed(d, last);
    }
  }

  /** Logs the end of `d`, whose last attempt was the one just made. */
  private finish(d: HubDelivery, outcome: DeliveryOutcome, last: LastAttempt): void {
    this.log.record({
      id: d.id,
      topic: d.topic,
      callback: d.callback,
      outcome,
      attempts: d.attempts + 1,
      lastStatus: last.status,
      lastError: last.error,
      finishedAt: new Date(this.options.clock()).toISOString(),
      ...eventReference(d.body),
    });
  }

  /** A non-2xx answer or a network error: retry with backoff, or give up after the configured count. */
  private failed(d: HubDelivery, last: LastAttempt): void {
    const attempts = d.attempts + 1;
    if (attempts > RETRY.count) {
      const { store } = this.options;
      store.transaction(() => {
        // Not logged when it was already gone (the hub forgot it while this attempt ran).
        if (store.delete(HUB_KINDS.delivery, d.id)) this.finish(d, 'gave_up', last);
      });
      return;
    }
    const dueAt = this.options.clock() + retryDelayMs(this.options.retryBaseMs, attempts);
    if (this.options.store.get(HUB_KINDS.delivery, d.id)) {
      this.options.store.put(
        HUB_KINDS.delivery,
        d.id,
        { ...d, attempts, dueAt },
        subscriptionId(d.topic, d.callback),
      );
    }
  }
}
