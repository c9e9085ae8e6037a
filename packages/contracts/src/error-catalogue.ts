/**
 * MOSIP error codes the bridge can meet, with what they mean for an integrator and whether retrying the
 * same request can succeed. Codes and messages are MOSIP's (sources in `mosip-contracts` reference:
 * mosip-openid-bridge `AuthErrorCode`, packet-manager `ErrorCode`/`PacketUtilityErrorCodes`, registration
 * `WorkflowInstanceRequestValidator`/`RegistrationStatusController`, commons `RidValidatorImpl`, admin-services).
 * Codes starting with `CLIENT-` are the MOSIP client's own, for failures that carry no MOSIP code.
 */
export interface MosipErrorInfo {
  code: string;
  /** MOSIP's message text (or ours for CLIENT-*). */
  message: string;
  /** What it means and what to do, for a registrar's IT team. */
  meaning: string;
  /** True when the same request may succeed later without anyone changing data or configuration. */
  retryable: boolean;
}

const entries: MosipErrorInfo[] = [
  // Auth manager and auth adapter
  {
    code: 'KER-ATH-401',
    message: 'Authentication Failed',
    meaning:
      'The token was missing, expired, badly signed or from another issuer. The client re-authenticates once.',
    retryable: true,
  },
  {
    code: 'KER-ATH-403',
    message: 'Forbidden',
    meaning:
      "The client is authenticated but lacks a realm role for this endpoint, or its client id is not in the service's audience allow-list (auth.server.admin.allowed.audience). Fix the Keycloak client or MOSIP config.",
    retryable: false,
  },
  {
    code: 'KER-ATH-402',
    message: 'Token expired',
    meaning: 'The token expired; a fresh token is fetched.',
    retryable: true,
  },
  {
    code: 'KER-ATH-006',
    message: 'Cookies are empty',
    meaning: 'No cookie was sent; MOSIP only reads the token from the Authorization cookie.',
    retryable: false,
  },
  {
    code: 'KER-ATH-007',
    message: 'Token is not present in cookies',
    meaning: 'The Authorization cookie is missing.',
    retryable: false,
  },
  {
    code: 'KER-ATH-019',
    message: 'Invalid request',
    meaning: 'The authentication request is malformed.',
    retryable: false,
  },
  {
    code: 'KER-ATH-023',
    message: 'Invalid credentials',
    meaning: 'Client id or secret is wrong.',
    retryable: false,
  },
  {
    code: 'KER-ATH-025',
    message: 'Rest exception',
    meaning: 'The auth manager could not reach Keycloak.',
    retryable: true,
  },
  {
    code: 'KER-ATH-026',
    message: 'Realm not found',
    meaning: 'The appId is not in mosip.kernel.auth.appid-realm-map; use a known appId such as "regproc".',
    retryable: false,
  },
  // Packet manager
  {
    code: 'KER-PUT-003',
    message: 'Packet decryption failed',
    meaning: 'The keymanager could not encrypt or decrypt the packet (refId key missing?).',
    retryable: true,
  },
  {
    code: 'KER-PUT-005',
    message: 'API not accessible',
    meaning: 'The packet manager could not reach the keymanager or another service.',
    retryable: true,
  },
  {
    code: 'KER-PUT-006',
    message: 'No available provider for given source and process',
    meaning:
      'The source/process pair is not configured as a packet writer (provider.packetwriter.*). Configure the provider or change source/process.',
    retryable: false,
  },
  {
    code: 'KER-PUT-013',
    message: 'No Object store adapter found.',
    meaning: 'Packet manager misconfiguration.',
    retryable: false,
  },
  {
    code: 'KER-PUT-015',
    message: 'Packet keeper exception occured.',
    meaning: 'The packet could not be stored.',
    retryable: true,
  },
  {
    code: 'KER-PUT-019',
    message: 'Packet Integrity check failed.',
    meaning: 'The stored packet does not match its hash.',
    retryable: false,
  },
  {
    code: 'KER-PUT-025',
    message: 'Invalid source or process.',
    meaning: 'Unknown source or process.',
    retryable: false,
  },
  {
    code: 'KER-PUT-027',
    message: 'Object doesnot exists.',
    meaning: 'No packet is stored under that id.',
    retryable: false,
  },
  {
    code: 'KER-PUT-028',
    message: 'Unknown Exception.',
    meaning: 'Unexpected packet-manager failure.',
    retryable: true,
  },
  {
    code: 'KER-KPM-002',
    message: 'Failed to parse json : ',
    meaning: 'schemaJson is not valid JSON.',
    retryable: false,
  },
  {
    code: 'KER-KPM-006',
    message: 'Failed to create zip : ',
    meaning: 'The packet could not be built or stored.',
    retryable: true,
  },
  {
    code: 'KER-KPM-008',
    message: 'Registration audits is empty',
    meaning: 'createPacket needs at least one audit entry.',
    retryable: false,
  },
  {
    code: 'KER-KPM-009',
    message: 'Packet creator not initialized',
    meaning: 'The packet had no fields at all.',
    retryable: false,
  },
  {
    code: 'COM-KZN-003',
    message: 'Object store not accessible',
    meaning: 'The packet store (S3/MinIO) is down.',
    retryable: true,
  },
  // Workflow manager
  {
    code: 'RPR-WIN-000',
    message: 'Missing Request Value',
    meaning: 'id, version or requesttime is missing from the workflow-instance request.',
    retryable: false,
  },
  {
    code: 'RPR-WIN-001',
    message: 'Invalid Request Value',
    meaning:
      'id must be mosip.registration.processor.workflow.instance, version v1, requesttime yyyy-MM-ddTHH:mm:ss.SSSZ.',
    retryable: false,
  },
  {
    code: 'RPR-WIN-002',
    message: 'Unknown Exception',
    meaning: 'Unexpected workflow-manager failure.',
    retryable: true,
  },
  {
    code: 'RPR-WIS-001',
    message: 'WorkflowInstance already present',
    meaning:
      'A workflow for this RID and process already exists: the earlier trigger succeeded. Treat as done.',
    retryable: false,
  },
  {
    code: 'RPR-WIS-000',
    message: 'Unknown Exception',
    meaning: 'The workflow instance could not be created (RID shorter than 10 digits, database error).',
    retryable: true,
  },
  // Registration status and transactions
  {
    code: 'RPR-RGS-015',
    message: 'Invalid Request Value - Input Data is Incorrect',
    meaning: 'The status request envelope is wrong.',
    retryable: false,
  },
  {
    code: 'RPR-RGS-018',
    message: 'Unknown Exception',
    meaning: 'Unexpected status-service failure.',
    retryable: true,
  },
  {
    code: 'RPR-RGS-019',
    message: 'Missing Request Parameter - version',
    meaning: 'version is missing.',
    retryable: false,
  },
  {
    code: 'RPR-RGS-020',
    message: 'Missing Request Parameter - requesttime',
    meaning: 'requesttime is missing.',
    retryable: false,
  },
  {
    code: 'RPR-RGS-021',
    message: 'Missing Request Parameter - id',
    meaning: 'id is missing.',
    retryable: false,
  },
  {
    code: 'RPR-RGS-022',
    message: 'Invalid Request Parameter - version',
    meaning: 'version must be 1.0.',
    retryable: false,
  },
  {
    code: 'RPR-RGS-023',
    message: 'Invalid Request Parameter - requesttime',
    meaning: 'requesttime is malformed or outside the grace period (clock skew?).',
    retryable: false,
  },
  {
    code: 'RPR-RGS-024',
    message: 'Invalid Request Parameter - id',
    meaning: 'id must be mosip.registration.status.',
    retryable: false,
  },
  {
    code: 'RPR-RGS-031',
    message: 'RID Not Found',
    meaning: 'MOSIP has no registration with this RID (yet).',
    retryable: true,
  },
  {
    code: 'RPR-RTS-001',
    message: 'RID Not Found',
    meaning: 'No transactions for this RID (yet).',
    retryable: true,
  },
  {
    code: 'RPR-RTS-002',
    message: 'Unknown Exception Occured',
    meaning: 'Unexpected transaction-service failure.',
    retryable: true,
  },
  {
    code: 'RPR-RTS-003',
    message: 'Invalid request',
    meaning: 'The transaction search request is invalid.',
    retryable: false,
  },
  // RID validator
  {
    code: 'KER-IDV-301',
    message: 'Rid Must Be Numeric Only',
    meaning: 'The RID contains a non-digit.',
    retryable: false,
  },
  {
    code: 'KER-IDV-304',
    message: 'Rid Length Must Be  :29',
    meaning: 'The RID must be 29 digits.',
    retryable: false,
  },
  {
    code: 'KER-IDV-305',
    message: 'Invalid Time Stamp Found',
    meaning: 'The last 14 digits are not a valid UTC yyyyMMddHHmmss.',
    retryable: false,
  },
  {
    code: 'KER-IDV-307',
    message: 'Invalid sequence Found',
    meaning: 'The sequence part has the wrong length.',
    retryable: false,
  },
  // Masterdata
  {
    code: 'KER-MSD-999',
    message: 'Invalid request',
    meaning: 'A masterdata request field failed validation.',
    retryable: false,
  },
  {
    code: 'KER-MSD-500',
    message: 'Internal server error',
    meaning: 'Unexpected masterdata failure.',
    retryable: true,
  },
  // Client-side classes
  {
    code: 'CLIENT-NETWORK',
    message: 'MOSIP could not be reached',
    meaning: 'Connection refused, reset or DNS failure. MOSIP or the network is down.',
    retryable: true,
  },
  {
    code: 'CLIENT-TIMEOUT',
    message: 'MOSIP did not answer in time',
    meaning:
      'The call exceeded its timeout. It may still have been applied; the bridge repeats it idempotently.',
    retryable: true,
  },
  {
    code: 'CLIENT-HTTP-5XX',
    message: 'MOSIP answered with a server error',
    meaning: 'HTTP 5xx from MOSIP or its gateway.',
    retryable: true,
  },
  {
    code: 'CLIENT-HTTP-4XX',
    message: 'MOSIP refused the request',
    meaning: 'HTTP 4xx other than 401/403 (wrong path or gateway rule).',
    retryable: false,
  },
  {
    code: 'CLIENT-EMPTY-RESPONSE',
    message: 'MOSIP answered with no response and no errors',
    meaning:
      'createPacket failed inside the packet manager after the provider was found (keymanager, object store, schema, audits). Check packet-manager logs.',
    retryable: true,
  },
  {
    code: 'CLIENT-BAD-RESPONSE',
    message: 'MOSIP answered with a body the client does not understand',
    meaning: 'Unexpected response shape; a proxy may be answering instead of MOSIP.',
    retryable: true,
  },
  {
    code: 'CLIENT-AUTH-FAILED',
    message: 'Authentication with MOSIP failed',
    meaning:
      'The auth manager refused the client id/secret (HTTP 500 "401 Unauthorized" from Keycloak) or sent no token. Check the client secret.',
    retryable: false,
  },
  {
    code: 'CLIENT-INVALID-REQUEST',
    message: 'The client could not build the request',
    meaning:
      'The input given to the MOSIP client is unusable (an empty RID, process or source, or a packet that is not JSON-serialisable). Nothing was sent; fix the caller.',
    retryable: false,
  },
  {
    code: 'CLIENT-UNKNOWN-MOSIP-ERROR',
    message: 'MOSIP reported an error code the client does not know',
    meaning: 'See the message; treated as permanent.',
    retryable: false,
  },
];

export const MOSIP_ERRORS: ReadonlyMap<string, MosipErrorInfo> = new Map(entries.map((e) => [e.code, e]));

/** Looks a code up; unknown codes are reported as permanent, so nothing loops forever on a surprise. */
export function describeMosipError(code: string): MosipErrorInfo {
  return (
    MOSIP_ERRORS.get(code) ?? {
      code,
      message: 'Unknown MOSIP error',
      meaning: 'A code not in the catalogue; treated as permanent.',
      retryable: false,
    }
  );
}
