import type { Dispatcher } from 'undici';
import type { MosipOperation } from './mosip-error.ts';

/** Source of the current time in epoch milliseconds. Injected so token expiry is testable. */
export interface Clock {
  now(): number;
}

/**
 * A pino-compatible logger. The client passes structured fields (operation, method, path, status,
 * durationMs, code) and a short message; it never passes bodies, headers, tokens or the secret.
 */
export interface MosipLogger {
  debug(obj: Record<string, unknown>, msg?: string): void;
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
}

/**
 * One HTTP request of the client, as {@link MosipClientOptions.onCall} sees it (for metrics). It never
 * carries bodies, headers, tokens or the secret: only what a latency histogram needs.
 */
export interface MosipCallObservation {
  /** The client operation the request belongs to (`authenticate`, `createPacket`, …). */
  operation: MosipOperation;
  /** `ok`, or the code of the {@link MosipError} the request ended with (a MOSIP code or `CLIENT-*`). */
  outcome: string;
  /** From sending the request to reading the whole answer, by the client's clock. */
  durationMs: number;
}

/** One token request, as {@link MosipClientOptions.onTokenRefresh} sees it. */
export interface MosipTokenRefreshObservation {
  /** `ok`, or the code of the {@link MosipError} the authentication failed with. */
  outcome: string;
}

/** Per-request timeouts in milliseconds. Each HTTP request (including a retry after re-authentication) gets its own budget. */
export interface MosipTimeouts {
  /** `authenticate/clientidsecretkey`. (Default: 10 000) */
  authMs: number;
  /** `createPacket`: builds, signs, encrypts and stores three subpackets. (Default: 60 000) */
  createPacketMs: number;
  /** `workflowinstance`. (Default: 20 000) */
  workflowMs: number;
  /** Registration status search and transaction search. (Default: 20 000) */
  statusMs: number;
}

/** Context paths of the MOSIP services the client calls (mosip-contracts reference, section 1.3). */
export interface MosipServicePaths {
  /** Auth manager (mosip/mosip-openid-bridge, kernel-auth-service). (Default: `/v1/authmanager`) */
  auth: string;
  /** Packet manager (mosip/packet-manager, `server.servlet.path`). (Default: `/commons/v1/packetmanager`) */
  packetManager: string;
  /** Registration processor: workflow manager, status and transaction services. (Default: `/registrationprocessor/v1`) */
  registrationProcessor: string;
  /** Masterdata (mosip/admin-services, kernel-masterdata-service). (Default: `/v1/masterdata`) */
  masterdata: string;
}

/** Per-service origins (or origin plus prefix); the service path of {@link MosipServicePaths} is appended. */
export type MosipServiceUrls = Partial<Record<keyof MosipServicePaths, string>>;

/** Options of {@link MosipClient}. */
export interface MosipClientOptions {
  /** Base URL of the MOSIP gateway, e.g. `https://api-internal.sandbox.mosip.net`. */
  baseUrl: string;
  /** Keycloak client id, e.g. `mosip-crvs1-client`. */
  clientId: string;
  /** Keycloak client secret. Never logged and scrubbed from every error message. */
  secretKey: string;
  /** Auth-manager app id selecting the realm (`mosip.kernel.auth.appid-realm-map`), e.g. `regproc`. */
  appId: string;
  /**
   * Fetch implementation. (Default: undici's `fetch`.) When `dispatcher` is given too, it is passed in
   * the request init, which undici's `fetch` honours.
   */
  fetch?: typeof fetch;
  /** An undici dispatcher (Agent, MockAgent…) used with undici's `fetch`. */
  dispatcher?: Dispatcher;
  /** (Default: the system clock.) */
  clock?: Clock;
  /** (Default: silent.) */
  logger?: MosipLogger;
  /** Overrides of {@link DEFAULT_TIMEOUTS}. */
  timeouts?: Partial<MosipTimeouts>;
  /**
   * Refresh the token this long before it expires. Capped at half the token's lifetime so a short-lived
   * token is still reused. (Default: 60 000)
   */
  tokenRefreshSkewMs?: number;
  /** Overrides of {@link DEFAULT_SERVICE_PATHS}. */
  paths?: Partial<MosipServicePaths>;
  /** Per-service base URLs replacing `baseUrl` for that service (deployments often split them). */
  serviceUrls?: MosipServiceUrls;
  /**
   * Called once per HTTP request (a re-authentication retry and each status-search batch are requests
   * of their own), after its outcome is known. An observer that throws is ignored. (Default: none)
   */
  onCall?: (call: MosipCallObservation) => void;
  /** Called once per token request (first token, refresh before expiry, or after a rejection). (Default: none) */
  onTokenRefresh?: (result: MosipTokenRefreshObservation) => void;
}

