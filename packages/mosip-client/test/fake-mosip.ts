/**
 * Test doubles for the MOSIP client: an in-memory MOSIP behind an injected `fetch`, JWT and response
 * builders, a fake clock and a recording logger. Response shapes follow the mosip-contracts reference
 * (auth manager 2.1, packet manager 5.4/5.6, workflow manager 9.1, status 10.1, transactions 10.2).
 */
import type { PacketDto, PacketInfo } from '@crvs-mosip/contracts';
import type { MosipClientOptions, MosipLogger } from '../src/index.ts';

export const BASE_URL = 'https://mosip.example.test';
export const CLIENT_ID = 'mosip-crvs1-client';
/** Deliberately contains characters that JSON- and URL-encoding change. */
export const SECRET = 'Sup3r"Secret/Value=42';
export const APP_ID = 'regproc';
/** 2025-02-25T11:14:17.667Z */
export const START_MS = Date.UTC(2025, 1, 25, 11, 14, 17, 667);

export const PATHS = {
  auth: '/v1/authmanager/authenticate/clientidsecretkey',
  createPacket: '/commons/v1/packetmanager/createPacket',
  workflow: '/registrationprocessor/v1/workflowmanager/workflowinstance',
  status: '/registrationprocessor/v1/registrationstatus/search',
  transactions: (rid: string) => `/registrationprocessor/v1/registrationtransaction/search/${rid}`,
} as const;

export const RID = '10001100770000120250225111417';

/** A clock the test moves by hand. */
export function fakeClock(start = START_MS) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
    set(ms: number) {
      now = ms;
    },
  };
}
export type FakeClock = ReturnType<typeof fakeClock>;

/** An unsigned JWT with the given claims; `padded` appends `=` padding to the payload and signature segments. */
export function makeJwt(claims: Record<string, unknown>, padded = false): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const pad = (segment: string) =>
    padded ? segment + '='.repeat((4 - (segment.length % 4)) % 4 || 2) : segment;
  const signature = Buffer.from(`signature-${JSON.stringify(claims)}`).toString('base64url');
  return [encode({ alg: 'RS256', typ: 'JWT', kid: 'test' }), pad(encode(claims)), pad(signature)].join('.');
}

/** Claims of a Keycloak client-credentials token for the CRVS client. */
export function tokenClaims(nowMs: number, lifetimeSeconds = 300, roles = ['ONLINE_REGISTRATION_CLIENT']) {
  const iat = Math.floor(nowMs / 1000);
  return {
    iss: 'https://keycloak.example.test/auth/realms/mosip',
    exp: iat + lifetimeSeconds,
    iat,
    azp: CLIENT_ID,
    preferred_username: `service-account-${CLIENT_ID}`,
    realm_access: { roles },
  };
}

/** A JSON response. */
export function json(
  status: number,
  body: unknown,
  headers: Record<string, string | string[]> = {},
): Response {
  const h = new Headers({ 'content-type': 'application/json' });
  for (const [name, value] of Object.entries(headers)) {
    for (const v of Array.isArray(value) ? value : [value]) h.append(name, v);
  }
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: h });
}

/** The auth manager's success (AuthController.clientIdSecretKey). */
export function authOk(token: string, via: 'header' | 'cookie' | 'both' = 'both'): Response {
  const headers: Record<string, string | string[]> = {};
  if (via !== 'cookie') headers['Authorization'] = token;
  if (via !== 'header') {
    headers['Set-Cookie'] = [
      'XSRF-TOKEN=abc; Path=/',
      `Authorization=${token}; Max-Age=6000000; Path=/; HttpOnly`,
    ];
  }
  return json(
    200,
    {
      id: 'mosip.io.clientId.pwd',
      version: '1.0',
      responsetime: '2025-02-25T11:14:18.001Z',
      metadata: null,
      response: {
        status: 'Success',
        message: 'Clientid and Token combination had been validated successfully',
      },
      errors: null,
    },
    headers,
  );
}

/** A MOSIP envelope with errors (HTTP 200 unless told otherwise). */
export function mosipErrors(
  errors: Array<Record<string, unknown>>,
  status = 200,
  response: unknown = null,
): Response {
  return json(status, {
    id: null,
    version: null,
    responsetime: '2025-02-25T11:14:18.001Z',
    metadata: null,
    response,
    errors,
  });
}

/** A success envelope. */
export function mosipOk(response: unknown, errors: unknown = null): Response {
  return json(200, {
    id: 'x',
    version: 'v1',
    responsetime: '2025-02-25T11:14:18.001Z',
    metadata: null,
    response,
    errors,
  });
}

/** The auth adapter's 401/403 bodies (kernel-auth-adapter AuthFilter). */
export const unauthorized = () =>
  json(401, { errors: [{ errorCode: 'KER-ATH-401', message: 'Authentication Failed' }] });
