import { isMosipError, type MosipClient } from '@crvs-mosip/mosip-client';
import { computeBackoff } from '../store/backoff.ts';
import type { OutboxJob } from '../store/outbox.repository.ts';
import type { RegistrationStatus } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import type { Notifier } from '../services/notifier.ts';
import { transition } from '../services/transition.ts';
import type { WebhookSender } from './webhook-sender.ts';
import { registrationLogger, withRegistrationContext, type BridgeLogger } from '../observability/logger.ts';

export interface DeliveryWorkerSettings {
  concurrency: number;
  pollMs: number;
  leaseMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export interface DeliveryWorkerDeps {
  store: Store;
  mosip: MosipClient;
  clock: () => number;
  random: () => number;
  workerId: string;
  settings: DeliveryWorkerSettings;
  /** Lines about a registration go through a child carrying its `rid` and `registrationId`. */
  logger: BridgeLogger;
  /** Performs `notify` jobs (webhooks to the CRVS); without it such jobs fail visibly. */
  webhooks?: WebhookSender;
  /** Raises events for status changes (the same transaction as the change). */
  notifier?: Notifier;
}

/** MOSIP failures that mean "MOSIP is not there", as opposed to "this request is wrong". */
const UNREACHABLE = new Set(['CLIENT-NETWORK', 'CLIENT-TIMEOUT', 'CLIENT-HTTP-5XX']);

/**
 * Delivers accepted registrations to MOSIP: claims due `deliver` jobs with a lease, then performs two
 * idempotent steps with the state stored between them — `createPacket` (same RID every time, so a retry
 * overwrites the same packet) → `packet_created`, then the workflow instance (`RPR-WIS-001` means an earlier
 * attempt already started it) → `processing`. Retryable failures back off with jitter; permanent ones fail
 * the registration with MOSIP's code. While MOSIP is unreachable the whole worker pauses instead of hammering it.
 */
export class DeliveryWorker {
  private timer: NodeJS.Timeout | null = null;
  private readonly inFlight = new Map<number, Promise<void>>();
  private stopping = false;
  private pausedUntil = 0;
  private pauseStreak = 0;
  private polling: Promise<void> | null = null;

  constructor(private readonly deps: DeliveryWorkerDeps) {}

