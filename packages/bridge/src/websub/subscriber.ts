/** The logging the WebSub side needs (a Fastify/pino logger fits); always a fields object and a message. */
export interface WebSubLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** Topic of the workflow manager's completion event (mosip-contracts 9.3, `mosip.regproc.workflow.complete.topic`). */
export const WORKFLOW_COMPLETED_TOPIC = 'REGISTRATION_PROCESSOR_WORKFLOW_COMPLETED_EVENT';

/** Topic the credential service publishes a partner's credentials on (mosip-contracts 11.2). */
export const credentialIssuedTopic = (partnerId: string): string => `${partnerId}/CREDENTIAL_ISSUED`;

/** Where one topic's subscription stands, as far as this process knows. */
export type SubscriptionState = 'unsubscribed' | 'pending' | 'verified' | 'denied' | 'failed';

/** One topic's subscription, as `/readyz` and `GET /v1/websub` show it. */
export interface TopicSubscription {
  topic: string;
  state: SubscriptionState;
  /** Last subscribe request sent (ISO). */
  requestedAt: string | null;
  /** Last intent verification answered (ISO). */
  verifiedAt: string | null;
  /** When the hub's lease ends, from the verified `hub.lease_seconds` (ISO). */
  leaseExpiresAt: string | null;
  /** Last delivery on this topic (ISO). */
  lastDeliveryAt: string | null;
  /** Why the hub refused, or why the subscribe call failed. */
  detail: string | null;
}

export interface WebSubSubscriberOptions {
  hubUrl: string;
  secret: string;
  leaseSeconds: number;
  topics: string[];
  /** MOSIP token of the partner client; the hub reads it from the `Authorization` cookie only (12.2). */
  getToken: () => Promise<string>;
  fetch: typeof fetch;
  clock: () => number;
  logger: WebSubLogger;
  /** How often subscriptions are checked; also how soon a failed or unverified one is retried. (Default: 30 000) */
  checkMs?: number;
}

interface Entry {
  state: SubscriptionState;
  requestedAt: number | null;
  verifiedAt: number | null;
  leaseExpiresAt: number | null;
  lastDeliveryAt: number | null;
  detail: string | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * Keeps the bridge subscribed to MOSIP's WebSub hub (mosip-contracts 12.1): subscribes every topic at
 * start, renews each at half its lease, and re-subscribes when the hub forgets it (no verification within
 * a check interval, a `hub.mode=denied` GET, or a failed call). The prior art subscribed once and never
 * renewed, so a hub restart silently ended the flow of national IDs.
 */
export class WebSubSubscriber {
  readonly #entries = new Map<string, Entry>();
  #callbackUrl: string | null = null;
  #timer: NodeJS.Timeout | null = null;
  #round: Promise<void> | null = null;
  readonly #checkMs: number;

