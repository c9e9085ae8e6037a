/**
 * `@crvs-mosip/mosip-client`: a typed, reliable client for the MOSIP endpoints of the CRVS integration
 * (auth manager, packet manager, workflow manager, registration status and transactions).
 */
export { MosipClient } from './mosip-client.ts';
export { PACKET_WRITER_API_ID, PACKET_WRITER_VERSION, STATUS_SEARCH_BATCH_SIZE } from './types.ts';
export type {
  CreateWorkflowInstanceInput,
  RegistrationStatusSearchResult,
  WorkflowInstanceResult,
} from './types.ts';
export { MosipError, isMosipError, WORKFLOW_ALREADY_PRESENT_CODE } from './mosip-error.ts';
export type { MosipErrorDetail, MosipErrorInit, MosipOperation } from './mosip-error.ts';
export {
  DEFAULT_SERVICE_PATHS,
  DEFAULT_TIMEOUTS,
  DEFAULT_TOKEN_REFRESH_SKEW_MS,
  silentLogger,
  systemClock,
} from './options.ts';
export type {
  Clock,
  MosipCallObservation,
  MosipClientOptions,
  MosipTokenRefreshObservation,
  MosipLogger,
  MosipServicePaths,
  MosipServiceUrls,
  MosipTimeouts,
} from './options.ts';
export { ENDPOINT_ACCESS } from './access.ts';
export type { EndpointAccess } from './access.ts';
export { AUTH_ENDPOINT, AUTH_REQUEST_ID, AUTH_REQUEST_VERSION } from './auth.ts';
export { AUTH_COOKIE_NAME, decodeJwtClaims, parseSetCookie, tokenFromAuthResponse } from './jwt.ts';
export type { SetCookiePair, TokenClaims } from './jwt.ts';
export { createScrubber, REDACTED, REDACTED_JWT } from './redact.ts';
export type { Scrub } from './redact.ts';
export { TokenCache } from './token-cache.ts';
export type { IssuedToken, TokenState } from './token-cache.ts';
