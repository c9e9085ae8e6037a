import { createHmac } from 'node:crypto';
import type { NotifyPayload, WebhookBody, WebhookSubscription } from '../services/notifier.ts';
import { computeBackoff } from '../store/backoff.ts';
import type { OutboxJob } from '../store/outbox.repository.ts';
import type { Store } from '../store/store.ts';
import { registrationLogger, type BridgeLogger } from '../observability/logger.ts';
import { webhookOutcome, type WebhookDeliveryOutcome } from '../observability/metrics.ts';

export interface WebhookSenderDeps {
  store: Store;
  subscriptions: WebhookSubscription[];
  fetch: typeof fetch;
  clock: () => number;
  random: () => number;
  workerId: string;
  timeoutMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Lines about a webhook carry the registration's `rid` and `registrationId`, never the body. */
  logger: BridgeLogger;
  /** Counts each attempt's outcome (and `gave_up`), for metrics. */
  onDelivery?: (subscriber: string, outcome: WebhookDeliveryOutcome) => void;
}

/** `sha256=<hex HMAC-SHA256 of the exact body bytes>`: what a receiver recomputes to trust a webhook. */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

const EXCERPT = 200;

/**
 * Tells the CRVS: performs one `notify` job. Events of one registration go to a subscriber in order: a job
 * waits (without spending an attempt) while an earlier one for the same registration and subscriber is
 * still pending. Every try is recorded with its status code and a short excerpt of the answer.
 */
export class WebhookSender {
  private readonly subscriptions: Map<string, WebhookSubscription>;

  constructor(private readonly deps: WebhookSenderDeps) {
    this.subscriptions = new Map(deps.subscriptions.map((s) => [s.name, s]));
  }

  /** The body to send: the stored one, plus the UIN read (decrypted) from the registration when flagged. */
  async #withUin(job: OutboxJob, payload: NotifyPayload): Promise<WebhookBody> {
    // Jobs written before the flag existed carry the UIN in the body already.
    if (!payload.withUin || payload.body.registration.uin) return payload.body;
    const registration = await this.deps.store.registrations.findById(job.registrationId);
    const uin = registration?.uin ?? undefined;
    return { ...payload.body, registration: { ...payload.body.registration, ...(uin ? { uin } : {}) } };
  }

  async send(job: OutboxJob): Promise<void> {
    const { store, clock, workerId } = this.deps;
    const payload = job.payload as NotifyPayload;
    const log = registrationLogger(this.deps.logger, {
      rid: payload.body.registration.rid,
      id: job.registrationId,
    });
    const subscription = this.subscriptions.get(payload.subscriber);
    if (!subscription) {
      this.deps.onDelivery?.(payload.subscriber, 'gave_up');
      log.error({ subscriber: payload.subscriber }, 'webhook dropped: subscriber no longer configured');
      await store.outbox.fail(
        job.id,
        workerId,
        `subscriber ${payload.subscriber} is no longer configured`,
        clock(),
      );
      return;
    }
    const earlier = (await store.outbox.findByRegistration(job.registrationId)).find(
      (other) =>
        other.kind === 'notify' &&
        other.id < job.id &&
        (other.status === 'pending' || other.status === 'running') &&
        (other.payload as NotifyPayload).subscriber === payload.subscriber,
    );
    if (earlier) {
      await store.outbox.defer(job.id, workerId, Math.max(earlier.nextAttemptAt, clock()) + 50, clock());
      return;
    }
    const body = JSON.stringify(await this.#withUin(job, payload));
    const started = clock();
    let statusCode: number | null = null;
    let excerpt: string | null = null;
    let error: string | null = null;
    let timedOut = false;
    try {
      const res = await this.deps.fetch(subscription.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(this.deps.timeoutMs),
        headers: {
          'content-type': 'application/json',
          'x-signature': webhookSignature(subscription.secret, body),
          'x-delivery-id': payload.body.deliveryId,
          'x-delivery-attempt': String(job.attempts),
          'x-event-type': payload.body.event,
          'x-timestamp': String(Math.floor(started / 1000)),
        },
        body,
      });
      statusCode = res.status;
      excerpt = (await res.text()).slice(0, EXCERPT);
    } catch (e) {
      timedOut = (e as Error).name === 'TimeoutError';
      error = timedOut ? `no answer within ${this.deps.timeoutMs} ms` : (e as Error).message;
    }
    this.deps.onDelivery?.(subscription.name, webhookOutcome(statusCode, timedOut));
    const now = clock();
    await store.webhookAttempts.record({
      jobId: job.id,
      registrationId: job.registrationId,
      subscriber: subscription.name,
      deliveryId: payload.body.deliveryId,
      event: payload.body.event,
      attempt: job.attempts,
      at: now,
      statusCode,
      error,
      responseExcerpt: excerpt,
    });
    if (statusCode != null && statusCode >= 200 && statusCode < 300) {
      await store.outbox.complete(job.id, workerId, now);
      log.info(
        { subscriber: subscription.name, event: payload.body.event, attempt: job.attempts },
        'webhook delivered',
      );
      return;
    }
    const why = error ?? `HTTP ${statusCode}`;
    if (job.attempts >= job.maxAttempts) {
      await store.outbox.fail(job.id, workerId, why, now);
      this.deps.onDelivery?.(subscription.name, 'gave_up');
      log.error({ subscriber: subscription.name, event: payload.body.event }, 'webhook given up');
      return;
    }
    const delay = computeBackoff(job.attempts, this.deps.random, {
      baseMs: this.deps.backoffBaseMs,
      maxMs: this.deps.backoffMaxMs,
    });
    await store.outbox.reschedule(job.id, workerId, now + delay, why, now);
    log.warn(
      {
        subscriber: subscription.name,
        status: statusCode,
        retryInMs: delay,
      },
      'webhook not accepted; will retry',
    );
  }
}
