import type { KeyObject } from 'node:crypto';
import type { Notifier } from '../services/notifier.ts';
import { transition } from '../services/transition.ts';
import type { Registration } from '../store/registration.repository.ts';
import type { Store } from '../store/store.ts';
import { CredentialUnreadable, decryptCredential } from './credential-cipher.ts';
import { credentialProofProblem } from './credential-proof.ts';
import { verifyHubSignature } from './hub-signature.ts';
import { WORKFLOW_COMPLETED_TOPIC, type WebSubSubscriber } from './subscriber.ts';
import { registrationLogger, type BridgeLogger } from '../observability/logger.ts';
import type { WebSubDeliveryOutcome } from '../observability/metrics.ts';

/** lastCode of a registration whose credential could not be read. */
export const CREDENTIAL_UNREADABLE = 'CREDENTIAL_UNREADABLE';

export interface WebSubReceiverDeps {
  store: Store;
  notifier?: Notifier;
  subscriber: WebSubSubscriber;
  /** hub.secret the subscriptions were made with. */
  secret: string;
  partnerKey: KeyObject;
  /** When set, every credential's detached JWS proof must verify with it. */
  issuerKey?: KeyObject;
  clock: () => number;
  /** Used when `handle` is not given the request's logger. */
  logger: BridgeLogger;
  /** Counts each delivery's outcome, for metrics. */
  onDelivery?: (outcome: WebSubDeliveryOutcome) => void;
}

/** What one delivery came to: the reply status for the hub and the outcome for metrics. */
interface Handled {
  status: 'RECEIVED' | 'ERROR';
  outcome: WebSubDeliveryOutcome;
}

/**
 * The reply MOSIP's hub gets (mosip-contracts 11.3, the envelope opencrvs/mosip answers "as per MOSIP
 * requirement"): HTTP 200 with `status` RECEIVED, or ERROR when the delivery was understood but not usable.
 */
export interface DeliveryReply {
  publisher: string | null;
  topic: string | null;
  publishedOn: string;
  event: {
    id: string | null;
    requestId: string | null;
    timestamp: string;
    status: 'RECEIVED' | 'ERROR';
    url: '';
  };
}

export type DeliveryOutcome = { status: 401 } | { status: 200; body: DeliveryReply };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * Handles signed hub deliveries: `CREDENTIAL_ISSUED` (11.2) stores the UIN and moves the birth to
 * `uin_issued`; the workflow-completed event (9.3) records a MOSIP outcome without waiting for the
 * tracker. Every state change goes through `transition`, so the CRVS webhook is enqueued in the same
 * transaction; nothing is ever deleted, so no correlation is lost before the CRVS has been told.
 */
export class WebSubReceiver {
  constructor(private readonly deps: WebSubReceiverDeps) {}

