import {
  createPacketResponseSchema,
  mosipTimestamp,
  registrationStatusResponseSchema,
  registrationTransactionResponseSchema,
  idSchemaResponseSchema,
  REGISTRATION_STATUS_API_ID,
  REGISTRATION_STATUS_VERSION,
  WORKFLOW_INSTANCE_API_ID,
  WORKFLOW_INSTANCE_VERSION,
  workflowInstanceResponseSchema,
} from '@crvs-mosip/contracts';
import type { IdSchemaDescriptor } from '@crvs-mosip/contracts';
import type {
  PacketDto,
  PacketInfo,
  RegistrationTransaction,
  WorkflowInstanceRequest,
} from '@crvs-mosip/contracts';
import { forbiddenError } from './access.ts';
import { AUTH_ENDPOINT, authenticate } from './auth.ts';
import {
  badResponse,
  errorForHttpStatus,
  HttpTransport,
  parseContract,
  parseJsonObject,
  pathOf,
  readMosipErrors,
} from './http.ts';
import type { ContractSchema, HttpExchange, HttpRequest } from './http.ts';
import {
  clientError,
  errorFromMosipErrors,
  MosipError,
  WORKFLOW_ALREADY_PRESENT_CODE,
} from './mosip-error.ts';
import type { MosipErrorDetail, MosipOperation } from './mosip-error.ts';
import { resolveOptions } from './options.ts';
import type { MosipClientOptions, ResolvedOptions } from './options.ts';
import { createScrubber } from './redact.ts';
import type { Scrub } from './redact.ts';
import { TokenCache, type TokenState } from './token-cache.ts';
import { PACKET_WRITER_API_ID, PACKET_WRITER_VERSION, STATUS_SEARCH_BATCH_SIZE } from './types.ts';
import type {
  CreateWorkflowInstanceInput,
  RegistrationStatusSearchResult,
  WorkflowInstanceResult,
} from './types.ts';

type ApiOperation = Exclude<MosipOperation, 'authenticate'>;

interface CallContext {
  operation: ApiOperation;
  method: HttpRequest['method'];
  url: string;
  path: string;
  /** Status of the latest response, for the outcome log line. */
  status: number | null;
  /**
   * A 2xx exchange whose outcome is not known yet: the operation may still fail on its content (errors[],
   * contract mismatch), so it is reported when the operation ends or the next request starts.
   */
  unsettled: { durationMs: number } | null;
}

/** The outcome label of a failure: the MosipError's code (anything else is a client bug). */
const outcomeOf = (error: unknown): string => (error instanceof MosipError ? error.code : 'CLIENT-INTERNAL');

/** A 2xx MOSIP envelope; `errors` may be non-empty (business errors travel as HTTP 200). */
interface Envelope {
  status: number;
  body: Record<string, unknown>;
  errors: MosipErrorDetail[];
}

type Attempt =
  { kind: 'ok'; envelope: Envelope } | { kind: 'unauthorized'; status: number; errors: MosipErrorDetail[] };

/** Codes that mean "this token is not (or no longer) accepted": re-authenticate once. */
const TOKEN_REJECTED_CODES = new Set(['KER-ATH-401', 'KER-ATH-402']);

/**
 * Typed client for the MOSIP endpoints of the CRVS integration: auth manager, packet manager,
 * workflow manager, registration status and transactions. Every method either returns parsed data
 * or throws a {@link MosipError} with a stable code and a `retryable` verdict; the client itself only
 * retries once after a rejected token (durable retries belong to the caller's outbox).
 */
export class MosipClient {
  readonly #opts: ResolvedOptions;
  readonly #scrub: Scrub;
  readonly #transport: HttpTransport;
  readonly #tokens: TokenCache;