/** Default per-request timeouts (see {@link MosipTimeouts}). */
export const DEFAULT_TIMEOUTS: Readonly<MosipTimeouts> = {
  authMs: 10_000,
  createPacketMs: 60_000,
  workflowMs: 20_000,
  statusMs: 20_000,
};

/** Default context paths (see {@link MosipServicePaths}). */
export const DEFAULT_SERVICE_PATHS: Readonly<MosipServicePaths> = {
  auth: '/v1/authmanager',
  packetManager: '/commons/v1/packetmanager',
  registrationProcessor: '/registrationprocessor/v1',
  masterdata: '/v1/masterdata',
};

/** Default of {@link MosipClientOptions.tokenRefreshSkewMs}. */
export const DEFAULT_TOKEN_REFRESH_SKEW_MS = 60_000;

/** The system clock; the only place the client reads the wall clock. */
export const systemClock: Clock = { now: () => Date.now() };

const noop = (): void => undefined;

/** A logger that drops everything. */
export const silentLogger: MosipLogger = { debug: noop, info: noop, warn: noop, error: noop };

/** Options after defaults and validation. @internal */
export interface ResolvedOptions {
  clientId: string;
  secretKey: string;
  appId: string;
  clock: Clock;
  logger: MosipLogger;
  timeouts: MosipTimeouts;
  tokenRefreshSkewMs: number;
  /** The observers, wrapped so that one throwing cannot break a call. */
  observe: {
    call(call: MosipCallObservation): void;
    tokenRefresh(result: MosipTokenRefreshObservation): void;
  };
  /** Base URL of each service, without a trailing slash. */
  serviceBase: MosipServicePaths;
}

/** Wraps an optional observer: metrics must never change what a call returns or throws. */
function safeObserver<T>(observer: ((value: T) => void) | undefined): (value: T) => void {
  if (observer === undefined) return noop;
  return (value) => {
    try {
      observer(value);
    } catch {
      // deliberately ignored (see above)
    }
  };
}

function requireText(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(`MosipClient: option "${name}" must be a non-empty string`);
  }
  return value;
}

function requireHttpUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`MosipClient: option "${name}" is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`MosipClient: option "${name}" must be an http(s) URL`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new TypeError(`MosipClient: option "${name}" must not contain credentials`);
  }
  return value.replace(/\/+$/, '');
}

function requirePositive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new TypeError(`MosipClient: option "${name}" must be a positive number`);
  }
  return value;
}

function joinPath(base: string, path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return base;
  return `${base}${trimmed.startsWith('/') ? '' : '/'}${trimmed}`;
}

/**
 * Applies defaults and validates the options. Messages name the option, never its value.
 * @internal
 */
export function resolveOptions(options: MosipClientOptions): ResolvedOptions {
  const timeouts: MosipTimeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  for (const name of Object.keys(DEFAULT_TIMEOUTS) as (keyof MosipTimeouts)[]) {
    requirePositive(`timeouts.${name}`, timeouts[name]);
  }
  const skew = options.tokenRefreshSkewMs ?? DEFAULT_TOKEN_REFRESH_SKEW_MS;
  if (!Number.isFinite(skew) || skew < 0) {
    throw new TypeError('MosipClient: option "tokenRefreshSkewMs" must be a number >= 0');
  }
  const paths: MosipServicePaths = { ...DEFAULT_SERVICE_PATHS, ...options.paths };
  const baseUrl = requireHttpUrl('baseUrl', requireText('baseUrl', options.baseUrl));
  const service = (key: keyof MosipServicePaths): string => {
    const override = options.serviceUrls?.[key];
    const base =
      override === undefined ? baseUrl : requireHttpUrl(`serviceUrls.${key}`, requireText(key, override));
    return joinPath(base, paths[key]);
  };
  return {
    clientId: requireText('clientId', options.clientId),
    secretKey: requireText('secretKey', options.secretKey),
    appId: requireText('appId', options.appId),
    clock: options.clock ?? systemClock,
    logger: options.logger ?? silentLogger,
    timeouts,
    tokenRefreshSkewMs: skew,
    observe: { call: safeObserver(options.onCall), tokenRefresh: safeObserver(options.onTokenRefresh) },
    serviceBase: {
      auth: service('auth'),
      packetManager: service('packetManager'),
      registrationProcessor: service('registrationProcessor'),
      masterdata: service('masterdata'),
    },
  };
}
