import { mosipTimestamp } from '@crvs-mosip/contracts';
import { decodeJwtClaims, MosipClient, MosipError, type TokenClaims } from '@crvs-mosip/mosip-client';
import { messageOf, PrerequisiteError } from './errors.ts';

/**
 * Plain MOSIP calls for onboarding and diagnostics: the token in the `Authorization` cookie (first in the
 * `Cookie` header, as the Vert.x auth handler of the registration processor requires), MOSIP's request
 * envelope, and the reply read as MOSIP sends it (business errors are HTTP 200 with `errors[]`;
 * mosip-contracts reference 1.1, 1.2, 2.5). Tokens come from the typed client's auth-manager call.
 */

/** One MOSIP error item (`ServiceError`; the registration status service says `errorMessage`). */
export interface MosipErrorItem {
  errorCode: string;
  message: string;
}

/** A MOSIP reply: HTTP status, the `response` member and the `errors` items. */
export interface MosipReply {
  status: number;
  response: unknown;
  errors: MosipErrorItem[];
}

/** Credentials for `POST /v1/authmanager/authenticate/clientidsecretkey`. */
export interface ClientCredentials {
  clientId: string;
  secret: string;
  appId: string;
}

/** A token and what it says about its holder. */
export interface IssuedToken {
  token: string;
  claims: TokenClaims;
}

/** MOSIP's request envelope (`RequestWrapper`); `id` and `version` are only checked by some services. */
export function envelope(
  request: unknown,
  id = 'mosip.crvs.onboarding',
  version = 'v1',
): Record<string, unknown> {
  return { id, version, requesttime: mosipTimestamp(Date.now()), metadata: {}, request };
}

function errorItems(body: unknown): MosipErrorItem[] {
  const errors = (body as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.map((e: Record<string, unknown>) => ({
    errorCode: typeof e.errorCode === 'string' ? e.errorCode : 'UNKNOWN',
    message: [e.message, e.errorMessage].find((m): m is string => typeof m === 'string') ?? '',
  }));
}

/**
 * Sends one request with the token as the `Authorization` cookie.
 * @throws Error - only when no HTTP answer arrived (connection refused, timeout)
 */
export async function mosipRequest(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  url: string,
  token: string,
  body?: unknown,
): Promise<MosipReply> {
  const res = await fetch(url, {
    method,
    headers: {
      cookie: `Authorization=${token}`,
      accept: 'application/json',
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  return {
    status: res.status,
    response: (parsed as { response?: unknown } | null)?.response ?? null,
    errors: errorItems(parsed),
  };
}

/** `KER-ATH-403` "Forbidden", `500 …`: the first error as `CODE: message`. */
export function describeReply(reply: MosipReply): string {
  const first = reply.errors[0];
  return first ? `HTTP ${reply.status}, ${first.errorCode}: ${first.message}` : `HTTP ${reply.status}`;
}

/**
 * A token from the auth manager, through the typed client (`MosipClient.getToken`, which reads the
 * `Authorization` header or cookie of `AuthController.clientIdSecretKey`).
 * @throws MosipError - e.g. `CLIENT-AUTH-FAILED` for a refused secret, `KER-ATH-026` for an unknown appId
 */
export async function issueToken(baseUrl: string, credentials: ClientCredentials): Promise<IssuedToken> {
  const client = new MosipClient({
    baseUrl,
    clientId: credentials.clientId,
    secretKey: credentials.secret,
    appId: credentials.appId,
    timeouts: { authMs: 20_000 },
  });
  const token = await client.getToken();
  return { token, claims: decodeJwtClaims(token) ?? { roles: [] } };
}

/** The code of a token failure: MOSIP's own (`KER-ATH-026`…), or the auth manager's `500` behind the client's code. */
export function tokenFailureCode(error: unknown): string {
  if (error instanceof MosipError) {
    const mosipCode = error.errors[0]?.errorCode;
    return mosipCode && mosipCode !== error.code ? `${error.code} (MOSIP ${mosipCode})` : error.code;
  }
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? 'NETWORK';
}

/**
 * A token for a prerequisite step, or a {@link PrerequisiteError} naming the client and the fix.
 * @param prerequisite - e.g. "MOSIP admin token"
 * @param secretSetting - the configuration key holding the secret, for the fix
 */
export async function tokenFor(
  prerequisite: string,
  baseUrl: string,
  credentials: ClientCredentials,
  secretSetting: string,
): Promise<IssuedToken> {
  try {
    return await issueToken(baseUrl, credentials);
  } catch (error) {
    const code = tokenFailureCode(error);
    const unreachable =
      !(error instanceof MosipError) || error.code === 'CLIENT-NETWORK' || error.code === 'CLIENT-TIMEOUT';
    const fix = unreachable
      ? `check the MOSIP URL (${baseUrl}): the auth manager must answer at /v1/authmanager/authenticate/clientidsecretkey`
      : code.includes('KER-ATH-026')
        ? `appId "${credentials.appId}" is not in mosip.kernel.auth.appid-realm-map; use one that maps to the realm (e.g. admin, regproc)`
        : `check ${secretSetting}: Keycloak must accept client "${credentials.clientId}" with it ` +
          '(Keycloak → realm mosip → Clients → Credentials), and the client needs service accounts enabled';
    throw new PrerequisiteError(prerequisite, code, messageOf(error), fix);
  }
}
