import { decodeJwtClaims } from './jwt.ts';
import { MosipError } from './mosip-error.ts';
import type { MosipErrorDetail, MosipOperation } from './mosip-error.ts';

/** Who may call an endpoint: realm roles (any of) and the config file holding its audience allow-list. */
export interface EndpointAccess {
  roles: readonly string[];
  audienceConfig: string;
}

/**
 * Role lists and audience allow-lists of the endpoints the client calls (mosip-contracts reference
 * 2.6–2.7): mosip/mosip-config `packet-manager-default.properties`
 * (`mosip.role.commons-packet.putcreatepacket`), mosip/registration `APIAuthorityList.WORKFLOWINSTANCE`,
 * `RegistrationStatusController.search` and `mosip.role.registration.getsearchrid`.
 */
export const ENDPOINT_ACCESS: Readonly<Record<Exclude<MosipOperation, 'authenticate'>, EndpointAccess>> = {
  createPacket: {
    roles: ['REGISTRATION_PROCESSOR', 'ONLINE_REGISTRATION_CLIENT'],
    audienceConfig: 'packet-manager-default.properties',
  },
  createWorkflowInstance: {
    roles: ['ONLINE_REGISTRATION_CLIENT', 'REGISTRATION_PROCESSOR', 'GLOBAL_ADMIN'],
    audienceConfig: 'registration-processor-default.properties',
  },
  searchRegistrationStatus: {
    roles: ['REGISTRATION_ADMIN', 'REGISTRATION_OFFICER', 'REGISTRATION_SUPERVISOR', 'RESIDENT'],
    audienceConfig: 'registration-processor-default.properties',
  },
  getRegistrationTransactions: {
    roles: ['REGISTRATION_PROCESSOR', 'REGISTRATION_ADMIN', 'RESIDENT'],
    audienceConfig: 'registration-processor-default.properties',
  },
  getLatestIdSchema: {
    roles: [
      'REGISTRATION_PROCESSOR',
      'REGISTRATION_CLIENT',
      'GLOBAL_ADMIN',
      'ZONAL_ADMIN',
      'RESIDENT',
      'INDIVIDUAL',
    ],
    audienceConfig: 'kernel-default.properties',
  },
};

/**
 * Explains a `KER-ATH-403`. The auth adapter answers 403 both for a missing realm role and for a
 * client id missing from `auth.server.admin.allowed.audience` (kernel-auth-adapter `AuthFilter`,
 * `ValidateTokenHelper`), with the same body. The token's own claims tell the two apart: if it holds
 * one of the endpoint's roles, the audience list is what is wrong.
 * @param operation - the refused operation
 * @param httpStatus - 403, or 200 when a service wraps the refusal in an envelope
 * @param errors - MOSIP's error items (scrubbed)
 * @param token - the token that was refused (only its claims are read, never printed)
 * @param clientId - the configured client id, used when the token has no `azp`
 */
export function forbiddenError(
  operation: Exclude<MosipOperation, 'authenticate'>,
  httpStatus: number,
  errors: readonly MosipErrorDetail[],
  token: string,
  clientId: string,
): MosipError {
  const access = ENDPOINT_ACCESS[operation];
  const claims = decodeJwtClaims(token);
  const client = claims?.azp ?? clientId;
  const held = claims?.roles ?? [];
  const required = access.roles.join(', ');
  let why: string;
  if (claims !== null && !held.some((role) => access.roles.includes(role))) {
    why =
      `role misconfiguration: the token of client "${client}" has none of the realm roles this endpoint ` +
      `requires (any of: ${required}); it has: ${held.length > 0 ? held.join(', ') : 'none'}. ` +
      `Assign one of them to the service account of "${client}" in Keycloak (realm mosip).`;
  } else {
    why =
      `audience misconfiguration: ${claims === null ? 'the token could not be decoded, but ' : ''}` +
      `client "${client}" ${claims === null ? 'may lack a' : 'holds a'} required realm role (any of: ${required}), ` +
      `so it is most likely missing from auth.server.admin.allowed.audience in ${access.audienceConfig}.`;
  }
  return new MosipError({
    code: 'KER-ATH-403',
    operation,
    httpStatus,
    retryable: false,
    errors,
    message: `${operation} failed with KER-ATH-403 (HTTP ${httpStatus}): MOSIP refused access, ${why}`,
  });
}
