import { fetch as undiciFetch } from 'undici';
import type { Dispatcher } from 'undici';
import { MOSIP_ERRORS } from '@crvs-mosip/contracts';
import { AUTH_COOKIE_NAME } from './jwt.ts';
import { clientError, errorFromMosipErrors } from './mosip-error.ts';
import type { MosipErrorDetail, MosipOperation, MosipError } from './mosip-error.ts';
import type { Clock, MosipLogger } from './options.ts';
import { safeCause } from './redact.ts';
import type { Scrub } from './redact.ts';

/** One HTTP request of the client. */
export interface HttpRequest {
  operation: MosipOperation;
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  /** JSON-serialised when present. */
  body?: unknown;
  /** Sent as the `Authorization` cookie. */
  token?: string;
  timeoutMs: number;
}

/** A response read to the end. */
export interface HttpExchange {
  status: number;
  headers: Headers;
  text: string;
  durationMs: number;
}

/** Transport dependencies. */
export interface HttpTransportOptions {
  fetch?: typeof fetch;
  dispatcher?: Dispatcher;
  clock: Clock;
  logger: MosipLogger;
  scrub: Scrub;
}

/** Path of a URL, for logs (no origin, no query). */
export function pathOf(url: string): string {
  return new URL(url).pathname;
}

/** The first `code` (`ECONNREFUSED`, `UND_ERR_SOCKET`, …) on an error's `cause` chain. */
function systemErrorCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * Sends requests with a per-request timeout covering the whole exchange (headers and body), and
 * turns transport failures into `CLIENT-TIMEOUT` / `CLIENT-NETWORK` errors. Redirects are not
 * followed: they would carry the token cookie elsewhere, and a MOSIP API never redirects.
 */
export class HttpTransport {
  readonly #fetch: typeof fetch;
  readonly #dispatcher: Dispatcher | undefined;
  readonly #clock: Clock;
  readonly #logger: MosipLogger;
  readonly #scrub: Scrub;

  constructor(options: HttpTransportOptions) {
    // undici's Response is structurally the global one; the cast only bridges the two type packages.
    this.#fetch = options.fetch ?? (undiciFetch as unknown as typeof fetch);
    this.#dispatcher = options.dispatcher;
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#scrub = options.scrub;
  }

