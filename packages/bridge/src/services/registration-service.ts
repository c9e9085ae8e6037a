import { formatRid } from '@crvs-mosip/contracts';
import type { BridgeConfig } from '../config.ts';
import { buildPacket, buildWorkflowInput } from '../encoding/build-packet.ts';
import { encodeRegistration } from '../encoding/encode-registration.ts';
import {
  canonicalRequestHash,
  parseRegistrationRequest,
  type RegistrationRequest,
} from '../encoding/registration-request.ts';
import { AppError } from '../errors.ts';
import type { EventActor } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import { UniqueViolation } from '../store/store-errors.ts';
import type { Registration, RegistrationListQuery } from '../store/registration.repository.ts';
import type { IdSchemaProvider } from './id-schema-provider.ts';
import type { Notifier } from './notifier.ts';
import { toView, waitingForCredential, type RegistrationView } from './registration-view.ts';

export interface RegistrationServiceDeps {
  store: Store;
  schemas: IdSchemaProvider;
  config: BridgeConfig;
  clock: () => number;
  uuid: () => string;
  notifier?: Notifier;
}

/**
 * Accepting a registration decides everything: it validates against the ID schema, allocates the RID and
 * writes the registration, its first event and its delivery job in ONE transaction, then answers. Nothing
 * is sent to MOSIP here. The same requestId with the same body returns the existing registration; with
 * another body it is a 409. A rejected request stores nothing.
 */
export class RegistrationService {
  constructor(private readonly deps: RegistrationServiceDeps) {}

  processFor(type: RegistrationRequest['type']): string {
    const c = this.deps.config;
    return type === 'birth' ? c.PROCESS_BIRTH : type === 'death' ? c.PROCESS_DEATH : c.PROCESS_UPDATE;
  }

  async accept(body: unknown): Promise<{ created: boolean; registration: RegistrationView }> {
    const parsed = parseRegistrationRequest(body);
    if (!parsed.ok) throw new AppError('VALIDATION_FAILED', undefined, parsed.errors);
    const request = parsed.request;
    const requestHash = canonicalRequestHash(request);
    const existing = await this.deps.store.registrations.findByRequestId(request.requestId);
    if (existing) return this.replay(existing, requestHash);

    const { config, clock, uuid } = this.deps;
    const schema = await this.deps.schemas.get();
    const process = this.processFor(request.type);
    const now = clock();
    const encoded = encodeRegistration(request, {
      schema: schema.parsed,
      languages: config.LANGUAGES,
      defaultLanguage: config.DEFAULT_LANGUAGE,
      process,
      nowMs: now,
      schemaVersion: schema.version,
    });
    if (!encoded.ok) throw new AppError('VALIDATION_FAILED', undefined, encoded.errors);

    const id = uuid();
    try {
      const registration = await this.deps.store.transaction(async (tx) => {
        const sequence = await tx.ridSequences.next(config.CENTRE_ID, config.MACHINE_ID);
        const rid = formatRid(config.CENTRE_ID, config.MACHINE_ID, sequence, now);
        const packet = buildPacket(encoded, {
          rid,
          process,
          source: config.MOSIP_SOURCE,
          refId: `${config.CENTRE_ID}_${config.MACHINE_ID}`,
          centreId: config.CENTRE_ID,
          machineId: config.MACHINE_ID,
          officerId: request.officerId ?? config.OFFICER_ID,
          schemaJson: schema.json,
          schemaVersion: schema.version,
          nowMs: now,
          uuid,
          hostName: 'crvs-mosip-bridge',
        });
        const workflow = buildWorkflowInput({
          rid,
          process,
          source: config.MOSIP_SOURCE,
          notification: request.notification,
        });
        const inserted = await tx.registrations.insert({
          id,
          requestId: request.requestId,
          requestHash,
          type: request.type,
          process,
          source: config.MOSIP_SOURCE,
          rid,
          centreId: config.CENTRE_ID,
          machineId: config.MACHINE_ID,
          payload: { packet, workflow },
          createdAt: now,
          actor: 'api',
        });
        await this.deps.notifier?.enqueue(tx, inserted, 'accepted', null, now);
        await tx.outbox.enqueue(
          {
            jobKey: `deliver:${id}`,
            kind: 'deliver',
            registrationId: id,
            maxAttempts: config.MAX_ATTEMPTS,
            runAt: now,
          },
          now,
        );
        return inserted;
      });
      return { created: true, registration: toView(registration) };
    } catch (error) {
      // Two requests with the same requestId raced: the loser answers like a repeat.
      if (error instanceof UniqueViolation && error.constraint === 'registrations_request_id_uq') {
        const winner = await this.deps.store.registrations.findByRequestId(request.requestId);
        if (winner) return this.replay(winner, requestHash);
      }
      throw error;
    }
  }

  private replay(existing: Registration, requestHash: string) {
    if (existing.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_CONFLICT');
    return { created: false, registration: toView(existing) };
  }

  async get(ref: string): Promise<RegistrationView> {
    const registration = await this.deps.store.registrations.findByAnyId(ref);
    if (!registration) throw new AppError('NOT_FOUND');
    const events = await this.deps.store.events.listForRegistration(registration.id);
    const deliveries = await this.deps.store.webhookAttempts.listForRegistration(registration.id);
    const waiting = waitingForCredential(
      registration,
      events,
      this.deps.clock(),
      this.deps.config.CREDENTIAL_WAIT_MS,
    );
    return {
      ...toView(registration, events, deliveries),
      ...(waiting ? { waitingForCredential: waiting } : {}),
    };
  }

  async list(
    filter: RegistrationListQuery,
  ): Promise<{ items: RegistrationView[]; nextCursor: string | null }> {
    const page = await this.deps.store.registrations.list(filter);
    return { items: page.items.map((r) => toView(r)), nextCursor: page.nextCursor };
  }

  /** Re-queues a failed registration (scope `operate`); the same RID is used again. */
  async retry(ref: string, actor: string): Promise<RegistrationView> {
    const registration = await this.deps.store.registrations.findByAnyId(ref);
    if (!registration) throw new AppError('NOT_FOUND');
    if (registration.status !== 'failed') {
      throw new AppError(
        'NOT_RETRYABLE',
        `Only a failed registration can be retried; this one is ${registration.status}.`,
      );
    }
    const now = this.deps.clock();
    await this.deps.store.transaction(async (tx) => {
      // Resume where it stopped: before the packet if none was written, else at the workflow call.
      const resumeAt = (await tx.events.listForRegistration(registration.id)).some(
        (e) => e.toStatus === 'packet_created',
      )
        ? 'packet_created'
        : 'accepted';
      await tx.registrations.updateStatus(
        registration.id,
        { from: 'failed', to: resumeAt, actor: actor as EventActor, message: 'retried by an operator' },
        now,
      );
      await tx.outbox.retry(registration.id, now);
    });
    return this.get(registration.id);
  }
}