  /**
   * Verifies the signature over the exact raw body, then acts on the delivery.
   * @param log - the request's logger (its lines carry the request id); lines about a registration add its RID
   */
  async handle(
    raw: Buffer,
    signature: string | undefined,
    log: BridgeLogger = this.deps.logger,
  ): Promise<DeliveryOutcome> {
    if (!verifyHubSignature(this.deps.secret, raw, signature)) {
      this.deps.onDelivery?.('bad_signature');
      log.warn({}, 'WebSub delivery with a bad X-Hub-Signature');
      return { status: 401 };
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      body = null;
    }
    if (!isObject(body)) {
      this.deps.onDelivery?.('unreadable');
      log.warn({}, 'signed WebSub delivery is not a JSON object');
      return { status: 200, body: this.#reply({}, 'ERROR') };
    }
    let handled: Handled;
    let reply: Json = body;
    if (typeof body.instanceId === 'string' && typeof body.resultCode === 'string') {
      this.deps.subscriber.noteDelivery(WORKFLOW_COMPLETED_TOPIC);
      handled = await this.#workflowCompleted(body.instanceId, body.resultCode, str(body.errorCode), log);
      reply = { ...body, topic: WORKFLOW_COMPLETED_TOPIC };
    } else {
      const topic = str(body.topic);
      if (topic) this.deps.subscriber.noteDelivery(topic);
      handled = await this.#credentialIssued(isObject(body.event) ? body.event : {}, log);
    }
    this.deps.onDelivery?.(handled.outcome);
    return { status: 200, body: this.#reply(reply, handled.status) };
  }

  #reply(body: Json, status: 'RECEIVED' | 'ERROR'): DeliveryReply {
    const event = isObject(body.event) ? body.event : {};
    const now = new Date(this.deps.clock()).toISOString();
    return {
      publisher: str(body.publisher),
      topic: str(body.topic),
      publishedOn: now,
      event: {
        id: str(event.id) ?? str(body.instanceId),
        requestId: str(event.transactionId),
        timestamp: now,
        status,
        url: '',
      },
    };
  }

  /** `REGISTRATION_PROCESSOR_WORKFLOW_COMPLETED_EVENT`: the same outcomes the tracker derives by polling. */
  async #workflowCompleted(
    rid: string,
    resultCode: string,
    errorCode: string | null,
    requestLog: BridgeLogger,
  ): Promise<Handled> {
    const registration = await this.#find(rid, requestLog);
    if (!registration) return { status: 'RECEIVED', outcome: 'unknown_rid' };
    const log = registrationLogger(requestLog, registration);
    let moved = false;
    if (resultCode === 'PROCESSED') {
      const to = registration.type === 'birth' ? 'processed' : 'completed';
      moved = await this.#move(
        registration,
        'processing',
        to,
        'WORKFLOW_PROCESSED',
        'MOSIP completed the workflow',
      );
    } else if (resultCode === 'REJECTED' || resultCode === 'FAILED') {
      const code = errorCode ?? `PACKET_${resultCode}`;
      moved = await this.#move(
        registration,
        'processing',
        'rejected',
        code,
        `MOSIP workflow ended ${resultCode}`,
      );
    }
    log.info({ resultCode, moved }, 'WebSub workflow-completed event received');
    return { status: 'RECEIVED', outcome: moved ? 'accepted' : 'duplicate' };
  }

  /** `<partnerId>/CREDENTIAL_ISSUED`: decrypt, read the UIN, record it (11.2, 4.3). */
  async #credentialIssued(event: Json, requestLog: BridgeLogger): Promise<Handled> {
    const data = isObject(event.data) ? event.data : {};
    const rid = str(data.registrationId);
    if (!rid) {
      requestLog.warn({}, 'CREDENTIAL_ISSUED delivery without data.registrationId');
      return { status: 'ERROR', outcome: 'missing_rid' };
    }
    const registration = await this.#find(rid, requestLog);
    if (!registration) return { status: 'RECEIVED', outcome: 'unknown_rid' };
    const log = registrationLogger(requestLog, registration);
    if (registration.status === 'uin_issued') {
      // A repeat: acknowledged, nothing changes.
      log.info({}, 'repeated credential acknowledged');
      return { status: 'RECEIVED', outcome: 'duplicate' };
    }
    if (registration.status !== 'processing' && registration.status !== 'processed') {
      log.warn({ status: registration.status }, 'credential for a registration not awaiting one');
      return { status: 'RECEIVED', outcome: 'not_awaiting' };
    }
    let uin: string;
    try {
      uin = this.#readUin(data);
    } catch (error) {
      const message = (error as Error).message;
      log.error({ err: message }, 'credential could not be read');
      await this.deps.store.registrations.setLastError(
        registration.id,
        { code: CREDENTIAL_UNREADABLE, message },
        this.deps.clock(),
      );
      return { status: 'ERROR', outcome: 'credential_unreadable' };
    }
    if (registration.status === 'processing') {
      await this.#move(
        registration,
        'processing',
        'processed',
        'CREDENTIAL_ISSUED',
        'MOSIP issued a credential',
      );
    }
    await this.#move(
      registration,
      'processed',
      'uin_issued',
      'CREDENTIAL_ISSUED',
      'UIN received in the credential',
      uin,
    );
    // The UIN itself is personal data: the line says that it arrived, not what it is.
    log.info({}, 'UIN received in a credential');
    return { status: 'RECEIVED', outcome: 'accepted' };
  }

  /** Decrypts `data.credential` and reads `credentialSubject.UIN` of the VC. */
  #readUin(data: Json): string {
    const encrypted = str(data.credential);
    if (!encrypted) throw new CredentialUnreadable('no data.credential (data share URIs are not read)');
    const text = decryptCredential(encrypted, this.deps.partnerKey);
    if (this.deps.issuerKey) {
      const proof = isObject(data.proof) ? data.proof.signature : undefined;
      const problem = credentialProofProblem(proof, text, this.deps.issuerKey);
      if (problem) throw new CredentialUnreadable(problem);
    }
    let vc: unknown;
    try {
      vc = JSON.parse(text);
    } catch {
      throw new CredentialUnreadable('the decrypted credential is not JSON');
    }
    const subject = isObject(vc) && isObject(vc.credentialSubject) ? vc.credentialSubject : {};
    const uin = subject.UIN;
    if (typeof uin !== 'string' && typeof uin !== 'number') {
      throw new CredentialUnreadable('the credential has no credentialSubject.UIN');
    }
    return String(uin);
  }

  async #find(rid: string, log: BridgeLogger): Promise<Registration | undefined> {
    const registration = await this.deps.store.registrations.findByRid(rid);
    if (!registration) log.warn({ rid }, 'WebSub delivery for an unknown RID');
    return registration;
  }

  async #move(
    registration: Registration,
    from: Registration['status'],
    to: Registration['status'],
    code: string,
    message: string,
    uin?: string,
  ): Promise<boolean> {
    return transition(
      this.deps.store,
      this.deps.notifier,
      registration.id,
      { from, to, actor: 'websub', code, message, ...(uin ? { uin } : {}) },
      this.deps.clock(),
    );
  }
}