  /** Sends one request and reads the body. Throws {@link MosipError} when no complete response arrives. */
  async send(request: HttpRequest): Promise<HttpExchange> {
    const { operation, method, url, timeoutMs } = request;
    const path = pathOf(url);
    let payload: string | undefined;
    try {
      payload = request.body === undefined ? undefined : JSON.stringify(request.body);
    } catch (error) {
      throw clientError('CLIENT-INVALID-REQUEST', operation, 'the request body is not JSON-serialisable', {
        cause: safeCause(error, this.#scrub),
      });
    }
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      Accept: 'application/json',
    };
    // The Vert.x services read the token as `cookie.replace("Authorization=","").split(";")[0]`
    // (mosip/mosip-openid-bridge, kernel-auth-adapter `VertxTokenValidationHelper`), so it must come first.
    if (request.token !== undefined) headers['Cookie'] = `${AUTH_COOKIE_NAME}=${request.token}`;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException(`${operation} timed out after ${timeoutMs} ms`, 'TimeoutError'));
    }, timeoutMs);
    const init: RequestInit = { method, headers, signal: controller.signal, redirect: 'manual' };
    if (payload !== undefined) init.body = payload;
    // `dispatcher` is undici's extension of RequestInit; Node's bundled undici-types declare an older Dispatcher.
    const fetchInit =
      this.#dispatcher === undefined
        ? init
        : ({ ...init, dispatcher: this.#dispatcher } as unknown as RequestInit);
    const started = this.#clock.now();
    const fetchImpl = this.#fetch;
    try {
      const response = await fetchImpl(url, fetchInit);
      const text = await response.text();
      const durationMs = this.#clock.now() - started;
      this.#logger.debug({ operation, method, path, status: response.status, durationMs }, 'MOSIP response');
      return { status: response.status, headers: response.headers, text, durationMs };
    } catch (error) {
      const durationMs = this.#clock.now() - started;
      const cause = safeCause(error, this.#scrub);
      const failure = timedOut
        ? clientError('CLIENT-TIMEOUT', operation, `no complete answer from ${path} within ${timeoutMs} ms`, {
            cause,
          })
        : clientError(
            'CLIENT-NETWORK',
            operation,
            `${path} could not be reached (${systemErrorCode(error) ?? this.#scrub(String(error))})`,
            { cause },
          );
      this.#logger.warn(
        { operation, method, path, durationMs, code: failure.code, retryable: failure.retryable },
        'MOSIP request failed',
      );
      throw failure;
    } finally {
      clearTimeout(timer);
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The body as a JSON object, or null when it is not one (empty, HTML, a JSON array…). */
export function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}

function optionalText(value: unknown, scrub: Scrub): string | null {
  return typeof value === 'string' ? scrub(value) : null;
}

/**
 * The `errors` of a MOSIP envelope, normalised to {@link MosipErrorDetail} and scrubbed. Accepts
 * `message` and the registration-status service's `errorMessage`; `null`/absent means none.
 */
export function readMosipErrors(body: Record<string, unknown>, scrub: Scrub): MosipErrorDetail[] {
  const errors = body['errors'];
  if (!Array.isArray(errors)) return [];
  return errors.filter(isRecord).map((item) => {
    const detail: MosipErrorDetail = {
      errorCode: typeof item['errorCode'] === 'string' ? item['errorCode'] : 'CLIENT-UNKNOWN-MOSIP-ERROR',
      message: optionalText(item['message'], scrub) ?? optionalText(item['errorMessage'], scrub),
    };
    if ('registrationId' in item) detail.registrationId = optionalText(item['registrationId'], scrub);
    return detail;
  });
}

/**
 * The error for a non-2xx status other than 401/403 (which the client handles itself).
 * 5xx: a MOSIP envelope whose first code is in the catalogue keeps that code and the catalogue's
 * retryability; anything else (gateway page, unknown code) is `CLIENT-HTTP-5XX`, retryable.
 * 3xx and 4xx: `CLIENT-HTTP-4XX`, permanent (wrong path, gateway rule or http→https redirect).
 */
export function errorForHttpStatus(
  operation: MosipOperation,
  exchange: HttpExchange,
  scrub: Scrub,
): MosipError {
  const { status } = exchange;
  const body = parseJsonObject(exchange.text);
  const errors = body === null ? [] : readMosipErrors(body, scrub);
  const first = errors[0];
  if (status >= 500) {
    if (first !== undefined && MOSIP_ERRORS.has(first.errorCode)) {
      return errorFromMosipErrors(operation, status, errors, scrub);
    }
    const said =
      first === undefined ? '' : ` (MOSIP code ${first.errorCode}: ${first.message ?? 'no message'})`;
    return clientError('CLIENT-HTTP-5XX', operation, scrub(`HTTP ${status}${said}`), {
      httpStatus: status,
      errors,
    });
  }
  const location = exchange.headers.get('location');
  const detail =
    status < 400 && location !== null
      ? `unexpected redirect (HTTP ${status}) to ${location}`
      : `HTTP ${status}`;
  return clientError('CLIENT-HTTP-4XX', operation, scrub(detail), { httpStatus: status, errors });
}

/** The part of a zod schema the client uses (keeps zod out of this package's dependencies). */
export interface ContractSchema<T> {
  safeParse(
    value: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: ReadonlyArray<{ path: PropertyKey[] }> } };
}

/**
 * Validates a 2xx envelope against its contract schema (from `@crvs-mosip/contracts`).
 * A mismatch is `CLIENT-BAD-RESPONSE`; the message names the failing paths, never the values.
 */
export function parseContract<T>(
  operation: MosipOperation,
  status: number,
  body: unknown,
  schema: ContractSchema<T>,
): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const where = [
    ...new Set(result.error.issues.map((issue) => issue.path.map(String).join('.') || '(root)')),
  ];
  throw badResponse(
    operation,
    status,
    `the envelope does not match the MOSIP contract at ${where.slice(0, 5).join(', ')}`,
  );
}

/** `CLIENT-BAD-RESPONSE` for a 2xx body the client cannot use. */
export function badResponse(operation: MosipOperation, status: number, why: string): MosipError {
  return clientError('CLIENT-BAD-RESPONSE', operation, `${why} (HTTP ${status})`, { httpStatus: status });
}