export const forbidden = () => json(403, { errors: [{ errorCode: 'KER-ATH-403', message: 'Forbidden' }] });

/** Three PacketInfo entries in MOSIP's order (evidence, optional, id). */
export function packetInfos(id = RID): PacketInfo[] {
  return ['evidence', 'optional', 'id'].map((sub) => ({
    id,
    packetName: `${id}_${sub}`,
    source: 'CRVS1',
    process: 'CRVS_NEW',
    refId: '10001_10007',
    schemaVersion: '0.1',
    signature: 'c2lnbmF0dXJl',
    encryptedHash: 'u7BUoTU5CqCQTe1BeLReRaWMcB7-FsfoxLoj68FMUhw',
    providerName: 'PacketWriterImpl',
    providerVersion: 'v1.0',
    creationDate: '2025-02-25T11:14:18.769757Z',
  }));
}

export function samplePacket(id = RID): PacketDto {
  return {
    id,
    refId: '10001_10007',
    offlineMode: false,
    process: 'CRVS_NEW',
    source: 'CRVS1',
    schemaVersion: '0.100',
    schemaJson: '{"properties":{"identity":{"properties":{}}}}',
    fields: { fullName: '[{"language":"eng","value":"Jane Doe"}]', dateOfBirth: '2025/02/20' },
    metaInfo: { registrationId: id },
    audits: [{ eventId: 'REG-EVT-066', id }],
  };
}

export interface RecordedRequest {
  method: string;
  url: URL;
  path: string;
  headers: Headers;
  body: unknown;
  signal: AbortSignal | null;
}

export type Handler = (request: RecordedRequest) => Response | Promise<Response>;

/** A handler that never answers but honours the abort signal, like a hung server. */
export const hang: Handler = (request) =>
  new Promise<Response>((_resolve, reject) => {
    request.signal?.addEventListener('abort', () => reject(request.signal?.reason as Error));
  });

/** A handler that fails like undici does when the connection is refused. */
export const refused: Handler = () => {
  const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' });
  throw new TypeError('fetch failed', { cause });
};

/**
 * An in-memory MOSIP. Routes are `METHOD path`; `on()` queues handlers, the last one repeats.
 * The default auth handler issues a fresh token (5 min lifetime) on every call.
 */
export class FakeMosip {
  readonly requests: RecordedRequest[] = [];
  readonly issuedTokens: string[] = [];
  readonly #routes = new Map<string, Handler[]>();

  constructor(readonly clock: FakeClock = fakeClock()) {
    this.on('POST', PATHS.auth, () => authOk(this.issueToken()));
  }

  /** Issues (and remembers) a new token valid for `lifetimeSeconds` from the fake clock's now. */
  issueToken(lifetimeSeconds = 300, roles?: string[]): string {
    const claims = {
      ...tokenClaims(this.clock.now(), lifetimeSeconds, roles),
      jti: `t${this.issuedTokens.length + 1}`,
    };
    const token = makeJwt(claims);
    this.issuedTokens.push(token);
    return token;
  }

  on(method: string, path: string, ...handlers: Handler[]): this {
    this.#routes.set(`${method} ${path}`, handlers);
    return this;
  }

  calls(method: string, path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  get authCalls(): number {
    return this.calls('POST', PATHS.auth).length;
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = init?.method ?? 'GET';
    const text = typeof init?.body === 'string' ? init.body : undefined;
    const request: RecordedRequest = {
      method,
      url,
      path: url.pathname,
      headers: new Headers(init?.headers),
      body: text === undefined ? undefined : JSON.parse(text),
      signal: init?.signal ?? null,
    };
    this.requests.push(request);
    const queue = this.#routes.get(`${method} ${url.pathname}`);
    if (queue === undefined || queue.length === 0) return json(404, { error: 'not found' });
    const handler = queue.length > 1 ? queue.shift()! : queue[0]!;
    return handler(request);
  };

  /** Options for a client wired to this fake. */
  options(extra: Partial<MosipClientOptions> = {}): MosipClientOptions {
    return {
      baseUrl: BASE_URL,
      clientId: CLIENT_ID,
      secretKey: SECRET,
      appId: APP_ID,
      fetch: this.fetch,
      clock: this.clock,
      ...extra,
    };
  }
}

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: Record<string, unknown>;
  msg: string | undefined;
}

/** A logger that records every call. */
export function recordingLogger(): { logger: MosipLogger; entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at =
    (level: LogEntry['level']) =>
    (obj: Record<string, unknown>, msg?: string): void => {
      entries.push({ level, obj, msg });
    };
  return { logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, entries };
}

/** A deferred promise, to hold a handler until the test releases it. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Runs `fn` and returns what it threw (fails when it did not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}
