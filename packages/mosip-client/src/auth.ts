import { MOSIP_ERRORS, mosipTimestamp } from '@crvs-mosip/contracts';
import type { ClientSecret, RequestWrapper } from '@crvs-mosip/contracts';
import { errorForHttpStatus, parseJsonObject, readMosipErrors } from './http.ts';
import type { HttpExchange, HttpTransport } from './http.ts';
import { decodeJwtClaims, localExpiryMs, tokenFromAuthResponse } from './jwt.ts';
import type { MosipError } from './mosip-error.ts';
import { clientError, errorFromMosipErrors } from './mosip-error.ts';
import type { Clock, MosipLogger } from './options.ts';
import type { Scrub } from './redact.ts';
import type { IssuedToken } from './token-cache.ts';

/** Endpoint of `AuthController.clientIdSecretKey`, under the auth-manager context path. */
export const AUTH_ENDPOINT = '/authenticate/clientidsecretkey';
/** Envelope `id` of the auth request; `RequestWrapper` does not validate it (mosip-contracts reference 2.1). */
export const AUTH_REQUEST_ID = 'mosip.io.clientId.pwd';
/** Envelope `version` of the auth request (not validated either). */
export const AUTH_REQUEST_VERSION = '1.0';

/** What {@link authenticate} needs. */
export interface AuthenticateContext {
  transport: HttpTransport;
  url: string;
  clientId: string;
  secretKey: string;
  appId: string;
  timeoutMs: number;
  clock: Clock;
  logger: MosipLogger;
  scrub: Scrub;
}

/**
 * Spring's `RestTemplate` messages for Keycloak being down or failing (`ResourceAccessException`
 * "I/O error on POST request for …", `HttpServerErrorException` "503 Service Unavailable: …"). The
 * auth manager wraps them, like bad credentials, in HTTP 500 `errorCode "500"`
 * (`AuthManagerExceptionHandler.defaultErrorHandler`, mosip/mosip-openid-bridge kernel-auth-service).
 */
const UPSTREAM_UNAVAILABLE = /^(?:I\/O error|5\d\d\b)/i;

/**
 * The auth manager's HTTP 5xx. Its own envelope with `errorCode "500"` means Keycloak refused the
 * client (a `401 Unauthorized: …` from Keycloak for a bad secret) → `CLIENT-AUTH-FAILED`, permanent;
 * unless the message shows Keycloak itself was unreachable or failing → `CLIENT-HTTP-5XX`, retryable.
 * A catalogued code keeps the catalogue's verdict; a body that is not an envelope (gateway) is `CLIENT-HTTP-5XX`.
 */
function authServerError(exchange: HttpExchange, scrub: Scrub): MosipError {
  const body = parseJsonObject(exchange.text);
  const errors = body === null ? [] : readMosipErrors(body, scrub);
  const first = errors[0];
  if (first === undefined || MOSIP_ERRORS.has(first.errorCode)) {
    return errorForHttpStatus('authenticate', exchange, scrub);
  }
  const said = first.message ?? 'no message';
  if (UPSTREAM_UNAVAILABLE.test(said)) {
    return clientError(
      'CLIENT-HTTP-5XX',
      'authenticate',
      scrub(
        `the auth manager could not reach Keycloak (HTTP ${exchange.status}, MOSIP code ${first.errorCode}: ${said})`,
      ),
      { httpStatus: exchange.status, errors },
    );
  }
  return clientError(
    'CLIENT-AUTH-FAILED',
    'authenticate',
    scrub(
      `the auth manager refused the client credentials (HTTP ${exchange.status}, MOSIP code ${first.errorCode}: ${said})`,
    ),
    { httpStatus: exchange.status, errors },
  );
}

/**
 * Fetches a token: `POST {auth}/authenticate/clientidsecretkey` (mosip/mosip-openid-bridge,
 * `AuthController.clientIdSecretKey`, `AuthServiceImpl.authenticateWithSecretKey`).
 * HTTP 200 with `errors[]` (e.g. `KER-ATH-026` unknown appId) → that code; no token → `CLIENT-AUTH-FAILED`.
 * @returns the token and its local expiry time
 */
export async function authenticate(ctx: AuthenticateContext): Promise<IssuedToken> {
  const body: RequestWrapper<ClientSecret> = {
    id: AUTH_REQUEST_ID,
    version: AUTH_REQUEST_VERSION,
    requesttime: mosipTimestamp(ctx.clock.now()),
    metadata: {},
    request: { clientId: ctx.clientId, secretKey: ctx.secretKey, appId: ctx.appId },
  };
  const exchange = await ctx.transport.send({
    operation: 'authenticate',
    method: 'POST',
    url: ctx.url,
    body,
    timeoutMs: ctx.timeoutMs,
  });
  const { status } = exchange;
  if (status >= 500) throw authServerError(exchange, ctx.scrub);
  if (status === 401 || status === 403) {
    throw clientError('CLIENT-AUTH-FAILED', 'authenticate', `the auth endpoint answered HTTP ${status}`, {
      httpStatus: status,
      errors: readMosipErrors(parseJsonObject(exchange.text) ?? {}, ctx.scrub),
    });
  }
  if (status < 200 || status >= 300) throw errorForHttpStatus('authenticate', exchange, ctx.scrub);
  const envelope = parseJsonObject(exchange.text);
  if (envelope === null) {
    throw clientError(
      'CLIENT-BAD-RESPONSE',
      'authenticate',
      `the body is not a MOSIP envelope (HTTP ${status})`,
      {
        httpStatus: status,
      },
    );
  }
  const errors = readMosipErrors(envelope, ctx.scrub);
  if (errors.length > 0) throw errorFromMosipErrors('authenticate', status, errors, ctx.scrub);
  const token = tokenFromAuthResponse(exchange.headers);
  if (token === null) {
    throw clientError(
      'CLIENT-AUTH-FAILED',
      'authenticate',
      `HTTP ${status} without a token in the Authorization header or cookie`,
      { httpStatus: status },
    );
  }
  const receivedAt = ctx.clock.now();
  const expiresAtMs = localExpiryMs(decodeJwtClaims(token), receivedAt);
  if (expiresAtMs === null) {
    ctx.logger.warn(
      { operation: 'authenticate' },
      'MOSIP token has no readable exp claim; it will not be cached',
    );
  } else {
    ctx.logger.info(
      { operation: 'authenticate', expiresInMs: expiresAtMs - receivedAt },
      'MOSIP token issued',
    );
  }
  return { token, expiresAtMs };
}