  /** @param options - see {@link MosipClientOptions}; throws `TypeError` for unusable options */
  constructor(options: MosipClientOptions) {
    const opts = resolveOptions(options);
    this.#opts = opts;
    this.#scrub = createScrubber(() => [opts.secretKey, this.#tokens.peek()]);
    this.#transport = new HttpTransport({
      fetch: options.fetch,
      dispatcher: options.dispatcher,
      clock: opts.clock,
      logger: opts.logger,
      scrub: this.#scrub,
    });
    const authUrl = `${opts.serviceBase.auth}${AUTH_ENDPOINT}`;
    const issue = async () => {
      const started = opts.clock.now();
      try {
        const issued = await authenticate({
          transport: this.#transport,
          url: authUrl,
          clientId: opts.clientId,
          secretKey: opts.secretKey,
          appId: opts.appId,
          timeoutMs: opts.timeouts.authMs,
          clock: opts.clock,
          logger: opts.logger,
          scrub: this.#scrub,
        });
        this.#observeAuth('ok', started);
        return issued;
      } catch (error) {
        this.#observeAuth(outcomeOf(error), started);
        if (error instanceof MosipError) {
          const { code, retryable, httpStatus } = error;
          opts.logger.warn(
            { operation: 'authenticate', path: pathOf(authUrl), status: httpStatus, code, retryable },
            'MOSIP authentication failed',
          );
        }
        throw error;
      }
    };
    this.#tokens = new TokenCache(issue, opts.clock, opts.tokenRefreshSkewMs);
  }

  /**
   * A valid access token, from the cache or from `POST {auth}/authenticate/clientidsecretkey`.
   * Concurrent callers share one request; a failed request rejects them all and is not cached.
   */
  getToken(): Promise<string> {
    return this.#tokens.get();
  }

  /** Whether a token is held, when it expires and is refreshed, and the last failure (never the token). */
  tokenState(): TokenState {
    return this.#tokens.state();
  }

  /**
   * `PUT {packetManager}/createPacket` (mosip/packet-manager, `PacketWriterController.createPacket`).
   * @param packet - the packet; `fields`/`metaInfo` values are strings (stringified JSON)
   * @returns one `PacketInfo` per subpacket written (normally `evidence, optional, id`)
   * @throws MosipError - `KER-PUT-006` (no writer for source/process, permanent); `CLIENT-EMPTY-RESPONSE`
   *   (HTTP 200 with `response: null, errors: []`, how every failure after the provider lookup arrives)
   */
  createPacket(packet: PacketDto): Promise<PacketInfo[]> {
    const url = `${this.#opts.serviceBase.packetManager}/createPacket`;
    return this.#run('createPacket', 'PUT', url, async (ctx) => {
      const body = {
        id: PACKET_WRITER_API_ID,
        version: PACKET_WRITER_VERSION,
        requesttime: this.#now(),
        metadata: {},
        request: packet,
      };
      const envelope = await this.#call(ctx, body, this.#opts.timeouts.createPacketMs);
      this.#throwIfErrors(ctx, envelope);
      // PacketWriter.createPacket swallows every exception and returns null (mosip-contracts reference 5.6);
      // MOSIP's own mediator (mosip/mosip-opencrvs, Receiver.java) fails on an empty list or a null first id.
      const infos = this.#parse(ctx, envelope, createPacketResponseSchema).response;
      if (infos == null || infos.length === 0 || infos[0]?.id == null) {
        throw clientError(
          'CLIENT-EMPTY-RESPONSE',
          ctx.operation,
          `HTTP ${envelope.status} without packet infos and without errors: the packet manager failed after ` +
            'finding the writer provider (schemaJson, audits, schemaVersion, keymanager or object store); see its logs',
          { httpStatus: envelope.status },
        );
      }
      return infos;
    });
  }

  /**
   * `POST {registrationProcessor}/workflowmanager/workflowinstance` (mosip/registration,
   * `WorkflowInstanceApi`, `WorkflowInstanceService`): starts processing of a created packet.
   * @returns `created` with the instance id, or `already-present` for `RPR-WIS-001` (see {@link WorkflowInstanceResult})
   * @throws MosipError - e.g. `RPR-WIN-001` (envelope rejected, permanent), `RPR-WIS-000` (retryable)
   */
  createWorkflowInstance(input: CreateWorkflowInstanceInput): Promise<WorkflowInstanceResult> {
    const url = `${this.#opts.serviceBase.registrationProcessor}/workflowmanager/workflowinstance`;
    return this.#run('createWorkflowInstance', 'POST', url, async (ctx) => {
      const request: WorkflowInstanceRequest = {
        registrationId: this.#requireText(ctx, 'registrationId', input.registrationId),
        process: this.#requireText(ctx, 'process', input.process),
        source: this.#requireText(ctx, 'source', input.source),
      };
      if (input.additionalInfoReqId !== undefined) request.additionalInfoReqId = input.additionalInfoReqId;
      if (input.notificationInfo !== undefined) request.notificationInfo = input.notificationInfo;
      // WorkflowInstanceRequestValidator checks id, version (`v1`, not `1.0`) and requesttime strictly.
      const body = {
        id: WORKFLOW_INSTANCE_API_ID,
        version: WORKFLOW_INSTANCE_VERSION,
        requesttime: this.#now(),
        request,
      };
      const envelope = await this.#call(ctx, body, this.#opts.timeouts.workflowMs);
      if (envelope.errors[0]?.errorCode === WORKFLOW_ALREADY_PRESENT_CODE) {
        // WorkflowInstanceService.validateWorkflowInstanceAlreadyAvailable: an earlier trigger succeeded.
        const { operation, path } = ctx;
        this.#opts.logger.info(
          { operation, path, code: WORKFLOW_ALREADY_PRESENT_CODE },
          'MOSIP workflow already present',
        );
        return { status: 'already-present' } as const;
      }
      this.#throwIfErrors(ctx, envelope);
      const response = this.#parse(ctx, envelope, workflowInstanceResponseSchema).response;
      if (response == null) throw this.#empty(ctx, envelope);
      return { status: 'created', workflowInstanceId: response.workflowInstanceId } as const;
    });
  }

  /**
   * `POST {registrationProcessor}/registrationstatus/search` (mosip/registration,
   * `RegistrationStatusController.search`), in batches of {@link STATUS_SEARCH_BATCH_SIZE}.
   * Unknown RIDs come back in `errors` (`RPR-RGS-031`); only envelope-level errors (`response: null`) throw.
   * Note: `PROCESSED` also covers rejected and failed registrations (mosip-contracts reference 10.1).
   */
  searchRegistrationStatus(rids: string[]): Promise<RegistrationStatusSearchResult> {
    const url = `${this.#opts.serviceBase.registrationProcessor}/registrationstatus/search`;
    return this.#run('searchRegistrationStatus', 'POST', url, async (ctx) => {
      const result: RegistrationStatusSearchResult = { statuses: [], errors: [] };
      rids.forEach((rid, index) => this.#requireText(ctx, `rids[${index}]`, rid));
      for (let start = 0; start < rids.length; start += STATUS_SEARCH_BATCH_SIZE) {
        const batch = rids.slice(start, start + STATUS_SEARCH_BATCH_SIZE);
        const body = {
          id: REGISTRATION_STATUS_API_ID,
          version: REGISTRATION_STATUS_VERSION,
          requesttime: this.#now(),
          request: batch.map((registrationId) => ({ registrationId })),
        };
        const envelope = await this.#call(ctx, body, this.#opts.timeouts.statusMs);
        if (envelope.body['response'] == null) {
          this.#throwIfErrors(ctx, envelope);
          throw this.#empty(ctx, envelope);
        }
        const data = this.#parse(ctx, envelope, registrationStatusResponseSchema);
        result.statuses.push(...(data.response ?? []));
        result.errors.push(...(data.errors ?? []));
      }
      return result;
    });
  }

  /**
   * `GET {registrationProcessor}/registrationtransaction/search/{rid}` (mosip/registration,
   * `RegistrationTransactionController.getTransactionsbyRid`): the stage-by-stage history of a RID.
   * @throws MosipError - e.g. `RPR-RTS-001` when MOSIP has no transactions for the RID (yet)
   */
  getRegistrationTransactions(rid: string): Promise<RegistrationTransaction[]> {
    const base = `${this.#opts.serviceBase.registrationProcessor}/registrationtransaction/search/`;
    const url = `${base}${encodeURIComponent(rid)}`;
    return this.#run('getRegistrationTransactions', 'GET', url, async (ctx) => {
      this.#requireText(ctx, 'rid', rid);
      const envelope = await this.#call(ctx, undefined, this.#opts.timeouts.statusMs);
      this.#throwIfErrors(ctx, envelope);
      const response = this.#parse(ctx, envelope, registrationTransactionResponseSchema).response;
      if (response == null) throw this.#empty(ctx, envelope);
      return response;
    });
  }

  /**
   * `GET {masterdata}/idschema/latest` (mosip/admin-services kernel-masterdata-service `SchemaController`):
   * the published identity schema; `schemaJson` is the schema as a string.
   * @throws MosipError - KER-ATH-403 when the client is not in the kernel audience list (the CRVS client is not, by default)
   */
  getLatestIdSchema(): Promise<IdSchemaDescriptor> {
    const url = `${this.#opts.serviceBase.masterdata}/idschema/latest`;
    return this.#run('getLatestIdSchema', 'GET', url, async (ctx) => {
      const envelope = await this.#call(ctx, undefined, this.#opts.timeouts.statusMs);
      this.#throwIfErrors(ctx, envelope);
      const response = this.#parse(ctx, envelope, idSchemaResponseSchema).response;
      if (response == null) throw this.#empty(ctx, envelope);
      return response;
    });
  }

  /** Reports one token request (it is always exactly one HTTP request). */
  #observeAuth(outcome: string, started: number): void {
    const { observe, clock } = this.#opts;
    observe.call({ operation: 'authenticate', outcome, durationMs: clock.now() - started });
    observe.tokenRefresh({ outcome });
  }

  /** Reports the operation's pending 2xx exchange, if any, with the outcome now known. */
  #settle(ctx: CallContext, outcome: string): void {
    if (ctx.unsettled === null) return;
    this.#opts.observe.call({ operation: ctx.operation, outcome, durationMs: ctx.unsettled.durationMs });
    ctx.unsettled = null;
  }

  #now(): string {
    return mosipTimestamp(this.#opts.clock.now());
  }

  /** Runs one operation and logs its outcome (operation, method, path, status, duration, code only). */
  async #run<T>(
    operation: ApiOperation,
    method: HttpRequest['method'],
    url: string,
    work: (ctx: CallContext) => Promise<T>,
  ): Promise<T> {
    const ctx: CallContext = { operation, method, url, path: pathOf(url), status: null, unsettled: null };
    const { logger, clock } = this.#opts;
    const started = clock.now();
    try {
      const result = await work(ctx);
      this.#settle(ctx, 'ok');
      logger.info(
        { operation, method, path: ctx.path, status: ctx.status, durationMs: clock.now() - started },
        'MOSIP call succeeded',
      );
      return result;
    } catch (error) {
      this.#settle(ctx, outcomeOf(error));
      if (error instanceof MosipError) {
        const fields = {
          operation,
          method,
          path: ctx.path,
          status: error.httpStatus,
          durationMs: clock.now() - started,
          code: error.code,
          retryable: error.retryable,
        };
        if (error.retryable) logger.warn(fields, 'MOSIP call failed');
        else logger.error(fields, 'MOSIP call failed permanently');
      }
      throw error;
    }
  }

  /** Sends with the cached token; on a rejected token re-authenticates ONCE and retries once. */
  async #call(ctx: CallContext, body: unknown, timeoutMs: number): Promise<Envelope> {
    const first = await this.#tokens.get();
    const attempt = await this.#attempt(ctx, body, timeoutMs, first);
    if (attempt.kind === 'ok') return attempt.envelope;
    this.#opts.logger.warn(
      {
        operation: ctx.operation,
        method: ctx.method,
        path: ctx.path,
        status: attempt.status,
        code: attempt.errors[0]?.errorCode ?? null,
      },
      'MOSIP rejected the token; re-authenticating once',
    );
    this.#tokens.invalidate(first);
    const second = await this.#attempt(ctx, body, timeoutMs, await this.#tokens.get());
    if (second.kind === 'ok') return second.envelope;
    const reported = second.errors[0]?.errorCode;
    const code = reported !== undefined && TOKEN_REJECTED_CODES.has(reported) ? reported : 'KER-ATH-401';
    throw new MosipError({
      code,
      operation: ctx.operation,
      httpStatus: second.status,
      retryable: false,
      errors: second.errors,
      message:
        `${ctx.operation} failed with ${code} (HTTP ${second.status}): MOSIP rejected a freshly issued token too. ` +
        'The auth manager issues tokens this service does not accept: check that the token issuer (iss) host ' +
        'matches auth.server.admin.issuer.uri, that the service can fetch the realm JWKS, and that clocks agree.',
    });
  }

  /**
   * One request, observed: a transport failure or a refused answer is reported at once; a usable 2xx
   * answer stays unsettled until the operation knows whether its content is usable.
   */
  async #attempt(ctx: CallContext, body: unknown, timeoutMs: number, token: string): Promise<Attempt> {
    // A request after a 2xx one (the next status-search batch) means that one was fine.
    this.#settle(ctx, 'ok');
    const started = this.#opts.clock.now();
    let exchange: HttpExchange;
    try {
      exchange = await this.#transport.send({
        operation: ctx.operation,
        method: ctx.method,
        url: ctx.url,
        body,
        token,
        timeoutMs,
      });
    } catch (error) {
      const durationMs = this.#opts.clock.now() - started;
      this.#opts.observe.call({ operation: ctx.operation, outcome: outcomeOf(error), durationMs });
      throw error;
    }
    ctx.unsettled = { durationMs: exchange.durationMs };
    try {
      const attempt = this.#classify(ctx, exchange, token);
      if (attempt.kind === 'unauthorized') {
        this.#settle(ctx, attempt.errors[0]?.errorCode ?? 'KER-ATH-401');
      }
      return attempt;
    } catch (error) {
      this.#settle(ctx, outcomeOf(error));
      throw error;
    }
  }

  /** Classifies a response by HTTP status and MOSIP auth codes. */
  #classify(ctx: CallContext, exchange: HttpExchange, token: string): Attempt {
    const { status } = exchange;
    ctx.status = status;
    const parsed = parseJsonObject(exchange.text);
    const errors = parsed === null ? [] : readMosipErrors(parsed, this.#scrub);
    // Auth adapter (mosip/mosip-openid-bridge, kernel-auth-adapter `AuthFilter`): 401 KER-ATH-401, 403 KER-ATH-403.
    if (status === 401) return { kind: 'unauthorized', status, errors };
    if (status === 403) throw forbiddenError(ctx.operation, status, errors, token, this.#opts.clientId);
    if (status < 200 || status >= 300) throw errorForHttpStatus(ctx.operation, exchange, this.#scrub);
    if (parsed === null) {
      throw badResponse(ctx.operation, status, 'the body is not a MOSIP envelope (JSON object)');
    }
    const code = errors[0]?.errorCode;
    if (code !== undefined && TOKEN_REJECTED_CODES.has(code)) return { kind: 'unauthorized', status, errors };
    if (code === 'KER-ATH-403') {
      throw forbiddenError(ctx.operation, status, errors, token, this.#opts.clientId);
    }
    return { kind: 'ok', envelope: { status, body: parsed, errors } };
  }

  #throwIfErrors(ctx: CallContext, envelope: Envelope): void {
    if (envelope.errors.length > 0) {
      throw errorFromMosipErrors(ctx.operation, envelope.status, envelope.errors, this.#scrub);
    }
  }

  #parse<T>(ctx: CallContext, envelope: Envelope, schema: ContractSchema<T>): T {
    return parseContract(ctx.operation, envelope.status, envelope.body, schema);
  }

  #empty(ctx: CallContext, envelope: Envelope): MosipError {
    return clientError(
      'CLIENT-EMPTY-RESPONSE',
      ctx.operation,
      `HTTP ${envelope.status} with "response": null and no errors`,
      { httpStatus: envelope.status },
    );
  }

  #requireText(ctx: CallContext, name: string, value: unknown): string {
    if (typeof value !== 'string' || value.trim() === '') {
      throw clientError('CLIENT-INVALID-REQUEST', ctx.operation, `${name} must be a non-empty string`);
    }
    return value;
  }
}