  constructor(private readonly options: WebSubSubscriberOptions) {
    this.#checkMs = options.checkMs ?? 30_000;
    for (const topic of options.topics) {
      this.#entries.set(topic, {
        state: 'unsubscribed',
        requestedAt: null,
        verifiedAt: null,
        leaseExpiresAt: null,
        lastDeliveryAt: null,
        detail: null,
      });
    }
  }

  /** The callback URL given to the hub (known once the server listens). */
  get callbackUrl(): string | null {
    return this.#callbackUrl;
  }

  /** Subscribes every topic now and keeps them subscribed in the background. */
  start(callbackUrl: string): Promise<void> {
    this.#callbackUrl = callbackUrl;
    this.#timer ??= setInterval(() => void this.check(), this.#checkMs);
    this.#timer.unref();
    return this.check();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#round;
  }

  /** One round: (re-)subscribes every topic that is due. Never throws. */
  check(): Promise<void> {
    this.#round ??= this.#subscribeDue().finally(() => {
      this.#round = null;
    });
    return this.#round;
  }

  /**
   * Answers an intent verification GET (12.1): the challenge to echo for a subscribe/unsubscribe of one
   * of our topics, or null (the route answers 404). `hub.mode=denied` records the refusal; the next
   * check re-subscribes.
   */
  verify(query: Record<string, string | undefined>): string | null {
    const topic = query['hub.topic'];
    const entry = topic === undefined ? undefined : this.#entries.get(topic);
    if (!entry || this.#callbackUrl === null) return null;
    const mode = query['hub.mode'];
    const now = this.options.clock();
    if (mode === 'denied') {
      const reason = query['hub.reason'] ?? 'denied';
      // The Ballerina hub refuses a second subscription of the same callback this way: still subscribed.
      if (/already registered/i.test(reason) && entry.verifiedAt !== null) {
        entry.state = 'verified';
        entry.detail = reason;
        return null;
      }
      entry.state = 'denied';
      entry.detail = reason;
      this.options.logger.warn({ topic, reason }, 'the WebSub hub denied the subscription');
      return null;
    }
    const challenge = query['hub.challenge'];
    if (mode !== 'subscribe' || !challenge) return null;
    const lease = Number(query['hub.lease_seconds'] ?? this.options.leaseSeconds);
    entry.state = 'verified';
    entry.verifiedAt = now;
    entry.leaseExpiresAt =
      now + (Number.isFinite(lease) && lease > 0 ? lease : this.options.leaseSeconds) * 1000;
    entry.detail = null;
    this.options.logger.info({ topic }, 'WebSub subscription verified');
    return challenge;
  }

  /** Records a signed delivery on a topic (evidence the hub still knows us). */
  noteDelivery(topic: string): void {
    const entry = this.#entries.get(topic);
    if (entry) entry.lastDeliveryAt = this.options.clock();
  }

  /** Whether every topic is verified and within its lease. */
  get ready(): boolean {
    const now = this.options.clock();
    return [...this.#entries.values()].every(
      (e) => e.state === 'verified' && (e.leaseExpiresAt === null || e.leaseExpiresAt > now),
    );
  }

  /** Every topic's subscription. */
  status(): TopicSubscription[] {
    return [...this.#entries].map(([topic, e]) => ({
      topic,
      state: e.state,
      requestedAt: iso(e.requestedAt),
      verifiedAt: iso(e.verifiedAt),
      leaseExpiresAt: iso(e.leaseExpiresAt),
      lastDeliveryAt: iso(e.lastDeliveryAt),
      detail: e.detail,
    }));
  }

  #due(entry: Entry, now: number): boolean {
    if (entry.requestedAt === null) return true;
    if (entry.state === 'verified') {
      // Renew at half the lease: the hub may have forgotten us (restart) without telling.
      const since = Math.max(entry.verifiedAt ?? 0, entry.requestedAt);
      return now - since >= (this.options.leaseSeconds * 1000) / 2;
    }
    // Pending too long (the verification never came), denied or failed: ask again.
    return now - entry.requestedAt >= this.#checkMs;
  }

  async #subscribeDue(): Promise<void> {
    const now = this.options.clock();
    for (const [topic, entry] of this.#entries) {
      if (!this.#due(entry, now)) continue;
      try {
        await this.#subscribe(topic, entry);
      } catch (error) {
        entry.state = entry.state === 'verified' ? 'verified' : 'failed';
        entry.detail = (error as Error).message;
        this.options.logger.warn({ topic, err: entry.detail }, 'WebSub subscribe failed; retrying later');
      }
    }
  }

  async #subscribe(topic: string, entry: Entry): Promise<void> {
    const { hubUrl, secret, leaseSeconds, getToken, clock } = this.options;
    entry.requestedAt = clock();
    const token = await getToken();
    const form = new URLSearchParams({
      'hub.mode': 'subscribe',
      'hub.topic': topic,
      'hub.callback': this.#callbackUrl ?? '',
      'hub.secret': secret,
      'hub.lease_seconds': String(leaseSeconds),
    });
    const res = await this.options.fetch(hubUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: `Authorization=${token}`,
      },
      body: form.toString(),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await res.text();
    const answer = new URLSearchParams(text);
    // MOSIP's Java subscriber client: 202, or 200 with hub.mode=accepted, is success (12.1).
    if (res.status === 202 || (res.status === 200 && answer.get('hub.mode') === 'accepted')) {
      if (entry.state !== 'verified') entry.state = 'pending';
      entry.detail = null;
      return;
    }
    throw new Error(`hub answered ${res.status}: ${(answer.get('hub.reason') ?? text).slice(0, 200)}`);
  }
}
