import { AppError } from '../errors.ts';
import type { RegistrationService } from '../services/registration-service.ts';
import type { Registration } from '../store/registration.repository.ts';
import type { EventActor } from '../store/schema.ts';
import type { Store, StoreRepositories } from '../store/store.ts';
import type { OutboxJob } from '../store/outbox.repository.ts';

/**
 * What an operator (scope `operate`) can do from the dashboard. Each action leaves an entry in the
 * registration's timeline naming the operator's key, so "who looked at this child's data" and "who re-sent
 * this event" have answers. Entries that do not change the status are notes (from = to); the event feed and
 * webhooks skip them.
 */
export class OperatorActions {
  constructor(private readonly deps: { store: Store; service: RegistrationService; clock: () => number }) {}

  async #registration(ref: string): Promise<Registration> {
    const registration = await this.deps.store.registrations.findByAnyId(ref);
    if (!registration) throw new AppError('NOT_FOUND');
    return registration;
  }

  async #note(registration: Registration, actor: EventActor, code: string, message: string): Promise<void> {
    await this.deps.store.events.append({
      registrationId: registration.id,
      at: this.deps.clock(),
      fromStatus: registration.status,
      toStatus: registration.status,
      actor,
      code,
      message,
    });
  }

  /** A webhook job of this registration (deliveries are `notify` jobs). */
  async #delivery(registration: Registration, jobId: number): Promise<OutboxJob> {
    const job = await this.deps.store.outbox.findById(jobId);
    if (!job || job.registrationId !== registration.id || job.kind !== 'notify') {
      throw new AppError('DELIVERY_NOT_FOUND');
    }
    return job;
  }

  /** The packet request in clear, recorded as `PACKET_REVEALED` in the timeline first. */
  async reveal(ref: string, actor: EventActor) {
    const registration = await this.#registration(ref);
    const payload = await this.deps.store.registrations.loadPayload(registration.id);
    if (!payload) throw new AppError('PAYLOAD_PURGED');
    await this.#note(
      registration,
      actor,
      'PACKET_REVEALED',
      'packet request shown unmasked on the dashboard',
    );
    return payload.packet;
  }

  /** Re-queues a failed registration (see RegistrationService.retry). */
  async retryRegistration(ref: string, actor: EventActor): Promise<void> {
    await this.deps.service.retry(ref, actor);
  }

  /** Sends a failed or cancelled webhook delivery again, with a fresh set of attempts. */
  retryDelivery(ref: string, jobId: number, actor: EventActor): Promise<void> {
    return this.#changeDelivery(ref, jobId, actor, {
      apply: async (tx, id, now) => (await tx.outbox.retryJob(id, now)) !== undefined,
      code: 'WEBHOOK_RETRIED',
      done: 'queued again',
      refused: 'DELIVERY_NOT_RETRYABLE',
    });
  }

  /** Stops a webhook delivery that should not be sent (pending, running or failed). */
  cancelDelivery(ref: string, jobId: number, actor: EventActor): Promise<void> {
    return this.#changeDelivery(ref, jobId, actor, {
      apply: (tx, id, now) => tx.outbox.cancel(id, now),
      code: 'WEBHOOK_CANCELLED',
      done: 'cancelled',
      refused: 'DELIVERY_NOT_CANCELLABLE',
    });
  }

  /** Changes one webhook job and notes it in the timeline, in one transaction; refused → nothing written. */
  async #changeDelivery(
    ref: string,
    jobId: number,
    actor: EventActor,
    change: {
      apply: (tx: StoreRepositories, jobId: number, now: number) => Promise<boolean>;
      code: string;
      done: string;
      refused: 'DELIVERY_NOT_RETRYABLE' | 'DELIVERY_NOT_CANCELLABLE';
    },
  ): Promise<void> {
    const registration = await this.#registration(ref);
    const job = await this.#delivery(registration, jobId);
    const now = this.deps.clock();
    const changed = await this.deps.store.transaction(async (tx) => {
      if (!(await change.apply(tx, job.id, now))) return false;
      await tx.events.append({
        registrationId: registration.id,
        at: now,
        fromStatus: registration.status,
        toStatus: registration.status,
        actor,
        code: change.code,
        message: `webhook ${describeJob(job)} ${change.done} by an operator`,
      });
      return true;
    });
    if (!changed) throw new AppError(change.refused);
  }
}

/** "registration.processed to crvs" from a notify job's parameters. */
export function describeJob(job: OutboxJob): string {
  const p = (job.payload ?? {}) as { subscriber?: unknown; body?: { event?: unknown } };
  const event = typeof p.body?.event === 'string' ? p.body.event : job.jobKey;
  return typeof p.subscriber === 'string' ? `${event} to ${p.subscriber}` : event;
}
