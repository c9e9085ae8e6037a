/**
 * Reviewable SQL (practice 11): runs every repository method and the migrations against a driver that
 * records the compiled SQL instead of executing it, for each dialect. The result is checked in as
 * `src/store/queries/<dialect>.sql`, so a change to a query shows up in review as a SQL diff.
 */
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type QueryResult,
} from 'kysely';
import {
  ApiKeyRepository,
  DashboardSessionRepository,
  EventRepository,
  OutboxRepository,
  PayloadCipher,
  RegistrationRepository,
  RidSequenceRepository,
  StatsRepository,
  WebhookAttemptRepository,
  bridgeMigrations,
  encodeCursor,
  type BridgeSchema,
  type DialectName,
} from '../../src/store/index.ts';
import { newRegistration } from './registration-fixtures.ts';

/** Set CRVS_MOSIP_UPDATE_SQL=1 to rewrite the checked-in SQL files instead of comparing with them. */
export const UPDATE_SQL = process.env.CRVS_MOSIP_UPDATE_SQL === '1';

/** Records queries and answers each with no rows and one affected row, so every branch runs on. */
class RecordingDriver extends DummyDriver {
  constructor(private readonly sink: (sql: string) => void) {
    super();
  }

  override acquireConnection(): Promise<DatabaseConnection> {
    const sink = this.sink;
    return Promise.resolve({
      executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
        sink(compiled.sql);
        return Promise.resolve({ rows: [], numAffectedRows: 1n });
      },
      streamQuery(): AsyncIterableIterator<never> {
        throw new Error('streaming is not recorded');
      },
    });
  }
}

function recorder(dialect: DialectName, sink: (sql: string) => void): Kysely<BridgeSchema> {
  const postgres = dialect === 'postgres';
  return new Kysely<BridgeSchema>({
    dialect: {
      createAdapter: () => (postgres ? new PostgresAdapter() : new SqliteAdapter()),
      createDriver: () => new RecordingDriver(sink),
      createIntrospector: (db) => (postgres ? new PostgresIntrospector(db) : new SqliteIntrospector(db)),
      createQueryCompiler: () => (postgres ? new PostgresQueryCompiler() : new SqliteQueryCompiler()),
    },
  });
}

type Call = (repositories: {
  registrations: RegistrationRepository;
  events: EventRepository;
  outbox: OutboxRepository;
  ridSequences: RidSequenceRepository;
  apiKeys: ApiKeyRepository;
  webhookAttempts: WebhookAttemptRepository;
  stats: StatsRepository;
  dashboardSessions: DashboardSessionRepository;
}) => Promise<unknown>;

const registration = newRegistration({ id: '00000000-0000-4000-8000-000000000001', createdAt: 0 });
const cursor = encodeCursor({ createdAt: 0, id: registration.id });