  /** Whether deliveries are paused because MOSIP was unreachable, and until when (for the dashboard). */
  pauseState(now: number): { paused: boolean; until: number | null; streak: number } {
    const paused = now < this.pausedUntil;
    return { paused, until: paused ? this.pausedUntil : null, streak: this.pauseStreak };
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.polling ??= this.poll()
        .then(() => undefined)
        .catch((error: unknown) =>
          this.deps.logger.error({ err: (error as Error).message }, 'delivery poll failed'),
        )
        .finally(() => {
          this.polling = null;
        });
    }, this.deps.settings.pollMs);
    this.timer.unref();
  }

  /** Delivery slots in use (MOSIP deliveries and webhooks in flight), for the busy-slots gauge. */
  get busySlots(): number {
    return this.inFlight.size;
  }

  /** Stops claiming, waits up to `graceMs` for deliveries in flight, then releases what is left. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.polling;
    const all = Promise.allSettled([...this.inFlight.values()]);
    await Promise.race([all, new Promise((r) => setTimeout(r, graceMs).unref())]);
    for (const jobId of this.inFlight.keys()) {
      await this.deps.store.outbox.release(jobId, this.deps.workerId, this.deps.clock());
    }
  }

  /** One round: recover stale leases, claim what fits, start those deliveries. Resolves when they finish. */
  async poll(): Promise<number> {
    const now = this.deps.clock();
    await this.deps.store.outbox.sweepStale(now, this.deps.settings.leaseMs);
    if (this.stopping || now < this.pausedUntil) return 0;
    const free = this.deps.settings.concurrency - this.inFlight.size;
    if (free <= 0) return 0;
    const jobs = await this.deps.store.outbox.claim(
      this.deps.workerId,
      now,
      this.deps.settings.leaseMs,
      free,
    );
    const runs = jobs.map((job) => {
      const run = this.run(job).finally(() => this.inFlight.delete(job.id));
      this.inFlight.set(job.id, run);
      return run;
    });
    await Promise.all(runs);
    return jobs.length;
  }

  private async run(job: OutboxJob): Promise<void> {
    if (job.kind === 'deliver') return this.deliver(job);
    if (job.kind === 'notify' && this.deps.webhooks) return this.deps.webhooks.send(job);
    await this.deps.store.outbox.fail(
      job.id,
      this.deps.workerId,
      `no handler for ${job.kind} jobs`,
      this.deps.clock(),
    );
  }

  private async deliver(job: OutboxJob): Promise<void> {
    const { store, mosip, clock, workerId } = this.deps;
    const registration = await store.registrations.findById(job.registrationId);
    if (!registration || !['accepted', 'packet_created'].includes(registration.status)) {
      await store.outbox.complete(job.id, workerId, clock());
      return;
    }
    const log = registrationLogger(this.deps.logger, registration);
    let payload;
    try {
      payload = await store.registrations.loadPayload(registration.id);
    } catch (error) {
      // A payload that no configured key decrypts will never deliver: fail it visibly instead of looping.
      await this.giveUp(
        job,
        registration.id,
        registration.status,
        'BRIDGE-PAYLOAD-UNREADABLE',
        (error as Error).name,
        log,
      );
      return;
    }
    if (!payload) {
      await this.giveUp(
        job,
        registration.id,
        registration.status,
        'BRIDGE-PAYLOAD-PURGED',
        'the payload was purged',
        log,
      );
      return;
    }
    let status = registration.status;
    try {
      await store.registrations.incrementAttempts(registration.id, clock());
      if (status === 'accepted') {
        const packet = payload.packet;
        const infos = await withRegistrationContext(registration, () => mosip.createPacket(packet));
        await store.registrations.updateStatus(
          registration.id,
          {
            from: 'accepted',
            to: 'packet_created',
            actor: 'worker',
            message: `packet written: ${infos.map((i) => i.packetName).join(', ')}`,
          },
          clock(),
        );
        status = 'packet_created';
        log.info({ attempt: job.attempts }, 'packet created in MOSIP');
      }
      const w = payload.workflow;
      const result = await withRegistrationContext(registration, () =>
        mosip.createWorkflowInstance({
          registrationId: w.registrationId ?? registration.rid,
          process: w.process ?? registration.process,
          source: w.source ?? registration.source,
          ...(w.notificationInfo ? { notificationInfo: w.notificationInfo } : {}),
        }),
      );
      await store.registrations.updateStatus(
        registration.id,
        {
          from: 'packet_created',
          to: 'processing',
          actor: 'worker',
          code: result.status === 'already-present' ? 'RPR-WIS-001' : null,
          message:
            result.status === 'created'
              ? `workflow instance ${result.workflowInstanceId}`
              : 'workflow already started by an earlier attempt',
        },
        clock(),
      );
      await store.outbox.complete(job.id, workerId, clock());
      this.pauseStreak = 0;
      log.info({ workflow: result.status }, 'delivered to MOSIP; processing');
    } catch (error) {
      await this.handleFailure(job, registration.id, status, error, log);
    }
  }

  private async handleFailure(
    job: OutboxJob,
    registrationId: string,
    status: RegistrationStatus,
    error: unknown,
    log: BridgeLogger,
  ): Promise<void> {
    const { store, clock, random, workerId, settings } = this.deps;
    const now = clock();
    const code = isMosipError(error) ? error.code : 'BRIDGE-INTERNAL';
    const message = error instanceof Error ? error.message : String(error);
    const retryable = isMosipError(error) ? error.retryable : true;
    await store.registrations.setLastError(registrationId, { code, message }, now);
    if (retryable && job.attempts < job.maxAttempts) {
      const delay = computeBackoff(job.attempts, random, {
        baseMs: settings.backoffBaseMs,
        maxMs: settings.backoffMaxMs,
      });
      await store.outbox.reschedule(job.id, workerId, now + delay, `${code}: ${message}`, now);
      if (isMosipError(error) && UNREACHABLE.has(error.code)) {
        this.pauseStreak += 1;
        this.pausedUntil =
          now +
          computeBackoff(this.pauseStreak, random, {
            baseMs: settings.backoffBaseMs,
            maxMs: settings.backoffMaxMs,
          });
      }
      log.warn({ code, attempt: job.attempts, retryInMs: delay }, 'delivery failed; will retry');
      return;
    }
    await this.giveUp(
      job,
      registrationId,
      status,
      code,
      retryable ? `gave up after ${job.attempts} attempts: ${message}` : message,
      log,
    );
  }

  private async giveUp(
    job: OutboxJob,
    registrationId: string,
    status: RegistrationStatus,
    code: string,
    message: string,
    log: BridgeLogger,
  ) {
    const { store, clock, workerId } = this.deps;
    const now = clock();
    await store.outbox.fail(job.id, workerId, `${code}: ${message}`, now);
    await transition(
      store,
      this.deps.notifier,
      registrationId,
      { from: status, to: 'failed', actor: 'worker', code, message },
      now,
    );
    log.error({ code }, 'delivery failed permanently');
  }
}
