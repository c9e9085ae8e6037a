import { ApiKeyRepository } from './api-key.repository.ts';
import { DashboardSessionRepository } from './dashboard-session.repository.ts';
import type { BridgeDatabase, DialectName } from './database.ts';
import { EventRepository } from './event.repository.ts';
import { OutboxRepository } from './outbox.repository.ts';
import type { PayloadCipher } from './payload-cipher.ts';
import { RegistrationRepository } from './registration.repository.ts';
import { RidSequenceRepository } from './rid-sequence.repository.ts';
import { StatsRepository } from './stats.repository.ts';
import type { Executor } from './schema.ts';
import { WebhookAttemptRepository } from './webhook-attempt.repository.ts';

/** The repositories, all bound to one executor (the database, or one transaction). */
export interface StoreRepositories {
  readonly registrations: RegistrationRepository;
  readonly events: EventRepository;
  readonly outbox: OutboxRepository;
  readonly ridSequences: RidSequenceRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly webhookAttempts: WebhookAttemptRepository;
  /** Aggregates for the dashboard and metrics. */
  readonly stats: StatsRepository;
  readonly dashboardSessions: DashboardSessionRepository;
  /** The executor they are bound to, for passing on explicitly. */
  readonly executor: Executor;
}

/** Options of `Store`. */
export interface StoreOptions {
  /** Encrypts registration payloads and UINs at rest. */
  cipher: PayloadCipher;
}

function bind(executor: Executor, dialect: DialectName, cipher: PayloadCipher): StoreRepositories {
  return {
    registrations: new RegistrationRepository(executor, cipher),
    events: new EventRepository(executor, cipher),
    outbox: new OutboxRepository(executor, dialect),
    ridSequences: new RidSequenceRepository(executor),
    apiKeys: new ApiKeyRepository(executor),
    webhookAttempts: new WebhookAttemptRepository(executor),
    stats: new StatsRepository(executor),
    dashboardSessions: new DashboardSessionRepository(executor),
    executor,
  };
}

/**
 * The storage facade services receive: every repository on the open database, and `transaction` for a
 * unit of work across them (for example: allocate the RID, insert the registration, enqueue its job).
 * The caller that opened the database closes it.
 */
export class Store implements StoreRepositories {
  readonly registrations: RegistrationRepository;
  readonly events: EventRepository;
  readonly outbox: OutboxRepository;
  readonly ridSequences: RidSequenceRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly webhookAttempts: WebhookAttemptRepository;
  readonly stats: StatsRepository;
  readonly dashboardSessions: DashboardSessionRepository;
  readonly executor: Executor;
  readonly #cipher: PayloadCipher;

  /**
   * @param database - an open, migrated database
   * @param options - the payload cipher
   */
  constructor(
    readonly database: BridgeDatabase,
    options: StoreOptions,
  ) {
    this.#cipher = options.cipher;
    const repositories = bind(database.db, database.dialect, options.cipher);
    this.registrations = repositories.registrations;
    this.events = repositories.events;
    this.outbox = repositories.outbox;
    this.ridSequences = repositories.ridSequences;
    this.apiKeys = repositories.apiKeys;
    this.webhookAttempts = repositories.webhookAttempts;
    this.stats = repositories.stats;
    this.dashboardSessions = repositories.dashboardSessions;
    this.executor = repositories.executor;
  }

  /** The dialect of the underlying database. */
  get dialect(): DialectName {
    return this.database.dialect;
  }

  /**
   * Runs `fn` in one transaction: commits when it resolves, rolls back when it throws (and rethrows).
   * Use only the repositories passed to `fn` inside it: on SQLite the single connection belongs to the
   * transaction until it ends, so a call on the store's own repositories would wait for ever.
   * @param fn - the unit of work
   * @returns what `fn` returns
   */
  transaction<T>(fn: (tx: StoreRepositories) => Promise<T>): Promise<T> {
    return this.database.db
      .transaction()
      .execute((trx) => fn(bind(trx, this.database.dialect, this.#cipher)));
  }
}