/** Every repository method, called once with arguments that reach all of its queries. */
export const CATALOGUE: Record<string, Call> = {
  'RegistrationRepository.insert': (r) => r.registrations.insert(registration),
  'RegistrationRepository.findById': (r) => r.registrations.findById('id'),
  'RegistrationRepository.findByRid': (r) => r.registrations.findByRid('rid'),
  'RegistrationRepository.findByRequestId': (r) => r.registrations.findByRequestId('request'),
  'RegistrationRepository.findByUin': (r) => r.registrations.findByUin('uin'),
  'RegistrationRepository.findByAnyId': (r) => r.registrations.findByAnyId('any'),
  'RegistrationRepository.list': (r) =>
    r.registrations.list({
      status: ['accepted', 'failed'],
      type: 'birth',
      since: 0,
      until: 1,
      cursor,
      limit: 50,
    }),
  'RegistrationRepository.updateStatus': (r) =>
    r.registrations.updateStatus(
      'id',
      { from: 'processing', to: 'processed', actor: 'tracker', code: 'c', message: 'm', uin: 'u' },
      0,
    ),
  'RegistrationRepository.encryptLegacyUins': (r) => r.registrations.encryptLegacyUins(10),
  'RegistrationRepository.incrementAttempts': (r) => r.registrations.incrementAttempts('id', 0),
  'RegistrationRepository.setLastError': (r) =>
    r.registrations.setLastError('id', { code: 'c', message: 'm' }, 0),
  'RegistrationRepository.countByStatus': (r) => r.registrations.countByStatus(),
  'RegistrationRepository.loadPayload': (r) => r.registrations.loadPayload('id'),
  'RegistrationRepository.purgePayloads': (r) => r.registrations.purgePayloads(0, 0),
  'EventRepository.append': (r) =>
    r.events.append({ registrationId: 'id', at: 0, fromStatus: null, toStatus: 'accepted', actor: 'api' }),
  'EventRepository.listForRegistration': (r) => r.events.listForRegistration('id'),
  'EventRepository.listFeed': (r) => r.events.listFeed(0, 0, 10),
  'OutboxRepository.enqueue': (r) =>
    r.outbox.enqueue(
      { jobKey: 'k', kind: 'deliver', registrationId: 'id', maxAttempts: 5, ifExists: 'reset' },
      0,
    ),
  'OutboxRepository.claim': (r) => r.outbox.claim('w', 0, 60_000, 10),
  'OutboxRepository.extendLease': (r) => r.outbox.extendLease(1, 'w', 0),
  'OutboxRepository.complete': (r) => r.outbox.complete(1, 'w', 0),
  'OutboxRepository.reschedule': (r) => r.outbox.reschedule(1, 'w', 0, 'error', 0),
  'OutboxRepository.fail': (r) => r.outbox.fail(1, 'w', 'error', 0),
  'OutboxRepository.release': (r) => r.outbox.release(1, 'w', 0),
  'OutboxRepository.defer': (r) => r.outbox.defer(1, 'w', 10, 0),
  'OutboxRepository.sweepStale': (r) => r.outbox.sweepStale(0, 60_000),
  'OutboxRepository.retry': (r) => r.outbox.retry('id', 0),
  'OutboxRepository.retryJob': (r) => r.outbox.retryJob(1, 0),
  'OutboxRepository.cancel': (r) => r.outbox.cancel(1, 0),
  'OutboxRepository.depth': (r) => r.outbox.depth(),
  'OutboxRepository.findById': (r) => r.outbox.findById(1),
  'OutboxRepository.findByKey': (r) => r.outbox.findByKey('k'),
  'OutboxRepository.findByRegistration': (r) => r.outbox.findByRegistration('id'),
  'RidSequenceRepository.next': (r) => r.ridSequences.next('10001', '20001'),
  'RidSequenceRepository.current': (r) => r.ridSequences.current('10001', '20001'),
  'RidSequenceRepository.set': (r) => r.ridSequences.set('10001', '20001', 0),
  'ApiKeyRepository.insert': (r) =>
    r.apiKeys.insert({ id: 'k', name: 'n', hash: 'h', scopes: ['read'], createdAt: 0 }),
  'ApiKeyRepository.findById': (r) => r.apiKeys.findById('k'),
  'ApiKeyRepository.touch': (r) => r.apiKeys.touch('k', 0),
  'ApiKeyRepository.revoke': (r) => r.apiKeys.revoke('k', 0),
  'ApiKeyRepository.list': (r) => r.apiKeys.list(),
  'WebhookAttemptRepository.record': (r) =>
    r.webhookAttempts.record({
      jobId: 1,
      registrationId: registration.id,
      subscriber: 'crvs',
      deliveryId: 'd',
      event: 'registration.processed',
      attempt: 1,
      at: 0,
      statusCode: 200,
      error: null,
      responseExcerpt: 'ok',
    }),
  'WebhookAttemptRepository.listForRegistration': (r) =>
    r.webhookAttempts.listForRegistration(registration.id),
  'StatsRepository.countsByTypeAndStatus': (r) => r.stats.countsByTypeAndStatus(),
  'StatsRepository.oldestByStatus': (r) => r.stats.oldestByStatus(),
  'StatsRepository.oldestPendingJobAt': (r) => r.stats.oldestPendingJobAt(),
  'StatsRepository.throughput': (r) => r.stats.throughput(0, 60_000, 60),
  'StatsRepository.failuresByCode': (r) => r.stats.failuresByCode(),
  'StatsRepository.webhookBacklog': (r) => r.stats.webhookBacklog(),
  'StatsRepository.waitingForCredential': (r) => r.stats.waitingForCredential(0),
  'DashboardSessionRepository.create': (r) =>
    r.dashboardSessions.create({ id: 'n', keyId: 'k', createdAt: 0, expiresAt: 1 }),
  'DashboardSessionRepository.isActive': (r) => r.dashboardSessions.isActive('n', 'k', 0),
  'DashboardSessionRepository.end': (r) => r.dashboardSessions.end('n', 0),
  'DashboardSessionRepository.purgeExpired': (r) => r.dashboardSessions.purgeExpired(0),
};

/** Public methods of the repository classes, as `Class.method`, to check the catalogue is complete. */
export function repositoryMethods(): string[] {
  const classes = [
    RegistrationRepository,
    EventRepository,
    OutboxRepository,
    RidSequenceRepository,
    ApiKeyRepository,
    WebhookAttemptRepository,
    StatsRepository,
    DashboardSessionRepository,
  ];
  return classes.flatMap((cls) =>
    Object.getOwnPropertyNames(cls.prototype)
      .filter((name) => name !== 'constructor' && name !== 'held')
      .map((name) => `${cls.name}.${name}`),
  );
}

/** Puts the main clauses on their own lines; identifiers are quoted, so keywords are never mistaken. */
function layout(sql: string): string {
  return sql.replace(/ (from|where|group by|order by|limit|returning|on conflict|set|values) /g, '\n  $1 ');
}

/**
 * The reviewable SQL of one dialect: the migrations, then each repository method's statements.
 * @returns the text of `src/store/queries/<dialect>.sql`
 */
export async function renderQueries(dialect: DialectName): Promise<string> {
  const sections: string[] = [
    `-- Generated by packages/bridge/test/store/queries.test.ts (CRVS_MOSIP_UPDATE_SQL=1 to rewrite). Dialect: ${dialect}.`,
  ];
  const record = async (title: string, run: (db: Kysely<BridgeSchema>) => Promise<unknown>) => {
    const statements: string[] = [];
    const db = recorder(dialect, (sql) => statements.push(`${layout(sql)};`));
    // The recorder returns no rows, so methods that expect one throw after their SQL is recorded.
    await run(db).catch(() => undefined);
    sections.push(`-- ${title}\n${statements.join('\n')}`);
  };
  for (const [name, migration] of Object.entries(bridgeMigrations(dialect))) {
    await record(`migration ${name}`, (db) => migration.up(db));
  }
  const cipher = new PayloadCipher(PayloadCipher.generateKey());
  for (const [name, call] of Object.entries(CATALOGUE)) {
    await record(name, (db) =>
      call({
        registrations: new RegistrationRepository(db, cipher),
        events: new EventRepository(db, cipher),
        outbox: new OutboxRepository(db, dialect),
        ridSequences: new RidSequenceRepository(db),
        apiKeys: new ApiKeyRepository(db),
        webhookAttempts: new WebhookAttemptRepository(db),
        stats: new StatsRepository(db),
        dashboardSessions: new DashboardSessionRepository(db),
      }),
    );
  }
  return `${sections.join('\n\n')}\n`;
}
